// The Metrics page's models: family tree (with search), series table (with label chips),
// the chips themselves, and the RED and comparison tables.
#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

#include <cmath>

#include "ui/metrics/metric_compare_model.h"
#include "ui/metrics/metric_family_tree_model.h"
#include "ui/metrics/metric_label_chips.h"
#include "ui/metrics/metric_red_model.h"
#include "ui/metrics/metric_series_table_model.h"

using namespace sightline;

namespace {

MetricFamilySummary family(std::int64_t id, std::string name, MetricType type, std::uint64_t series,
                           std::string help = {}) {
  MetricFamilySummary f;
  f.id = id;
  f.name = std::move(name);
  f.type = type;
  f.series = series;
  f.help = std::move(help);
  return f;
}

std::vector<MetricFamilySummary> families() {
  return {
      family(1, "go_goroutines", MetricType::Gauge, 1, "Number of goroutines."),
      family(2, "http_request_duration_seconds", MetricType::Histogram, 24, "Latency."),
      family(3, "http_requests_total", MetricType::Counter, 6, "Requests served."),
      family(4, "up", MetricType::Gauge, 1),
      family(5, "go_threads", MetricType::Gauge, 1, "Number of OS threads."),
  };
}

MetricSeriesInfo seriesInfo(std::int64_t id, std::string name, std::vector<MetricLabel> labels,
                            std::optional<double> latest, std::int64_t timeMs = 0) {
  MetricSeriesInfo s;
  s.id = id;
  s.name = std::move(name);
  s.labels = std::move(labels);
  s.latestValue = latest;
  s.latestTimeMs = timeMs;
  return s;
}

std::vector<MetricSeriesInfo> latencySeries() {
  return {
      seriesInfo(10, "lat_seconds_bucket", {{"job", "api"}, {"le", "0.1"}}, 3),
      seriesInfo(11, "lat_seconds_bucket", {{"job", "api"}, {"le", "+Inf"}}, 9),
      seriesInfo(12, "lat_seconds_count", {{"job", "api"}}, 9),
      seriesInfo(13, "lat_seconds_sum", {{"job", "api"}}, 0.42, 1'700'000'000'000),
      seriesInfo(14, "lat_seconds_sum", {{"job", "apiserver"}}, 2.5),
      seriesInfo(15, "lat_seconds_count", {{"job", "db"}}, std::nullopt),
  };
}

std::vector<std::int64_t> visibleIds(const MetricSeriesTableModel& model) {
  std::vector<std::int64_t> ids;
  for (int row = 0; row < model.rowCount(); ++row)
    ids.push_back(model.index(row, 0).data(MetricSeriesTableModel::SeriesIdRole).toLongLong());
  return ids;
}

}  // namespace

class TstMetricModels : public QObject {
  Q_OBJECT

 private slots:
  void treeGroupsFamiliesByPrefix();
  void treeSearchKeepsMatchingFamilies();
  void parsesChips_data();
  void parsesChips();
  void seriesTableFiltersWithMatchers_data();
  void seriesTableFiltersWithMatchers();
  void seriesTableFormatsLatestValues();
  void seriesTableSortsBoundsAsNumbers_data();
  void seriesTableSortsBoundsAsNumbers();
  void chipsWidgetAddsAndRemoves();
  void redTableShowsLatestInterval();
  void compareTableFormatsChanges();
};

void TstMetricModels::treeGroupsFamiliesByPrefix() {
  MetricFamilyTreeModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setFamilies(families());
  // go_… and http_… are groups; "up" stands alone.
  QCOMPARE(model.rowCount(), 3);
  const QModelIndex go = model.index(0, 0);
  QCOMPARE(go.data().toString(), QStringLiteral("go_… (2)"));
  QCOMPARE(model.rowCount(go), 2);
  QCOMPARE(model.index(0, MetricFamilyTreeModel::SeriesColumn).data().toULongLong(), 2ull);
  const QModelIndex up = model.index(2, 0);
  QCOMPARE(up.data().toString(), QStringLiteral("up"));
  QCOMPARE(up.data(MetricFamilyTreeModel::FamilyIdRole).toLongLong(), 4);
  QCOMPARE(model.rowCount(up), 0);
  const QModelIndex requests = model.indexOfFamily(3);
  QVERIFY(requests.isValid());
  QCOMPARE(requests.parent().row(), 1);
  QCOMPARE(model.index(requests.row(), MetricFamilyTreeModel::TypeColumn, requests.parent())
               .data()
               .toString(),
           QStringLiteral("counter"));
  QCOMPARE(model.index(requests.row(), MetricFamilyTreeModel::HelpColumn, requests.parent())
               .data()
               .toString(),
           QStringLiteral("Requests served."));
  QCOMPARE(model.family(5)->name, std::string("go_threads"));
  QVERIFY(!model.family(99));
  QCOMPARE(MetricFamilyTreeModel::prefixOf("_private"), QStringLiteral("_private"));
}

