#pragma once

// A compact text form of a MetricSeriesTable for data-driven tests of the metric analyses:
//
//   @ 0 10 20                                  snapshot times in seconds
//   counter http_requests_total{code="200",job="api"} 100 200 400
//   histogram x_bucket{le="+Inf"} 1 - 3        '-' = not in that snapshot, NaN allowed
//
// Lines are separated by ';' or line feeds. The family is the sample name without its type's
// suffix (_total, _bucket, _count, _sum, _gcount, _gsum); label values hold no ',' or '"'.

#include <QByteArray>
#include <QList>

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/metrics/metric_series_table.h"

namespace sightline::test {

inline std::string familyOf(const std::string& name, MetricType type) {
  static const char* const kSuffixes[] = {"_total", "_bucket", "_count",
                                          "_sum",   "_gcount", "_gsum"};
  if (type == MetricType::Gauge || type == MetricType::Untyped) {
    return name;
  }
  for (const char* suffix : kSuffixes) {
    const std::string s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      return name.substr(0, name.size() - s.size());
    }
  }
  return name;
}

inline MetricSeriesTable parseMetricTable(const QByteArray& spec) {
  MetricSeriesTable table;
  QByteArray text = spec;
  text.replace(';', '\n');
  for (QByteArray line : text.split('\n')) {
    line = line.trimmed();
    if (line.isEmpty()) {
      continue;
    }
    const QList<QByteArray> words = line.simplified().split(' ');
    if (words[0] == "@") {
      for (qsizetype i = 1; i < words.size(); ++i) {
        table.snapshotTimesMs.push_back(static_cast<std::int64_t>(words[i].toDouble() * 1000));
      }
      continue;
    }
    MetricSeriesValues series;
    series.type = parseMetricType(words[0].toStdString()).value_or(MetricType::Untyped);
    QByteArray nameAndLabels = words[1];
    const qsizetype brace = nameAndLabels.indexOf('{');
    series.name = (brace < 0 ? nameAndLabels : nameAndLabels.left(brace)).toStdString();
    if (brace >= 0) {
      const QByteArray inner = nameAndLabels.mid(brace + 1, nameAndLabels.size() - brace - 2);
      for (const QByteArray& pair : inner.split(',')) {
        if (pair.isEmpty()) {
          continue;
        }
        const qsizetype eq = pair.indexOf('=');
        series.labels.push_back(MetricLabel{pair.left(eq).toStdString(),
                                            pair.mid(eq + 2, pair.size() - eq - 3).toStdString()});
      }
      std::sort(series.labels.begin(), series.labels.end(),
                [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
    }
    series.family = familyOf(series.name, series.type);
    for (qsizetype i = 2; i < words.size(); ++i) {
      if (words[i] == "-") {
        series.values.push_back(std::nullopt);
      } else if (words[i] == "NaN") {
        series.values.push_back(std::numeric_limits<double>::quiet_NaN());
      } else {
        series.values.push_back(words[i].toDouble());
      }
    }
    table.series.push_back(std::move(series));
  }
  return table;
}

// Six significant digits; "nan" / "inf" / "-inf" spelled out.
inline QByteArray formatNumber(double value) {
  if (std::isnan(value)) {
    return "nan";
  }
  if (std::isinf(value)) {
    return value > 0 ? "inf" : "-inf";
  }
  return QByteArray::number(value, 'g', 6);
}

}  // namespace sightline::test
