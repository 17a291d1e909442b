#include "importers/prometheus/prometheus_api_json_decoder.h"

#include <algorithm>
#include <cmath>

#include "importers/prometheus/prometheus_text_lexer.h"

namespace sightline {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

constexpr std::uint64_t kCancelCheckInterval = 4096;

std::string describe(element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "an array";
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::STRING:
      return "a string";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      return "a number";
    case simdjson::dom::element_type::BOOL:
      return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
  }
  return "something else";
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool hasLabel(const std::vector<MetricLabel>& labels, std::string_view name) {
  return std::any_of(labels.begin(), labels.end(),
                     [&](const MetricLabel& label) { return label.name == name; });
}

// "X_sum" → "X" for the child suffixes histograms and summaries share.
std::string_view sumOrCountBase(std::string_view name) {
  for (const std::string_view suffix : {std::string_view("_sum"), std::string_view("_count")}) {
    if (endsWith(name, suffix))
      return name.substr(0, name.size() - suffix.size());
  }
  return {};
}

}  // namespace

PrometheusApiJsonDecoder::PrometheusApiJsonDecoder(MetricSink& sink, ReaderContext& context,
                                                   std::string resultName)
    : m_sink(sink), m_context(context), m_resultName(std::move(resultName)) {
  m_batch.timestampsAreSnapshots = true;
}

bool PrometheusApiJsonDecoder::fail(const std::string& what) {
  m_error = m_path.empty() ? what : m_path + ": " + what;
  return false;
}

bool PrometheusApiJsonDecoder::decode(element root) {
  object response;
  if (root.get_object().get(response))
    return fail("expected a Prometheus API response object, found " + describe(root));
  std::string_view status;
  if (response["status"].get_string().get(status))
    return fail("expected a Prometheus API response with a \"status\" string");
  if (status == "error") {
    std::string_view type;
    std::string_view message;
    if (response["errorType"].get_string().get(type))
      type = "error";
    if (response["error"].get_string().get(message))
      message = "(no message)";
    return fail("the Prometheus server answered with an error: " + std::string(type) + ": " +
                std::string(message));
  }
  if (status != "success")
    return fail("expected \"status\" to be \"success\" or \"error\", found \"" +
                std::string(status) + "\"");
  object data;
  if (response["data"].get_object().get(data))
    return fail("expected a \"data\" object in a successful answer");
  std::string_view resultType;
  if (data["resultType"].get_string().get(resultType))
    return fail("expected data.resultType to be a string");
  element result;
  if (data["result"].get(result))
    return fail("expected data.result");
  m_path = "data.result";
  if (resultType == "scalar") {
    if (!point(result, m_resultName, {}, familyFor(m_resultName, {})))
      return false;
    return flush(true);
  }
  if (resultType == "string")
    return fail("a string result holds no metric points");
  if (resultType != "vector" && resultType != "matrix") {
    return fail("unknown resultType \"" + std::string(resultType) +
                "\" (expected vector, matrix or scalar)");
  }
  array list;
  if (result.get_array().get(list))
    return fail("expected an array of series, found " + describe(result));
  // Family types depend on sibling series (X_sum is a histogram's when X_bucket exists).
  if (!collectNames(list) || !decodeSeriesList(list, resultType == "matrix"))
    return false;
  m_path.clear();
  return flush(true);
}

bool PrometheusApiJsonDecoder::seriesIdentity(element series, std::string& name,
                                              std::vector<MetricLabel>& labels) {
  object metric;
  if (series["metric"].get_object().get(metric))
    return fail("expected a \"metric\" object of labels");
  name = m_resultName;
  labels.clear();
  for (auto field : metric) {
    std::string_view value;
    if (field.value.get_string().get(value))
      return fail("expected label " + std::string(field.key) + " to be a string");
    if (field.key == "__name__")
      name = std::string(value);
    else
      labels.push_back(MetricLabel{std::string(field.key), std::string(value)});
  }
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  return true;
}

bool PrometheusApiJsonDecoder::collectNames(array result) {
  std::string name;
  std::vector<MetricLabel> labels;
  std::size_t index = 0;
  for (element series : result) {
    m_path = "data.result[" + std::to_string(index++) + "]";
    if (!seriesIdentity(series, name, labels))
      return false;
    if (endsWith(name, "_bucket") && hasLabel(labels, "le"))
      m_histogramBases.insert(name.substr(0, name.size() - 7));
    if (hasLabel(labels, "quantile"))
      m_summaryNames.insert(name);
  }
  return true;
}