void TstMetricModels::treeSearchKeepsMatchingFamilies() {
  MetricFamilyTreeModel model;
  model.setFamilies(families());
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  proxy.setRecursiveFilteringEnabled(true);
  proxy.setFilterKeyColumn(-1);
  proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
  // "threads" only occurs in a help text: its family stays, under its group.
  proxy.setFilterFixedString(QStringLiteral("os THREADS"));
  QCOMPARE(proxy.rowCount(), 1);
  QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
  QCOMPARE(proxy.index(0, 0, proxy.index(0, 0)).data().toString(), QStringLiteral("go_threads"));
  // By type.
  proxy.setFilterFixedString(QStringLiteral("histogram"));
  QCOMPARE(proxy.rowCount(), 1);
  QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
  proxy.setFilterFixedString(QString());
  QCOMPARE(proxy.rowCount(), 3);
}

void TstMetricModels::parsesChips_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QStringList>("chips");  // empty = an error
  QTest::newRow("equal") << QStringLiteral("job=\"api\"")
                         << QStringList{QStringLiteral("job=\"api\"")};
  QTest::newRow("spaces") << QStringLiteral("  job = \"api\" ")
                          << QStringList{QStringLiteral("job=\"api\"")};
  QTest::newRow("regex") << QStringLiteral("route=~\"/api/.*\"")
                         << QStringList{QStringLiteral("route=~\"/api/.*\"")};
  QTest::newRow("two") << QStringLiteral("code!=\"200\", method!~\"GET|HEAD\"")
                       << QStringList{QStringLiteral("code!=\"200\""),
                                      QStringLiteral("method!~\"GET|HEAD\"")};
  QTest::newRow("braces") << QStringLiteral("{job=\"api\"}")
                          << QStringList{QStringLiteral("job=\"api\"")};
  QTest::newRow("selector") << QStringLiteral("x_count{method=\"GET\"}")
                            << QStringList{QStringLiteral("__name__=\"x_count\""),
                                           QStringLiteral("method=\"GET\"")};
  QTest::newRow("name only") << QStringLiteral("x_sum")
                             << QStringList{QStringLiteral("__name__=\"x_sum\"")};
  QTest::newRow("escapes") << QStringLiteral("path=\"C:\\\\x \\\"y\\\"\"")
                           << QStringList{QStringLiteral("path=\"C:\\\\x \\\"y\\\"\"")};
  QTest::newRow("no value") << QStringLiteral("job=") << QStringList{};
  QTest::newRow("unquoted") << QStringLiteral("job=api") << QStringList{};
  QTest::newRow("empty") << QStringLiteral("  ") << QStringList{};
  QTest::newRow("empty braces") << QStringLiteral("{}") << QStringList{};
}

void TstMetricModels::parsesChips() {
  QFETCH(QString, text);
  QFETCH(QStringList, chips);
  QString error;
  const auto parsed = parseLabelChips(text, &error);
  if (chips.isEmpty()) {
    QVERIFY(!parsed);
    QVERIFY(!error.isEmpty());
    return;
  }
  QVERIFY2(parsed, qPrintable(error));
  QStringList texts;
  for (const LabelMatcher& matcher : *parsed)
    texts << chipText(matcher);
  QCOMPARE(texts, chips);
}

