#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/live_trace_writer.h"

using namespace sightline;

namespace {

constexpr const char* kChildFlag = "--live-writer-child";

TraceId traceId(std::uint32_t n) {
  TraceId id;
  id.bytes[0] = 0xab;
  for (int i = 0; i < 4; ++i)
    id.bytes[15 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  return id;
}

SpanId spanId(std::uint32_t n) {
  SpanId id;
  id.bytes[0] = 0xcd;
  for (int i = 0; i < 4; ++i)
    id.bytes[7 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  return id;
}

// One request's worth: a resource, a scope and `spans` spans of trace `trace` (the first a
// root, the others its children), span ids from `firstSpan` on.
TraceBatch batch(std::uint32_t trace, std::uint32_t spans, std::uint32_t firstSpan = 1) {
  TraceBatch b;
  ResourceRecord r;
  r.localId = 1;
  AttributeValue service;
  service.type = AttributeValue::Type::String;
  service.text = "checkout";
  r.attributes.push_back({"service.name", service});
  b.resources.push_back(r);
  ScopeRecord s;
  s.localId = 1;
  s.name = "live-test";
  b.scopes.push_back(s);
  for (std::uint32_t i = 0; i < spans; ++i) {
    SpanRecord span;
    span.resourceLocalId = 1;
    span.scopeLocalId = 1;
    span.traceId = traceId(trace);
    span.spanId = spanId(firstSpan + i);
    if (firstSpan + i != 1)
      span.parentSpanId = spanId(1);
    span.name = "op" + std::to_string(i % 5);
    span.startUnixNano = 1000000 + i;
    span.endUnixNano = 2000000 + i;
    b.spans.push_back(std::move(span));
  }
  return b;
}

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

// Traces whose summary row disagrees with their stored spans (start, duration, counts,
// root: the earliest span without a parent): 0 when every summary is right.
const char* kWrongSummaries =
    "SELECT count(*) FROM traces t WHERE start_ns IS NOT (SELECT min(start_ns) FROM spans s "
    "WHERE s.trace_id = t.trace_id) OR duration_ns IS NOT (SELECT max(end_ns) - min(start_ns) "
    "FROM spans s WHERE s.trace_id = t.trace_id) OR span_count IS NOT (SELECT count(*) FROM "
    "spans s WHERE s.trace_id = t.trace_id) OR error_count IS NOT (SELECT count(*) FROM spans s "
    "WHERE s.trace_id = t.trace_id AND s.status_code = 2) OR root_span IS NOT (SELECT id FROM "
    "spans s WHERE s.trace_id = t.trace_id AND s.parent_span_id IS NULL ORDER BY start_ns LIMIT "
    "1) OR root_name_id IS NOT (SELECT name_id FROM spans WHERE id = t.root_span)";

std::string spansOfTrace(std::uint32_t trace) {
  return "SELECT count(*) FROM spans WHERE trace_id = x'" + traceId(trace).toHex() + "'";
}

// Waits for a number of acks.
class AckLatch {
 public:
  void arrive(const LiveAck& ack) {
    std::lock_guard lock(m_mutex);
    m_acks.push_back(ack);
    m_cv.notify_all();
  }
  bool wait(std::size_t n, int ms = 10000) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_acks.size() >= n; });
  }
  std::vector<LiveAck> acks() {
    std::lock_guard lock(m_mutex);
    return m_acks;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<LiveAck> m_acks;
};

// The child of killedWriterKeepsAckedSpans: submits batches of 50 spans (batch i = trace i)
// forever, printing "acked i" for each acknowledged one, until it is killed.
int runChild(const std::string& path) {
  Status status;
  auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  if (!workspace)
    return 2;
  LiveTraceWriterOptions options;
  options.commitInterval = std::chrono::milliseconds(20);
  LiveTraceWriter writer(*workspace, "test://child", options);
  if (!writer.openStatus())
    return 3;
  std::printf("ready\n");
  std::fflush(stdout);
  for (std::uint32_t i = 1;; ++i) {
    auto onCommitted = [i](const LiveAck& ack) {
      if (ack.status) {
        std::printf("acked %u\n", i);
        std::fflush(stdout);
      }
    };
    while (writer.submit(batch(i, 50), 5000, onCommitted) == LiveSubmit::Behind)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

class TestLiveTraceWriter : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  int m_counter = 0;

  std::string newPath() {
    return m_dir.filePath(QStringLiteral("w%1.sightline").arg(++m_counter)).toStdString();
  }

 private slots:
  void ackComesAfterCommit() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    LiveTraceWriter writer(*workspace, "otlp-http://127.0.0.1:4318");
    QVERIFY2(writer.openStatus(), writer.openStatus().message().c_str());

    std::vector<std::int64_t> seenAtAck(3, -2);
    AckLatch latch;
    for (std::uint32_t t = 0; t < 3; ++t) {
      auto onCommitted = [&, t](const LiveAck& ack) {
        seenAtAck[t] = countOnSecondConnection(path, spansOfTrace(t + 1));
        latch.arrive(ack);
      };
      QCOMPARE(writer.submit(batch(t + 1, 10 + t), 100, onCommitted), LiveSubmit::Accepted);
    }
    QVERIFY(latch.wait(3));
    for (std::uint32_t t = 0; t < 3; ++t)
      QCOMPARE(seenAtAck[t], static_cast<std::int64_t>(10 + t));
    for (const auto& ack : latch.acks()) {
      QVERIFY(ack.status.isOk());
      QCOMPARE(ack.result.duplicates, 0u);
    }

    // The source row: kind live, the endpoint, the bytes of the committed requests.
    QCOMPARE(countOnSecondConnection(path,
                                     "SELECT bytes FROM sources WHERE kind = 'live' AND path = "
                                     "'otlp-http://127.0.0.1:4318'"),
             300);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM traces"), 3);
    QCOMPARE(countOnSecondConnection(path, "SELECT span_count FROM traces WHERE trace_id = x'" +
                                               traceId(3).toHex() + "'"),
             12);
    QCOMPARE(countOnSecondConnection(path, kWrongSummaries), 0);
  }

  void resendIsStoredOnce() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriter writer(*workspace, "test://dedupe");
    AckLatch latch;
    auto onCommitted = [&](const LiveAck& ack) { latch.arrive(ack); };
    QCOMPARE(writer.submit(batch(7, 20), 10, onCommitted), LiveSubmit::Accepted);
    QVERIFY(latch.wait(1));
    // A resend after a reconnect, plus a second part of the same trace.
    QCOMPARE(writer.submit(batch(7, 20), 10, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(7, 5, 21), 10, onCommitted), LiveSubmit::Accepted);
    // And the same request twice within one group.
    QCOMPARE(writer.submit(batch(8, 4), 10, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(8, 4), 10, onCommitted), LiveSubmit::Accepted);
    // And a span twice within one batch of a trace the workspace has not seen.
    TraceBatch twice = batch(10, 3);
    twice.spans.push_back(twice.spans[1]);
    QCOMPARE(writer.submit(std::move(twice), 10, onCommitted), LiveSubmit::Accepted);
    QVERIFY(latch.wait(6));
    const auto acks = latch.acks();
    QCOMPARE(acks[1].result.spans, 0u);
    QCOMPARE(acks[1].result.duplicates, 20u);
    QCOMPARE(acks[2].result.spans, 5u);
    QCOMPARE(acks[3].result.spans + acks[4].result.spans, 4u);
    QCOMPARE(acks[3].result.duplicates + acks[4].result.duplicates, 4u);
    QCOMPARE(acks[5].result.spans, 3u);
    QCOMPARE(acks[5].result.duplicates, 1u);
    QCOMPARE(countOnSecondConnection(path, spansOfTrace(7)), 25);
    QCOMPARE(countOnSecondConnection(path, spansOfTrace(10)), 3);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM spans"), 32);
    // The summary row follows the trace's later commit.
    QCOMPARE(countOnSecondConnection(path, "SELECT span_count FROM traces WHERE trace_id = x'" +
                                               traceId(7).toHex() + "'"),
             25);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM traces"), 3);
    QCOMPARE(countOnSecondConnection(path, kWrongSummaries), 0);
    const auto counters = writer.counters();
    QCOMPARE(counters.spans, 32u);
    QCOMPARE(counters.duplicates, 25u);
  }

