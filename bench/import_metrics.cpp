// Benchmark of the Prometheus import (DESIGN.md budgets: a 400k-line snapshot parsed in
// ≤ 1 s; import ≤ 2.5× a raw prepared-statement insert of the same rows).
//
// Generates (or reads, --file) a 1M-sample-line text-format snapshot and a 400k-line one,
// then measures in one run: parsing only (the reader into a counting sink: MB/s, lines/s),
// the storage floor (bench/import_metrics_floor.h, fed by the same parser, only its inserts
// timed), and importFile() of the file into a fresh workspace in a child process (series/s,
// peak RSS, ratio to the floor). bench/parse_vs_promtool.sh times `promtool check metrics`
// on the same file.
//
//   bench_import_metrics [--file PATH] [--file400k PATH] [--lines N] [--dir DIR] [--keep]
//                        [--repeat R]
//   bench_import_metrics --parse-only FILE        (one parse, for parse_vs_promtool.sh)

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/import_child.h"
#include "bench/import_metrics_floor.h"
#include "bench/import_metrics_generator.h"
#include "bench/stopwatch.h"
#include "importers/core/file_byte_source.h"
#include "importers/core/file_importer.h"
#include "importers/prometheus/prometheus_text_reader.h"
#include "model/store/workspace.h"

using namespace sightline;
using namespace sightline::bench;

namespace {

using sightline::bench::Elapsed;
using sightline::bench::Stopwatch;

std::uint64_t fileSize(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(size);
}

struct CountingSink : MetricSink {
  std::uint64_t samples = 0;
  std::uint64_t families = 0;
  Status consume(MetricBatch&& batch) override {
    samples += batch.samples.size();
    families += batch.newFamilies.size();
    return Status::ok();
  }
};

// A sink that times only what it forwards to the floor.
struct TimedFloorSink : MetricSink {
  MetricStorageFloor& floor;
  Elapsed time;
  std::uint64_t samples = 0;
  explicit TimedFloorSink(MetricStorageFloor& f) : floor(f) {}
  Status consume(MetricBatch&& batch) override {
    samples += batch.samples.size();
    const Stopwatch watch;
    Status status = floor.consume(std::move(batch));
    time += watch.elapsed();
    return status;
  }
};

bool readFile(const std::string& path, MetricSink& sink, std::string& error) {
  Status status;
  auto source = FileByteSource::open(path, &status);
  if (!source) {
    error = status.message();
    return false;
  }
  ReaderContext context;
  DecodeError decodeError;
  if (!readPrometheusText(*source, sink, context, decodeError)) {
    error = describeDecodeError(path, decodeError);
    return false;
  }
  return true;
}

struct ParseResult {
  Elapsed time;
  std::uint64_t samples = 0;
};

ParseResult parseBest(const std::string& path, int repeat) {
  ParseResult best;
  for (int run = 0; run < repeat; ++run) {
    CountingSink sink;
    std::string error;
    const Stopwatch watch;
    if (!readFile(path, sink, error)) {
      std::fprintf(stderr, "parse failed: %s\n", error.c_str());
      std::exit(1);
    }
    const Elapsed e = watch.elapsed();
    if (run == 0 || e.wallMs < best.time.wallMs)
      best = {e, sink.samples};
  }
  return best;
}

// The child side: one import into a fresh workspace, figures on stdout.
int importOne(const std::string& file, const std::string& dbPath) {
  ImportOptions options;
  options.snapshotTimeMs = 1700000000000;
  const std::optional<TimedImport> timed = importIntoFreshWorkspace(file, dbPath, options);
  if (!timed)
    return 1;
  std::printf("RESULT %llu %llu %.3f %.3f\n", static_cast<unsigned long long>(timed->result.points),
              static_cast<unsigned long long>(timed->result.series), timed->elapsed.wallMs,
              timed->elapsed.cpuMs);
  std::printf("ROWS %s\n", metricRowCounts(dbPath).c_str());
  return 0;
}

struct ChildResult {
  bool ok = false;
  std::uint64_t points = 0;
  std::uint64_t series = 0;
  Elapsed time;
  long peakRssKb = 0;
  std::string rows;
  std::string error;
};

ChildResult runChild(const std::string& file, const std::string& dbPath) {
  ChildResult r;
  const ImportChildRun run = runImportChild(file, dbPath);
  r.peakRssKb = run.peakRssKb;
  unsigned long long points = 0, series = 0;
  const char* result = importChildResult(run);
  if (result && std::sscanf(result, "%llu %llu %lf %lf", &points, &series, &r.time.wallMs,
                            &r.time.cpuMs) == 4) {
    r.ok = true;
    r.points = points;
    r.series = series;
    r.rows = run.rows;
  } else {
    r.error = importChildFailure(run);
  }
  return r;
}

struct Options {
  std::string file;
  std::string file400k;
  std::uint64_t lines = 1000000;
  std::string dir;
  bool keep = false;
  int repeat = 3;
};

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr,
               "usage: %s [--file PATH] [--file400k PATH] [--lines N] [--dir DIR] [--keep] "
               "[--repeat R]\n",
               program);
  std::exit(2);
}

