// Benchmark of the OTLP import against the storage floor (DESIGN.md budgets: OTLP/protobuf
// import ≤ 2.5× a raw prepared-statement insert of the same rows with the same indexes,
// peak RSS ≤ 300 MB, ≤ 350 bytes per span on disk; OTLP/JSON ≤ 3× protobuf).
//
// One run generates realistic OTLP traces (20 services, ~10 attributes of mixed types per
// span, events, links, errors), writes them as OTLP/protobuf (raw, gzip, zstd) and OTLP/JSON
// lines, inserts the same rows through the plainest prepared-statement loop (the floor,
// bench/import_otlp_floor.h), then imports each file with importFile() into a fresh
// workspace in a child process (so that its peak RSS is its own) and prints the figures.
//
//   bench_import_otlp [--spans N] [--dir DIR] [--keep] [--no-json] [--repeat R]

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/import_child.h"
#include "bench/import_otlp_floor.h"
#include "bench/import_otlp_generator.h"
#include "bench/stopwatch.h"
#include "importers/core/file_importer.h"
#include "model/store/workspace.h"

using namespace sightline;
using namespace sightline::bench;

namespace {

using sightline::bench::Elapsed;
using sightline::bench::Stopwatch;

// Row counts of the tables an import fills, to check that the floor stores the same rows.
std::string traceRowCounts(const std::string& path) {
  return rowCounts(
      path, {"spans", "span_attributes", "span_events", "span_event_attributes", "span_links",
             "resources", "resource_attributes", "scopes", "strings", "traces"});
}

// The child side: one import into a fresh workspace, figures on stdout.
int importOne(const std::string& file, const std::string& dbPath) {
  const std::optional<TimedImport> timed = importIntoFreshWorkspace(file, dbPath);
  if (!timed)
    return 1;
  std::printf("RESULT %llu %.3f %.3f %llu\n", static_cast<unsigned long long>(timed->result.spans),
              timed->elapsed.wallMs, timed->elapsed.cpuMs,
              static_cast<unsigned long long>(databaseBytes(dbPath)));
  std::printf("ROWS %s\n", traceRowCounts(dbPath).c_str());
  return 0;
}

struct ChildResult {
  bool ok = false;
  std::uint64_t spans = 0;
  Elapsed time;
  std::uint64_t dbBytes = 0;
  long peakRssKb = 0;
  std::string rows;
  std::string error;
};

ChildResult runChild(const std::string& file, const std::string& dbPath) {
  ChildResult r;
  const ImportChildRun run = runImportChild(file, dbPath);
  r.peakRssKb = run.peakRssKb;
  unsigned long long spans = 0, dbBytes = 0;
  const char* result = importChildResult(run);
  if (result && std::sscanf(result, "%llu %lf %lf %llu", &spans, &r.time.wallMs, &r.time.cpuMs,
                            &dbBytes) == 4) {
    r.ok = true;
    r.spans = spans;
    r.dbBytes = dbBytes;
    r.rows = run.rows;
  } else {
    r.error = importChildFailure(run);
  }
  return r;
}

// Writes the same stream raw, gzip- and zstd-compressed.
class OutputFiles {
 public:
  explicit OutputFiles(const std::string& base)
      : m_raw(std::fopen((base + ".pb").c_str(), "wb")),
        m_gzip(gzopen((base + ".pb.gz").c_str(), "wb6")),
        m_zstdFile(std::fopen((base + ".pb.zst").c_str(), "wb")),
        m_zstd(ZSTD_createCCtx()),
        m_buffer(ZSTD_CStreamOutSize()) {
    ZSTD_CCtx_setParameter(m_zstd, ZSTD_c_compressionLevel, 3);
  }

  void write(const std::string& bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), m_raw);
    gzwrite(m_gzip, bytes.data(), static_cast<unsigned>(bytes.size()));
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (in.pos < in.size)
      compressZstd(in, ZSTD_e_continue);
  }

  void close() {
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (compressZstd(in, ZSTD_e_end) != 0) {
    }
    ZSTD_freeCCtx(m_zstd);
    std::fclose(m_zstdFile);
    gzclose(m_gzip);
    std::fclose(m_raw);
  }

 private:
  std::size_t compressZstd(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{m_buffer.data(), m_buffer.size(), 0};
    const std::size_t left = ZSTD_compressStream2(m_zstd, &out, &in, mode);
    std::fwrite(m_buffer.data(), 1, out.pos, m_zstdFile);
    return ZSTD_isError(left) ? 0 : left;
  }

  std::FILE* m_raw;
  gzFile m_gzip;
  std::FILE* m_zstdFile;
  ZSTD_CCtx* m_zstd;
  std::vector<char> m_buffer;
};

