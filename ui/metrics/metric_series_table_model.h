#pragma once

#include <cstdint>
#include <vector>

#include <QAbstractTableModel>

#include "model/metrics/metric_math.h"
#include "model/metrics/metric_queries.h"
#include "model/text/metric_value_text.h"

namespace sightline {

// The series of one family (histogram and summary children included) with their latest
// values, filtered by label matchers (the page's chips: job="api", route=~"/api/.*",
// __name__="x_count"). Rows are the series that match every matcher, in the store's order;
// sorting by the name or labels column follows metricSeriesLess, so bucket bounds and
// quantiles sort as numbers (le="+Inf" last, not first).
class MetricSeriesTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { NameColumn, LabelsColumn, LatestColumn, TimeColumn, ColumnCount };
  enum Role {
    SeriesIdRole = Qt::UserRole + 1,
    SortRole,  // numbers: the value, the time, or the row's rank by name or by labels
  };

  explicit MetricSeriesTableModel(QObject* parent = nullptr);

  // `familyName` and `unit` choose how values are formatted.
  void setSeries(std::vector<MetricSeriesInfo> series, const std::string& familyName = {},
                 const std::string& unit = {});
  void setMatchers(std::vector<LabelMatcher> matchers);
  const std::vector<LabelMatcher>& matchers() const { return m_matchers; }

  // Every series of the family / the ones the matchers keep (in row order).
  const std::vector<MetricSeriesInfo>& allSeries() const { return m_series; }
  std::vector<MetricSeriesInfo> visibleSeries() const;
  const MetricSeriesInfo* seriesAt(int row) const;
  int rowOfSeries(std::int64_t id) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  void refilter();
  void rank();
  MetricValueUnit unitOf(const MetricSeriesInfo& series) const;

  std::vector<MetricSeriesInfo> m_series;
  // Each series' place when sorted by name then labels / by labels then name.
  std::vector<int> m_nameRank;
  std::vector<int> m_labelRank;
  std::vector<std::size_t> m_visible;
  std::vector<LabelMatcher> m_matchers;
  std::string m_familyName;
  std::string m_unit;
};

}  // namespace sightline
