#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <ctime>
#include <fstream>

#include "importers/core/file_importer.h"
#include "importers/live/pprof_pull_store.h"
#include "importers/live/pprof_puller.h"
#include "model/profiles/profile_queries.h"
#include "pull_test_server.h"

using namespace sightline;
using namespace sightline::test;
using namespace std::chrono_literals;

namespace {

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

// What must be equal between a pulled profile and a file import of the same bytes.
std::string summaryText(const ProfileSummary& profile) {
  std::string text = profile.kind + " time=" + std::to_string(profile.timeNanos) +
                     " duration=" + std::to_string(profile.durationNanos) +
                     " samples=" + std::to_string(profile.sampleCount) +
                     " stacks=" + std::to_string(profile.stackCount) +
                     " default=" + std::to_string(profile.defaultSampleType);
  for (std::size_t i = 0; i < profile.sampleTypes.size(); ++i) {
    text += " " + profile.sampleTypes[i].type + "/" + profile.sampleTypes[i].unit + "=" +
            std::to_string(profile.totals.at(i));
  }
  return text;
}

// Waits (at most `limit`) until `done` holds.
template <typename Done>
bool waitUntil(Done done, std::chrono::milliseconds limit = 4000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end)
      return false;
    QThread::msleep(5);
  }
  return true;
}

const char* const kCaptures[][2] = {
    {"/debug/pprof/profile", "pprof-profile-seconds-1"},
    {"/debug/pprof/heap", "pprof-heap-seconds-1"},
    {"/debug/pprof/allocs", "pprof-allocs-seconds-1"},
    {"/debug/pprof/mutex", "pprof-mutex-seconds-1"},
    {"/debug/pprof/block", "pprof-block-seconds-1"},
    {"/debug/pprof/goroutine", "pprof-goroutine"},
};

const std::vector<PprofProfile> kAll = {PprofProfile::Cpu,    PprofProfile::Heap,
                                        PprofProfile::Allocs, PprofProfile::Mutex,
                                        PprofProfile::Block,  PprofProfile::Goroutine};

}  // namespace

