#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "model/metrics/live_metric_writer.h"
#include "model/metrics/metric_queries.h"
#include "model/store/store_statement.h"
#include "tests/model/metrics/tst_metric_store_fixture.h"

using namespace sightline;
using namespace sightline::test;

namespace {

constexpr const char* kChildFlag = "--live-metric-writer-child";
constexpr std::int64_t kT0 = 1'700'000'000'000;

// Reads through a connection of its own, as another process would.
std::int64_t countOnSecondConnection(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    StoreStatement q(db, sql);
    if (q.step())
      n = q.columnInt(0);
  }
  sqlite3_close_v2(db);
  return n;
}

std::string valueText(double v) {
  if (std::isnan(v))
    return "NaN";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// Everything the metric queries (the CLI's `metrics`, the GUI's charts) show of a
// workspace: families with their counts, every series and its points over time.
std::string queryView(Workspace& ws) {
  std::string out;
  Status status;
  for (const auto& family : listMetricFamilies(ws, &status)) {
    out += family.name + " " + metricTypeName(family.type) + " help=" + family.help +
           " unit=" + family.unit + " series=" + std::to_string(family.series) +
           " latest=" + std::to_string(family.latestSamples) + "\n";
    for (const auto& series : listFamilySeries(ws, family.id, &status)) {
      out += "  " + series.name + canonicalLabelText(series.labels) + ":";
      for (const auto& point : loadSeriesPoints(ws, series.id, &status))
        out += " " + std::to_string(point.timeMs - kT0) + "=" + valueText(point.value);
      out += "\n";
    }
  }
  if (!status)
    out += "error: " + status.message();
  return out;
}

// An OTLP-like submission: samples grouped by instant (timestampsAreSnapshots), one gauge
// and one counter series per instant given.
MetricBatch instantBatch(const std::vector<std::int64_t>& instants, double scale,
                         const std::string& job = "api") {
  MetricBatch batch;
  batch.timestampsAreSnapshots = true;
  batch.newFamilies = {metricFamily("queue_depth", MetricType::Gauge, "Depth.", ""),
                       metricFamily("jobs", MetricType::Counter, "Jobs done.", "")};
  for (const std::int64_t t : instants) {
    batch.samples.push_back(
        metricSample(0, "queue_depth", {{"job", job}}, static_cast<double>(t - kT0) * scale, t));
    batch.samples.push_back(
        metricSample(1, "jobs_total", {{"job", job}}, static_cast<double>(t - kT0) * 2, t));
  }
  return batch;
}

LiveMetricSubmission submission(std::vector<MetricBatch> batches, std::int64_t defaultTimeMs,
                                std::uint64_t bytes = 100) {
  LiveMetricSubmission s;
  s.batches = std::move(batches);
  s.defaultTimeMs = defaultTimeMs;
  s.bytes = bytes;
  return s;
}

// Waits for a number of acks.
class AckLatch {
 public:
  void arrive(const LiveMetricAck& ack) {
    std::lock_guard lock(m_mutex);
    m_acks.push_back(ack);
    m_cv.notify_all();
  }
  bool wait(std::size_t n, int ms = 10000) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_acks.size() >= n; });
  }
  std::vector<LiveMetricAck> acks() {
    std::lock_guard lock(m_mutex);
    return m_acks;
  }
  LiveMetricWriter::Callback callback() {
    return [this](const LiveMetricAck& ack) { arrive(ack); };
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<LiveMetricAck> m_acks;
};

