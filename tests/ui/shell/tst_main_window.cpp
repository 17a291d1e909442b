#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metric_page.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_page.h"
#include "ui/profiles/top_table_model.h"
#include "ui/shell/gui_entry.h"
#include "ui/shell/import_controller.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"
#include "ui/traces/span_details_panel.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/trace_list_panel.h"
#include "ui/traces/trace_page.h"
#include "ui/traces/trace_statistics_model.h"
#include "ui/traces/waterfall_panel.h"

using namespace sightline;

namespace {

const QString kDataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js");
const QString kPprofDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof");
const QString kPromClientDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus/prom-client");

// Copies prom-client snapshots 1..count into `dir` with the modification times they were
// rendered at (git keeps no mtimes, and a file's mtime is its snapshot's time).
QStringList promClientSnapshots(const QTemporaryDir& dir, int count) {
  QFile timesFile(kPromClientDir + QStringLiteral("/snapshot-times.json"));
  if (!timesFile.open(QIODevice::ReadOnly))
    return {};
  const QJsonObject times = QJsonDocument::fromJson(timesFile.readAll()).object();
  QStringList files;
  for (int k = 1; k <= count; ++k) {
    const QString name = QStringLiteral("snapshot-%1.prom").arg(k);
    const QString copy = dir.filePath(name);
    if (!QFile::copy(kPromClientDir + QLatin1Char('/') + name, copy))
      return {};
    QFile file(copy);
    const qint64 ms = qint64(times[QStringLiteral("snapshot-%1").arg(k)].toDouble());
    if (!file.open(QIODevice::ReadWrite) ||
        !file.setFileTime(QDateTime::fromMSecsSinceEpoch(ms), QFileDevice::FileModificationTime)) {
      return {};
    }
    files << copy;
  }
  return files;
}

// A trace whose ids are the labels of go-pprof/cpu_labels.pb.gz: the checkout span and the
// payment span carry samples; the render span has none of its own (only its trace has).
const char kLabelledTrace[] = R"({"resourceSpans": [{
  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
  "scopeSpans": [{"scope": {"name": "test"}, "spans": [
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7",
     "name": "POST /checkout", "kind": 2,
     "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000001000000000"},
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "53995c3f42cd8ad8",
     "parentSpanId": "00f067aa0ba902b7", "name": "authorize payment", "kind": 3,
     "startTimeUnixNano": "1700000000100000000", "endTimeUnixNano": "1700000000400000000"},
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "1111111111111111",
     "parentSpanId": "00f067aa0ba902b7", "name": "render receipt", "kind": 1,
     "startTimeUnixNano": "1700000000500000000", "endTimeUnixNano": "1700000000900000000"}
  ]}]}]})";

int spanIndexOf(const LoadedTrace& trace, const char* hex) {
  for (size_t i = 0; i < trace.spans.size(); ++i) {
    if (trace.spans[i].spanId.toHex() == hex)
      return int(i);
  }
  return -1;
}

QJsonObject expectedFixture() {
  QFile file(kDataDir + QStringLiteral("/expected.json"));
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

// The expected trace with a given root operation.
QJsonObject expectedTrace(const QJsonObject& fixture, const QString& rootName) {
  for (const QJsonValue& trace : fixture.value(QStringLiteral("traces")).toArray()) {
    if (trace[QStringLiteral("root_name")].toString() == rootName)
      return trace.toObject();
  }
  return {};
}

int rowOfTrace(const TraceListPanel& list, const QString& hexId) {
  for (int row = 0; row < list.proxy()->rowCount(); ++row) {
    if (list.proxy()->index(row, 0).data(TraceListModel::TraceIdRole).toString() == hexId) {
      return row;
    }
  }
  return -1;
}

}  // namespace

class TstMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void importsListsAndOpensTrace();
  void selectingSpanShowsItsDetails();
  void reimportIsSkippedAndBadFileReported();
  void dropImportsAndCancelRollsBack();
  void recentFilesAreKeptInOrder();
  void controllerQueuesFilesAskedForWhileBusy();
  void importedProfilesShowOnTheProfilesPage();
  void spanOpensItsCpuTime();
  void importedMetricsShowOnTheMetricsPage();
  void screenshotRunWritesPng();
  void profileScreenshotRunsWritePng_data();
  void profileScreenshotRunsWritePng();
  void metricScreenshotRunsWritePng_data();
  void metricScreenshotRunsWritePng();

 private:
  QJsonObject m_fixture;
  RecentFiles m_recent;
  std::unique_ptr<MainWindow> m_window;
};