void TstMetricModels::seriesTableFiltersWithMatchers_data() {
  QTest::addColumn<QString>("chips");
  QTest::addColumn<QList<qlonglong>>("ids");
  QTest::newRow("none") << QString() << QList<qlonglong>{10, 11, 12, 13, 14, 15};
  QTest::newRow("equal") << QStringLiteral("job=\"api\"") << QList<qlonglong>{10, 11, 12, 13};
  // Regexes are anchored: "api" alone does not match "apiserver".
  QTest::newRow("regex") << QStringLiteral("job=~\"api|db\"")
                         << QList<qlonglong>{10, 11, 12, 13, 15};
  QTest::newRow("prefix regex") << QStringLiteral("job=~\"api.*\"")
                                << QList<qlonglong>{10, 11, 12, 13, 14};
  QTest::newRow("not equal") << QStringLiteral("job!=\"api\"") << QList<qlonglong>{14, 15};
  QTest::newRow("name") << QStringLiteral("lat_seconds_sum") << QList<qlonglong>{13, 14};
  QTest::newRow("name and label") << QStringLiteral("lat_seconds_bucket{le=\"+Inf\"}")
                                  << QList<qlonglong>{11};
  // An absent label matches the empty string, as in PromQL.
  QTest::newRow("absent label") << QStringLiteral("le=\"\"") << QList<qlonglong>{12, 13, 14, 15};
  QTest::newRow("nothing") << QStringLiteral("job=\"web\"") << QList<qlonglong>{};
}

void TstMetricModels::seriesTableFiltersWithMatchers() {
  QFETCH(QString, chips);
  QFETCH(QList<qlonglong>, ids);
  MetricSeriesTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSeries(latencySeries(), "lat_seconds");
  if (!chips.isEmpty()) {
    const auto matchers = parseLabelChips(chips);
    QVERIFY(matchers);
    model.setMatchers(*matchers);
  }
  const std::vector<std::int64_t> visible = visibleIds(model);
  QCOMPARE(QList<qlonglong>(visible.begin(), visible.end()), ids);
  QCOMPARE(model.visibleSeries().size(), std::size_t(ids.size()));
  if (!ids.isEmpty())
    QCOMPARE(model.rowOfSeries(ids.last()), int(ids.size()) - 1);
}

void TstMetricModels::seriesTableFormatsLatestValues() {
  MetricSeriesTableModel model;
  model.setSeries(latencySeries(), "lat_seconds");
  auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
  QCOMPARE(cell(0, MetricSeriesTableModel::NameColumn), QStringLiteral("lat_seconds_bucket"));
  QCOMPARE(cell(0, MetricSeriesTableModel::LabelsColumn),
           QStringLiteral("{job=\"api\",le=\"0.1\"}"));
  // Buckets and counts count observations; the sum is in the family's seconds.
  QCOMPARE(cell(0, MetricSeriesTableModel::LatestColumn), QStringLiteral("3"));
  QCOMPARE(cell(2, MetricSeriesTableModel::LatestColumn), QStringLiteral("9"));
  QCOMPARE(cell(3, MetricSeriesTableModel::LatestColumn), QStringLiteral("420 ms"));
  QCOMPARE(cell(4, MetricSeriesTableModel::LatestColumn), QStringLiteral("2.5 s"));
  QCOMPARE(cell(5, MetricSeriesTableModel::LatestColumn), QString());
  QVERIFY(cell(3, MetricSeriesTableModel::TimeColumn).startsWith(QStringLiteral("2023-11-1")));
  QCOMPARE(model.index(3, MetricSeriesTableModel::LatestColumn)
               .data(MetricSeriesTableModel::SortRole)
               .toDouble(),
           0.42);
  QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(),
           QStringLiteral("lat_seconds_bucket{job=\"api\",le=\"+Inf\"}"));
}

void TstMetricModels::seriesTableSortsBoundsAsNumbers_data() {
  QTest::addColumn<int>("column");
  QTest::addColumn<Qt::SortOrder>("order");
  QTest::addColumn<QList<qlonglong>>("ids");
  // By name, then labels: the buckets by bound (+Inf, then NaN, last), then _count, then the
  // summary's quantiles; by labels: job first, then the bound or the quantile.
  QTest::newRow("name") << int(MetricSeriesTableModel::NameColumn) << Qt::AscendingOrder
                        << QList<qlonglong>{25, 23, 21, 24, 20, 26, 22, 27, 30, 31, 32};
  QTest::newRow("name, descending")
      << int(MetricSeriesTableModel::NameColumn) << Qt::DescendingOrder
      << QList<qlonglong>{32, 31, 30, 27, 22, 26, 20, 24, 21, 23, 25};
  QTest::newRow("labels") << int(MetricSeriesTableModel::LabelsColumn) << Qt::AscendingOrder
                          << QList<qlonglong>{27, 25, 23, 21, 24, 20, 26, 22, 30, 31, 32};
}

