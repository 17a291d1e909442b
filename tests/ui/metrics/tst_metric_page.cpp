// The Metrics page offscreen, over a workspace written through the metric store: three
// scrapes of a small shop service 10 s apart.
#include <QButtonGroup>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <algorithm>

#include "model/metrics/metric_writer.h"
#include "model/store/workspace.h"
#include "ui/metrics/metric_bucket_chart.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metric_compare_model.h"
#include "ui/metrics/metric_family_tree_model.h"
#include "ui/metrics/metric_label_chips.h"
#include "ui/metrics/metric_page.h"
#include "ui/metrics/metric_red_chart.h"
#include "ui/metrics/metric_red_model.h"
#include "ui/metrics/metric_series_table_model.h"
#include "ui/widgets/qcustomplot_include.h"

using namespace sightline;

namespace {

constexpr int kWaitMs = 10000;
constexpr std::int64_t kStartMs = 1'700'000'000'000;

MetricSampleRecord sample(std::uint32_t family, std::string name, std::vector<MetricLabel> labels,
                          double value) {
  MetricSampleRecord s;
  s.family = family;
  s.name = std::move(name);
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  s.labels = std::move(labels);
  s.value = value;
  return s;
}

// Scrape `k` (0, 1, 2) of the shop: requests grow by 100 (5 errors) per scrape, latencies
// move up a bucket in the last interval.
MetricBatch shopScrape(int k) {
  MetricBatch batch;
  batch.newFamilies = {
      {"http_requests", MetricType::Counter, "Requests served.", ""},
      {"http_request_duration_seconds", MetricType::Histogram, "Request latency.", ""},
      {"job_wait_seconds", MetricType::Summary, "Queue wait.", ""},
      {"process_start_time_seconds", MetricType::Gauge, "Start time.", ""},
      {"temperature_celsius", MetricType::Gauge, "Room temperature.", ""},
  };
  const std::vector<MetricLabel> shop{{"service", "shop"}};
  auto with = [&](std::vector<MetricLabel> labels) {
    labels.insert(labels.end(), shop.begin(), shop.end());
    return labels;
  };
  auto& s = batch.samples;
  s.push_back(sample(0, "http_requests_total", with({{"code", "200"}}), 95.0 * (k + 1)));
  s.push_back(sample(0, "http_requests_total", with({{"code", "500"}}), 5.0 * (k + 1)));
  const double fast[] = {80, 160, 170};
  const double total[] = {100, 200, 300};
  for (const char* method : {"GET", "POST"}) {
    s.push_back(sample(1, "http_request_duration_seconds_bucket",
                       with({{"method", method}, {"le", "0.1"}}), fast[k]));
    s.push_back(sample(1, "http_request_duration_seconds_bucket",
                       with({{"method", method}, {"le", "1"}}), total[k]));
    s.push_back(sample(1, "http_request_duration_seconds_bucket",
                       with({{"method", method}, {"le", "+Inf"}}), total[k]));
    s.push_back(
        sample(1, "http_request_duration_seconds_sum", with({{"method", method}}), total[k] * 0.1));
    s.push_back(
        sample(1, "http_request_duration_seconds_count", with({{"method", method}}), total[k]));
  }
  s.push_back(sample(2, "job_wait_seconds", with({{"quantile", "0.5"}}), 0.1 * (k + 1)));
  s.push_back(sample(2, "job_wait_seconds", with({{"quantile", "0.99"}}), 0.5 * (k + 1)));
  s.push_back(sample(2, "job_wait_seconds_count", with({}), 10.0 * (k + 1)));
  s.push_back(sample(3, "process_start_time_seconds", with({}), 1'699'999'000));
  s.push_back(sample(4, "temperature_celsius", with({{"room", "a"}}), 20.0 + k));
  return batch;
}

bool writeShop(const QString& path, QString* error) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
  if (!workspace) {
    *error = QString::fromStdString(status.message());
    return false;
  }
  for (int k = 0; k < 3; ++k) {
    const std::string name = "shop-" + std::to_string(k);
    MetricWriter writer(*workspace, {"/scrapes/" + name + ".prom", "prometheus", name, 100},
                        kStartMs + k * 10'000);
    Status s = writer.consume(shopScrape(k));
    if (s)
      s = writer.finish();
    if (!s) {
      *error = QString::fromStdString(s.message());
      return false;
    }
  }
  return true;
}

}  // namespace

class TstMetricPage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void listsFamiliesAndOpensTheRequestCounter();
  void counterRateAndRawValue();
  void chipsNarrowTableAndChart();
  void selectedRowsChooseTheLines();
  void histogramQuantilesAndBuckets();
  void summaryShowsItsQuantiles();
  void searchFiltersTheTree();
  void redOverviewPerService();
  void comparesTwoSnapshots();
  void newerFamilyRequestWins();
  void emptyWorkspaceSaysWhatToDo();

 private:
  bool openAndWait(const QString& family);

  QTemporaryDir m_dir;
  QString m_path;
  std::unique_ptr<MetricPage> m_page;
};

void TstMetricPage::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(QStringLiteral("metrics.sightline"));
  QString error;
  QVERIFY2(writeShop(m_path, &error), qPrintable(error));
  m_page = std::make_unique<MetricPage>();
  m_page->resize(1400, 900);
  m_page->show();
}