  void dedupeAcrossLiveSources() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    AckLatch latch;
    {
      LiveTraceWriter first(*workspace, "test://first");
      QCOMPARE(first.submit(batch(9, 3), 1, [&](const LiveAck& a) { latch.arrive(a); }),
               LiveSubmit::Accepted);
      first.close();
    }
    LiveTraceWriter second(*workspace, "test://second");
    QCOMPARE(second.submit(batch(9, 3), 1, [&](const LiveAck& a) { latch.arrive(a); }),
             LiveSubmit::Accepted);
    QVERIFY(latch.wait(2));
    QCOMPARE(latch.acks()[1].result.duplicates, 3u);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM sources WHERE kind = 'live'"), 2);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM spans"), 3);
  }

  void groupCommitBatchesSubmits() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(300);
    options.commitSpans = 100000;
    LiveTraceWriter writer(*workspace, "test://group", options);
    AckLatch latch;
    QElapsedTimer timer;
    timer.start();
    for (std::uint32_t t = 1; t <= 8; ++t) {
      QCOMPARE(writer.submit(batch(t, 10), 1, [&](const LiveAck& a) { latch.arrive(a); }),
               LiveSubmit::Accepted);
    }
    QVERIFY(latch.wait(8));
    QCOMPARE(writer.counters().commits, 1u);
    QCOMPARE(writer.counters().batches, 8u);
    // Not committed before the interval passed: nothing reached the threshold.
    QVERIFY(timer.elapsed() >= 250);

    // The span threshold commits without waiting for the interval.
    LiveTraceWriterOptions bySize;
    bySize.commitInterval = std::chrono::milliseconds(60000);
    bySize.commitSpans = 50;
    LiveTraceWriter sized(*workspace, "test://sized", bySize);
    AckLatch sizedLatch;
    timer.restart();
    for (std::uint32_t t = 100; t < 105; ++t) {
      QCOMPARE(sized.submit(batch(t, 10), 1, [&](const LiveAck& a) { sizedLatch.arrive(a); }),
               LiveSubmit::Accepted);
    }
    QVERIFY(sizedLatch.wait(5));
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY(sized.counters().commits >= 1u);
  }

  // With the default options an idle writer commits a batch at once instead of waiting for
  // more: the fastest of five round trips is far below the old fixed 100 ms interval.
  void idleWriterCommitsAtOnce() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriter writer(*workspace, "test://idle");
    AckLatch latch;
    qint64 fastest = 1000000;
    for (std::uint32_t round = 0; round < 5; ++round) {
      QElapsedTimer timer;
      timer.start();
      QCOMPARE(writer.submit(batch(200 + round, 20), 1, [&](const LiveAck& a) { latch.arrive(a); }),
               LiveSubmit::Accepted);
      QVERIFY(latch.wait(round + 1));
      fastest = std::min(fastest, timer.elapsed());
    }
    QVERIFY2(fastest < 60, std::to_string(fastest).c_str());
    QCOMPARE(writer.counters().commits, 5u);  // one per batch
  }

  // A group holds at most commitSpans spans (and at least one batch, however large).
  void groupsAreCappedBySpans() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriterOptions options;
    options.commitSpans = 25;
    options.commitInterval = std::chrono::milliseconds(60000);
    LiveTraceWriter writer(*workspace, "test://capped", options);
    AckLatch latch;
    auto onCommitted = [&](const LiveAck& a) { latch.arrive(a); };
    // 10 + 10 fill a group; 40 is a group of its own; the last 10 + 10 another.
    for (std::uint32_t t = 1; t <= 2; ++t)
      QCOMPARE(writer.submit(batch(300 + t, 10), 1, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(303, 40), 1, onCommitted), LiveSubmit::Accepted);
    for (std::uint32_t t = 4; t <= 5; ++t)
      QCOMPARE(writer.submit(batch(300 + t, 10), 1, onCommitted), LiveSubmit::Accepted);
    writer.flush();  // the last group stays under the threshold: do not wait a minute for it
    QVERIFY(latch.wait(5));
    QCOMPARE(writer.counters().batches, 5u);
    QCOMPARE(writer.counters().commits, 3u);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM spans"), 80);
  }

  void fullQueueRefuses() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(60000);
    options.commitSpans = 1000000;
    options.capacitySpans = 100;
    LiveTraceWriter writer(*workspace, "test://full", options);
    AckLatch latch;
    auto onCommitted = [&](const LiveAck& a) { latch.arrive(a); };
    QCOMPARE(writer.submit(batch(1, 60), 1, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(2, 40), 1, onCommitted), LiveSubmit::Accepted);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(writer.submit(batch(3, 1), 1, onCommitted), LiveSubmit::Behind);
    QVERIFY(timer.elapsed() < 100);  // refused at once, not after waiting
    QCOMPARE(writer.counters().refused, 1u);
    writer.flush();
    QVERIFY(latch.wait(2));
    // Room again once committed; a batch larger than the capacity still goes into an empty
    // queue.
    QCOMPARE(writer.submit(batch(4, 500), 1, onCommitted), LiveSubmit::Accepted);
    writer.close();
    QVERIFY(latch.wait(3));
    QCOMPARE(writer.submit(batch(5, 1), 1, onCommitted), LiveSubmit::Closed);
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM spans"), 600);
  }

  // Under overload the writer refuses what would wait longer than maxQueueDelay at the rate
  // it has been committing, instead of letting the line grow to the capacity.
  void queueBeyondTheDelayRefuses() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(60000);  // groups wait for flush()
    options.commitSpans = 1000000;
    options.maxQueueDelay = std::chrono::milliseconds(5);
    options.delayFreeSpans = 100;
    LiveTraceWriter writer(*workspace, "test://delay", options);
    AckLatch latch;
    auto onCommitted = [&](const LiveAck& a) { latch.arrive(a); };
    QCOMPARE(writer.counters().microsPerSpan, 0.0);
    // Nothing measured yet: only the capacity counts.
    QCOMPARE(writer.submit(batch(1, 1500), 1, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(2, 1500), 1, onCommitted), LiveSubmit::Accepted);
    writer.flush();
    QVERIFY(latch.wait(2));
    const double micros = writer.counters().microsPerSpan;
    QVERIFY(micros > 0);
    // Within delayFreeSpans nothing is refused; beyond, a batch that would make the line
    // take twice the delay is.
    QCOMPARE(writer.submit(batch(3, 60), 1, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(4, 40), 1, onCommitted), LiveSubmit::Accepted);
    const auto tooMany = static_cast<std::uint32_t>(2 * 5000 / micros) + 1;
    QCOMPARE(writer.submit(batch(5, tooMany), 1, onCommitted), LiveSubmit::Behind);
    QCOMPARE(writer.counters().refused, 1u);
    writer.flush();
    QVERIFY(latch.wait(4));
    // An empty line takes any batch.
    QCOMPARE(writer.submit(batch(5, tooMany), 1, onCommitted), LiveSubmit::Accepted);
    writer.close();
    QVERIFY(latch.wait(5));
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM spans"),
             static_cast<std::int64_t>(3100 + tooMany));
  }

  void badBatchFailsAlone() {
    const std::string path = newPath();
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    LiveTraceWriterOptions options;
    options.commitInterval = std::chrono::milliseconds(200);
    LiveTraceWriter writer(*workspace, "test://bad", options);
    AckLatch latch;
    auto onCommitted = [&](const LiveAck& a) { latch.arrive(a); };
    TraceBatch bad = batch(2, 3);
    bad.spans[1].resourceLocalId = 42;  // a resource the request did not carry
    QCOMPARE(writer.submit(batch(1, 3), 1, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(std::move(bad), 1, onCommitted), LiveSubmit::Accepted);
    QCOMPARE(writer.submit(batch(3, 3), 1, onCommitted), LiveSubmit::Accepted);
    QVERIFY(latch.wait(3));
    const auto acks = latch.acks();
    QVERIFY(acks[0].status.isOk());
    QVERIFY(!acks[1].status.isOk());
    QVERIFY(acks[2].status.isOk());
    QCOMPARE(countOnSecondConnection(path, "SELECT count(*) FROM spans"), 6);
    QCOMPARE(countOnSecondConnection(path, spansOfTrace(2)), 0);
  }

  void killedWriterKeepsAckedSpans() {
    const std::string path = newPath();
    {
      Status status;
      QVERIFY(Workspace::open(path, Workspace::Mode::ReadWrite, &status));
    }
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
    Status status;
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    for (std::uint32_t id : acked)
      QCOMPARE(countOnSecondConnection(path, spansOfTrace(id)), 50);
    QVERIFY(countOnSecondConnection(path, "PRAGMA integrity_check") != -1);
    std::printf("kill -9 after %zu acknowledged batches: all present\n", acked.size());
  }
};

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == kChildFlag)
    return runChild(argv[2]);
  QCoreApplication app(argc, argv);
  TestLiveTraceWriter test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_live_trace_writer.moc"
