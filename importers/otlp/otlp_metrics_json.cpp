#include "importers/otlp/otlp_metrics_json.h"

#include "importers/otlp/otlp_json_values.h"

namespace sightline {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

class Decoder {
 public:
  std::string error;

  bool request(element root, otlp::ExportMetricsServiceRequest& out) {
    return fields(root, "", [&](std::string_view key, element value, const std::string& path) {
      if (keyIs(key, "resourceMetrics", "resource_metrics"))
        return list(value, path, [&](element e, const std::string& p) {
          return resourceMetrics(e, p, *out.add_resource_metrics());
        });
      return true;
    });
  }

 private:
  template <typename F>
  bool fields(element e, const std::string& path, F&& each) {
    if (e.is_null())
      return true;
    object o;
    if (e.get(o))
      return fail(path, "an object, found " + describe(e));
    for (const auto field : o) {
      if (!each(field.key, field.value, path + (path.empty() ? "" : ".") + std::string(field.key)))
        return false;
    }
    return true;
  }
  template <typename F>
  bool list(element e, const std::string& path, F&& each) {
    if (e.is_null())
      return true;
    array a;
    if (e.get(a))
      return fail(path, "an array, found " + describe(e));
    std::size_t i = 0;
    for (const element item : a) {
      if (!each(item, path + "[" + std::to_string(i++) + "]"))
        return false;
    }
    return true;
  }
  bool fail(const std::string& path, const std::string& what) {
    error = (path.empty() ? std::string("document") : path) + ": expected " + what;
    return false;
  }
  bool check(bool ok, const std::string& path, const std::string& what) {
    return ok || fail(path, what);
  }

  bool string(element e, const std::string& path, std::string* out) {
    std::string what;
    return check(jsonString(e, *out, what), path, what);
  }
  bool u64(element e, const std::string& path, std::uint64_t& out) {
    std::string what;
    return check(jsonUint64(e, out, what), path, what);
  }
  bool i64(element e, const std::string& path, std::int64_t& out) {
    std::string what;
    return check(jsonInt64(e, out, what), path, what);
  }
  bool dbl(element e, const std::string& path, double& out) {
    std::string what;
    return check(jsonDouble(e, out, what), path, what);
  }
  bool temporality(element e, const std::string& path, int& out) {
    static const char* const kNames[] = {"AGGREGATION_TEMPORALITY_UNSPECIFIED",
                                         "AGGREGATION_TEMPORALITY_DELTA",
                                         "AGGREGATION_TEMPORALITY_CUMULATIVE"};
    std::string what;
    return check(jsonEnum(e, kNames, 3, out, what), path, what);
  }

