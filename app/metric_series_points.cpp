#include "app/metric_series_points.h"

#include <algorithm>
#include <array>
#include <set>

#include "app/json_output.h"
#include "app/metric_value_format.h"
#include "app/text_output.h"
#include "model/metrics/metric_label_order.h"
#include "model/text/metric_value_text.h"
#include "model/text/timestamp_text.h"

namespace sightline::cli {

std::vector<std::string> familyNamesForSampleName(const std::string& sampleName) {
  static constexpr std::array<std::string_view, 8> kSuffixes = {
      "_bucket", "_sum", "_count", "_total", "_created", "_info", "_gsum", "_gcount"};
  std::vector<std::string> names{sampleName};
  for (std::string_view suffix : kSuffixes) {
    if (sampleName.size() > suffix.size() && sampleName.ends_with(suffix))
      names.push_back(sampleName.substr(0, sampleName.size() - suffix.size()));
  }
  return names;
}

std::vector<SelectedSeries> loadSelectedSeries(Workspace& workspace, const SeriesSelector& selector,
                                               Status* status) {
  auto fail = [&](Status failure) {
    if (status)
      *status = std::move(failure);
    return std::vector<SelectedSeries>{};
  };
  Status listed;
  const std::vector<MetricFamilySummary> families = listMetricFamilies(workspace, &listed);
  if (!listed)
    return fail(listed);
  std::set<std::string> wanted;
  if (!selector.metricName.empty()) {
    for (std::string& name : familyNamesForSampleName(selector.metricName))
      wanted.insert(std::move(name));
  }

  std::vector<SelectedSeries> selected;
  for (const MetricFamilySummary& family : families) {
    if (!wanted.empty() && !wanted.contains(family.name))
      continue;
    Status loaded;
    std::vector<MetricSeriesInfo> series = listFamilySeries(workspace, family.id, &loaded);
    if (!loaded)
      return fail(loaded);
    for (MetricSeriesInfo& info : series) {
      if (!selectorMatches(selector, info.name, info.labels))
        continue;
      SelectedSeries one{family.name, std::move(info.name), std::move(info.labels), {}};
      one.points = loadSeriesPoints(workspace, info.id, &loaded);
      if (!loaded)
        return fail(loaded);
      selected.push_back(std::move(one));
    }
  }
  std::stable_sort(selected.begin(), selected.end(),
                   [](const SelectedSeries& a, const SelectedSeries& b) {
                     return metricSeriesLess(a.name, a.labels, b.name, b.labels);
                   });
  if (status)
    *status = Status::ok();
  return selected;
}

void writeSelectedSeriesJson(QTextStream& out, const std::vector<SelectedSeries>& series) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"series");
  json.beginArray();
  for (const SelectedSeries& one : series) {
    json.beginObject();
    json.key(u"name");
    json.string(std::string_view(one.name));
    json.key(u"family");
    json.string(std::string_view(one.family));
    json.key(u"labels");
    writeMetricLabels(json, one.labels);
    writeMetricPoints(json, one.points);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatSelectedSeries(const std::vector<SelectedSeries>& series) {
  QString text;
  for (const SelectedSeries& one : series) {
    if (!text.isEmpty())
      text += QLatin1Char('\n');
    text += seriesText(one.name, one.labels) + QLatin1Char('\n');
    QList<QStringList> rows;
    for (const MetricPoint& point : one.points)
      rows.append(
          {formatUtcTimestamp(unixNanoOfPoint(point.timeMs)), formatExpositionValue(point.value)});
    text +=
        formatTable({QStringLiteral("TIME (UTC)"), QStringLiteral("VALUE")}, rows, {false, true});
  }
  return text;
}

}  // namespace sightline::cli
