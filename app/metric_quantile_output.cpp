#include "app/metric_quantile_output.h"

#include <QLocale>
#include <algorithm>

#include "app/json_output.h"
#include "app/metric_value_format.h"
#include "app/text_output.h"
#include "model/text/metric_value_text.h"
#include "model/text/timestamp_text.h"

namespace sightline::cli {

void writeQuantileReportJson(QTextStream& out, const QuantileReport& report) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"histogram");
  json.string(std::string_view(report.histogram));
  json.key(u"quantile");
  writeMetricValue(json, report.options.quantile);
  json.key(u"by");
  json.beginArray();
  for (const std::string& label : report.options.by)
    json.string(std::string_view(label));
  json.endArray();
  json.key(u"rate");
  json.boolean(report.options.rate);
  json.key(u"groups");
  json.beginArray();
  for (const QuantileGroup& group : report.groups) {
    json.beginObject();
    json.key(u"labels");
    writeMetricLabels(json, group.labels);
    writeMetricPoints(json, group.points);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatQuantileReport(const QuantileReport& report) {
  QList<QStringList> rows;
  for (const QuantileGroup& group : report.groups) {
    const QString labels = group.labels.empty()
                               ? QStringLiteral("{}")
                               : QString::fromStdString(canonicalLabelText(group.labels));
    for (const QuantilePoint& point : group.points)
      rows.append({labels, formatUtcTimestamp(unixNanoOfPoint(point.timeMs)),
                   formatExpositionValue(point.value)});
  }
  const QString quantileColumn =
      (report.options.rate ? QStringLiteral("RATE Q") : QStringLiteral("Q")) +
      QString::number(report.options.quantile, 'g', QLocale::FloatingPointShortest);
  return formatTable({QStringLiteral("GROUP"), QStringLiteral("TIME (UTC)"), quantileColumn}, rows,
                     {false, false, true});
}

}  // namespace sightline::cli