bool TstMetricPage::openAndWait(const QString& family) {
  QSignalSpy shown(m_page.get(), &MetricPage::familyShown);
  if (!m_page->openFamily(family))
    return false;
  return shown.wait(kWaitMs) && m_page->familyData() &&
         QString::fromStdString(m_page->familyData()->family.name) == family;
}

void TstMetricPage::listsFamiliesAndOpensTheRequestCounter() {
  QSignalSpy listed(m_page.get(), &MetricPage::familiesListed);
  QSignalSpy shown(m_page.get(), &MetricPage::familyShown);
  m_page->setWorkspacePath(m_path);
  QVERIFY(listed.wait(kWaitMs));
  QCOMPARE(listed.first().at(0).toInt(), 5);
  QCOMPARE(m_page->familyCount(), 5);
  QCOMPARE(m_page->snapshotCount(), 3);
  // Families are loaded on a worker; the counter of requests is what a fresh page shows.
  QVERIFY(shown.count() > 0 || shown.wait(kWaitMs));
  QVERIFY(m_page->familyData());
  QCOMPARE(m_page->familyData()->family.name, std::string("http_requests"));
  QVERIFY(m_page->familyHeader()->text().contains(QStringLiteral("Requests served.")));
  QVERIFY(m_page->familyHeader()->text().contains(QStringLiteral("3 snapshot")));
  QCOMPARE(m_page->seriesModel()->rowCount(), 2);
  // The tree follows: the family is its current row.
  QCOMPARE(m_page->familyTree()->currentIndex().data().toString(), QStringLiteral("http_requests"));
}

void TstMetricPage::counterRateAndRawValue() {
  QVERIFY(openAndWait(QStringLiteral("http_requests")));
  QCOMPARE(m_page->chartMode(), ChartMode::Rate);
  QCOMPARE(m_page->modeButtons()->buttons().size(), 2);
  const ChartData& rates = m_page->chart()->chart();
  QCOMPARE(rates.lines.size(), std::size_t(2));
  QVERIFY(rates.perSecond);
  // 95 more OK requests every 10 s.
  QCOMPARE(rates.lines[0].y, (std::vector<double>{9.5, 9.5}));
  QCOMPARE(rates.lines[1].y, (std::vector<double>{0.5, 0.5}));
  // The raw value is one click away.
  m_page->modeButtons()->button(static_cast<int>(ChartMode::Raw))->click();
  QCOMPARE(m_page->chartMode(), ChartMode::Raw);
  QCOMPARE(m_page->chart()->chart().lines[0].y, (std::vector<double>{95, 190, 285}));
  // Hovering a point names it.
  const ChartLine& line = m_page->chart()->chart().lines[0];
  const QCustomPlot* plot = m_page->chart()->plot();
  const QPoint point(int(plot->xAxis->coordToPixel(line.xSeconds[1])),
                     int(plot->yAxis->coordToPixel(line.y[1])));
  const QString tip = m_page->chart()->tooltipAt(point);
  QVERIFY2(tip.contains(QStringLiteral("code=\"200\"")) && tip.contains(QStringLiteral("190")),
           qPrintable(tip));
  m_page->setChartMode(ChartMode::Rate);
}

