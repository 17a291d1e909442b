// Benchmark of live trace ingest (issue 13): OTLP/HTTP protobuf requests of 512 demo-like
// spans sent on loopback to an OtlpHttpReceiver feeding a LiveTraceWriter, against the file
// import of the same spans in the same run.
//
// Phases, each into a fresh workspace under DIR, every sender bounded by time and count:
//   a. full speed: K senders post back to back for S seconds; spans acknowledged per second.
//   b. file import: the requests of phase a, concatenated into one OTLP/protobuf file (one
//      valid ExportTraceServiceRequest), imported with importFile(); the live/file ratio.
//   c. half rate: K paced senders offer half of a's rate for S seconds; request latency
//      p50/p95/p99 (send to answer).
//   d. 2x overload: 4K paced senders offer twice a's rate for S seconds, and give up on a
//      503 (no retry); the process's peak RSS (VmHWM, reset before the phase), the 503s, and
//      afterwards every acknowledged span looked up in the workspace.
//
//   bench_live [--clients K] [--seconds S] [--dir DIR] [--keep] [--no-json]
//              [--phases abcd] [--rate SPANS_PER_S]

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/import_child.h"
#include "bench/live_request_generator.h"
#include "bench/stopwatch.h"
#include "importers/live/http_library.h"
#include "importers/live/otlp_http_receiver.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/live_trace_writer.h"

using namespace sightline;
using namespace sightline::bench;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kSpansPerRequest = 512;
constexpr std::size_t kTemplates = 24;
// No phase sends more than this many requests (about 50M spans), whatever the rate.
constexpr std::uint32_t kMaxRequests = 100000;

struct Options {
  int clients = 6;
  double seconds = 10;
  std::string dir;
  bool keep = false;
  bool json = true;
  std::string phases = "abcd";
  double rate = 0;  // spans/s taken as "max" for c and d instead of a's figure
};

// What the senders of one phase saw.
struct Load {
  double wallMs = 0;
  double cpuMs = 0;
  std::uint64_t ok = 0;
  std::uint64_t unavailable = 0;  // 503
  std::uint64_t failed = 0;       // other answers or no answer
  std::uint64_t late = 0;         // paced sends that started over one interval late
  std::vector<double> latencyMs;  // of the 200s
  std::vector<std::uint32_t> acked;
  std::uint32_t first = 0;  // request numbers [first, end) were taken by this phase
  std::uint32_t end = 0;
  double spansPerSecond() const {
    return wallMs > 0 ? static_cast<double>(ok * kSpansPerRequest) / wallMs * 1e3 : 0;
  }
};

// `requestsPerSecond` 0: back to back. Otherwise each sender keeps its own schedule
// (requestsPerSecond / clients), staggered, and sleeps until the next slot.
Load sendLoad(int port, const std::vector<RequestTemplate>& templates,
              std::atomic<std::uint32_t>& counter, int clients, double requestsPerSecond,
              double seconds) {
  Load load;
  load.first = counter.load();
  std::vector<Load> perThread(static_cast<std::size_t>(clients));
  const Stopwatch watch;
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const double interval = requestsPerSecond > 0 ? clients / requestsPerSecond : 0;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      Load& mine = perThread[static_cast<std::size_t>(c)];
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_connection_timeout(5);
      client.set_read_timeout(60);
      client.set_write_timeout(60);
      for (std::uint64_t k = 0;; ++k) {
        if (interval > 0) {
          const auto slot =
              start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                          interval * (static_cast<double>(k) + static_cast<double>(c) / clients)));
          if (slot >= deadline)
            break;
          const auto now = Clock::now();
          if (now < slot)
            std::this_thread::sleep_until(slot);
          else if (now - slot > std::chrono::duration<double>(interval))
            ++mine.late;
        } else if (Clock::now() >= deadline) {
          break;
        }
        const std::uint32_t n = counter.fetch_add(1);
        if (n >= kMaxRequests)
          break;
        const std::string body = requestBody(templates[n % templates.size()], n + 1);
        const auto sent = Clock::now();
        const auto answer = client.Post("/v1/traces", body, "application/x-protobuf");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
        const int status = answer ? answer->status : -1;
        if (status == 200) {
          ++mine.ok;
          mine.latencyMs.push_back(ms);
          mine.acked.push_back(n);
        } else if (status == 503) {
          ++mine.unavailable;
        } else {
          ++mine.failed;
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  const Elapsed elapsed = watch.elapsed();
  load.wallMs = elapsed.wallMs;
  load.cpuMs = elapsed.cpuMs;
  load.end = std::min(counter.load(), kMaxRequests);
  for (Load& t : perThread) {
    load.ok += t.ok;
    load.unavailable += t.unavailable;
    load.failed += t.failed;
    load.late += t.late;
    load.latencyMs.insert(load.latencyMs.end(), t.latencyMs.begin(), t.latencyMs.end());
    load.acked.insert(load.acked.end(), t.acked.begin(), t.acked.end());
  }
  std::sort(load.latencyMs.begin(), load.latencyMs.end());
  return load;
}