void TstMainWindow::initTestCase() {
  m_fixture = expectedFixture();
  QVERIFY(!m_fixture.isEmpty());
  m_window = std::make_unique<MainWindow>(&m_recent);
  m_window->resize(1400, 900);
  QString error;
  QVERIFY2(m_window->openScratchWorkspace(&error), qPrintable(error));
  QVERIFY(m_window->windowTitle().contains(QStringLiteral("scratch workspace")));
  m_window->show();
}

void TstMainWindow::importsListsAndOpensTrace() {
  const int traceCount = m_fixture.value(QStringLiteral("trace_count")).toInt();
  QVERIFY(traceCount > 0);
  QSignalSpy finished(m_window.get(), &MainWindow::importsFinished);
  QSignalSpy loaded(m_window->traceList(), &TraceListPanel::tracesLoaded);
  m_window->importFiles({kDataDir + QStringLiteral("/traces.otlp.pb")});
  QVERIFY(m_window->importController()->isRunning());
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.first().at(0).toBool(), true);
  QVERIFY(m_window->lastImportErrors().isEmpty());
  QTRY_COMPARE_WITH_TIMEOUT(m_window->traceList()->model()->rowCount(), traceCount, 10000);

  // Open the checkout trace the way a user does: double-click its row.
  const QJsonObject expected = expectedTrace(m_fixture, QStringLiteral("POST /api/checkout"));
  QVERIFY(!expected.isEmpty());
  const int row =
      rowOfTrace(*m_window->traceList(), expected[QStringLiteral("trace_id")].toString());
  QVERIFY(row >= 0);
  QSignalSpy shown(m_window->tracePage(), &TracePage::traceShown);
  emit m_window->traceList()->table()->doubleClicked(m_window->traceList()->proxy()->index(row, 1));
  QVERIFY(shown.wait(10000));
  QCOMPARE(m_window->pages()->currentWidget(), m_window->tracePage());

  TracePage* page = m_window->tracePage();
  QVERIFY(page->trace());
  QCOMPARE(int(page->trace()->spans.size()), expected[QStringLiteral("span_count")].toInt());
  QVERIFY(page->headerText().contains(QStringLiteral("POST /api/checkout")));
  QVERIFY(page->headerText().contains(expected[QStringLiteral("trace_id")].toString()));

  // The root is selected on open, so its details are on screen.
  SpanDetailsPanel* details = page->details();
  QCOMPARE(details->valueOf(QStringLiteral("Span"), QStringLiteral("Name")),
           QStringLiteral("POST /api/checkout"));
  QCOMPARE(details->valueOf(QStringLiteral("Span"), QStringLiteral("Service")),
           QStringLiteral("frontend"));
  QCOMPARE(details->valueOf(QStringLiteral("Span"), QStringLiteral("Kind")),
           QStringLiteral("SERVER"));
  QCOMPARE(details->valueOf(QStringLiteral("Span"), QStringLiteral("Span id")),
           expected[QStringLiteral("root_span_id")].toString());
  const QJsonObject attributes =
      expected[QStringLiteral("spans")].toArray().at(0)[QStringLiteral("attributes")].toObject();
  QCOMPARE(details->valueOf(QStringLiteral("Attributes"), QStringLiteral("http.route")),
           attributes[QStringLiteral("http.route")][QStringLiteral("value")].toString());
  QCOMPARE(details->valueOf(QStringLiteral("Attributes"), QStringLiteral("app.cart.items")),
           attributes[QStringLiteral("app.cart.items")][QStringLiteral("value")].toString());
  QCOMPARE(details->valueOf(QStringLiteral("Attributes"), QStringLiteral("app.express_shipping")),
           QStringLiteral("false"));
  const QString skus =
      details->valueOf(QStringLiteral("Attributes"), QStringLiteral("app.cart.skus"));
  QVERIFY2(skus.contains(QStringLiteral("SKU-1002")) && skus.contains(QStringLiteral("SKU-3177")),
           qPrintable(skus));
  QCOMPARE(details->valueOf(QStringLiteral("Resource"), QStringLiteral("service.name")),
           QStringLiteral("frontend"));

  // Statistics cover every span exactly once.
  qulonglong counted = 0;
  for (const auto& row : page->statisticsModel()->statistics())
    counted += row.count;
  QCOMPARE(int(counted), expected[QStringLiteral("span_count")].toInt());
}

