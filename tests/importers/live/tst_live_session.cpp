#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "importers/live/http_library.h"
#include "importers/live/live_session.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> sourcePaths(const std::string& path) {
  Status status;
  auto workspace = Workspace::open(path, Workspace::Mode::ReadOnly, &status);
  std::vector<std::string> paths;
  if (!workspace)
    return paths;
  StoreStatement query(workspace->db(), "SELECT path FROM sources ORDER BY id");
  while (query.step())
    paths.push_back(query.columnText(0));
  return paths;
}

int storedSpans(const std::string& path) {
  Status status;
  auto workspace = Workspace::open(path, Workspace::Mode::ReadOnly, &status);
  if (!workspace)
    return -1;
  StoreStatement count(workspace->db(), "SELECT count(*) FROM spans");
  return count.step() ? count.columnInt(0) : -1;
}

}  // namespace

class TestLiveSession : public QObject {
  Q_OBJECT
 private slots:
  void addressesParseAndFormat() {
    LiveListenAddress a;
    QVERIFY(parseListenAddress("127.0.0.1:0", 4318, &a));
    QCOMPARE(a.host, std::string("127.0.0.1"));
    QCOMPARE(a.port, 0);
    QVERIFY(parseListenAddress(":9000", 4318, &a));
    QCOMPARE(a.host, std::string("127.0.0.1"));
    QCOMPARE(a.port, 9000);
    QVERIFY(parseListenAddress("localhost", 4317, &a));
    QCOMPARE(a.host, std::string("localhost"));
    QCOMPARE(a.port, 4317);
    QVERIFY(parseListenAddress("[::1]:4318", 1, &a));
    QCOMPARE(a.host, std::string("::1"));
    QCOMPARE(a.port, 4318);
    QCOMPARE(formatListenAddress(a), std::string("[::1]:4318"));
    QVERIFY(parseListenAddress("::1", 4318, &a));  // a bare IPv6 address has no port
    QCOMPARE(a.host, std::string("::1"));
    QCOMPARE(a.port, 4318);
    QVERIFY(!parseListenAddress("127.0.0.1:http", 1, &a));
    QVERIFY(!parseListenAddress("127.0.0.1:65536", 1, &a));
    QVERIFY(!parseListenAddress("127.0.0.1:-1", 1, &a));
  }

  void receivesIntoTheWorkspaceAndKeepsTotalsAfterStop() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
    LiveSession session(path);
    LiveSessionConfig config;
    config.otlpHttp = LiveListenAddress{"127.0.0.1", 0};
    config.otlpGrpc = LiveListenAddress{"127.0.0.1", 0};
    const Status started = session.start(config);
    QVERIFY2(started, started.message().c_str());
    QVERIFY(session.running());
    const std::string url = session.otlpHttpUrl();
    QVERIFY2(url.rfind("http://127.0.0.1:", 0) == 0 && !url.ends_with(":0"), url.c_str());
    const std::string grpc = session.otlpGrpcAddress();
    QVERIFY2(grpc.rfind("127.0.0.1:", 0) == 0 && !grpc.ends_with(":0"), grpc.c_str());

    httplib::Client client(url);
    const std::string body = readFile(SIGHTLINE_TEST_DATA_DIR "/otel-js/traces.otlp.pb");
    auto answer = client.Post("/v1/traces", body, "application/x-protobuf");
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QCOMPARE(client.Post("/v1/traces", "{", "application/json")->status, 400);

    const LiveTotals running = session.totals();
    QCOMPARE(running.requests, std::uint64_t(2));
    QCOMPARE(running.rejected, std::uint64_t(1));
    QVERIFY(running.spans > 0);
    session.stop();
    QVERIFY(!session.running());
    QVERIFY(session.otlpHttpUrl().empty());
    const LiveTotals stopped = session.totals();
    QCOMPARE(stopped.spans, running.spans);
    QCOMPARE(stopped.requests, running.requests);
    QCOMPARE(storedSpans(path), static_cast<int>(running.spans));
    // The sources name the port the receiver got; those nothing was sent to are gone.
    QCOMPARE(sourcePaths(path), std::vector<std::string>{"otlp-http://" + url.substr(7)});
  }

  void aPortInUseNamesTheAddressAndStartsNothing() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
    LiveSession first(path);
    LiveSessionConfig config;
    config.otlpHttp = LiveListenAddress{"127.0.0.1", 0};
    QVERIFY(first.start(config));
    LiveListenAddress taken;
    QVERIFY(parseListenAddress(first.otlpHttpUrl().substr(7), 0, &taken));

    LiveSession second(path);
    config.otlpHttp = taken;
    const Status refused = second.start(config);
    QVERIFY(!refused);
    QVERIFY2(refused.message().find(formatListenAddress(taken)) != std::string::npos,
             refused.message().c_str());
    QVERIFY2(refused.message().find("in use") != std::string::npos, refused.message().c_str());
    QVERIFY(!second.running());
    first.stop();
    // Neither the failed start nor the unused receiver left a source behind.
    QCOMPARE(sourcePaths(path), std::vector<std::string>{});

    const int free = findFreePort("127.0.0.1");
    QVERIFY(free > 0);
    QVERIFY(free != taken.port);
    config.otlpHttp->port = free;
    QVERIFY(second.start(config));
  }

  void aRemoteAddressNeedsPermission() {
    QTemporaryDir dir;
    LiveSession session(dir.filePath(QStringLiteral("w.sightline")).toStdString());
    LiveSessionConfig config;
    config.otlpHttp = LiveListenAddress{"0.0.0.0", 0};
    const Status refused = session.start(config);
    QVERIFY(!refused);
    QVERIFY2(refused.message().find("loopback") != std::string::npos, refused.message().c_str());
    QVERIFY(!session.running());
  }
};

QTEST_GUILESS_MAIN(TestLiveSession)
#include "tst_live_session.moc"