std::uint32_t PrometheusApiJsonDecoder::familyFor(const std::string& name,
                                                  const std::vector<MetricLabel>& labels) {
  FamilyKey key{name, MetricType::Untyped};
  const std::string_view childBase = sumOrCountBase(name);
  if (endsWith(name, "_bucket") && hasLabel(labels, "le") &&
      m_histogramBases.count(name.substr(0, name.size() - 7))) {
    key = {name.substr(0, name.size() - 7), MetricType::Histogram};
  } else if (!childBase.empty() && m_histogramBases.count(std::string(childBase))) {
    key = {std::string(childBase), MetricType::Histogram};
  } else if (m_summaryNames.count(name)) {
    key = {name, MetricType::Summary};
  } else if (!childBase.empty() && m_summaryNames.count(std::string(childBase))) {
    key = {std::string(childBase), MetricType::Summary};
  } else if (endsWith(name, "_total")) {
    key.type = MetricType::Counter;
  }
  // A query answer holds few families: a linear search is fine.
  const auto found = std::find(m_families.begin(), m_families.end(), key);
  if (found != m_families.end())
    return static_cast<std::uint32_t>(found - m_families.begin());
  MetricFamilyRecord record;
  record.name = key.name;
  record.type = key.type;
  m_batch.newFamilies.push_back(std::move(record));
  m_families.push_back(std::move(key));
  return static_cast<std::uint32_t>(m_families.size() - 1);
}

bool PrometheusApiJsonDecoder::decodeSeriesList(array result, bool matrix) {
  std::string name;
  std::vector<MetricLabel> labels;
  std::size_t index = 0;
  for (element series : result) {
    const std::string seriesPath = "data.result[" + std::to_string(index++) + "]";
    m_path = seriesPath;
    if (!seriesIdentity(series, name, labels))
      return false;
    m_key = name + canonicalLabelText(labels);
    if (!m_seen.insert(m_key))
      return fail("series " + m_key + " appears twice");
    const std::uint32_t family = familyFor(name, labels);
    if (!matrix) {
      element value;
      if (series["value"].get(value)) {
        return fail(series["histogram"].error()
                        ? "expected a \"value\" [time, \"value\"] pair"
                        : "native histograms are not supported, only float samples");
      }
      m_path = seriesPath + ".value";
      if (!point(value, name, labels, family))
        return false;
      continue;
    }
    array values;
    if (series["values"].get_array().get(values)) {
      return fail(series["histograms"].error()
                      ? "expected a \"values\" array of [time, \"value\"] pairs"
                      : "native histograms are not supported, only float samples");
    }
    std::size_t at = 0;
    for (element pair : values) {
      m_path = seriesPath + ".values[" + std::to_string(at++) + "]";
      if (!point(pair, name, labels, family))
        return false;
    }
  }
  return true;
}

bool PrometheusApiJsonDecoder::point(element pair, const std::string& name,
                                     const std::vector<MetricLabel>& labels, std::uint32_t family) {
  array parts;
  if (pair.get_array().get(parts) || parts.size() != 2)
    return fail("expected a [time, \"value\"] pair, found " + describe(pair));
  double seconds = 0;
  if (parts.at(0).get_double().get(seconds) || !std::isfinite(seconds) ||
      std::fabs(seconds) > 9.0e15) {
    return fail("expected the time in seconds since the epoch as a number");
  }
  double value = 0;
  std::string_view text;
  if (!parts.at(1).get_string().get(text)) {
    if (!parsePrometheusFloat(text, value))
      return fail("bad sample value \"" + std::string(text) + "\"");
  } else if (parts.at(1).get_double().get(value)) {
    return fail("expected the value as a string like \"1.5\" or \"NaN\"");
  }
  MetricSampleRecord& record = m_batch.samples.emplace_back();
  record.family = family;
  record.name = name;
  record.labels = labels;
  record.value = value;
  record.timestampMs = std::llround(seconds * 1000.0);
  ++m_points;
  if (m_points % kCancelCheckInterval == 0) {
    if (m_context.cancelled()) {
      m_error = "cancelled";
      return false;
    }
    if (m_context.onRows)
      m_context.onRows(m_points);
  }
  return flush(false);
}

bool PrometheusApiJsonDecoder::flush(bool force) {
  if (!force && m_batch.samples.size() < std::max<std::size_t>(m_context.batchSize, 1))
    return true;
  if (m_batch.samples.empty() && m_batch.newFamilies.empty())
    return true;
  MetricBatch batch = std::move(m_batch);
  m_batch = MetricBatch{};
  m_batch.timestampsAreSnapshots = true;
  if (Status status = m_sink.consume(std::move(batch)); !status) {
    m_error = status.message();
    return false;
  }
  return true;
}

}  // namespace sightline