void TstMetricPage::chipsNarrowTableAndChart() {
  QVERIFY(openAndWait(QStringLiteral("http_requests")));
  QVERIFY(m_page->chips()->addChips(QStringLiteral("code=~\"5..\"")));
  QCOMPARE(m_page->seriesModel()->rowCount(), 1);
  QCOMPARE(m_page->chart()->chart().lines.size(), std::size_t(1));
  QVERIFY(m_page->chart()->chart().lines[0].name.contains(QStringLiteral("500")));
  QVERIFY(m_page->chips()->addChips(QStringLiteral("service=\"nope\"")));
  QCOMPARE(m_page->seriesModel()->rowCount(), 0);
  QVERIFY(m_page->chart()->chart().lines.empty());
  QVERIFY(!m_page->chart()->chart().note.isEmpty());
  m_page->chips()->clear();
  QCOMPARE(m_page->seriesModel()->rowCount(), 2);
  QCOMPARE(m_page->chart()->chart().lines.size(), std::size_t(2));
}

void TstMetricPage::selectedRowsChooseTheLines() {
  QVERIFY(openAndWait(QStringLiteral("temperature_celsius")));
  QCOMPARE(m_page->chartMode(), ChartMode::Raw);
  QCOMPARE(m_page->modeButtons()->buttons().size(), 1);
  QVERIFY(openAndWait(QStringLiteral("http_requests")));
  m_page->seriesTable()->selectRow(0);
  QCOMPARE(m_page->chart()->chart().lines.size(), std::size_t(1));
  m_page->seriesTable()->clearSelection();
  QCOMPARE(m_page->chart()->chart().lines.size(), std::size_t(2));
}

void TstMetricPage::histogramQuantilesAndBuckets() {
  QVERIFY(openAndWait(QStringLiteral("http_request_duration_seconds")));
  QCOMPARE(m_page->chartMode(), ChartMode::Quantiles);
  QVERIFY(m_page->bucketChart()->isVisibleTo(m_page.get()));
  const ChartData& chart = m_page->chart()->chart();
  // p50/p90/p99 of GET and POST summed per bound.
  QCOMPARE(chart.lines.size(), std::size_t(3));
  QCOMPARE(chart.lines[0].name, QStringLiteral("p50 (all 2 label sets)"));
  // Snapshot 0: 160 of 200 ≤ 0.1 → p50 = 0.1·100/160.
  QVERIFY(qFuzzyCompare(chart.lines[0].y[0], 0.1 * 50 / 80));
  // Buckets of the latest snapshot, both methods summed: 340 fast, 260 slower, none > 1.
  QCOMPARE(m_page->bucketSnapshotBox()->count(), 3);
  QCOMPARE(m_page->bucketSnapshotBox()->currentIndex(), 2);
  const std::vector<BucketBar>& bars = m_page->bucketChart()->bars();
  QCOMPARE(bars.size(), std::size_t(3));
  QCOMPARE(bars[0].count, 340.0);
  QCOMPARE(bars[1].count, 260.0);
  QCOMPARE(bars[2].count, 0.0);
  m_page->setBucketSnapshot(0);
  QCOMPARE(m_page->bucketChart()->bars()[0].count, 160.0);
  // Per interval: the last one saw 10 fast of 100 per method → p50 in (0.1, 1].
  m_page->setChartMode(ChartMode::IntervalQuantiles);
  const ChartData& interval = m_page->chart()->chart();
  QCOMPARE(interval.lines[0].y.size(), std::size_t(2));
  QVERIFY(qFuzzyCompare(interval.lines[0].y[1], 0.1 + 0.9 * 40 / 90));
  // A chip on one method narrows both charts.
  QVERIFY(m_page->chips()->addChips(QStringLiteral("method=\"POST\"")));
  QCOMPARE(m_page->chart()->chart().lines.size(), std::size_t(3));
  QCOMPARE(m_page->bucketChart()->bars()[0].count, 80.0);
  m_page->chips()->clear();
}

void TstMetricPage::summaryShowsItsQuantiles() {
  QVERIFY(openAndWait(QStringLiteral("job_wait_seconds")));
  QCOMPARE(m_page->chartMode(), ChartMode::Quantiles);
  QVERIFY(!m_page->bucketChart()->isVisibleTo(m_page.get()));
  const ChartData& chart = m_page->chart()->chart();
  QCOMPARE(chart.lines.size(), std::size_t(2));
  QCOMPARE(chart.lines[1].name, QStringLiteral("p99"));
  QCOMPARE(chart.lines[1].y.size(), std::size_t(3));
  QVERIFY(qFuzzyCompare(chart.lines[1].y[2], 1.5));
}

