#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "importers/live/http_library.h"
#include "model/store/workspace.h"
#include "model/store/workspace_setting.h"
#include "ui/live/live_page.h"

using namespace sightline;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

QString createWorkspace(const QTemporaryDir& dir) {
  const QString path = dir.filePath(QStringLiteral("w.sightline"));
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
  return workspace ? path : QString();
}

}  // namespace

class TestLivePage : public QObject {
  Q_OBJECT
 private slots:
  void startsReceivesReportsAndStops() {
    QTemporaryDir dir;
    LivePage page;
    page.setRefreshIntervalMs(0);
    QVERIFY(!page.startButton()->isEnabled());  // no workspace yet
    page.setWorkspacePath(createWorkspace(dir), false);
    QVERIFY(page.startButton()->isEnabled());
    page.httpAddressEdit()->setText(QStringLiteral("127.0.0.1:0"));
    page.grpcAddressEdit()->setText(QStringLiteral("127.0.0.1:0"));
    QSignalSpy running(&page, &LivePage::runningChanged);
    QSignalSpy arrived(&page, &LivePage::dataArrived);
    QVERIFY(page.start(false));
    QCOMPARE(running.count(), 1);
    QVERIFY(!page.httpAddressEdit()->isEnabled());
    QCOMPARE(page.startButton()->text(), QStringLiteral("Stop"));
    // The snippets name the port actually bound, not 0.
    const QString state = page.stateLabel()->text();
    QVERIFY2(state.contains(QLatin1String("http://127.0.0.1:")), qPrintable(state));
    QVERIFY(!page.sdkSnippetView()->toPlainText().contains(QLatin1String(":0\n")));
    const QString snippet = page.sdkSnippetView()->toPlainText();
    const qsizetype at = snippet.indexOf(QLatin1String("http://127.0.0.1:"));
    QVERIFY(at >= 0);
    const QString url = snippet.mid(at, snippet.indexOf(QLatin1Char('\n'), at) - at);

    httplib::Client client(url.toStdString());
    const std::string body = readFile(SIGHTLINE_TEST_DATA_DIR "/otel-js/traces.otlp.pb");
    auto answer = client.Post("/v1/traces", body, "application/x-protobuf");
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    // The page samples once a second and then tells the window to refresh.
    QTRY_VERIFY_WITH_TIMEOUT(arrived.count() >= 1, 5000);
    const QList<QVariant> first = arrived.first();
    QVERIFY(first.at(1).toBool());   // spans
    QVERIFY(!first.at(2).toBool());  // no points
    QVERIFY(page.totals().spans > 0);
    QTRY_VERIFY_WITH_TIMEOUT(page.countersLabel()->text().contains(QLatin1String("1 requests")),
                             5000);

    page.stop();
    QCOMPARE(running.count(), 2);
    QCOMPARE(page.startButton()->text(), QStringLiteral("Start"));
    QVERIFY(page.httpAddressEdit()->isEnabled());
    QVERIFY(page.stateLabel()->text().startsWith(QLatin1String("Stopped after")));
  }

  void theApiKeyIsKeptInTheWorkspaceAndRequired() {
    QTemporaryDir dir;
    const QString path = createWorkspace(dir);
    QString key;
    {
      LivePage page;
      page.setWorkspacePath(path, false);
      QVERIFY(page.apiKeyEdit()->text().isEmpty());
      page.apiKeyBox()->setChecked(true);
      key = page.apiKeyEdit()->text();
      QCOMPARE(key.size(), 32);
      QVERIFY(page.collectorSnippetView()->toPlainText().contains(key));
    }
    LivePage page;
    page.setWorkspacePath(path, false);
    QCOMPARE(page.apiKeyEdit()->text(), key);
    QVERIFY(page.apiKeyBox()->isChecked());
    page.httpAddressEdit()->setText(QStringLiteral("127.0.0.1:0"));
    page.grpcAddressEdit()->setText(QStringLiteral("127.0.0.1:0"));
    QVERIFY(page.start(false));
    const QString state = page.stateLabel()->text();
    const qsizetype at = state.indexOf(QLatin1String("http://"));
    httplib::Client client(state.mid(at).section(QLatin1Char(','), 0, 0).toStdString());
    const std::string body = readFile(SIGHTLINE_TEST_DATA_DIR "/otel-js/traces.otlp.pb");
    auto refused = client.Post("/v1/traces", body, "application/x-protobuf");
    QVERIFY(refused);
    QCOMPARE(refused->status, 401);
    httplib::Headers headers{{"x-api-key", key.toStdString()}};
    auto accepted = client.Post("/v1/traces", headers, body, "application/x-protobuf");
    QVERIFY(accepted);
    QCOMPARE(accepted->status, 200);
  }