// The child of killedWriterKeepsAckedSubmissions: submits scrape i at time kT0 + i seconds,
// forever, printing "acked i" for each acknowledged one, until it is killed.
int runChild(const std::string& path) {
  Status status;
  auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  if (!workspace)
    return 2;
  LiveMetricWriterOptions options;
  options.commitInterval = std::chrono::milliseconds(20);
  LiveMetricWriter writer(*workspace, "test://child", options);
  if (!writer.openStatus())
    return 3;
  std::printf("ready\n");
  std::fflush(stdout);
  for (std::uint32_t i = 1;; ++i) {
    auto onCommitted = [i](const LiveMetricAck& ack) {
      if (ack.status) {
        std::printf("acked %u\n", i);
        std::fflush(stdout);
      }
    };
    while (writer.submit(submission({serviceScrape(i)}, kT0 + i * 1000, 10), onCommitted) ==
           LiveSubmit::Behind)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

class TestLiveMetricWriter : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  int m_counter = 0;

  std::string newPath() {
    return m_dir.filePath(QStringLiteral("m%1.sightline").arg(++m_counter)).toStdString();
  }

 private slots:
  // Three scrapes submitted live read exactly like three scrape files imported.
  void scrapesReadLikeFileImports() {
    const std::string livePath = newPath();
    auto live = openWorkspace(livePath);
    auto files = openWorkspace(newPath());
    QVERIFY(live && files);
    {
      LiveMetricWriter writer(*live, "scrape http://127.0.0.1:9100/metrics");
      QVERIFY2(writer.openStatus(), writer.openStatus().message().c_str());
      AckLatch latch;
      for (int i = 1; i <= 3; ++i) {
        QCOMPARE(writer.submit(submission({serviceScrape(i)}, kT0 + i * 15000, 1000 + i),
                               latch.callback()),
                 LiveSubmit::Accepted);
      }
      QVERIFY(latch.wait(3));
      for (const auto& ack : latch.acks()) {
        QVERIFY(ack.status.isOk());
        QCOMPARE(ack.points, 13u);
        QCOMPARE(ack.duplicates, 0u);
      }
      QCOMPARE(latch.acks()[0].newSeries + latch.acks()[1].newSeries + latch.acks()[2].newSeries,
               13u);
      const auto counters = writer.counters();
      QCOMPARE(counters.submissions, 3u);
      QCOMPARE(counters.points, 39u);
      QCOMPARE(counters.snapshots, 3u);
      writer.close();
    }
    for (int i = 1; i <= 3; ++i) {
      Status s =
          storeMetrics(*files, "scrape" + std::to_string(i), {serviceScrape(i)}, kT0 + i * 15000);
      QVERIFY2(s, s.message().c_str());
    }
    const std::string liveView = queryView(*live);
    QVERIFY(liveView.find("http_requests counter") != std::string::npos);
    QCOMPARE(liveView, queryView(*files));

    // One live source of three snapshots, its bytes the sum of the submissions'.
    QCOMPARE(countOnSecondConnection(livePath, "SELECT count(*) FROM sources"), 1);
    QCOMPARE(
        countOnSecondConnection(livePath,
                                "SELECT bytes FROM sources WHERE kind = 'live' AND path = 'scrape "
                                "http://127.0.0.1:9100/metrics'"),
        3006);
    const auto snapshots = listMetricSnapshots(*live);
    QCOMPARE(snapshots.size(), std::size_t(3));
    for (int i = 0; i < 3; ++i)
      QCOMPARE(snapshots[i].timeMs, kT0 + (i + 1) * 15000);
  }

  // An exposition sample's own timestamp sets its snapshot's time, as in a file; samples
  // without one take the submission's defaultTimeMs.
  void explicitTimestampsSetTheSnapshotTime() {
    auto live = openWorkspace(newPath());
    QVERIFY(live);
    LiveMetricWriter writer(*live, "scrape http://x/metrics");
    MetricBatch stamped;
    stamped.newFamilies = {metricFamily("up", MetricType::Gauge)};
    stamped.samples = {metricSample(0, "up", {}, 1, kT0 + 777)};
    AckLatch latch;
    writer.submit(submission({serviceScrape()}, kT0 + 5, 1), latch.callback());
    writer.submit(submission({std::move(stamped)}, kT0 + 9, 1), latch.callback());
    writer.flush();
    QVERIFY(latch.wait(2));
    const auto snapshots = listMetricSnapshots(*live);
    QCOMPARE(snapshots.size(), std::size_t(2));
    QCOMPARE(snapshots[0].timeMs, kT0 + 5);
    QCOMPARE(snapshots[1].timeMs, kT0 + 777);
  }

  // OTLP-like submissions: points of one instant share one snapshot of the source even when
  // they arrive in different submissions and commits; a resent request is stored once.
  void instantsAreSharedAndResendsSkipped() {
    const std::string livePath = newPath();
    auto live = openWorkspace(livePath);
    auto files = openWorkspace(newPath());
    QVERIFY(live && files);
    LiveMetricWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(5);
    LiveMetricWriter writer(*live, "otlp-http://127.0.0.1:4318/v1/metrics", options);
    AckLatch latch;
    const std::int64_t a = kT0 + 10000, b = kT0 + 20000, c = kT0 + 30000;
    writer.submit(submission({instantBatch({a, b}, 1, "api")}, 0), latch.callback());
    QVERIFY(latch.wait(1));
    // Another commit: the same instants for another job, a new instant, and a resend.
    writer.submit(submission({instantBatch({b, c}, 1, "db")}, 0), latch.callback());
    writer.submit(submission({instantBatch({a, b}, 1, "api")}, 0), latch.callback());
    QVERIFY(latch.wait(3));
    const auto acks = latch.acks();
    QCOMPARE(acks[0].points, 4u);
    QCOMPARE(acks[1].points, 4u);
    QCOMPARE(acks[2].points, 0u);
    QCOMPARE(acks[2].duplicates, 4u);
    QCOMPARE(writer.counters().duplicates, 4u);
    QCOMPARE(writer.counters().snapshots, 3u);
    writer.close();

    QCOMPARE(countOnSecondConnection(livePath, "SELECT count(*) FROM metric_snapshots"), 3);
    QCOMPARE(countOnSecondConnection(livePath, "SELECT count(*) FROM metric_points"), 8);
    // The per-family counts of the shared snapshot add up across commits.
    QCOMPARE(countOnSecondConnection(livePath,
                                     "SELECT sum(samples) FROM metric_snapshot_families f JOIN "
                                     "metric_snapshots n ON n.id = f.snapshot_id WHERE n.time_ms "
                                     "= " +
                                         std::to_string(b)),
             4);

    // The same points as a file import of both requests.
    MetricBatch both = instantBatch({a, b}, 1, "api");
    MetricBatch second = instantBatch({b, c}, 1, "db");
    for (auto& sample : second.samples)
      both.samples.push_back(std::move(sample));
    Status s = storeMetrics(*files, "otlp", {std::move(both)}, 0);
    QVERIFY2(s, s.message().c_str());
    QCOMPARE(queryView(*live), queryView(*files));
  }

  // A submission the store refuses (a sample of an undeclared family) fails alone.
  void badSubmissionFailsAlone() {
    const std::string path = newPath();
    auto live = openWorkspace(path);
    QVERIFY(live);
    LiveMetricWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(200);
    LiveMetricWriter writer(*live, "test://bad", options);
    AckLatch latch;
    MetricBatch bad = serviceScrape(2);
    bad.samples.back().family = 9;
    writer.submit(submission({serviceScrape(1)}, kT0 + 1000), latch.callback());
    writer.submit(submission({std::move(bad)}, kT0 + 2000), latch.callback());
    writer.submit(submission({serviceScrape(3)}, kT0 + 3000), latch.callback());
    QVERIFY(latch.wait(3));
    const auto acks = latch.acks();
    QVERIFY(acks[0].status.isOk());
    QVERIFY(!acks[1].status.isOk());
    QVERIFY(acks[1].status.message().find("family #9") != std::string::npos);
    QCOMPARE(acks[1].points, 0u);
    QVERIFY(acks[2].status.isOk());
    QCOMPARE(writer.counters().commits, 1u);
    QCOMPARE(writer.counters().submissions, 2u);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM metric_snapshots"), 2);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM metric_points"), 26);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM metric_series"), 13);
  }

  void groupCommitAndCallbacks() {
    auto live = openWorkspace(newPath());
    QVERIFY(live);
    LiveMetricWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(300);
    options.commitPoints = 1000000;
    LiveMetricWriter writer(*live, "test://group", options);
    std::atomic<int> calls{0};
    AckLatch latch;
    QElapsedTimer timer;
    timer.start();
    for (int i = 1; i <= 8; ++i) {
      QCOMPARE(writer.submit(submission({serviceScrape(i)}, kT0 + i),
                             [&](const LiveMetricAck& ack) {
                               ++calls;
                               latch.arrive(ack);
                             }),
               LiveSubmit::Accepted);
    }
    QVERIFY(latch.wait(8));
    QVERIFY(timer.elapsed() >= 250);  // nothing reached the threshold: the interval decided
    QCOMPARE(writer.counters().commits, 1u);
    QCOMPARE(writer.counters().snapshots, 8u);

    // The point threshold commits without waiting for the interval.
    LiveMetricWriterOptions bySize;
    bySize.commitInterval = std::chrono::milliseconds(60000);
    bySize.commitPoints = 20;
    LiveMetricWriter sized(*live, "test://sized", bySize);
    AckLatch sizedLatch;
    timer.restart();
    sized.submit(submission({serviceScrape(1)}, kT0 + 100), sizedLatch.callback());
    sized.submit(submission({serviceScrape(2)}, kT0 + 200), sizedLatch.callback());
    QVERIFY(sizedLatch.wait(2));
    QVERIFY(timer.elapsed() < 10000);
    sized.close();
    writer.close();
    QCOMPARE(calls.load(), 8);  // once each, never again
  }

  void fullQueueRefusesAndCloseFlushes() {
    const std::string path = newPath();
    auto live = openWorkspace(path);
    QVERIFY(live);
    LiveMetricWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(60000);
    options.commitPoints = 1000000;
    options.capacityPoints = 30;
    LiveMetricWriter writer(*live, "test://full", options);
    AckLatch latch;
    QCOMPARE(writer.submit(submission({serviceScrape(1)}, kT0 + 1), latch.callback()),
             LiveSubmit::Accepted);
    QCOMPARE(writer.submit(submission({serviceScrape(2)}, kT0 + 2), latch.callback()),
             LiveSubmit::Accepted);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(writer.submit(submission({serviceScrape(3)}, kT0 + 3), latch.callback()),
             LiveSubmit::Behind);
    QVERIFY(timer.elapsed() < 100);  // refused at once
    QCOMPARE(writer.counters().refused, 1u);
    // Nothing committed yet: the interval is a minute away.
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM metric_points"), 0);
    writer.flush();
    QVERIFY(latch.wait(2));
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM metric_points"), 26);

    // A submission larger than the capacity still goes into an empty queue; close() commits
    // it without waiting for the interval.
    std::vector<MetricBatch> big;
    for (int i = 0; i < 3; ++i) {
      MetricBatch b = serviceScrape(4);
      if (i > 0)
        b.newFamilies.clear();
      for (auto& sample : b.samples)
        sample.labels.push_back({"z", std::to_string(i)});
      big.push_back(std::move(b));
    }
    QCOMPARE(writer.submit(submission(std::move(big), kT0 + 4), latch.callback()),
             LiveSubmit::Accepted);
    timer.restart();
    writer.close();
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY(latch.wait(3, 0));
    QCOMPARE(latch.acks()[2].points, 39u);
    QCOMPARE(writer.submit(submission({serviceScrape(5)}, kT0 + 5), latch.callback()),
             LiveSubmit::Closed);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM metric_points"), 65);
  }

  void killedWriterKeepsAckedSubmissions() {
    const std::string path = newPath();
    QVERIFY(openWorkspace(path));
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QString::fromLatin1(kChildFlag), QString::fromStdString(path)});
    QVERIFY(child.waitForStarted());
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (output.count("acked") < 30 && timer.elapsed() < 20000) {
      child.waitForReadyRead(200);
      output += child.readAllStandardOutput();
    }
    QVERIFY2(output.count("acked") >= 30, output.constData());
    child.kill();  // SIGKILL
    QVERIFY(child.waitForFinished(5000));
    output += child.readAllStandardOutput();
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    std::set<std::uint32_t> acked;
    for (const QByteArray& line : output.split('\n')) {
      if (line.startsWith("acked "))
        acked.insert(line.mid(6).toUInt());
    }
    QVERIFY(acked.size() >= 30);
    auto workspace = openWorkspace(path);
    QVERIFY(workspace);
    for (std::uint32_t i : acked) {
      QCOMPARE(countOnSecondConnection(path,
                                       "SELECT count(*) FROM metric_points p JOIN "
                                       "metric_snapshots n ON n.id = p.snapshot_id WHERE "
                                       "n.time_ms = " +
                                           std::to_string(kT0 + i * 1000)),
               13);
    }
    QCOMPARE(countOnSecondConnection(path, "PRAGMA integrity_check") != -1, true);
    std::printf("kill -9 after %zu acknowledged submissions: all present\n", acked.size());
  }
};

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == kChildFlag)
    return runChild(argv[2]);
  QCoreApplication app(argc, argv);
  TestLiveMetricWriter test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_live_metric_writer.moc"