void TstMainWindow::selectingSpanShowsItsDetails() {
  TracePage* page = m_window->tracePage();
  QVERIFY(page->trace());
  // Pick a span with events (the failing payment, if this trace has one) or else any child.
  int target = 1;
  for (size_t i = 0; i < page->trace()->spans.size(); ++i) {
    if (page->trace()->spans[i].statusCode == StatusCode::Error)
      target = int(i);
  }
  page->waterfall()->selectSpan(target);
  const LoadedSpan& span = page->trace()->spans[size_t(target)];
  QCOMPARE(page->details()->valueOf(QStringLiteral("Span"), QStringLiteral("Name")),
           QString::fromStdString(span.name));
  QCOMPARE(page->details()->valueOf(QStringLiteral("Span"), QStringLiteral("Parent span id")),
           QString::fromStdString(span.parentSpanId.toHex()));
}

void TstMainWindow::reimportIsSkippedAndBadFileReported() {
  const int before = m_window->traceList()->model()->rowCount();
  QTemporaryDir dir;
  const QString bad = dir.filePath(QStringLiteral("not-otlp.bin"));
  {
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is certainly not an OTLP export\n");
  }
  QSignalSpy finished(m_window.get(), &MainWindow::importsFinished);
  QSignalSpy results(m_window->importController(), &ImportController::finished);
  m_window->importFiles({kDataDir + QStringLiteral("/traces.otlp.pb"), bad});
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.first().at(0).toBool(), false);
  const auto outcomes = results.first().at(0).value<QList<FileImportResult>>();
  QCOMPARE(outcomes.size(), 2);
  QCOMPARE(int(outcomes[0].outcome), int(FileImportResult::Outcome::Skipped));
  QCOMPARE(int(outcomes[1].outcome), int(FileImportResult::Outcome::Failed));
  QCOMPARE(m_window->lastImportErrors().size(), 1);
  QVERIFY(m_window->lastImportErrors().first().contains(QStringLiteral("not-otlp.bin")));
  QTest::qWait(200);
  QTRY_VERIFY(!m_window->traceList()->queryRunning());
  QCOMPARE(m_window->traceList()->model()->rowCount(), before);
}

void TstMainWindow::dropImportsAndCancelRollsBack() {
  const QString demo =
      QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/shop-traces.otlp.pb.gz");
  if (!QFile::exists(demo))
    QSKIP("the demo data set is not there");
  const int before = m_window->traceList()->model()->rowCount();

  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(demo)});
  QSignalSpy results(m_window->importController(), &ImportController::finished);
  QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &drop);
  QVERIFY(m_window->importController()->isRunning());
  // Cancel before the worker can get far: the file must leave no trace in the workspace.
  m_window->importController()->cancel();
  QVERIFY(results.wait(60000));
  const auto outcomes = results.first().at(0).value<QList<FileImportResult>>();
  QCOMPARE(outcomes.size(), 1);
  QCOMPARE(int(outcomes[0].outcome), int(FileImportResult::Outcome::Cancelled));
  QTest::qWait(200);
  QTRY_VERIFY(!m_window->traceList()->queryRunning());
  QCOMPARE(m_window->traceList()->model()->rowCount(), before);

  // Dropped again without cancelling, it is imported.
  QSignalSpy finished(m_window.get(), &MainWindow::importsFinished);
  // Qt delivers a drop to the target of the last drag-enter, so the drag starts over.
  QDragEnterEvent enterAgain(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &enterAgain);
  QDropEvent again(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(m_window.get(), &again);
  QVERIFY(m_window->importController()->isRunning());
  QVERIFY(finished.wait(120000));
  QCOMPARE(finished.first().at(0).toBool(), true);
  QTRY_VERIFY_WITH_TIMEOUT(m_window->traceList()->model()->rowCount() > before, 10000);
}