  // The pull targets are kept in the workspace: listed again when it is opened next (also
  // read-only), a removed one stays removed, and one given again is listed once.
  void pullTargetsAreKeptInTheWorkspace() {
    QTemporaryDir dir;
    const QString path = createWorkspace(dir);
    const QString scrape = QStringLiteral("http://127.0.0.1:9100/metrics,5s");
    const QString pprof = QStringLiteral("http://127.0.0.1:6060/debug/pprof/");
    const QString gone = QStringLiteral("http://127.0.0.1:9200/metrics");
    {
      LivePage page;
      page.setWorkspacePath(path, false);
      QCOMPARE(page.targetTable()->rowCount(), 0);
      QVERIFY(page.addTarget(LiveTargetHealth::Kind::Scrape, scrape));
      QVERIFY(page.addTarget(LiveTargetHealth::Kind::Scrape, gone));
      QVERIFY(page.addTarget(LiveTargetHealth::Kind::Pprof, pprof));
      page.removeTarget(1);
      QCOMPARE(page.targetTable()->rowCount(), 2);
    }
    auto urls = [](const LivePage& page) {
      QStringList out;
      for (int row = 0; row < page.targetTable()->rowCount(); ++row)
        out << page.targetTable()->item(row, 0)->text() + QLatin1Char(' ') +
                   page.targetTable()->item(row, 1)->text() + QLatin1Char(' ') +
                   page.targetTable()->item(row, 2)->text();
      return out;
    };
    const QStringList expected = {QStringLiteral("Prometheus http://127.0.0.1:9100/metrics 5 s"),
                                  QStringLiteral("pprof http://127.0.0.1:6060/debug/pprof/ 60 s")};
    LivePage page;
    page.setWorkspacePath(path, false);
    QCOMPARE(urls(page), expected);
    QVERIFY(page.addTarget(LiveTargetHealth::Kind::Scrape, scrape));
    QCOMPARE(urls(page), expected);
    LivePage readOnly;
    readOnly.setWorkspacePath(path, true);
    QCOMPARE(urls(readOnly), expected);
    // Another workspace has its own list.
    QTemporaryDir other;
    page.setWorkspacePath(createWorkspace(other), false);
    QCOMPARE(page.targetTable()->rowCount(), 0);
  }

  void aStoppedTargetShowsRedWithoutADialog() {
    QTemporaryDir dir;
    LivePage page;
    page.setWorkspacePath(createWorkspace(dir), false);
    page.httpEnabledBox()->setChecked(false);
    page.grpcEnabledBox()->setChecked(false);
    QString error;
    QVERIFY(!page.addTarget(LiveTargetHealth::Kind::Scrape, QStringLiteral(",15s"), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(page.targetTable()->rowCount(), 0);
    // Nothing listens on the port findFreePort just released.
    const int closed = findFreePort("127.0.0.1");
    QVERIFY(page.addTarget(LiveTargetHealth::Kind::Scrape,
                           QStringLiteral("http://127.0.0.1:%1/metrics,200ms").arg(closed)));
    QCOMPARE(page.targetTable()->item(0, 2)->text(), QStringLiteral("0.2 s"));
    QVERIFY(page.start(false));
    QTRY_VERIFY_WITH_TIMEOUT(page.targetTable()->item(0, 3)->text().contains(QLatin1String("down")),
                             5000);
    QVERIFY(!page.targetTable()->item(0, 5)->text().isEmpty());
    QCOMPARE(page.targetTable()->item(0, 3)->foreground().color(), QColor(0xb0, 0x00, 0x20));
    // Failed scrapes still store up = 0 for the target.
    QTRY_VERIFY_WITH_TIMEOUT(page.totals().points > 0, 5000);
    QVERIFY(page.totals().errors > 0);
    page.stop();
  }

  void aReadOnlyWorkspaceCannotReceive() {
    QTemporaryDir dir;
    LivePage page;
    page.setWorkspacePath(createWorkspace(dir), true);
    QVERIFY(!page.startButton()->isEnabled());
    QVERIFY(!page.start(false));
  }

  void aRemoteAddressWarns() {
    QTemporaryDir dir;
    LivePage page;
    page.setWorkspacePath(createWorkspace(dir), false);
    page.httpAddressEdit()->setText(QStringLiteral("0.0.0.0:0"));
    page.grpcEnabledBox()->setChecked(false);
    QVERIFY(!page.start(false));
    QVERIFY(page.stateLabel()->text().contains(QLatin1String("loopback")));
  }
};

QTEST_MAIN(TestLivePage)
#include "tst_live_page.moc"
