#include "app/metric_family_rows.h"

#include "app/json_output.h"
#include "app/text_output.h"
#include "model/metrics/metric_label_set_count.h"

namespace sightline::cli {

std::vector<MetricFamilyRow> loadMetricFamilyRows(Workspace& workspace, Status* status) {
  Status listed;
  const std::vector<MetricFamilySummary> families = listMetricFamilies(workspace, &listed);
  if (!listed) {
    if (status)
      *status = listed;
    return {};
  }
  std::vector<MetricFamilyRow> rows;
  rows.reserve(families.size());
  for (const MetricFamilySummary& family : families) {
    MetricFamilyRow row{family.name, family.type,   family.help,
                        family.unit, family.series, family.latestSamples};
    // Counted by SQLite: loading the series of a workspace of a million took seconds.
    Status counted;
    row.series = countParserSeries(workspace, family, &counted);
    if (!counted) {
      if (status)
        *status = counted;
      return {};
    }
    rows.push_back(std::move(row));
  }
  if (status)
    *status = Status::ok();
  return rows;
}

void writeMetricFamiliesJson(QTextStream& out, const std::vector<MetricFamilyRow>& rows) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"families");
  json.beginArray();
  for (const MetricFamilyRow& row : rows) {
    json.beginObject();
    json.key(u"name");
    json.string(std::string_view(row.name));
    json.key(u"type");
    json.string(std::string_view(metricTypeName(row.type)));
    json.key(u"help");
    json.string(std::string_view(row.help));
    json.key(u"unit");
    json.string(std::string_view(row.unit));
    json.key(u"series");
    json.unsignedInteger(row.series);
    json.key(u"samples");
    json.unsignedInteger(row.samples);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatMetricFamiliesTable(const std::vector<MetricFamilyRow>& rows) {
  QList<QStringList> lines;
  lines.reserve(static_cast<qsizetype>(rows.size()));
  for (const MetricFamilyRow& row : rows) {
    // A help text can hold a line feed (escaped as \n in the file); one row stays one line.
    QString help = QString::fromStdString(row.help);
    help.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    lines.append({QString::fromStdString(row.name), QString::fromLatin1(metricTypeName(row.type)),
                  QString::number(row.series), QString::number(row.samples),
                  QString::fromStdString(row.unit), help});
  }
  return formatTable({QStringLiteral("FAMILY"), QStringLiteral("TYPE"), QStringLiteral("SERIES"),
                      QStringLiteral("SAMPLES"), QStringLiteral("UNIT"), QStringLiteral("HELP")},
                     lines, {false, false, true, true, false, false});
}

}  // namespace sightline::cli
