#include "app/metric_family_rows.h"

#include <algorithm>
#include <set>

#include "app/json_output.h"
#include "app/text_output.h"

namespace sightline::cli {

namespace {

// Families whose samples can carry another sample name or a splitting label. In a gauge,
// untyped or info family every sample has the family's one name, so the store's series
// count is already the parsers' count and the labels need not be read.
bool mayGroupSamples(MetricType type) {
  switch (type) {
    case MetricType::Counter:
    case MetricType::Histogram:
    case MetricType::GaugeHistogram:
    case MetricType::Summary:
    case MetricType::StateSet:
      return true;
    case MetricType::Untyped:
    case MetricType::Gauge:
    case MetricType::Info:
      break;
  }
  return false;
}

std::string splittingLabel(MetricType type, const std::string& familyName) {
  switch (type) {
    case MetricType::Histogram:
    case MetricType::GaugeHistogram:
      return "le";
    case MetricType::Summary:
      return "quantile";
    case MetricType::StateSet:
      return familyName;
    default:
      break;
  }
  return {};
}

struct LabelsLess {
  bool operator()(const std::vector<MetricLabel>& a, const std::vector<MetricLabel>& b) const {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(), [](const MetricLabel& x, const MetricLabel& y) {
          return x.name != y.name ? x.name < y.name : x.value < y.value;
        });
  }
};

}  // namespace

std::uint64_t countLabelSets(MetricType type, const std::string& familyName,
                             const std::vector<MetricSeriesInfo>& series) {
  const std::string ignored = splittingLabel(type, familyName);
  std::set<std::vector<MetricLabel>, LabelsLess> labelSets;
  for (const MetricSeriesInfo& info : series) {
    std::vector<MetricLabel> labels;
    labels.reserve(info.labels.size());
    for (const MetricLabel& label : info.labels) {
      if (label.name != ignored)
        labels.push_back(label);
    }
    labelSets.insert(std::move(labels));
  }
  return labelSets.size();
}

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
    if (mayGroupSamples(family.type)) {
      Status loaded;
      const std::vector<MetricSeriesInfo> series = listFamilySeries(workspace, family.id, &loaded);
      if (!loaded) {
        if (status)
          *status = loaded;
        return {};
      }
      row.series = countLabelSets(family.type, family.name, series);
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