void printRow(const char* label, const Elapsed& time, double megabytes, std::uint64_t rows,
              const char* rowUnit, double floorWallMs, double floorCpuMs, long rssKb) {
  std::printf("%-30s %8.3f %8.3f %9.1f %11.0f %-13s", label, time.wallMs / 1e3, time.cpuMs / 1e3,
              megabytes / time.wallMs * 1e3, static_cast<double>(rows) / time.wallMs * 1e3,
              rowUnit);
  if (floorWallMs > 0)
    std::printf(" %7.2f %7.2f", time.wallMs / floorWallMs, time.cpuMs / floorCpuMs);
  else
    std::printf(" %7s %7s", "-", "-");
  if (rssKb > 0)
    std::printf(" %7.0f", static_cast<double>(rssKb) / 1024.0);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::strcmp(argv[1], "--import-one") == 0)
    return importOne(argv[2], argv[4]);
  if (argc == 3 && std::strcmp(argv[1], "--parse-only") == 0) {
    // One parse of one file (bench/parse_vs_promtool.sh times the whole process).
    const ParseResult parse = parseBest(argv[2], 1);
    std::printf("%llu sample lines in %.3f s wall, %.3f s cpu\n",
                static_cast<unsigned long long>(parse.samples), parse.time.wallMs / 1e3,
                parse.time.cpuMs / 1e3);
    return 0;
  }
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--file" && i + 1 < argc)
      options.file = argv[++i];
    else if (flag == "--file400k" && i + 1 < argc)
      options.file400k = argv[++i];
    else if (flag == "--lines" && i + 1 < argc)
      options.lines = std::strtoull(argv[++i], nullptr, 10);
    else if (flag == "--dir" && i + 1 < argc)
      options.dir = argv[++i];
    else if (flag == "--keep")
      options.keep = true;
    else if (flag == "--repeat" && i + 1 < argc)
      options.repeat = std::max(1, std::atoi(argv[++i]));
    else
      usage(argv[0]);
  }
  if (options.dir.empty()) {
    char pattern[] = "/tmp/sightline-bench-XXXXXX";
    if (!mkdtemp(pattern))
      usage(argv[0]);
    options.dir = pattern;
  }
  std::filesystem::create_directories(options.dir);
  if (options.file.empty()) {
    options.file = options.dir + "/metrics-" + std::to_string(options.lines) + ".prom";
    writeMetricsSnapshot(options.file, options.lines);
  }
  if (options.file400k.empty()) {
    options.file400k = options.dir + "/metrics-400k.prom";
    writeMetricsSnapshot(options.file400k, 400000);
  }
  const double megabytes = static_cast<double>(fileSize(options.file)) / 1e6;
  const double megabytes400k = static_cast<double>(fileSize(options.file400k)) / 1e6;

  const ParseResult parse = parseBest(options.file, options.repeat);
  const ParseResult parse400k = parseBest(options.file400k, options.repeat);

  const std::string floorPath = options.dir + "/floor.sightline";
  Elapsed floorTime;
  std::uint64_t floorSamples = 0;
  {
    MetricStorageFloor floor(floorPath);
    TimedFloorSink sink(floor);
    std::string error;
    if (!readFile(options.file, sink, error)) {
      std::fprintf(stderr, "floor: %s\n", error.c_str());
      return 1;
    }
    const Stopwatch watch;
    floor.finish();
    floorTime = sink.time;
    floorTime += watch.elapsed();
    floorSamples = sink.samples;
  }
  const std::string floorRows = metricRowCounts(floorPath);

  std::printf(
      "input: %s, %.1f MB, %llu sample lines (= series); 400k file: %s, %.1f MB, %llu "
      "sample lines\n",
      options.file.c_str(), megabytes, static_cast<unsigned long long>(parse.samples),
      options.file400k.c_str(), megabytes400k, static_cast<unsigned long long>(parse400k.samples));
  std::printf("%-30s %8s %8s %9s %11s %-13s %7s %7s %7s\n", "", "wall s", "cpu s", "MB/s", "rows/s",
              "", "xfloor", "xfl cpu", "RSS MB");
  printRow("parse only", parse.time, megabytes, parse.samples, "lines/s", 0, 0, 0);
  printRow("parse only, 400k lines", parse400k.time, megabytes400k, parse400k.samples, "lines/s", 0,
           0, 0);
  printRow("storage floor (SQLite)", floorTime, megabytes, floorSamples, "series/s",
           floorTime.wallMs, floorTime.cpuMs, 0);

  const std::string dbPath = options.dir + "/import.sightline";
  ChildResult r = runChild(options.file, dbPath);
  for (int run = 1; run < options.repeat && r.ok; ++run) {
    const ChildResult again = runChild(options.file, dbPath);
    if (again.ok && again.time.wallMs < r.time.wallMs)
      r = again;
  }
  bool ok = true;
  if (!r.ok) {
    std::printf("%-30s FAILED: %s\n", "import (importFile)", r.error.c_str());
    ok = false;
  } else {
    printRow("import (importFile)", r.time, megabytes, r.series, "series/s", floorTime.wallMs,
             floorTime.cpuMs, r.peakRssKb);
    if (r.rows != floorRows) {
      std::printf("  rows differ from the floor:\n    import %s\n    floor  %s\n", r.rows.c_str(),
                  floorRows.c_str());
    }
  }
  std::printf("rows of the floor: %s\n", floorRows.c_str());
  std::printf(
      "budgets: 400k-line parse <= 1 s (%s: %.3f s wall, %.3f s cpu); import <= 2.5x floor (%s)\n",
      parse400k.time.wallMs <= 1000 ? "met" : "MISSED", parse400k.time.wallMs / 1e3,
      parse400k.time.cpuMs / 1e3,
      !r.ok ? "not measured" : (r.time.wallMs <= 2.5 * floorTime.wallMs ? "met" : "MISSED"));
  std::printf(
      "Times are the fastest of %d runs (the floor: one run). CPU time is steadier than wall time "
      "on a shared machine.\n",
      options.repeat);
  std::filesystem::remove(dbPath);
  std::filesystem::remove(dbPath + "-wal");
  std::filesystem::remove(dbPath + "-shm");
  if (!options.keep) {
    std::filesystem::remove(floorPath);
    std::filesystem::remove(floorPath + "-wal");
    std::filesystem::remove(floorPath + "-shm");
    if (options.file.rfind(options.dir, 0) == 0)
      std::filesystem::remove(options.file);
    if (options.file400k.rfind(options.dir, 0) == 0)
      std::filesystem::remove(options.file400k);
    std::error_code notEmpty;
    std::filesystem::remove(options.dir, notEmpty);  // only when empty
  }
  return ok ? 0 : 1;
}
