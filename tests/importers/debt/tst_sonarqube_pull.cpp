#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QtTest>

#include <atomic>
#include <functional>
#include <map>

#include "importers/debt/sonarqube_pull.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;
using Outcome = SonarQubePullResult::Outcome;

namespace {

struct HttpRequest {
  QByteArray method;
  QUrl url;
  std::map<QByteArray, QByteArray> headers;  // names in lower case
};

struct HttpResponse {
  int status = 200;
  QByteArray body;
  bool hang = false;  // never answer
};

// A SonarQube stand-in on 127.0.0.1, port chosen by the system: answers each request with
// what `handler` says. It runs on the test's thread: the pull's local event loop serves it.
class FakeSonarQube {
 public:
  std::function<HttpResponse(const HttpRequest&)> handler;
  std::vector<HttpRequest> requests;

  FakeSonarQube() {
    if (!m_server.listen(QHostAddress::LocalHost, 0))
      qFatal("cannot listen: %s", qPrintable(m_server.errorString()));
    QObject::connect(&m_server, &QTcpServer::newConnection, [this] { accept(); });
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(m_server.serverPort()) + "/sonar";
  }

 private:
  void accept() {
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
      QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
      QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
  }
  void read(QTcpSocket* socket) {
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
      return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    buffer.clear();
    HttpRequest request;
    const QList<QByteArray> first = lines.front().trimmed().split(' ');
    request.method = first.value(0);
    request.url = QUrl(QString::fromLatin1(first.value(1)));
    for (qsizetype i = 1; i < lines.size(); ++i) {
      const qsizetype colon = lines[i].indexOf(':');
      if (colon > 0)
        request.headers[lines[i].left(colon).trimmed().toLower()] =
            lines[i].mid(colon + 1).trimmed();
    }
    requests.push_back(request);
    const HttpResponse response = handler(request);
    if (response.hang)
      return;
    QByteArray reply = "HTTP/1.1 " + QByteArray::number(response.status) +
                       " X\r\nContent-Type: application/json\r\nContent-Length: " +
                       QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n" +
                       response.body;
    socket->write(reply);
    socket->disconnectFromHost();
  }

  QTcpServer m_server;
  std::map<QTcpSocket*, QByteArray> m_buffers;
};

QByteArray fixturePage(int page) {
  return QByteArray::fromStdString(
      fileText(debtShop("sonarqube/component_tree-page" + std::to_string(page) + ".json")));
}

// Serves the fixture pages by their `p`.
HttpResponse servePages(const HttpRequest& request) {
  const int page = QUrlQuery(request.url).queryItemValue(QStringLiteral("p")).toInt();
  if (page < 1 || page > 2)
    return {404, "{\"errors\":[{\"msg\":\"no such page\"}]}"};
  return {200, fixturePage(page)};
}

SonarQubePullRequest pullOf(const FakeSonarQube& server) {
  SonarQubePullRequest request;
  request.baseUrl = server.url();
  request.token = "squ_test_token";
  request.projectKey = "shop";
  request.metricKeys = {"coverage", "duplicated_lines_density", "ncloc", "vulnerabilities"};
  request.timeoutMs = 5000;
  return request;
}

}  // namespace

class TestSonarQubePull : public QObject {
  Q_OBJECT

 private slots:
  void pullsAllPagesIntoOneSource() {
    FakeSonarQube server;
    server.handler = servePages;
    TempWorkspace workspace;
    std::vector<std::pair<int, int>> progress;
    SonarQubePullRequest request = pullOf(server);
    request.onPage = [&](int fetched, int expected) { progress.emplace_back(fetched, expected); };
    const SonarQubePullResult result = pullSonarQube(*workspace, request);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(result.pages, at(expectedJson(), {"sonarqube", "component_tree_pages"}).toInt());
    QVERIFY(progress == (std::vector<std::pair<int, int>>{{1, 2}, {2, 2}}));
    // The project once, then every component.
    QCOMPARE(
        result.components,
        std::uint64_t(at(expectedJson(), {"sonarqube", "component_tree_components"}).toInt()) + 1);
    // What was asked, page after page.
    QCOMPARE(server.requests.size(), std::size_t(2));
    for (std::size_t i = 0; i < server.requests.size(); ++i) {
      const HttpRequest& asked = server.requests[i];
      QCOMPARE(asked.method, QByteArray("GET"));
      QCOMPARE(asked.url.path(), QStringLiteral("/sonar/api/measures/component_tree"));
      const QUrlQuery query(asked.url);
      QCOMPARE(query.queryItemValue(QStringLiteral("component")), QStringLiteral("shop"));
      QCOMPARE(query.queryItemValue(QStringLiteral("metricKeys")),
               QStringLiteral("coverage,duplicated_lines_density,ncloc,vulnerabilities"));
      QCOMPARE(query.queryItemValue(QStringLiteral("qualifiers")), QStringLiteral("DIR,FIL"));
      QCOMPARE(query.queryItemValue(QStringLiteral("ps")), QStringLiteral("500"));
      QCOMPARE(query.queryItemValue(QStringLiteral("p")), QString::number(i + 1));
      QCOMPARE(asked.headers.at("authorization"), QByteArray("Bearer squ_test_token"));
    }
    // One source: the URL without paging, the sha256 of the answers one after the other.
    const QByteArray both = fixturePage(1) + fixturePage(2);
    const std::string sha256 =
        QCryptographicHash::hash(both, QCryptographicHash::Sha256).toHex().toStdString();
    QCOMPARE(workspace.rows("SELECT path, kind, sha256, bytes FROM sources"),
             std::vector<std::string>{result.url + "|sonarqube-json|" + sha256 + "|" +
                                      std::to_string(both.size())});
    QVERIFY(result.url.find("p=") == std::string::npos);
    QVERIFY(result.url.find("squ_test_token") == std::string::npos);
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM debt_measures"), std::int64_t(result.measures));
    QCOMPARE(workspace.rows("SELECT kind, value FROM debt_measures WHERE path = 'shop' AND "
                            "metric = 'coverage'"),
             std::vector<std::string>{"project|62.0"});
    QVERIFY(workspace.count("SELECT COUNT(*) FROM debt_measures WHERE kind = 'file'") > 0);
    QVERIFY(workspace.count("SELECT COUNT(*) FROM debt_measures WHERE kind = 'directory'") > 0);

    // The same answers again: skipped.
    const SonarQubePullResult again = pullSonarQube(*workspace, pullOf(server));
    QCOMPARE(int(again.outcome), int(Outcome::Skipped));
    QCOMPARE(again.sourceId, result.sourceId);
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM sources"), std::int64_t(1));
  }