void TstMetricModels::seriesTableSortsBoundsAsNumbers() {
  QFETCH(int, column);
  QFETCH(Qt::SortOrder, order);
  QFETCH(QList<qlonglong>, ids);
  MetricSeriesTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  // As text, le="+Inf" would sort first and "10" before "2.5" (quantile "10" before "0.5").
  model.setSeries(
      {
          seriesInfo(20, "lat_bucket", {{"job", "api"}, {"le", "+Inf"}}, 9),
          seriesInfo(21, "lat_bucket", {{"job", "api"}, {"le", "2.5"}}, 5),
          seriesInfo(22, "lat_bucket", {{"job", "db"}, {"le", "+Inf"}}, 1),
          seriesInfo(23, "lat_bucket", {{"job", "api"}, {"le", "0.5"}}, 2),
          seriesInfo(24, "lat_bucket", {{"job", "api"}, {"le", "10"}}, 8),
          seriesInfo(25, "lat_bucket", {{"job", "api"}, {"le", "0.05"}}, 1),
          seriesInfo(26, "lat_bucket", {{"job", "api"}, {"le", "NaN"}}, 0),
          seriesInfo(27, "lat_count", {{"job", "api"}}, 9),
          seriesInfo(30, "rpc", {{"quantile", "0.5"}}, 0.1),
          seriesInfo(31, "rpc", {{"quantile", "0.99"}}, 0.3),
          seriesInfo(32, "rpc", {{"quantile", "10"}}, 0.9),
      },
      "lat");
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  proxy.setSortRole(MetricSeriesTableModel::SortRole);
  proxy.sort(column, order);
  QList<qlonglong> sorted;
  for (int row = 0; row < proxy.rowCount(); ++row)
    sorted << proxy.index(row, 0).data(MetricSeriesTableModel::SeriesIdRole).toLongLong();
  QCOMPARE(sorted, ids);
  // Filtering keeps the ranks of the rows left.
  model.setMatchers({{"job", LabelMatcher::Op::Equal, "db"}});
  QCOMPARE(proxy.rowCount(), 1);
  QCOMPARE(proxy.index(0, 0).data(MetricSeriesTableModel::SeriesIdRole).toLongLong(), 22);
}

void TstMetricModels::chipsWidgetAddsAndRemoves() {
  MetricLabelChips chips;
  QSignalSpy changed(&chips, &MetricLabelChips::matchersChanged);
  chips.editor()->setText(QStringLiteral("job=\"api\""));
  QTest::keyClick(chips.editor(), Qt::Key_Return);
  QCOMPARE(changed.count(), 1);
  QCOMPARE(chips.matchers().size(), std::size_t(1));
  QVERIFY(chips.editor()->text().isEmpty());
  // A bad matcher stays in the box with its error; nothing changes.
  chips.editor()->setText(QStringLiteral("job=api"));
  QTest::keyClick(chips.editor(), Qt::Key_Return);
  QCOMPARE(changed.count(), 1);
  QCOMPARE(chips.editor()->text(), QStringLiteral("job=api"));
  QVERIFY(!chips.errorText().isEmpty());
  // The same matcher twice is one chip.
  QVERIFY(chips.addChips(QStringLiteral("job=\"api\", code=~\"5..\"")));
  QCOMPARE(chips.matchers().size(), std::size_t(2));
  chips.removeChip(0);
  QCOMPARE(chips.matchers().size(), std::size_t(1));
  QCOMPARE(chipText(chips.matchers().front()), QStringLiteral("code=~\"5..\""));
  chips.clear();
  QVERIFY(chips.matchers().empty());
  QCOMPARE(changed.count(), 4);
}

