#include "ui/metrics/metric_series_table_model.h"

#include <limits>

#include "model/text/timestamp_text.h"

namespace sightline {

MetricSeriesTableModel::MetricSeriesTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void MetricSeriesTableModel::setSeries(std::vector<MetricSeriesInfo> series,
                                       const std::string& familyName, const std::string& unit) {
  beginResetModel();
  m_series = std::move(series);
  m_familyName = familyName;
  m_unit = unit;
  refilter();
  endResetModel();
}

void MetricSeriesTableModel::setMatchers(std::vector<LabelMatcher> matchers) {
  beginResetModel();
  m_matchers = std::move(matchers);
  refilter();
  endResetModel();
}

void MetricSeriesTableModel::refilter() {
  m_visible.clear();
  SeriesSelector selector;
  selector.matchers = m_matchers;
  for (std::size_t i = 0; i < m_series.size(); ++i) {
    if (selectorMatches(selector, m_series[i].name, m_series[i].labels))
      m_visible.push_back(i);
  }
}

std::vector<MetricSeriesInfo> MetricSeriesTableModel::visibleSeries() const {
  std::vector<MetricSeriesInfo> visible;
  visible.reserve(m_visible.size());
  for (std::size_t i : m_visible)
    visible.push_back(m_series[i]);
  return visible;
}

const MetricSeriesInfo* MetricSeriesTableModel::seriesAt(int row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= m_visible.size())
    return nullptr;
  return &m_series[m_visible[static_cast<std::size_t>(row)]];
}

int MetricSeriesTableModel::rowOfSeries(std::int64_t id) const {
  for (std::size_t row = 0; row < m_visible.size(); ++row) {
    if (m_series[m_visible[row]].id == id)
      return static_cast<int>(row);
  }
  return -1;
}

MetricValueUnit MetricSeriesTableModel::unitOf(const MetricSeriesInfo& series) const {
  // Bucket and count children count observations whatever the family measures.
  if (series.name.ends_with("_bucket") || series.name.ends_with("_count") ||
      series.name.ends_with("_created")) {
    return MetricValueUnit::Plain;
  }
  const MetricValueUnit unit = metricValueUnit(series.name, m_unit);
  return unit != MetricValueUnit::Plain ? unit : metricValueUnit(m_familyName, m_unit);
}

int MetricSeriesTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_visible.size());
}

int MetricSeriesTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricSeriesTableModel::data(const QModelIndex& index, int role) const {
  const MetricSeriesInfo* series = index.isValid() ? seriesAt(index.row()) : nullptr;
  if (!series)
    return {};
  if (role == SeriesIdRole)
    return QVariant::fromValue<qlonglong>(series->id);
  if (role == Qt::TextAlignmentRole && index.column() == LatestColumn)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && index.column() != TimeColumn)
    return seriesText(series->name, series->labels);
  if (role == SortRole) {
    if (index.column() == LatestColumn)
      return series->latestValue.value_or(-std::numeric_limits<double>::infinity());
    if (index.column() == TimeColumn)
      return QVariant::fromValue<qlonglong>(series->latestTimeMs);
  }
  if (role != Qt::DisplayRole && role != SortRole)
    return {};
  switch (index.column()) {
    case NameColumn:
      return QString::fromStdString(series->name);
    case LabelsColumn:
      return QString::fromStdString(canonicalLabelText(series->labels));
    case LatestColumn:
      return series->latestValue ? formatMetricValue(*series->latestValue, unitOf(*series))
                                 : QString();
    case TimeColumn:
      return series->latestTimeMs > 0 ? formatLocalTimestampMs(series->latestTimeMs) : QString();
    default:
      return {};
  }
}

QVariant MetricSeriesTableModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case NameColumn:
      return tr("Name");
    case LabelsColumn:
      return tr("Labels");
    case LatestColumn:
      return tr("Latest value");
    case TimeColumn:
      return tr("At");
    default:
      return {};
  }
}

}  // namespace sightline
