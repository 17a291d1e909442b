// The main window's import summary in the status bar: what an import stored, and the spans
// it skipped because another source of the workspace already holds them.
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "ui/shell/import_controller.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"

using namespace sightline;

namespace {

const QString kDataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js");

int fixtureSpanCount() {
  QFile file(kDataDir + QStringLiteral("/expected.json"));
  if (!file.open(QIODevice::ReadOnly))
    return -1;
  return QJsonDocument::fromJson(file.readAll())
      .object()
      .value(QStringLiteral("span_count"))
      .toInt();
}

}  // namespace

class TstImportSummary : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    m_window = std::make_unique<MainWindow>(&m_recent);
    QString error;
    QVERIFY2(m_window->openScratchWorkspace(&error), qPrintable(error));
  }

  void reportsStoredSpans() {
    const int spans = fixtureSpanCount();
    QVERIFY(spans > 0);
    const QList<FileImportResult> results = import(kDataDir + QStringLiteral("/traces.otlp.json"));
    QCOMPARE(results.size(), 1);
    QCOMPARE(int(results[0].spans), spans);
    QCOMPARE(int(results[0].duplicateSpans), 0);
    QCOMPARE(m_window->statusText(), QStringLiteral("Imported 1 file(s) (%1 span(s))").arg(spans));
  }

  // The same export as protobuf: a new file, every span of which is already stored.
  void reportsDuplicateSpans() {
    const int spans = fixtureSpanCount();
    const QList<FileImportResult> results = import(kDataDir + QStringLiteral("/traces.otlp.pb"));
    QCOMPARE(results.size(), 1);
    QCOMPARE(int(results[0].outcome), int(FileImportResult::Outcome::Imported));
    QCOMPARE(int(results[0].spans), 0);
    QCOMPARE(int(results[0].duplicateSpans), spans);
    QCOMPARE(
        m_window->statusText(),
        QStringLiteral("Imported 1 file(s) (0 span(s), %1 duplicate span(s) skipped)").arg(spans));
  }

 private:
  QList<FileImportResult> import(const QString& file) {
    QSignalSpy finished(m_window->importController(), &ImportController::finished);
    QSignalSpy summarised(m_window.get(), &MainWindow::importsFinished);
    m_window->importFiles({file});
    if (!summarised.wait(60000) || finished.isEmpty())
      return {};
    return finished.first().at(0).value<QList<FileImportResult>>();
  }

  RecentFiles m_recent;
  std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TstImportSummary)
#include "tst_import_summary.moc"