struct Options {
  std::size_t spans = 1000000;
  std::string dir;
  bool keep = false;
  bool json = true;
  int repeat = 1;
};

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--spans N] [--dir DIR] [--keep] [--no-json] [--repeat R]\n",
               program);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::strcmp(argv[1], "--import-one") == 0)
    return importOne(argv[2], argv[4]);
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--spans" && i + 1 < argc) {
      options.spans = std::strtoull(argv[++i], nullptr, 10);
    } else if (flag == "--dir" && i + 1 < argc) {
      options.dir = argv[++i];
    } else if (flag == "--keep") {
      options.keep = true;
    } else if (flag == "--repeat" && i + 1 < argc) {
      options.repeat = std::max(1, std::atoi(argv[++i]));
    } else if (flag == "--no-json") {
      options.json = false;
    } else {
      usage(argv[0]);
    }
  }
  if (options.dir.empty()) {
    char pattern[] = "/tmp/sightline-bench-XXXXXX";
    if (!mkdtemp(pattern))
      usage(argv[0]);
    options.dir = pattern;
  }
  std::filesystem::create_directories(options.dir);
  const std::string base = options.dir + "/traces";
  const std::string floorPath = options.dir + "/floor.sightline";

  // Generate, encode and write; the floor inserts each chunk as it comes (only the inserts
  // are timed).
  OtlpGenerator generator(42);
  otlp::ExportTraceServiceRequest request;
  OutputFiles files(base);
  std::FILE* json = options.json ? std::fopen((base + ".jsonl").c_str(), "wb") : nullptr;
  Elapsed floorTime;
  std::uint64_t protoBytes = 0;
  std::uint64_t spans = 0;
  {
    StorageFloor floor(floorPath);
    while (spans < options.spans) {
      const Chunk chunk = generator.makeChunk(std::min<std::size_t>(2000, options.spans - spans));
      spans += chunk.spanCount;
      const std::string bytes = toProtoBytes(chunk, request);
      protoBytes += bytes.size();
      files.write(bytes);
      if (json) {
        const std::string line = toJsonLine(chunk);
        std::fwrite(line.data(), 1, line.size(), json);
      }
      const Stopwatch watch;
      floor.insert(chunk);
      floorTime += watch.elapsed();
    }
    const Stopwatch watch;
    floor.finish();
    floorTime += watch.elapsed();
  }
  files.close();
  if (json)
    std::fclose(json);
  const std::uint64_t floorBytes = databaseBytes(floorPath);
  const std::string floorRows = traceRowCounts(floorPath);

  std::printf("input: %llu spans, %.1f MB of OTLP/protobuf; files in %s\n",
              static_cast<unsigned long long>(spans), static_cast<double>(protoBytes) / 1e6,
              options.dir.c_str());
  std::printf("%-22s %8s %8s %8s %9s %9s %9s %7s %7s %8s %8s %6s %6s\n", "", "file MB", "wall s",
              "cpu s", "spans/s", "file MB/s", "OTLP MB/s", "B/span", "RSS MB", "xfloor", "xfl cpu",
              "xpb", "xpb cpu");
  const auto perSpan = [spans](std::uint64_t bytes) {
    return static_cast<double>(bytes) / static_cast<double>(spans);
  };
  std::printf("%-22s %8s %8.2f %8.2f %9.0f %9s %9.1f %7.0f %7s %8.2f %8.2f %6s %6s\n",
              "storage floor (SQLite)", "-", floorTime.wallMs / 1e3, floorTime.cpuMs / 1e3,
              static_cast<double>(spans) / floorTime.wallMs * 1e3, "-",
              static_cast<double>(protoBytes) / floorTime.wallMs / 1e3, perSpan(floorBytes), "-",
              1.0, 1.0, "-", "-");

  struct Input {
    const char* label;
    std::string path;
  };
  std::vector<Input> inputs{{"OTLP/protobuf", base + ".pb"},
                            {"OTLP/protobuf gzip", base + ".pb.gz"},
                            {"OTLP/protobuf zstd", base + ".pb.zst"}};
  if (options.json)
    inputs.push_back({"OTLP/JSON lines", base + ".jsonl"});
  Elapsed protobuf;
  bool allOk = true;
  for (const Input& input : inputs) {
    const std::string dbPath = options.dir + "/import.sightline";
    ChildResult r = runChild(input.path, dbPath);
    for (int run = 1; run < options.repeat && r.ok; ++run) {
      const ChildResult again = runChild(input.path, dbPath);
      if (again.ok && again.time.wallMs < r.time.wallMs)
        r = again;
    }
    if (!r.ok) {
      std::printf("%-22s FAILED: %s\n", input.label, r.error.c_str());
      allOk = false;
      continue;
    }
    if (protobuf.wallMs == 0)
      protobuf = r.time;
    const double fileMb = static_cast<double>(fileBytes(input.path)) / 1e6;
    std::printf("%-22s %8.1f %8.2f %8.2f %9.0f %9.1f %9.1f %7.0f %7.0f %8.2f %8.2f %6.2f %6.2f\n",
                input.label, fileMb, r.time.wallMs / 1e3, r.time.cpuMs / 1e3,
                static_cast<double>(r.spans) / r.time.wallMs * 1e3, fileMb / r.time.wallMs * 1e3,
                static_cast<double>(protoBytes) / r.time.wallMs / 1e3, perSpan(r.dbBytes),
                static_cast<double>(r.peakRssKb) / 1024.0, r.time.wallMs / floorTime.wallMs,
                r.time.cpuMs / floorTime.cpuMs, r.time.wallMs / protobuf.wallMs,
                r.time.cpuMs / protobuf.cpuMs);
    if (r.spans != spans || r.rows != floorRows) {
      std::printf("  rows differ from the floor:\n    import %s\n    floor  %s\n", r.rows.c_str(),
                  floorRows.c_str());
    }
    std::filesystem::remove(dbPath);
    std::filesystem::remove(dbPath + "-wal");
    std::filesystem::remove(dbPath + "-shm");
  }
  std::printf("rows per import and floor: %s\n", floorRows.c_str());
  std::printf(
      "OTLP MB/s counts uncompressed protobuf bytes. xfloor / xpb: time ratios to the floor "
      "and to the raw protobuf import in this run, wall and process CPU (CPU is steadier on a "
      "shared machine; the import decodes and writes on two threads).\n");
  if (!options.keep)
    std::filesystem::remove_all(options.dir);
  return allOk ? 0 : 1;
}