  void refusedToken() {
    FakeSonarQube server;
    server.handler = [](const HttpRequest&) { return HttpResponse{401, ""}; };
    TempWorkspace workspace;
    const auto before = workspace.tableCounts();
    const SonarQubePullResult result = pullSonarQube(*workspace, pullOf(server));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("SonarQube refused the token") != std::string::npos,
             result.error.c_str());
    QVERIFY(workspace.tableCounts() == before);
  }

  void serverErrors() {
    FakeSonarQube server;
    server.handler = [](const HttpRequest&) {
      return HttpResponse{404, "{\"errors\":[{\"msg\":\"Component key 'shop' not found\"}]}"};
    };
    TempWorkspace workspace;
    const SonarQubePullResult result = pullSonarQube(*workspace, pullOf(server));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("HTTP 404") != std::string::npos &&
                 result.error.find("Component key 'shop' not found") != std::string::npos,
             result.error.c_str());
  }

  // Page 1 is fine, page 2 is not JSON: nothing of page 1 is stored either.
  void badPageStoresNothing() {
    FakeSonarQube server;
    server.handler = [](const HttpRequest& request) {
      if (QUrlQuery(request.url).queryItemValue(QStringLiteral("p")) == u"1")
        return HttpResponse{200, fixturePage(1)};
      return HttpResponse{200, "<html>Gateway error</html>"};
    };
    TempWorkspace workspace;
    const auto before = workspace.tableCounts();
    const SonarQubePullResult result = pullSonarQube(*workspace, pullOf(server));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("page 2") != std::string::npos &&
                 result.error.find("invalid JSON") != std::string::npos,
             result.error.c_str());
    QCOMPARE(server.requests.size(), std::size_t(2));
    QVERIFY(workspace.tableCounts() == before);
  }

  void timeout() {
    FakeSonarQube server;
    server.handler = [](const HttpRequest&) { return HttpResponse{200, "", true}; };
    TempWorkspace workspace;
    const auto before = workspace.tableCounts();
    SonarQubePullRequest request = pullOf(server);
    request.timeoutMs = 300;
    QElapsedTimer timer;
    timer.start();
    const SonarQubePullResult result = pullSonarQube(*workspace, request);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("did not answer within 0.3 s") != std::string::npos,
             result.error.c_str());
    QVERIFY(timer.elapsed() < 3000);
    QVERIFY(workspace.tableCounts() == before);
  }

  // A server that claims an endless tree stops at the page cap, storing nothing.
  void pageCap() {
    FakeSonarQube server;
    server.handler = [](const HttpRequest&) {
      QByteArray page = fixturePage(2);
      page.replace("\"total\": 24", "\"total\": 100000");
      return HttpResponse{200, page};
    };
    TempWorkspace workspace;
    SonarQubePullRequest request = pullOf(server);
    request.maxPages = 3;
    const SonarQubePullResult result = pullSonarQube(*workspace, request);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("more than 3 pages") != std::string::npos, result.error.c_str());
    QCOMPARE(server.requests.size(), std::size_t(3));
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM sources"), std::int64_t(0));
  }

  void cancelled() {
    FakeSonarQube server;
    std::atomic<bool> cancel{false};
    server.handler = [&cancel](const HttpRequest& request) {
      if (QUrlQuery(request.url).queryItemValue(QStringLiteral("p")) == u"1")
        return HttpResponse{200, fixturePage(1)};
      cancel = true;  // the user gives up while page 2 is on its way
      return HttpResponse{200, "", true};
    };
    TempWorkspace workspace;
    SonarQubePullRequest request = pullOf(server);
    request.cancel = &cancel;
    const SonarQubePullResult result = pullSonarQube(*workspace, request);
    QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM sources"), std::int64_t(0));
  }

  void unreachableAndBadRequests() {
    TempWorkspace workspace;
    SonarQubePullRequest request;
    request.projectKey = "shop";
    request.metricKeys = {"coverage"};
    request.baseUrl = "ftp://example.com";
    QVERIFY(pullSonarQube(*workspace, request).error.find("http:// or https://") !=
            std::string::npos);
    request.baseUrl = "http://127.0.0.1:1";  // nothing listens there
    request.timeoutMs = 5000;
    const SonarQubePullResult result = pullSonarQube(*workspace, request);
    QVERIFY2(result.error.find("cannot reach SonarQube") != std::string::npos,
             result.error.c_str());
    request.metricKeys.clear();
    QVERIFY(pullSonarQube(*workspace, request).error.find("metric key") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestSonarQubePull)
#include "tst_sonarqube_pull.moc"