class TestPprofPuller : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<QTemporaryDir> m_dir;
  std::unique_ptr<Workspace> m_workspace;

  Workspace& workspace() { return *m_workspace; }

 private slots:
  void initTestCase() {
    // The source names carry the local time of the pull.
    qputenv("TZ", "UTC");
    tzset();
  }

  void init() {
    m_dir = std::make_unique<QTemporaryDir>();
    Status status;
    m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("w.sightline")).toStdString(),
                                  Workspace::Mode::ReadWrite, &status);
    QVERIFY2(m_workspace, status.message().c_str());
  }

  void cleanup() {
    m_workspace.reset();
    m_dir.reset();
  }

  void profilePaths_data() {
    QTest::addColumn<QString>("profile");
    QTest::addColumn<bool>("deltas");
    QTest::addColumn<QString>("path");
    QTest::newRow("cpu") << "cpu" << true << "profile?seconds=10";
    QTest::newRow("cpu without deltas") << "cpu" << false << "profile?seconds=10";
    QTest::newRow("heap delta") << "heap" << true << "heap?seconds=10";
    QTest::newRow("heap total") << "heap" << false << "heap";
    QTest::newRow("allocs delta") << "allocs" << true << "allocs?seconds=10";
    QTest::newRow("mutex delta") << "mutex" << true << "mutex?seconds=10";
    QTest::newRow("block total") << "block" << false << "block";
    QTest::newRow("goroutine") << "goroutine" << true << "goroutine";
  }
  void profilePaths() {
    QFETCH(QString, profile);
    QFETCH(bool, deltas);
    QFETCH(QString, path);
    const auto parsed = parsePprofProfile(profile.toStdString());
    QVERIFY(parsed);
    QCOMPARE(QString::fromStdString(PprofPuller::profilePath(*parsed, 10, deltas)), path);
    QCOMPARE(QString::fromLatin1(pprofProfileName(*parsed)), profile);
  }

  void sourceNames() {
    const std::int64_t at = 1796652300000;  // 2026-12-07 14:05:00 UTC
    QCOMPARE(PprofPuller::profileSourceName(PprofProfile::Cpu, 10, true, at, "127.0.0.1:9090"),
             std::string("cpu 10 s @ 14:05:00 from 127.0.0.1:9090"));
    QCOMPARE(PprofPuller::profileSourceName(PprofProfile::Allocs, 5, true, at, "h:1"),
             std::string("allocs 5 s @ 14:05:00 from h:1"));
    QCOMPARE(PprofPuller::profileSourceName(PprofProfile::Heap, 5, false, at, "h:1"),
             std::string("heap @ 14:05:00 from h:1"));
    QCOMPARE(PprofPuller::profileSourceName(PprofProfile::Goroutine, 5, true, at, "h:1"),
             std::string("goroutine @ 14:05:00 from h:1"));
    QVERIFY(!parsePprofProfile("trace"));
  }

  // One round of all six profiles from the Prometheus server's captured answers: the
  // requests Go's handlers expect, one source per profile named after it, each stored as a
  // file import of the same bytes stores it.
  void pullsEveryProfile() {
    PullTestServer server;
    for (const auto& [path, capture] : kCaptures)
      server.serve(path, loadCapturedAnswer(capture));
    PprofPullOptions options;
    options.baseUrl = server.url("/debug/pprof/");
    options.profiles = kAll;
    options.seconds = 1;
    options.userAgent = "Sightline/test";
    PprofPuller puller(workspace(), options);
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return puller.health().attempts == 6; }));
    puller.stop();

    const auto requests = server.requests();
    QCOMPARE(requests.size(), std::size_t(6));
    for (const RecordedRequest& request : requests) {
      const auto secondsParam = request.params.find("seconds");
      if (request.path == "/debug/pprof/goroutine")
        QVERIFY(secondsParam == request.params.end());
      else
        QCOMPARE(secondsParam->second, std::string("1"));
      QCOMPARE(request.headers.find("User-Agent")->second, std::string("Sightline/test"));
    }
    const PullHealth health = puller.health();
    QCOMPARE(health.state, PullState::Up);
    QCOMPARE(health.stored, std::uint64_t(6));
    QCOMPARE(health.failures, std::uint64_t(0));
    QCOMPARE(health.target, options.baseUrl);
    QCOMPARE(puller.profileHealth().size(), std::size_t(6));

    // The same bytes imported as files, into the same workspace.
    for (const auto& [path, capture] : kCaptures) {
      const FileImportResult imported = importFile(workspace(), kLiveTargets + capture + ".body");
      QCOMPARE(imported.outcome, FileImportResult::Outcome::Imported);
    }
    const auto profiles = listProfiles(workspace());
    QCOMPARE(profiles.size(), std::size_t(12));
    const QRegularExpression name(
        QStringLiteral(
            "^(cpu 1 s|heap 1 s|allocs 1 s|mutex 1 s|block 1 s|goroutine) @ \\d\\d:\\d\\d:\\d\\d "
            "from 127\\.0\\.0\\.1:%1$")
            .arg(server.port()));
    for (std::size_t i = 0; i < 6; ++i) {
      const ProfileSummary& pulled = profiles[i];
      QVERIFY2(name.match(QString::fromStdString(pulled.sourcePath)).hasMatch(),
               pulled.sourcePath.c_str());
      const std::string kind = pulled.sourcePath.substr(0, pulled.sourcePath.find(' '));
      const std::string capture = kind == "cpu"         ? "pprof-profile-seconds-1"
                                  : kind == "goroutine" ? "pprof-goroutine"
                                                        : "pprof-" + kind + "-seconds-1";
      const auto file = std::find_if(profiles.begin() + 6, profiles.end(), [&](const auto& p) {
        return p.sourcePath.ends_with("/" + capture + ".body");
      });
      QVERIFY(file != profiles.end());
      QCOMPARE(summaryText(pulled), summaryText(*file));
      QVERIFY(pulled.sourceId != file->sourceId);
    }
  }

  // Go's pprof handler answers errors with X-Go-Pprof and a line of text: it goes into
  // health(), nothing is stored.
  void goPprofErrorsInHealth_data() {
    QTest::addColumn<QString>("capture");
    QTest::addColumn<QString>("error");
    QTest::newRow("cpu in use (500)") << "pprof-error-cpu-in-use"
                                      << "cpu: HTTP status 500 Internal Server Error: Could not "
                                         "enable CPU profiling: cpu profiling already in use";
    QTest::newRow("unknown (404)") << "pprof-error-unknown"
                                   << "cpu: HTTP status 404 Not Found: Unknown profile";
    QTest::newRow("bad parameters (400)")
        << "pprof-error-seconds-debug"
        << "cpu: HTTP status 400 Bad Request: seconds and debug params are incompatible";
  }
  void goPprofErrorsInHealth() {
    QFETCH(QString, capture);
    QFETCH(QString, error);
    PullTestServer server;
    server.serve("/debug/pprof/profile", loadCapturedAnswer(capture.toStdString()));
    PprofPullOptions options;
    options.baseUrl = server.url("/debug/pprof/");
    options.profiles = {PprofProfile::Cpu};
    PprofPuller puller(workspace(), options);
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return puller.health().attempts == 1; }));
    puller.stop();
    const PullHealth health = puller.health();
    QCOMPARE(health.state, PullState::Down);
    QCOMPARE(QString::fromStdString(health.lastError), error);
    QCOMPARE(health.consecutiveFailures, std::uint64_t(1));
    QCOMPARE(health.stored, std::uint64_t(0));
    QVERIFY(listProfiles(workspace()).empty());
  }

  void otherFailuresInHealth_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("500 without X-Go-Pprof")
        << 500 << "oops"
        << "goroutine: server returned HTTP status 500 Internal Server Error";
    QTest::newRow("not a profile") << 200 << "<html>pprof index</html>"
                                   << "goroutine: bad answer: the answer is not a profile";
  }
  void otherFailuresInHealth() {
    QFETCH(int, status);
    QFETCH(QString, body);
    QFETCH(QString, error);
    PullTestServer server;
    CapturedAnswer answer;
    answer.status = status;
    answer.contentType = "text/plain";
    answer.body = body.toStdString();
    server.serve("/debug/pprof/goroutine", answer);
    PprofPullOptions options;
    options.baseUrl = server.url("");  // no path: /debug/pprof/ is meant
    options.profiles = {PprofProfile::Goroutine};
    PprofPuller puller(workspace(), options);
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return puller.health().attempts == 1; }));
    puller.stop();
    QCOMPARE(server.requests().at(0).path, std::string("/debug/pprof/goroutine"));
    QCOMPARE(QString::fromStdString(puller.health().lastError), error);
    QVERIFY(listProfiles(workspace()).empty());
  }

  void stoppedTargetIsDown() {
    PprofPullOptions options;
    options.baseUrl = "http://127.0.0.1:" + std::to_string(closedPort()) + "/debug/pprof/";
    options.profiles = {PprofProfile::Heap, PprofProfile::Goroutine};
    PprofPuller puller(workspace(), options);
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return puller.health().attempts == 2; }));
    puller.stop();
    const PullHealth health = puller.health();
    QCOMPARE(health.state, PullState::Down);
    QVERIFY2(health.lastError.find(": cannot connect to 127.0.0.1:") != std::string::npos,
             health.lastError.c_str());
    for (const PprofProfileHealth& profile : puller.profileHealth()) {
      QCOMPARE(profile.health.state, PullState::Down);
      QCOMPARE(profile.health.failures, std::uint64_t(1));
    }
  }

  // The timeout is 1.5 × seconds + the margin: a server slower than that is given up on.
  void timeoutIsEnforced() {
    PullTestServer server;
    server.serve("/debug/pprof/profile", loadCapturedAnswer("pprof-profile-seconds-1"), 4000ms);
    PprofPullOptions options;
    options.baseUrl = server.url("/debug/pprof/");
    options.profiles = {PprofProfile::Cpu};
    options.seconds = 1;
    options.timeoutMargin = 0ms;
    PprofPuller puller(workspace(), options);
    const auto start = std::chrono::steady_clock::now();
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return puller.health().attempts == 1; }));
    const double took = seconds(std::chrono::steady_clock::now() - start);
    puller.stop();
    QVERIFY2(took > 1.45 && took < 2.0, std::to_string(took).c_str());
    QCOMPARE(puller.health().lastError, std::string("cpu: timed out after 1.5 s"));
    QVERIFY(puller.health().lastDurationSeconds >= 1.45);
  }

  // Every 200 ms: three goroutine profiles on the timetable, then a prompt stop.
  void pullsOnSchedule() {
    PullTestServer server;
    server.serve("/debug/pprof/goroutine", loadCapturedAnswer("pprof-goroutine"));
    PprofPullOptions options;
    options.baseUrl = server.url("/debug/pprof/");
    options.profiles = {PprofProfile::Goroutine};
    options.every = 200ms;
    PprofPuller puller(workspace(), options);
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return puller.health().stored >= 3; }));
    const auto stopping = std::chrono::steady_clock::now();
    puller.stop();
    QVERIFY(seconds(std::chrono::steady_clock::now() - stopping) < 0.1);
    const auto requests = server.requests();
    QVERIFY(requests.size() >= 3 && requests.size() <= 4);
    for (std::size_t i = 1; i < 3; ++i) {
      const double gap = seconds(requests[i].arrived - requests[i - 1].arrived);
      QVERIFY2(gap > 0.15 && gap < 0.35, std::to_string(gap).c_str());
    }
    // Identical bytes each time, each pull kept as its own source.
    const auto profiles = listProfiles(workspace());
    QCOMPARE(profiles.size(), std::size_t(puller.health().stored));
    QVERIFY(profiles[0].sourceId != profiles[1].sourceId);
  }

  // stop() during a pull ends it at once: nothing stored, not counted.
  void stopDuringAPull() {
    PullTestServer server;
    server.serve("/debug/pprof/profile", loadCapturedAnswer("pprof-profile-seconds-1"), 3000ms);
    PprofPullOptions options;
    options.baseUrl = server.url("/debug/pprof/");
    options.profiles = {PprofProfile::Cpu};
    PprofPuller puller(workspace(), options);
    QVERIFY(puller.start());
    QVERIFY(waitUntil([&] { return server.requests().size() == 1; }));
    const auto stopping = std::chrono::steady_clock::now();
    puller.stop();
    QVERIFY(seconds(std::chrono::steady_clock::now() - stopping) < 0.5);
    QCOMPARE(puller.health().state, PullState::Never);
    QVERIFY(listProfiles(workspace()).empty());
  }

  void badOptionsAreRefused_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<bool>("noProfiles");
    QTest::addColumn<QString>("error");
    QTest::newRow("url") << "localhost:6060" << 10 << false << "not an http:// or https:// URL";
    QTest::newRow("seconds") << "http://h:1/" << 0 << false << "at least 1 s";
    QTest::newRow("profiles") << "http://h:1/" << 10 << true << "no profile selected";
  }
  void badOptionsAreRefused() {
    QFETCH(QString, url);
    QFETCH(int, seconds);
    QFETCH(bool, noProfiles);
    QFETCH(QString, error);
    PprofPullOptions options;
    options.baseUrl = url.toStdString();
    options.seconds = seconds;
    if (noProfiles)
      options.profiles.clear();
    PprofPuller puller(workspace(), options);
    const Status started = puller.start();
    QVERIFY(!started);
    QVERIFY2(started.message().find(error.toStdString()) != std::string::npos,
             started.message().c_str());
  }

  // The memory import path on its own: a gzip profile stored under the given name.
  void storesFromMemory() {
    const std::string body = readBytes(kLiveTargets + "pprof-heap.body");
    const PulledProfileResult result = storePulledProfile(workspace(), "heap @ now", body);
    QVERIFY2(result.decoded, result.decoded.message().c_str());
    QVERIFY2(result.stored, result.stored.message().c_str());
    QCOMPARE(result.profiles, std::uint64_t(1));
    QVERIFY(result.samples > 0);
    const auto profiles = listProfiles(workspace());
    QCOMPARE(profiles.size(), std::size_t(1));
    QCOMPARE(profiles[0].sourcePath, std::string("heap @ now"));
    QCOMPARE(profiles[0].kind, std::string("pprof"));
    const PulledProfileResult truncated =
        storePulledProfile(workspace(), "cut", body.substr(0, body.size() / 2));
    QVERIFY(!truncated.decoded);
    QCOMPARE(listProfiles(workspace()).size(), std::size_t(1));
  }
};

QTEST_GUILESS_MAIN(TestPprofPuller)
#include "tst_pprof_puller.moc"