void TstMetricModels::redTableShowsLatestInterval() {
  RedServiceOverview shop;
  shop.service = "shop";
  shop.protocol = "HTTP server";
  shop.requestSeries = "http_requests_total";
  shop.latencySeries = "http_request_duration_seconds";
  shop.errorsKnown = true;
  RedInterval busy;
  busy.requests = 100;
  busy.requestsPerSecond = 10;
  busy.errorRatio = 0.05;
  busy.latencySeconds = 0.25;
  RedInterval idle;  // no requests: not the one shown
  shop.intervals = {busy, idle};
  RedServiceOverview orders;
  orders.service = "orders";
  orders.protocol = "RPC server";
  orders.requestSeries = "grpc_server_handled_total";
  MetricRedModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setServices({shop, orders});
  QCOMPARE(model.rowCount(), 2);
  auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
  QCOMPARE(cell(0, MetricRedModel::ServiceColumn), QStringLiteral("shop"));
  QCOMPARE(cell(0, MetricRedModel::RateColumn), QStringLiteral("10/s"));
  QCOMPARE(cell(0, MetricRedModel::ErrorColumn), QStringLiteral("5 %"));
  QCOMPARE(cell(0, MetricRedModel::LatencyColumn), QStringLiteral("250 ms"));
  QCOMPARE(cell(0, MetricRedModel::SeriesColumn),
           QStringLiteral("http_requests_total, http_request_duration_seconds"));
  QCOMPARE(cell(1, MetricRedModel::RateColumn), QStringLiteral("–"));
  QCOMPARE(model.headerData(MetricRedModel::LatencyColumn, Qt::Horizontal).toString(),
           QStringLiteral("p99"));
  QVERIFY(!model.index(1, MetricRedModel::ErrorColumn).data(Qt::ToolTipRole).toString().isEmpty());
}

void TstMetricModels::compareTableFormatsChanges() {
  MetricChange rate;
  rate.kind = MetricChangeKind::CounterRate;
  rate.family = "http_requests";
  rate.series = "http_requests_total{code=\"500\"}";
  rate.before = 1;
  rate.after = 3;
  rate.change = 2;
  rate.relativeChange = 2;
  MetricChange latency;
  latency.kind = MetricChangeKind::HistogramQuantileInterval;
  latency.family = "http_request_duration_seconds";
  latency.series = "http_request_duration_seconds{route=\"/\"}";
  latency.quantile = 0.99;
  latency.before = 0.5;
  latency.after = 0.25;
  latency.change = -0.25;
  latency.relativeChange = -0.5;
  MetricChange appeared;
  appeared.kind = MetricChangeKind::Gauge;
  appeared.family = "queue_depth";
  appeared.series = "queue_depth";
  appeared.after = 4;
  appeared.change = 4;
  appeared.relativeChange = std::numeric_limits<double>::infinity();
  MetricCompareModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setChanges({rate, latency, appeared});
  auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
  QCOMPARE(cell(0, MetricCompareModel::KindColumn), QStringLiteral("rate /s"));
  QCOMPARE(cell(0, MetricCompareModel::AfterColumn), QStringLiteral("3/s"));
  QCOMPARE(cell(0, MetricCompareModel::ChangeColumn), QStringLiteral("+2/s"));
  QCOMPARE(cell(0, MetricCompareModel::RelativeColumn), QStringLiteral("+200 %"));
  QCOMPARE(cell(1, MetricCompareModel::KindColumn), QStringLiteral("p99 per interval"));
  QCOMPARE(cell(1, MetricCompareModel::BeforeColumn), QStringLiteral("500 ms"));
  QCOMPARE(cell(1, MetricCompareModel::ChangeColumn), QStringLiteral("-250 ms"));
  QCOMPARE(cell(1, MetricCompareModel::RelativeColumn), QStringLiteral("-50 %"));
  QCOMPARE(cell(2, MetricCompareModel::RelativeColumn), QStringLiteral("+∞"));
  QVERIFY(model.index(2, MetricCompareModel::RelativeColumn)
              .data(MetricCompareModel::SortRole)
              .toDouble() > 1e100);
}

QTEST_MAIN(TstMetricModels)
#include "tst_metric_models.moc"
