#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QtTest>

#include "model/store/workspace.h"
#include "model/text/duration_text.h"
#include "model/traces/trace_writer.h"
#include "ui/traces/latency_scatter.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/trace_list_panel.h"
#include "ui/widgets/qcustomplot_include.h"

using namespace sightline;

namespace {

TraceSummary summary(int n, const char* service, const char* name, std::uint64_t durationNs,
                     std::uint32_t spans, std::uint32_t errors) {
  TraceSummary s;
  s.traceId.bytes[15] = static_cast<std::uint8_t>(n);
  s.rootService = service;
  s.rootName = name;
  s.startUnixNano = 1'700'000'000'000'000'000ull + static_cast<std::uint64_t>(n) * 1'000'000'000ull;
  s.durationNs = durationNs;
  s.spanCount = spans;
  s.errorCount = errors;
  s.services = {service, "db"};
  return s;
}

std::vector<TraceSummary> sampleTraces() {
  return {summary(1, "frontend", "GET /", 900'000'000, 9, 0),
          summary(2, "checkout", "POST /pay", 10'000'000'000, 10, 2),
          summary(3, "frontend", "GET /cart", 50'000, 100, 0),
          summary(4, "cart", "AddItem", 2'500'000, 2, 1)};
}

// Column values of a proxy, top to bottom, in `role`.
QStringList columnTexts(const QAbstractItemModel& model, int column) {
  QStringList texts;
  for (int row = 0; row < model.rowCount(); ++row) {
    texts << model.index(row, column).data().toString();
  }
  return texts;
}

SpanRecord span(int trace, int id, int parent, const char* name, std::uint64_t start,
                std::uint64_t end, std::uint32_t resource, StatusCode status) {
  SpanRecord s;
  s.resourceLocalId = resource;
  s.scopeLocalId = 1;
  s.traceId.bytes[15] = static_cast<std::uint8_t>(trace);
  s.spanId.bytes[7] = static_cast<std::uint8_t>(id);
  if (parent)
    s.parentSpanId.bytes[7] = static_cast<std::uint8_t>(parent);
  s.name = name;
  s.startUnixNano = start;
  s.endUnixNano = end;
  s.statusCode = status;
  return s;
}

ResourceRecord resource(std::uint32_t id, const char* service) {
  ResourceRecord r;
  r.localId = id;
  Attribute a;
  a.key = "service.name";
  a.value.type = AttributeValue::Type::String;
  a.value.text = service;
  r.attributes.push_back(a);
  return r;
}

}  // namespace

class TstTraceListModel : public QObject {
  Q_OBJECT

 private slots:
  void modelPassesTester();
  void displaysAndTypedRoles();
  void sortsNumerically_data();
  void sortsNumerically();
  void filterBarBuildsFilter();
  void panelQueriesWorkspace();
  void scatterFindsNearestPoint();
};

void TstTraceListModel::modelPassesTester() {
  TraceListModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setTraces(sampleTraces());
  QCOMPARE(model.rowCount(), 4);
  QCOMPARE(model.columnCount(), int(TraceListModel::ColumnCount));
  model.setTraces({});
  QCOMPARE(model.rowCount(), 0);
  model.setTraces(sampleTraces());

  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  proxy.setSortRole(TraceListModel::SortRole);
  QAbstractItemModelTester proxyTester(&proxy,
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
  proxy.sort(TraceListModel::DurationColumn);
  model.setTraces({sampleTraces()[1]});
  QCOMPARE(proxy.rowCount(), 1);
}

void TstTraceListModel::displaysAndTypedRoles() {
  TraceListModel model;
  model.setTraces(sampleTraces());
  const QModelIndex duration = model.index(1, TraceListModel::DurationColumn);
  QCOMPARE(duration.data().toString(), QStringLiteral("10 s"));
  QCOMPARE(duration.data(TraceListModel::SortRole).toULongLong(), 10'000'000'000ull);
  QCOMPARE(duration.data(TraceListModel::DurationNsRole).toULongLong(), 10'000'000'000ull);
  QCOMPARE(model.index(1, TraceListModel::ErrorsColumn).data().toInt(), 2);
  QCOMPARE(model.index(1, 0).data(TraceListModel::ErrorCountRole).toInt(), 2);
  QCOMPARE(model.index(1, 0).data(TraceListModel::TraceIdRole).toString(),
           QStringLiteral("00000000000000000000000000000002"));
  QCOMPARE(model.index(0, TraceListModel::ServicesColumn).data().toString(),
           QStringLiteral("frontend, db"));
  QCOMPARE(model.index(0, TraceListModel::RootOperationColumn).data().toString(),
           QStringLiteral("GET /"));
  // Local time with milliseconds.
  const QString start = model.index(0, TraceListModel::StartColumn).data().toString();
  QVERIFY2(
      QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}$"))
          .match(start)
          .hasMatch(),
      qPrintable(start));
  QCOMPARE(model.rowOf(sampleTraces()[3].traceId), 3);
  QCOMPARE(model.rowOf(TraceId{}), -1);
}

void TstTraceListModel::sortsNumerically_data() {
  QTest::addColumn<int>("column");
  QTest::addColumn<QStringList>("ascending");
  // Text sorting would put "10 s" before "2.5 ms" and "10" before "2"; the sort role must not.
  QTest::newRow("duration") << int(TraceListModel::DurationColumn)
                            << QStringList{QStringLiteral("50 µs"), QStringLiteral("2.5 ms"),
                                           QStringLiteral("900 ms"), QStringLiteral("10 s")};
  QTest::newRow("spans") << int(TraceListModel::SpansColumn)
                         << QStringList{QStringLiteral("2"), QStringLiteral("9"),
                                        QStringLiteral("10"), QStringLiteral("100")};
  QTest::newRow("errors") << int(TraceListModel::ErrorsColumn)
                          << QStringList{QStringLiteral("0"), QStringLiteral("0"),
                                         QStringLiteral("1"), QStringLiteral("2")};
  QTest::newRow("service") << int(TraceListModel::RootServiceColumn)
                           << QStringList{QStringLiteral("cart"), QStringLiteral("checkout"),
                                          QStringLiteral("frontend"), QStringLiteral("frontend")};
}

void TstTraceListModel::sortsNumerically() {
  QFETCH(int, column);
  QFETCH(QStringList, ascending);
  TraceListModel model;
  model.setTraces(sampleTraces());
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  proxy.setSortRole(TraceListModel::SortRole);
  proxy.sort(column, Qt::AscendingOrder);
  QCOMPARE(columnTexts(proxy, column), ascending);
  proxy.sort(column, Qt::DescendingOrder);
  QStringList descending = ascending;
  std::reverse(descending.begin(), descending.end());
  QCOMPARE(columnTexts(proxy, column), descending);
}

void TstTraceListModel::filterBarBuildsFilter() {
  TraceListPanel panel;
  panel.serviceBox()->addItem(QStringLiteral("checkout"));
  panel.serviceBox()->setCurrentIndex(1);
  panel.operationEdit()->setText(QStringLiteral(" POST /pay "));
  panel.minDurationEdit()->setText(QStringLiteral("100ms"));
  panel.maxDurationEdit()->setText(QStringLiteral("1.5s"));
  panel.errorsOnlyBox()->setChecked(true);
  panel.textEdit()->setText(QStringLiteral("alice"));
  auto filter = panel.currentFilter();
  QVERIFY(filter.has_value());
  QCOMPARE(QString::fromStdString(filter->service), QStringLiteral("checkout"));
  QCOMPARE(QString::fromStdString(filter->operation), QStringLiteral("POST /pay"));
  QCOMPARE(filter->minDurationNs, 100'000'000ull);
  QCOMPARE(filter->maxDurationNs, 1'500'000'000ull);
  QVERIFY(filter->errorsOnly);
  QCOMPARE(QString::fromStdString(filter->text), QStringLiteral("alice"));

  panel.serviceBox()->setCurrentIndex(0);  // "All services"
  panel.maxDurationEdit()->clear();
  filter = panel.currentFilter();
  QVERIFY(filter.has_value());
  QVERIFY(filter->service.empty());
  QCOMPARE(filter->maxDurationNs, 0ull);

  panel.minDurationEdit()->setText(QStringLiteral("fast"));
  QVERIFY(!panel.currentFilter().has_value());
}

void TstTraceListModel::panelQueriesWorkspace() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("list.sightline"));
  {
    Status status;
    auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    TraceWriter writer(*workspace, SourceDescription{"test", "test", "abc", 1});
    TraceBatch batch;
    batch.resources = {resource(1, "frontend"), resource(2, "payments")};
    ScopeRecord scope;
    scope.localId = 1;
    batch.scopes.push_back(scope);
    const std::uint64_t t0 = 1'700'000'000'000'000'000ull;
    // Trace 1: fast, no error. Trace 2: slow with a failing payments call. Trace 3: medium.
    batch.spans.push_back(span(1, 1, 0, "GET /", t0, t0 + 20'000'000, 1, StatusCode::Unset));
    batch.spans.push_back(
        span(2, 1, 0, "POST /pay", t0 + 1'000'000'000, t0 + 3'000'000'000, 1, StatusCode::Unset));
    batch.spans.push_back(
        span(2, 2, 1, "charge", t0 + 1'100'000'000, t0 + 2'900'000'000, 2, StatusCode::Error));
    batch.spans.push_back(
        span(3, 1, 0, "GET /cart", t0 + 2'000'000'000, t0 + 2'300'000'000, 1, StatusCode::Ok));
    QVERIFY(writer.consume(std::move(batch)).isOk());
    QVERIFY(writer.finish().isOk());
  }

  TraceListPanel panel;
  QSignalSpy loaded(&panel, &TraceListPanel::tracesLoaded);
  panel.setWorkspacePath(path);
  QVERIFY(loaded.wait(10000));
  QCOMPARE(loaded.last().at(0).toInt(), 3);
  QCOMPARE(panel.model()->rowCount(), 3);
  QCOMPARE(panel.scatter()->pointCount(), 3);
  // The service combo lists the workspace's services after "All services".
  QCOMPARE(panel.serviceBox()->count(), 3);
  QVERIFY(panel.serviceBox()->findText(QStringLiteral("payments")) > 0);

  // Newest first by default.
  QCOMPARE(panel.proxy()->index(0, TraceListModel::RootOperationColumn).data().toString(),
           QStringLiteral("GET /cart"));

  panel.errorsOnlyBox()->setChecked(true);
  QVERIFY(loaded.wait(10000));
  QCOMPARE(panel.model()->rowCount(), 1);
  QCOMPARE(panel.model()->traceAt(0).rootName, std::string("POST /pay"));
  QCOMPARE(panel.scatter()->pointCount(), 1);

  panel.errorsOnlyBox()->setChecked(false);
  QVERIFY(loaded.wait(10000));
  panel.minDurationEdit()->setText(QStringLiteral("100ms"));
  QVERIFY(loaded.wait(10000));
  QCOMPARE(panel.model()->rowCount(), 2);

  // Only the last of several quick changes is shown.
  panel.minDurationEdit()->clear();
  panel.serviceBox()->setCurrentIndex(panel.serviceBox()->findText(QStringLiteral("payments")));
  QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 1, 10000);
  QTRY_VERIFY(!panel.queryRunning());
  QCOMPARE(panel.model()->traceAt(0).rootName, std::string("POST /pay"));

  // Activating a row asks to open that trace.
  QSignalSpy activated(&panel, &TraceListPanel::traceActivated);
  emit panel.table()->doubleClicked(panel.proxy()->index(0, 0));
  QCOMPARE(activated.count(), 1);
  QCOMPARE(activated.first().at(0).value<TraceId>(), panel.model()->traceAt(0).traceId);

  // Enter on the current row does the same.
  panel.table()->setCurrentIndex(panel.proxy()->index(0, 1));
  QTest::keyClick(panel.table(), Qt::Key_Return);
  QCOMPARE(activated.count(), 2);
  QCOMPARE(activated.last().at(0).value<TraceId>(), panel.model()->traceAt(0).traceId);
}

void TstTraceListModel::scatterFindsNearestPoint() {
  LatencyScatter scatter;
  scatter.resize(600, 300);
  scatter.show();
  QVERIFY(QTest::qWaitForWindowExposed(&scatter));
  const auto traces = sampleTraces();
  scatter.setTraces(traces);
  QCOMPARE(scatter.pointCount(), 4);
  auto* plot = scatter.plot();
  for (int i = 0; i < 4; ++i) {
    const auto& trace = traces[size_t(i)];
    const double x = plot->xAxis->coordToPixel(double(trace.startUnixNano) / 1e9);
    const double y = plot->yAxis->coordToPixel(double(trace.durationNs) / 1e6);
    const QPoint pos = plot->mapTo(&scatter, QPoint(int(x) + 2, int(y) - 2));
    QCOMPARE(scatter.pointNear(pos), i);
  }
  QCOMPARE(scatter.pointNear(QPoint(1, 1)), -1);

  // A click on a point asks to open its trace.
  QSignalSpy clicked(&scatter, &LatencyScatter::traceClicked);
  const double x = plot->xAxis->coordToPixel(double(traces[2].startUnixNano) / 1e9);
  const double y = plot->yAxis->coordToPixel(double(traces[2].durationNs) / 1e6);
  QTest::mouseClick(plot, Qt::LeftButton, {}, QPoint(int(x), int(y)));
  QCOMPARE(clicked.count(), 1);
  QCOMPARE(clicked.first().at(0).value<TraceId>(), traces[2].traceId);
}

QTEST_MAIN(TstTraceListModel)
#include "tst_trace_list_model.moc"
