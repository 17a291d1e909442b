// The RED overview and the snapshot comparison tabs.
#include <QComboBox>
#include <QLabel>
#include <QTabWidget>

#include "ui/metrics/metric_compare_model.h"
#include "ui/metrics/metric_page.h"
#include "ui/metrics/metric_red_chart.h"
#include "ui/metrics/metric_red_model.h"

namespace sightline {

void MetricPage::showBrowser() {
  m_tabs->setCurrentWidget(m_browserTab);
}

void MetricPage::showRed() {
  m_tabs->setCurrentWidget(m_redTab);
}

void MetricPage::onRedLoaded(const MetricLoader::Red& red) {
  m_redModel->setServices(red.services);
  m_redChart->setServices(red.services);
  if (red.services.empty()) {
    m_redMessage->setText(
        tr("No RED metrics found. The overview reads the usual names: http_requests_total, "
           "http_server_request_duration_seconds, http_request_duration_seconds, "
           "grpc_server_handled_total, rpc_server_call_duration_seconds, …"));
  } else if (red.snapshotTimesMs.size() < 2) {
    m_redMessage->setText(
        tr("Rates need at least two snapshots: import more scrapes of the same services."));
  } else {
    m_redMessage->setText(
        tr("Per interval between consecutive snapshots; the table shows the "
           "latest interval with requests."));
  }
  emit redShown();
}

void MetricPage::compareSnapshots(std::size_t baseline, std::size_t current) {
  m_tabs->setCurrentWidget(m_compareTab);
  m_baselineBox->setCurrentIndex(static_cast<int>(baseline));
  m_currentBox->setCurrentIndex(static_cast<int>(current));
  m_comparisonWanted = true;
  requestComparison();
}

void MetricPage::requestComparison() {
  if (m_path.isEmpty())
    return;
  if (m_snapshots.size() < 2) {
    m_compareModel->setChanges({});
    m_compareMessage->setText(tr("Comparing needs at least two snapshots."));
    emit compareShown();
    return;
  }
  const int baseline = m_baselineBox->currentIndex();
  const int current = m_currentBox->currentIndex();
  if (baseline < 0 || current < 0)
    return;
  m_compareMessage->setText(tr("Comparing…"));
  m_loader->compare(m_compareTable, static_cast<std::size_t>(baseline),
                    static_cast<std::size_t>(current));
}

void MetricPage::onCompared(const MetricLoader::Comparison& comparison) {
  m_comparisonWanted = false;
  if (comparison.table)
    m_compareTable = comparison.table;
  m_compareModel->setChanges(comparison.changes);
  if (!comparison.error.isEmpty()) {
    m_compareMessage->setText(comparison.error);
  } else if (comparison.changes.empty()) {
    m_compareMessage->setText(tr("No series changed between these snapshots."));
  } else {
    m_compareMessage->setText(
        tr("%n change(s), biggest relative change first. Counters compare their rate over the "
           "interval before each snapshot, histograms their p50 and p99.",
           nullptr, static_cast<int>(comparison.changes.size())));
  }
  emit compareShown();
}

}  // namespace sightline