// Nearest rank; 0 for no samples.
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty())
    return 0;
  const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()));
  return sorted[std::min(sorted.size() - 1, rank)];
}

// A fresh workspace with a live writer and the receiver on 127.0.0.1:0.
class LiveServer {
 public:
  explicit LiveServer(const std::string& path) : m_path(path) {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
    Status status;
    m_workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    if (!m_workspace) {
      m_error = status.message();
      return;
    }
    m_writer = std::make_unique<LiveTraceWriter>(*m_workspace, "otlp-http://127.0.0.1");
    if (!m_writer->openStatus()) {
      m_error = m_writer->openStatus().message();
      return;
    }
    OtlpHttpReceiverOptions options;
    options.port = 0;
    m_receiver = std::make_unique<OtlpHttpReceiver>(*m_writer, options);
    if (Status s = m_receiver->start(); !s)
      m_error = s.message();
  }

  ~LiveServer() { stop(); }

  const std::string& error() const { return m_error; }
  int port() const { return m_receiver ? m_receiver->port() : 0; }
  Workspace& workspace() { return *m_workspace; }

  // Stops the receiver and closes the writer (everything accepted is committed).
  void stop() {
    if (m_receiver)
      m_receiver->stop();
    if (m_writer) {
      m_counters = m_writer->counters();
      m_writer->close();
      m_counters = m_writer->counters();
    }
  }
  const LiveWriterCounters& counters() const { return m_counters; }

 private:
  std::string m_path;
  std::string m_error;
  std::unique_ptr<Workspace> m_workspace;
  std::unique_ptr<LiveTraceWriter> m_writer;
  std::unique_ptr<OtlpHttpReceiver> m_receiver;
  LiveWriterCounters m_counters;
};

// CPU seconds of each thread of this process, by thread id.
std::map<int, double> threadCpuSeconds() {
  std::map<int, double> cpu;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
      continue;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14)
        utime = std::atof(field.c_str());
      if (i == 15)
        stime = std::atof(field.c_str());
    }
    cpu[std::atoi(entry.path().filename().c_str())] = (utime + stime) / tick;
  }
  return cpu;
}

// The CPU seconds the busiest thread spent since `before`: the writer thread when the
// writer is the bottleneck.
double busiestThreadSeconds(const std::map<int, double>& before) {
  double most = 0;
  for (const auto& [tid, seconds] : threadCpuSeconds()) {
    const auto it = before.find(tid);
    most = std::max(most, seconds - (it == before.end() ? 0.0 : it->second));
  }
  return most;
}

std::int64_t queryInt(Workspace& workspace, const std::string& sql) {
  StoreStatement q(workspace.db(), sql);
  return q.step() ? q.columnInt(0) : -1;
}

// Acknowledged spans that are not in the workspace.
std::uint64_t missingAcknowledged(Workspace& workspace,
                                  const std::vector<RequestTemplate>& templates,
                                  const std::vector<std::uint32_t>& acked) {
  StoreStatement find(workspace.db(), "SELECT 1 FROM spans WHERE trace_id = ? AND span_id = ?");
  std::uint64_t missing = 0;
  for (std::uint32_t n : acked) {
    for (auto key : templates[n % templates.size()].spanKeys) {
      xorRequestNumber(key.data(), n + 1);
      xorRequestNumber(key.data() + 16, n + 1);
      find.bindBlob(1, key.data(), 16);
      find.bindBlob(2, key.data() + 16, 8);
      if (!find.step())
        ++missing;
      find.reset();
    }
  }
  return missing;
}

long statusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t length = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, length, field) == 0)
      return std::atol(line.c_str() + length + 1);
  }
  return 0;
}

// Lets VmHWM measure one phase: freed heap goes back to the system, then the peak is reset.
bool resetPeakRss() {
  malloc_trim(0);
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.close();
  return !clear.fail();
}

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr,
               "usage: %s [--clients K] [--seconds S] [--dir DIR] [--keep] [--no-json] "
               "[--phases abcd] [--rate SPANS_PER_S]\n",
               program);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool value = i + 1 < argc;
    if (flag == "--clients" && value) {
      options.clients = std::clamp(std::atoi(argv[++i]), 1, 64);
    } else if (flag == "--seconds" && value) {
      options.seconds = std::clamp(std::atof(argv[++i]), 1.0, 600.0);
    } else if (flag == "--dir" && value) {
      options.dir = argv[++i];
    } else if (flag == "--phases" && value) {
      options.phases = argv[++i];
    } else if (flag == "--rate" && value) {
      options.rate = std::max(0.0, std::atof(argv[++i]));
    } else if (flag == "--keep") {
      options.keep = true;
    } else if (flag == "--no-json") {
      options.json = false;
    } else {
      usage(argv[0]);
    }
  }
  return options;
}

bool has(const Options& options, char phase) {
  return options.phases.find(phase) != std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  if (options.dir.empty()) {
    char pattern[] = "/tmp/sightline-bench-live-XXXXXX";
    if (!mkdtemp(pattern))
      usage(argv[0]);
    options.dir = pattern;
  }
  std::filesystem::create_directories(options.dir);
  const std::string loadBefore = loadAverage();

  DemoRequestGenerator generator(7);
  std::vector<RequestTemplate> templates;
  std::uint64_t templateBytes = 0;
  for (std::size_t i = 0; i < kTemplates; ++i) {
    templates.push_back(generator.make(kSpansPerRequest));
    templateBytes += templates.back().body.size();
  }
  std::printf(
      "requests: %zu spans, %.0f KB of OTLP/protobuf each (%.0f B/span); %d senders, "
      "%.0f s per phase; load average %s; workspaces in %s\n",
      kSpansPerRequest, static_cast<double>(templateBytes) / kTemplates / 1e3,
      static_cast<double>(templateBytes) / kTemplates / kSpansPerRequest, options.clients,
      options.seconds, loadBefore.c_str(), options.dir.c_str());

  std::atomic<std::uint32_t> counter{0};
  bool ok = true;

  // a. Full speed.
  Load full;
  LiveWriterCounters fullCounters;
  double writerCpuSeconds = 0;
  double maxRate = options.rate;
  if (has(options, 'a')) {
    LiveServer server(options.dir + "/live-full.sightline");
    if (!server.error().empty()) {
      std::fprintf(stderr, "cannot start the receiver: %s\n", server.error().c_str());
      return 1;
    }
    const auto threadsBefore = threadCpuSeconds();
    full = sendLoad(server.port(), templates, counter, options.clients, 0, options.seconds);
    writerCpuSeconds = busiestThreadSeconds(threadsBefore);
    server.stop();
    fullCounters = server.counters();
    if (maxRate == 0)
      maxRate = full.spansPerSecond();
    const std::int64_t stored = queryInt(server.workspace(), "SELECT count(*) FROM spans");
    if (stored != static_cast<std::int64_t>(full.ok * kSpansPerRequest)) {
      std::printf("full speed: %lld spans stored, %llu acknowledged\n",
                  static_cast<long long>(stored),
                  static_cast<unsigned long long>(full.ok * kSpansPerRequest));
      ok = false;
    }
  }

  // b. The same requests as one file, imported.
  double fileRate = 0;
  Elapsed fileTime;
  if (has(options, 'b') && full.end > full.first) {
    const std::string file = options.dir + "/same-spans.pb";
    {
      std::ofstream out(file, std::ios::binary);
      for (std::uint32_t n = full.first; n < full.end; ++n) {
        const std::string body = requestBody(templates[n % templates.size()], n + 1);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
      }
    }
    const auto timed = importIntoFreshWorkspace(file, options.dir + "/file.sightline");
    if (timed) {
      fileTime = timed->elapsed;
      fileRate = static_cast<double>(timed->result.spans) / fileTime.wallMs * 1e3;
    } else {
      ok = false;
    }
    std::filesystem::remove(file);
  }

  // c. Half of the maximum rate, paced.
  Load half;
  if (has(options, 'c') && maxRate > 0) {
    LiveServer server(options.dir + "/live-half.sightline");
    if (!server.error().empty())
      return 1;
    half = sendLoad(server.port(), templates, counter, options.clients,
                    maxRate / 2 / kSpansPerRequest, options.seconds);
    server.stop();
  }

  // d. Twice the maximum rate, paced, from four times as many senders; a 503 is not retried.
  Load over;
  long overloadPeakKb = 0;
  bool peakIsPhase = false;
  std::uint64_t missing = 0;
  std::int64_t storedOver = 0, duplicatesOver = 0;
  if (has(options, 'd') && maxRate > 0) {
    peakIsPhase = resetPeakRss();
    LiveServer server(options.dir + "/live-overload.sightline");
    if (!server.error().empty())
      return 1;
    over = sendLoad(server.port(), templates, counter, options.clients * 4,
                    2 * maxRate / kSpansPerRequest, options.seconds);
    overloadPeakKb = statusKb("VmHWM:");
    server.stop();
    missing = missingAcknowledged(server.workspace(), templates, over.acked);
    storedOver = queryInt(server.workspace(), "SELECT count(*) FROM spans");
    duplicatesOver = queryInt(server.workspace(),
                              "SELECT count(*) FROM (SELECT 1 FROM spans GROUP BY trace_id, "
                              "span_id HAVING count(*) > 1)");
    if (missing > 0 || duplicatesOver != 0)
      ok = false;
  }

  const std::string loadAfter = loadAverage();
  std::printf("\n%-34s %12s %10s %8s %8s %8s %8s %8s\n", "phase", "spans/s", "requests", "503",
              "failed", "p50 ms", "p95 ms", "p99 ms");
  auto row = [](const char* name, const Load& l) {
    std::printf("%-34s %12.0f %10llu %8llu %8llu %8.1f %8.1f %8.1f\n", name, l.spansPerSecond(),
                static_cast<unsigned long long>(l.ok),
                static_cast<unsigned long long>(l.unavailable),
                static_cast<unsigned long long>(l.failed), percentile(l.latencyMs, 0.50),
                percentile(l.latencyMs, 0.95), percentile(l.latencyMs, 0.99));
  };
  if (full.ok)
    row("a. full speed (stored, acked)", full);
  if (fileRate > 0) {
    std::printf("%-34s %12.0f %10s   (%.2f s wall, %.2f s CPU)\n", "b. file import, same spans",
                fileRate, "-", fileTime.wallMs / 1e3, fileTime.cpuMs / 1e3);
  }
  if (half.ok || half.unavailable)
    row("c. half rate, paced", half);
  if (over.ok || over.unavailable)
    row("d. 2x overload, paced", over);
  const double ratio = fileRate > 0 ? full.spansPerSecond() / fileRate : 0;
  if (full.ok) {
    std::printf(
        "\nfull speed: %.2f s wall, %.2f s process CPU (%.1f CPU-ms per 1k spans, "
        "senders included); busiest thread (the writer) %.2f s CPU = %.1f us per "
        "span (%.0f spans/s with a core to itself); %llu commits, %.0f spans per "
        "commit\n",
        full.wallMs / 1e3, full.cpuMs / 1e3,
        full.cpuMs / static_cast<double>(full.ok * kSpansPerRequest) * 1e3, writerCpuSeconds,
        writerCpuSeconds * 1e6 / static_cast<double>(full.ok * kSpansPerRequest),
        static_cast<double>(full.ok * kSpansPerRequest) / std::max(writerCpuSeconds, 1e-9),
        static_cast<unsigned long long>(fullCounters.commits),
        fullCounters.commits
            ? static_cast<double>(fullCounters.spans) / static_cast<double>(fullCounters.commits)
            : 0.0);
  }
  // CPU time per span, which the other jobs on a shared machine do not inflate: the whole
  // process for live (receiver, writer and the senders), the import for the file.
  const double liveCpuUs =
      full.ok ? full.cpuMs * 1e3 / static_cast<double>(full.ok * kSpansPerRequest) : 0;
  const double fileCpuUs =
      fileRate > 0 ? fileTime.cpuMs * 1e3 / (fileRate * fileTime.wallMs / 1e3) : 0;
  const double cpuRatio = liveCpuUs > 0 ? fileCpuUs / liveCpuUs : 0;
  if (ratio > 0) {
    std::printf(
        "live / file import: %.2f (wall); CPU per span %.1f us live (senders included), "
        "%.1f us file import: %.2f in CPU terms\n",
        ratio, liveCpuUs, fileCpuUs, cpuRatio);
  }
  if (half.ok) {
    std::printf("half rate: offered %.0f spans/s, %llu sends started over an interval late\n",
                maxRate / 2, static_cast<unsigned long long>(half.late));
  }
  if (over.ok || over.unavailable) {
    std::printf(
        "overload: offered %.0f spans/s from %d senders; peak RSS %.0f MB (%s); %lld "
        "spans stored, %llu acknowledged, %llu acknowledged but missing, %lld stored "
        "twice\n",
        2 * maxRate, options.clients * 4, static_cast<double>(overloadPeakKb) / 1024.0,
        peakIsPhase ? "VmHWM of this phase" : "VmHWM of the whole run",
        static_cast<long long>(storedOver),
        static_cast<unsigned long long>(over.ok * kSpansPerRequest),
        static_cast<unsigned long long>(missing), static_cast<long long>(duplicatesOver));
  }
  std::printf("load average before %s, after %s\n", loadBefore.c_str(), loadAfter.c_str());
  if (options.json) {
    std::printf(
        "{\"bench\":\"live\",\"clients\":%d,\"seconds\":%.0f,\"spans_per_s\":%.0f,"
        "\"file_spans_per_s\":%.0f,\"live_to_file\":%.3f,\"half_rate_spans_per_s\":%.0f,"
        "\"half_p50_ms\":%.2f,\"half_p95_ms\":%.2f,\"half_p99_ms\":%.2f,"
        "\"overload_offered_spans_per_s\":%.0f,\"overload_stored_spans_per_s\":%.0f,"
        "\"overload_503\":%llu,\"overload_failed\":%llu,\"overload_peak_rss_mb\":%.1f,"
        "\"acked_missing\":%llu,\"stored_twice\":%lld,\"writer_us_per_span\":%.2f,\"live_cpu_us_"
        "per_span\":%.2f,\"file_cpu_us_per_span\":%.2f,\"live_to_file_cpu\":%.3f,\"load_before\":"
        "\"%s\","
        "\"load_after\":\"%s\"}\n",
        options.clients, options.seconds, full.spansPerSecond(), fileRate, ratio,
        half.spansPerSecond(), percentile(half.latencyMs, 0.5), percentile(half.latencyMs, 0.95),
        percentile(half.latencyMs, 0.99), 2 * maxRate, over.spansPerSecond(),
        static_cast<unsigned long long>(over.unavailable),
        static_cast<unsigned long long>(over.failed), static_cast<double>(overloadPeakKb) / 1024.0,
        static_cast<unsigned long long>(missing), static_cast<long long>(duplicatesOver),
        full.ok ? writerCpuSeconds * 1e6 / static_cast<double>(full.ok * kSpansPerRequest) : 0.0,
        liveCpuUs, fileCpuUs, cpuRatio, loadBefore.c_str(), loadAfter.c_str());
  }
  if (!options.keep)
    std::filesystem::remove_all(options.dir);
  return ok ? 0 : 1;
}
