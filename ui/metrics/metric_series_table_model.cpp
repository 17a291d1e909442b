#include "ui/metrics/metric_series_table_model.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "model/metrics/metric_label_order.h"
#include "model/text/timestamp_text.h"

namespace sightline {

MetricSeriesTableModel::MetricSeriesTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void MetricSeriesTableModel::setSeries(std::vector<MetricSeriesInfo> series,
                                       const std::string& familyName, const std::string& unit) {
  beginResetModel();
  m_series = std::move(series);
  m_familyName = familyName;
  m_unit = unit;
  rank();
  refilter();
  endResetModel();
}

void MetricSeriesTableModel::rank() {
  // QSortFilterProxyModel compares QVariants; text would put le="+Inf" before le="0.1" and
  // "10" before "2.5", so the sort role hands it each row's rank in the order of
  // metricSeriesLess instead.
  auto ranks = [this](auto less) {
    std::vector<std::size_t> order(m_series.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return less(m_series[a], m_series[b]); });
    std::vector<int> rankOf(m_series.size());
    for (std::size_t place = 0; place < order.size(); ++place)
      rankOf[order[place]] = static_cast<int>(place);
    return rankOf;
  };
  m_nameRank = ranks([](const MetricSeriesInfo& a, const MetricSeriesInfo& b) {
    return metricSeriesLess(a.name, a.labels, b.name, b.labels);
  });
  m_labelRank = ranks([](const MetricSeriesInfo& a, const MetricSeriesInfo& b) {
    if (metricLabelsLess(a.labels, b.labels))
      return true;
    if (metricLabelsLess(b.labels, a.labels))
      return false;
    return a.name < b.name;
  });
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
    const auto at = m_visible[static_cast<std::size_t>(index.row())];
    if (index.column() == NameColumn)
      return m_nameRank[at];
    if (index.column() == LabelsColumn)
      return m_labelRank[at];
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
