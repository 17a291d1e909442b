// The browser's chart: mode buttons (rate / raw / quantiles), the series drawn (selected
// rows, else the filtered ones), the bucket distribution and the series table's menu.
#include <algorithm>

#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>

#include "ui/metrics/metric_bucket_chart.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metric_label_chips.h"
#include "ui/metrics/metric_page.h"
#include "ui/metrics/metric_series_table_model.h"

namespace sightline {

void MetricPage::rebuildModeButtons() {
  for (QAbstractButton* button : m_modeButtons->buttons()) {
    m_modeButtons->removeButton(button);
    button->hide();
    button->deleteLater();
  }
  for (ChartMode mode : m_modes) {
    auto* button = new QToolButton;
    button->setText(chartModeName(mode));
    button->setCheckable(true);
    button->setChecked(mode == m_mode);
    m_modeButtons->addButton(button, static_cast<int>(mode));
    m_modeLayout->addWidget(button);
  }
}

void MetricPage::setChartMode(ChartMode mode) {
  if (std::find(m_modes.begin(), m_modes.end(), mode) == m_modes.end())
    return;
  m_mode = mode;
  if (QAbstractButton* button = m_modeButtons->button(static_cast<int>(mode)))
    button->setChecked(true);
  updateChart();
}

std::vector<MetricSeriesInfo> MetricPage::chosenSeries() const {
  std::vector<MetricSeriesInfo> chosen;
  const QModelIndexList rows = m_seriesTable->selectionModel()->selectedRows();
  for (const QModelIndex& row : rows) {
    if (const MetricSeriesInfo* series =
            m_seriesModel->seriesAt(m_seriesProxy->mapToSource(row).row())) {
      chosen.push_back(*series);
    }
  }
  // Nothing selected: what the chips let through (all series when there are no chips).
  if (chosen.empty() && !m_seriesModel->matchers().empty())
    chosen = m_seriesModel->visibleSeries();
  return chosen;
}

void MetricPage::updateChart() {
  if (!m_data) {
    m_chart->setChart({});
    return;
  }
  ChartRequest request;
  request.mode = m_mode;
  request.chosen = chosenSeries();
  // Chips that let nothing through draw nothing, rather than everything.
  if (request.chosen.empty() && !m_seriesModel->matchers().empty()) {
    ChartData empty;
    empty.note = tr("No series matches the filter.");
    m_chart->setChart(std::move(empty));
    return;
  }
  m_chart->setChart(buildChart(*m_data, request));
}

void MetricPage::setBucketSnapshot(int index) {
  if (index < 0 || index >= m_bucketSnapshotBox->count())
    return;
  {
    const QSignalBlocker blocker(m_bucketSnapshotBox);
    m_bucketSnapshotBox->setCurrentIndex(index);
  }
  updateBucketChart();
}

void MetricPage::updateBucketChart() {
  if (!m_data || !m_bucketPane->isVisibleTo(this)) {
    m_bucketChart->setBuckets({}, {});
    return;
  }
  const std::vector<MetricSeriesInfo> chosen = chosenSeries();
  const std::vector<HistogramGroup> groups = chosen.empty() && !m_seriesModel->matchers().empty()
                                                 ? std::vector<HistogramGroup>{}
                                                 : chosenHistogramGroups(*m_data, chosen);
  const int snapshot = m_bucketSnapshotBox->currentIndex();
  if (groups.empty() || snapshot < 0) {
    m_bucketChart->setBuckets({}, tr("No buckets"));
    return;
  }
  // Several label sets are summed per bound, as `sum by (le)` would.
  const QString title =
      groups.size() == 1
          ? QString::fromStdString(canonicalLabelText(groups.front().labels))
          : tr("all %n label sets, summed", nullptr, static_cast<int>(groups.size()));
  const MetricValueUnit unit = metricValueUnit(m_data->family.name, m_data->family.unit);
  m_bucketChart->setBuckets(
      bucketBars(summedBucketsAt(groups, static_cast<std::size_t>(snapshot)), unit),
      title.isEmpty() ? QString::fromStdString(m_data->family.name) : title);
}

void MetricPage::showSeriesContextMenu(const QPoint& pos) {
  const QModelIndex index = m_seriesTable->indexAt(pos);
  const MetricSeriesInfo* series =
      index.isValid() ? m_seriesModel->seriesAt(m_seriesProxy->mapToSource(index).row()) : nullptr;
  if (!series)
    return;
  auto* menu = new QMenu(this);
  menu->setAttribute(Qt::WA_DeleteOnClose);
  for (const MetricLabel& label : series->labels) {
    const LabelMatcher keep{label.name, LabelMatcher::Op::Equal, label.value};
    const LabelMatcher drop{label.name, LabelMatcher::Op::NotEqual, label.value};
    const QString keepText = chipText(keep), dropText = chipText(drop);
    menu->addAction(tr("Only %1").arg(keepText), this,
                    [this, keepText] { m_chips->addChips(keepText); });
    menu->addAction(tr("Without %1").arg(keepText), this,
                    [this, dropText] { m_chips->addChips(dropText); });
  }
  if (!series->labels.empty())
    menu->addSeparator();
  const QString text = seriesText(series->name, series->labels);
  menu->addAction(tr("Copy series"), this, [text] { QApplication::clipboard()->setText(text); });
  menu->popup(m_seriesTable->viewport()->mapToGlobal(pos));
}

}  // namespace sightline