void TstMainWindow::recentFilesAreKeptInOrder() {
  // The imports above went to the recent list, newest first, without duplicates.
  const QStringList entries = m_recent.entries();
  QVERIFY(entries.size() >= 2);
  QCOMPARE(
      entries.count(QFileInfo(kDataDir + QStringLiteral("/traces.otlp.pb")).absoluteFilePath()), 1);
  RecentFiles small({QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/a")}, 3);
  QCOMPARE(small.entries(), (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
  small.add(QStringLiteral("/c"));
  small.add(QStringLiteral("/d"));
  small.add(QStringLiteral("/b"));
  QCOMPARE(small.entries(),
           (QStringList{QStringLiteral("/b"), QStringLiteral("/d"), QStringLiteral("/c")}));
}

void TstMainWindow::controllerQueuesFilesAskedForWhileBusy() {
  QTemporaryDir dir;
  ImportController controller;
  controller.setWorkspacePath(dir.filePath(QStringLiteral("queue.sightline")));
  QSignalSpy started(&controller, &ImportController::started);
  QSignalSpy fileFinished(&controller, &ImportController::fileFinished);
  QSignalSpy finished(&controller, &ImportController::finished);
  controller.importFiles({kDataDir + QStringLiteral("/traces.otlp.json")});
  controller.importFiles({kDataDir + QStringLiteral("/traces.otlp.pb.gz"),
                          dir.filePath(QStringLiteral("missing.pb"))});
  QVERIFY(controller.waitForFinished(120000));
  // One run from the caller's point of view: a single finished signal with every file.
  QCOMPARE(finished.count(), 1);
  QCOMPARE(fileFinished.count(), 3);
  QCOMPARE(started.count(), 2);
  const auto results = finished.first().at(0).value<QList<FileImportResult>>();
  QCOMPARE(results.size(), 3);
  QCOMPARE(int(results[0].outcome), int(FileImportResult::Outcome::Imported));
  QCOMPARE(int(results[0].spans), m_fixture.value(QStringLiteral("span_count")).toInt());
  // The same spans in another encoding are a different file: imported, duplicates skipped.
  QVERIFY(results[1].outcome != FileImportResult::Outcome::Failed);
  QCOMPARE(int(results[2].outcome), int(FileImportResult::Outcome::Failed));
  QVERIFY(QString::fromStdString(results[2].error).contains(QStringLiteral("missing.pb")));
}

void TstMainWindow::importedProfilesShowOnTheProfilesPage() {
  // The workspace holds traces but no profile: importing one switches to the Profiles page.
  QVERIFY(m_window->traceList()->model()->rowCount() > 0);
  QCOMPARE(m_window->profilePage()->profileCount(), 0);
  m_window->pages()->setCurrentWidget(m_window->traceList());
  QSignalSpy finished(m_window.get(), &MainWindow::importsFinished);
  QSignalSpy shown(m_window->profilePage(), &ProfilePage::treesShown);
  m_window->importFiles({kPprofDir + QStringLiteral("/cpu.pb.gz")});
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.first().at(0).toBool(), true);
  // The decoded profile's trees are usually on screen before the import has stored it.
  QVERIFY(!shown.isEmpty() || shown.wait(10000));
  QCOMPARE(m_window->pages()->currentWidget(), m_window->profilePage());
  QCOMPARE(m_window->pages()->tabText(m_window->pages()->currentIndex()),
           QStringLiteral("Profiles"));
  ProfilePage* page = m_window->profilePage();
  QTRY_COMPARE_WITH_TIMEOUT(page->profileCount(), 1, 10000);  // listed after the import
  QVERIFY(page->flameGraph()->callTree());
  QVERIFY(page->flameGraph()->callTree()->total() > 0);
  QVERIFY(page->topModel()->rowCount() > 0);

  // A second profile does not take the user away from the page they are on.
  m_window->pages()->setCurrentWidget(m_window->traceList());
  QSignalSpy listed(page, &ProfilePage::profilesListed);
  m_window->importFiles({kPprofDir + QStringLiteral("/heap.pb.gz")});
  QVERIFY(finished.wait(60000));
  QTRY_COMPARE_WITH_TIMEOUT(page->profileCount(), 2, 10000);
  QTest::qWait(100);
  QCOMPARE(m_window->pages()->currentWidget(), m_window->traceList());
}

void TstMainWindow::spanOpensItsCpuTime() {
  QTemporaryDir dir;
  const QString traceFile = dir.filePath(QStringLiteral("labelled-trace.otlp.json"));
  {
    QFile file(traceFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kLabelledTrace);
  }
  QSignalSpy finished(m_window.get(), &MainWindow::importsFinished);
  m_window->importFiles({traceFile, kPprofDir + QStringLiteral("/cpu_labels.pb.gz")});
  QVERIFY(finished.wait(60000));
  QVERIFY2(finished.first().at(0).toBool(), qPrintable(m_window->lastImportErrors().join(u'\n')));

  TracePage* tracePage = m_window->tracePage();
  QSignalSpy traceShown(tracePage, &TracePage::traceShown);
  m_window->openTrace(*TraceId::fromHex("4bf92f3577b34da6a3ce929d0e0e4736"));
  QVERIFY(traceShown.wait(10000));
  const LoadedTrace& trace = *tracePage->trace();

  // The payment span has samples of its own.
  tracePage->waterfall()->selectSpan(spanIndexOf(trace, "53995c3f42cd8ad8"));
  QTRY_VERIFY_WITH_TIMEOUT(!tracePage->cpuTimeLookupRunning(), 10000);
  QVERIFY(tracePage->cpuTimeLink());
  QVERIFY(tracePage->cpuTimeLink()->bySpan);
  QVERIFY(tracePage->details()->cpuTimeButton()->isEnabled());
  QVERIFY(tracePage->waterfall()->cpuTimeAction()->isEnabled());

  // The render span has none: its trace's samples stand in.
  tracePage->waterfall()->selectSpan(spanIndexOf(trace, "1111111111111111"));
  QTRY_VERIFY_WITH_TIMEOUT(!tracePage->cpuTimeLookupRunning(), 10000);
  QVERIFY(tracePage->cpuTimeLink());
  QVERIFY(!tracePage->cpuTimeLink()->bySpan);

  // The checkout span's button opens the profile with only its samples.
  tracePage->waterfall()->selectSpan(spanIndexOf(trace, "00f067aa0ba902b7"));
  QTRY_VERIFY_WITH_TIMEOUT(!tracePage->cpuTimeLookupRunning(), 10000);
  QVERIFY(tracePage->cpuTimeLink() && tracePage->cpuTimeLink()->bySpan);
  ProfilePage* page = m_window->profilePage();
  QSignalSpy shown(page, &ProfilePage::treesShown);
  tracePage->details()->cpuTimeButton()->click();
  QCOMPARE(m_window->pages()->currentWidget(), page);
  QVERIFY(shown.wait(10000));
  const CallTree* tree = page->flameGraph()->callTree();
  QVERIFY(tree && tree->total() > 0);
  // Names may be shared with the whole profile; the nodes are what the graph draws.
  bool checkout = false, compaction = false;
  for (size_t i = 1; i < tree->nodes.size(); ++i) {
    const std::string& name = tree->names[tree->nodes[i].name];
    checkout = checkout || (name == "main.handleCheckout" && tree->nodes[i].total > 0);
    compaction = compaction || (name == "main.backgroundCompaction" && tree->nodes[i].total > 0);
  }
  QVERIFY(checkout);
  QVERIFY(!compaction);

  // A trace whose ids no sample carries offers nothing.
  const QJsonObject expected = expectedTrace(m_fixture, QStringLiteral("POST /api/checkout"));
  m_window->openTrace(
      *TraceId::fromHex(expected[QStringLiteral("trace_id")].toString().toStdString()));
  QVERIFY(traceShown.wait(10000));
  QTRY_VERIFY_WITH_TIMEOUT(!tracePage->cpuTimeLookupRunning(), 10000);
  QVERIFY(!tracePage->cpuTimeLink());
  QVERIFY(!tracePage->details()->cpuTimeButton()->isEnabled());
  QVERIFY(!tracePage->waterfall()->cpuTimeAction()->isEnabled());
}

void TstMainWindow::importedMetricsShowOnTheMetricsPage() {
  // The workspace holds traces and profiles but no metrics: importing scrapes switches to the
  // Metrics page, which opens the request counter as a rate.
  MetricPage* page = m_window->metricPage();
  QCOMPARE(page->familyCount(), 0);
  m_window->pages()->setCurrentWidget(m_window->traceList());
  QTemporaryDir dir;
  const QStringList files = promClientSnapshots(dir, 2);
  QCOMPARE(files.size(), 2);
  QSignalSpy finished(m_window.get(), &MainWindow::importsFinished);
  QSignalSpy shown(page, &MetricPage::familyShown);
  m_window->importFiles(files);
  QVERIFY(finished.wait(60000));
  QVERIFY2(finished.first().at(0).toBool(), qPrintable(m_window->lastImportErrors().join(u'\n')));
  QVERIFY(shown.wait(10000));
  QCOMPARE(m_window->pages()->currentWidget(), page);
  QCOMPARE(m_window->pages()->tabText(m_window->pages()->currentIndex()),
           QStringLiteral("Metrics"));
  QVERIFY(page->familyCount() > 10);
  QCOMPARE(page->snapshotCount(), 2);
  QVERIFY(page->familyData());
  QCOMPARE(page->familyData()->family.name, std::string("http_requests_total"));
  QCOMPARE(page->chartMode(), ChartMode::Rate);
  const ChartData& chart = page->chart()->chart();
  QVERIFY(!chart.lines.empty());
  // Two snapshots: one rate per series, at the second snapshot's time.
  for (const ChartLine& line : chart.lines)
    QCOMPARE(line.y.size(), std::size_t(1));

  // More scrapes of the same service keep the user where they are.
  m_window->pages()->setCurrentWidget(m_window->traceList());
  QTemporaryDir more;
  const QStringList later = promClientSnapshots(more, 3);
  m_window->importFiles({later.last()});
  QVERIFY(finished.wait(60000));
  QTRY_COMPARE_WITH_TIMEOUT(page->snapshotCount(), 3, 10000);
  QTest::qWait(100);
  QCOMPARE(m_window->pages()->currentWidget(), m_window->traceList());
}

void TstMainWindow::screenshotRunWritesPng() {
  QTemporaryDir dir;
  GuiOptions options;
  options.files = {kDataDir + QStringLiteral("/traces.otlp.json")};
  options.screenshotPath = dir.filePath(QStringLiteral("waterfall.png"));
  options.view = QStringLiteral("waterfall");
  const int code = runGui(*qApp, options);
  QCOMPARE(code, 0);
  QImage image(options.screenshotPath);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), QSize(1600, 1000));
}

void TstMainWindow::profileScreenshotRunsWritePng_data() {
  QTest::addColumn<QString>("view");
  QTest::newRow("flame") << QStringLiteral("flame");
  QTest::newRow("sandwich") << QStringLiteral("sandwich");
  QTest::newRow("diff") << QStringLiteral("diff");
}

void TstMainWindow::profileScreenshotRunsWritePng() {
  QFETCH(QString, view);
  QTemporaryDir dir;
  GuiOptions options;
  options.files = {kPprofDir + QStringLiteral("/cpu_before.pb.gz"),
                   kPprofDir + QStringLiteral("/cpu_after.pb.gz")};
  options.screenshotPath = dir.filePath(view + QStringLiteral(".png"));
  options.view = view;
  QVERIFY(isGuiView(view));
  const int code = runGui(*qApp, options);
  QCOMPARE(code, 0);
  QImage image(options.screenshotPath);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), QSize(1600, 1000));
}

void TstMainWindow::metricScreenshotRunsWritePng_data() {
  QTest::addColumn<QString>("view");
  QTest::newRow("metrics") << QStringLiteral("metrics");
  QTest::newRow("metrics-histogram") << QStringLiteral("metrics-histogram");
  QTest::newRow("red") << QStringLiteral("red");
}

void TstMainWindow::metricScreenshotRunsWritePng() {
  QFETCH(QString, view);
  QTemporaryDir dir;
  GuiOptions options;
  options.files = promClientSnapshots(dir, 3);
  QCOMPARE(options.files.size(), 3);
  options.screenshotPath = dir.filePath(view + QStringLiteral(".png"));
  options.view = view;
  QVERIFY(isGuiView(view));
  const int code = runGui(*qApp, options);
  QCOMPARE(code, 0);
  QImage image(options.screenshotPath);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), QSize(1600, 1000));
}

QTEST_MAIN(TstMainWindow)
#include "tst_main_window.moc"