void TstMetricPage::searchFiltersTheTree() {
  m_page->familySearch()->setText(QStringLiteral("latency"));
  QSortFilterProxyModel* proxy = m_page->familyProxy();
  QCOMPARE(proxy->rowCount(), 1);
  const QModelIndex group = proxy->index(0, 0);
  QCOMPARE(proxy->rowCount(group), 1);
  QCOMPARE(proxy->index(0, 0, group).data().toString(),
           QStringLiteral("http_request_duration_seconds"));
  m_page->familySearch()->clear();
  QCOMPARE(proxy->rowCount(), 4);  // http_…, job_wait, process_start, temperature
}

void TstMetricPage::redOverviewPerService() {
  QSignalSpy red(m_page.get(), &MetricPage::redShown);
  m_page->refresh();
  QVERIFY(red.wait(kWaitMs));
  m_page->showRed();
  QCOMPARE(m_page->tabs()->currentWidget(), m_page->redTab());
  MetricRedModel* model = m_page->redModel();
  QCOMPARE(model->rowCount(), 1);
  QCOMPARE(model->index(0, MetricRedModel::ServiceColumn).data().toString(),
           QStringLiteral("shop"));
  QCOMPARE(model->index(0, MetricRedModel::RateColumn).data().toString(), QStringLiteral("10/s"));
  QCOMPARE(model->index(0, MetricRedModel::ErrorColumn).data().toString(), QStringLiteral("5 %"));
  QVERIFY(!model->index(0, MetricRedModel::LatencyColumn).data().toString().isEmpty());
  QCOMPARE(m_page->redChart()->lineCount(RedSignal::Rate), 1);
  QCOMPARE(m_page->redChart()->lineCount(RedSignal::Latency), 1);
  m_page->showBrowser();
}

void TstMetricPage::comparesTwoSnapshots() {
  QSignalSpy compared(m_page.get(), &MetricPage::compareShown);
  m_page->compareSnapshots(0, 2);
  QVERIFY(compared.wait(kWaitMs));
  QCOMPARE(m_page->tabs()->currentWidget(), m_page->compareTab());
  QCOMPARE(m_page->baselineBox()->currentIndex(), 0);
  QCOMPARE(m_page->currentBox()->currentIndex(), 2);
  MetricCompareModel* model = m_page->compareModel();
  QVERIFY(model->rowCount() > 0);
  // The temperature went from 20 to 22.
  bool temperature = false;
  for (const MetricChange& change : model->changes()) {
    if (change.family == "temperature_celsius") {
      temperature = true;
      QCOMPARE(change.before, 20.0);
      QCOMPARE(change.after, 22.0);
    }
  }
  QVERIFY(temperature);
  m_page->showBrowser();
}

void TstMetricPage::newerFamilyRequestWins() {
  QSignalSpy shown(m_page.get(), &MetricPage::familyShown);
  QVERIFY(m_page->openFamily(QStringLiteral("temperature_celsius")));
  QVERIFY(m_page->openFamily(QStringLiteral("job_wait_seconds")));
  QVERIFY(shown.wait(kWaitMs));
  QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy(), kWaitMs);
  QCOMPARE(m_page->familyData()->family.name, std::string("job_wait_seconds"));
  QCOMPARE(shown.count(), 1);
}

void TstMetricPage::emptyWorkspaceSaysWhatToDo() {
  const QString path = m_dir.filePath(QStringLiteral("empty.sightline"));
  Status status;
  QVERIFY(Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status));
  MetricPage page;
  QSignalSpy listed(&page, &MetricPage::familiesListed);
  QSignalSpy failed(&page, &MetricPage::loadFailed);
  page.setWorkspacePath(path);
  QVERIFY(listed.wait(kWaitMs));
  QCOMPARE(failed.count(), 0);
  QCOMPARE(page.familyCount(), 0);
  QVERIFY(!page.familyData());
  QVERIFY(page.familyHeader()->text().contains(QStringLiteral("import Prometheus")));
  QCOMPARE(page.seriesModel()->rowCount(), 0);
}

QTEST_MAIN(TstMetricPage)
#include "tst_metric_page.moc"
