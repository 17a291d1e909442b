// End-to-end test of `sightline serve`: the real binary on 127.0.0.1 at a port of its own, a
// real OTLP/HTTP client, SIGTERM, and the spans it acknowledged read back from the workspace.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include "importers/live/http_library.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

QJsonObject nextJsonLine(QProcess& process, int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (!process.canReadLine() && timer.elapsed() < timeoutMs)
    process.waitForReadyRead(100);
  return QJsonDocument::fromJson(process.readLine()).object();
}

}  // namespace

class TestCliServeProcess : public QObject {
  Q_OBJECT

 private slots:
  void receivesUntilSigterm() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("live.sightline"));
    QProcess serve;
    serve.start(QStringLiteral(SIGHTLINE_BINARY),
                {QStringLiteral("serve"), QStringLiteral("--db"), db, QStringLiteral("--otlp-http"),
                 QStringLiteral("127.0.0.1:0"), QStringLiteral("--json")});
    QVERIFY(serve.waitForStarted());
    const QJsonObject listening = nextJsonLine(serve, 20000);
    QCOMPARE(listening.value(QLatin1String("event")).toString(), QStringLiteral("listening"));
    const QString url = listening.value(QLatin1String("otlp_http")).toString();
    QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(url));
    const int port = url.mid(url.lastIndexOf(QLatin1Char(':')) + 1).toInt();
    QVERIFY(port > 0);

    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    const std::string body = readFile(SIGHTLINE_TEST_DATA_DIR "/otel-js/traces.otlp.pb");
    auto result = client.Post("/v1/traces", body, "application/x-protobuf");
    QVERIFY(result);
    QCOMPARE(result->status, 200);
    QCOMPARE(client.Post("/v1/traces", "x", "text/plain")->status, 415);

    serve.terminate();  // SIGTERM
    QVERIFY(serve.waitForFinished(20000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    QJsonObject summary;
    for (const QByteArray& line : serve.readAllStandardOutput().split('\n')) {
      const QJsonObject object = QJsonDocument::fromJson(line).object();
      if (object.value(QLatin1String("event")).toString() == QLatin1String("stopped"))
        summary = object;
    }
    QVERIFY(!summary.isEmpty());
    QCOMPARE(summary.value(QLatin1String("requests")).toInt(), 2);
    QCOMPARE(summary.value(QLatin1String("rejected")).toInt(), 1);
    const int spans = summary.value(QLatin1String("spans")).toInt();
    QVERIFY(spans > 10);

    Status status;
    auto workspace = Workspace::open(db.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY2(workspace, status.message().c_str());
    StoreStatement count(workspace->db(), "SELECT count(*) FROM spans");
    QVERIFY(count.step());
    QCOMPARE(count.columnInt(0), spans);
    StoreStatement source(workspace->db(), "SELECT kind, path FROM sources");
    QVERIFY(source.step());
    QCOMPARE(source.columnText(0), std::string("live"));
  }
};

QTEST_GUILESS_MAIN(TestCliServeProcess)
#include "tst_cli_serve_process.moc"