  bool anyValue(element e, const std::string& path, otlp::AnyValue& out, int depth = 0) {
    if (depth > 32)
      return fail(path, "attribute values nested at most 32 deep");
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      std::string what;
      if (keyIs(key, "stringValue", "string_value"))
        return string(v, p, out.mutable_string_value());
      if (keyIs(key, "boolValue", "bool_value")) {
        bool b = false;
        if (!check(jsonBool(v, b, what), p, what))
          return false;
        out.set_bool_value(b);
      } else if (keyIs(key, "intValue", "int_value")) {
        std::int64_t i = 0;
        if (!i64(v, p, i))
          return false;
        out.set_int_value(i);
      } else if (keyIs(key, "doubleValue", "double_value")) {
        double d = 0;
        if (!dbl(v, p, d))
          return false;
        out.set_double_value(d);
      } else if (keyIs(key, "bytesValue", "bytes_value")) {
        return string(v, p, out.mutable_bytes_value());
      } else if (keyIs(key, "arrayValue", "array_value")) {
        auto* values = out.mutable_array_value();
        return fields(v, p, [&](std::string_view k, element vv, const std::string& pp) {
          if (k != "values")
            return true;
          return list(vv, pp, [&](element item, const std::string& ip) {
            return anyValue(item, ip, *values->add_values(), depth + 1);
          });
        });
      } else if (keyIs(key, "kvlistValue", "kvlist_value")) {
        auto* values = out.mutable_kvlist_value();
        return fields(v, p, [&](std::string_view k, element vv, const std::string& pp) {
          if (k != "values")
            return true;
          return list(vv, pp, [&](element item, const std::string& ip) {
            return keyValue(item, ip, *values->add_values(), depth + 1);
          });
        });
      }
      return true;
    });
  }
  bool keyValue(element e, const std::string& path, otlp::KeyValue& out, int depth = 0) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      if (key == "key")
        return string(v, p, out.mutable_key());
      if (key == "value")
        return anyValue(v, p, *out.mutable_value(), depth);
      return true;
    });
  }
  template <typename Message>
  bool attributes(element e, const std::string& path, Message& out) {
    return list(e, path, [&](element item, const std::string& p) {
      return keyValue(item, p, *out.add_attributes());
    });
  }

  bool resourceMetrics(element e, const std::string& path, otlp::ResourceMetrics& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      if (key == "resource") {
        return fields(v, p, [&](std::string_view k, element vv, const std::string& pp) {
          return k == "attributes" ? attributes(vv, pp, *out.mutable_resource()) : true;
        });
      }
      if (keyIs(key, "scopeMetrics", "scope_metrics"))
        return list(v, p, [&](element item, const std::string& ip) {
          return scopeMetrics(item, ip, *out.add_scope_metrics());
        });
      return true;
    });
  }
  bool scopeMetrics(element e, const std::string& path, otlp::ScopeMetrics& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      if (key == "scope") {
        auto& scope = *out.mutable_scope();
        return fields(v, p, [&](std::string_view k, element vv, const std::string& pp) {
          if (k == "name")
            return string(vv, pp, scope.mutable_name());
          if (k == "version")
            return string(vv, pp, scope.mutable_version());
          return true;
        });
      }
      if (key == "metrics")
        return list(v, p, [&](element item, const std::string& ip) {
          return metric(item, ip, *out.add_metrics());
        });
      return true;
    });
  }
  bool metric(element e, const std::string& path, otlp::Metric& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      if (key == "name")
        return string(v, p, out.mutable_name());
      if (key == "description")
        return string(v, p, out.mutable_description());
      if (key == "unit")
        return string(v, p, out.mutable_unit());
      if (key == "gauge")
        return points(v, p, *out.mutable_gauge());
      if (key == "sum")
        return points(v, p, *out.mutable_sum());
      if (key == "histogram")
        return points(v, p, *out.mutable_histogram());
      if (keyIs(key, "exponentialHistogram", "exponential_histogram"))
        return points(v, p, *out.mutable_exponential_histogram());
      if (key == "summary")
        return points(v, p, *out.mutable_summary());
      return true;
    });
  }
  // The common shape of Gauge, Sum, Histogram, ExponentialHistogram and Summary.
  template <typename Data>
  bool points(element e, const std::string& path, Data& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      if (keyIs(key, "dataPoints", "data_points"))
        return list(v, p, [&](element item, const std::string& ip) {
          return point(item, ip, *out.add_data_points());
        });
      if constexpr (!std::is_same_v<Data, otlp::Gauge> && !std::is_same_v<Data, otlp::Summary>) {
        if (keyIs(key, "aggregationTemporality", "aggregation_temporality")) {
          int t = 0;
          if (!temporality(v, p, t))
            return false;
          out.set_aggregation_temporality(static_cast<otlp::AggregationTemporality>(t));
        }
      }
      if constexpr (std::is_same_v<Data, otlp::Sum>) {
        if (keyIs(key, "isMonotonic", "is_monotonic")) {
          bool b = false;
          std::string what;
          if (!check(jsonBool(v, b, what), p, what))
            return false;
          out.set_is_monotonic(b);
        }
      }
      return true;
    });
  }

  // Fields every point type has; returns true when `key` was one of them (in `handled`).
  template <typename Point>
  bool common(std::string_view key, element v, const std::string& p, Point& out, bool& handled) {
    handled = true;
    std::uint64_t u = 0;
    if (key == "attributes")
      return attributes(v, p, out);
    if (keyIs(key, "startTimeUnixNano", "start_time_unix_nano")) {
      if (!u64(v, p, u))
        return false;
      out.set_start_time_unix_nano(u);
    } else if (keyIs(key, "timeUnixNano", "time_unix_nano")) {
      if (!u64(v, p, u))
        return false;
      out.set_time_unix_nano(u);
    } else if (key == "flags") {
      if (!u64(v, p, u))
        return false;
      out.set_flags(static_cast<std::uint32_t>(u));
    } else {
      handled = false;
    }
    return true;
  }

  bool point(element e, const std::string& path, otlp::NumberDataPoint& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      bool handled = false;
      if (!common(key, v, p, out, handled) || handled)
        return !error.size();
      if (keyIs(key, "asDouble", "as_double")) {
        double d = 0;
        if (!dbl(v, p, d))
          return false;
        out.set_as_double(d);
      } else if (keyIs(key, "asInt", "as_int")) {
        std::int64_t i = 0;
        if (!i64(v, p, i))
          return false;
        out.set_as_int(i);
      }
      return true;
    });
  }
  bool point(element e, const std::string& path, otlp::HistogramDataPoint& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      bool handled = false;
      if (!common(key, v, p, out, handled) || handled)
        return !error.size();
      double d = 0;
      std::uint64_t u = 0;
      if (key == "count") {
        if (!u64(v, p, u))
          return false;
        out.set_count(u);
      } else if (key == "sum" || key == "min" || key == "max") {
        if (!dbl(v, p, d))
          return false;
        key == "sum" ? out.set_sum(d) : key == "min" ? out.set_min(d) : out.set_max(d);
      } else if (keyIs(key, "bucketCounts", "bucket_counts")) {
        return list(v, p, [&](element item, const std::string& ip) {
          std::uint64_t c = 0;
          if (!u64(item, ip, c))
            return false;
          out.add_bucket_counts(c);
          return true;
        });
      } else if (keyIs(key, "explicitBounds", "explicit_bounds")) {
        return list(v, p, [&](element item, const std::string& ip) {
          double b = 0;
          if (!dbl(item, ip, b))
            return false;
          out.add_explicit_bounds(b);
          return true;
        });
      }
      return true;
    });
  }
  bool buckets(element e, const std::string& path,
               otlp::ExponentialHistogramDataPoint::Buckets& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      if (key == "offset") {
        std::int64_t i = 0;
        if (!i64(v, p, i) || !check(i >= INT32_MIN && i <= INT32_MAX, p, "a 32-bit offset"))
          return false;
        out.set_offset(static_cast<std::int32_t>(i));
      } else if (keyIs(key, "bucketCounts", "bucket_counts")) {
        return list(v, p, [&](element item, const std::string& ip) {
          std::uint64_t c = 0;
          if (!u64(item, ip, c))
            return false;
          out.add_bucket_counts(c);
          return true;
        });
      }
      return true;
    });
  }
  bool point(element e, const std::string& path, otlp::ExponentialHistogramDataPoint& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      bool handled = false;
      if (!common(key, v, p, out, handled) || handled)
        return !error.size();
      double d = 0;
      std::uint64_t u = 0;
      std::int64_t i = 0;
      if (key == "count" || keyIs(key, "zeroCount", "zero_count")) {
        if (!u64(v, p, u))
          return false;
        key == "count" ? out.set_count(u) : out.set_zero_count(u);
      } else if (key == "sum" || key == "min" || key == "max" ||
                 keyIs(key, "zeroThreshold", "zero_threshold")) {
        if (!dbl(v, p, d))
          return false;
        key == "sum"   ? out.set_sum(d)
        : key == "min" ? out.set_min(d)
        : key == "max" ? out.set_max(d)
                       : out.set_zero_threshold(d);
      } else if (key == "scale") {
        if (!i64(v, p, i) || !check(i >= -100 && i <= 100, p, "a scale of -100..100"))
          return false;
        out.set_scale(static_cast<std::int32_t>(i));
      } else if (key == "positive") {
        return buckets(v, p, *out.mutable_positive());
      } else if (key == "negative") {
        return buckets(v, p, *out.mutable_negative());
      }
      return true;
    });
  }
  bool point(element e, const std::string& path, otlp::SummaryDataPoint& out) {
    return fields(e, path, [&](std::string_view key, element v, const std::string& p) {
      bool handled = false;
      if (!common(key, v, p, out, handled) || handled)
        return !error.size();
      double d = 0;
      std::uint64_t u = 0;
      if (key == "count") {
        if (!u64(v, p, u))
          return false;
        out.set_count(u);
      } else if (key == "sum") {
        if (!dbl(v, p, d))
          return false;
        out.set_sum(d);
      } else if (keyIs(key, "quantileValues", "quantile_values")) {
        return list(v, p, [&](element item, const std::string& ip) {
          auto& q = *out.add_quantile_values();
          return fields(item, ip, [&](std::string_view k, element vv, const std::string& pp) {
            double x = 0;
            if (k != "quantile" && k != "value")
              return true;
            if (!dbl(vv, pp, x))
              return false;
            k == "quantile" ? q.set_quantile(x) : q.set_value(x);
            return true;
          });
        });
      }
      return true;
    });
  }
};

}  // namespace

std::string decodeOtlpMetricsJson(element root, otlp::ExportMetricsServiceRequest& request) {
  Decoder decoder;
  if (!decoder.request(root, request))
    return decoder.error;
  return {};
}

}  // namespace sightline
