// Benchmark of the review report (issue 14 budget: a report of a 1M-span workspace in at most
// 5 s, the HTML at most 5 MB). Generates the spans of bench_import_otlp (20 services, ~10
// attributes per span), imports them and stores the diagnosis as `sightline import` does,
// then runs the real `sightline report` in a child process for HTML and PDF, of the whole
// workspace and before → after (first half of the time against the second, each side
// diagnosed on its own), and prints wall time, the child's peak RSS and the file size.
//
//   bench_report [--spans N] [--dir DIR] [--sightline PATH] [--db W]

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/import_otlp_generator.h"
#include "bench/stopwatch.h"
#include "importers/core/file_importer.h"
#include "model/diagnosis/compare_side.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/store/workspace.h"

using namespace sightline;
using namespace sightline::bench;

namespace {

struct Options {
  std::size_t spans = 1000000;
  std::string dir = "/tmp/sightline-bench-report";
  std::string sightline;
  std::string db;
};

Options parseOptions(int argc, char** argv) {
  Options o;
  o.sightline =
      (std::filesystem::path(argv[0]).parent_path() / ".." / "app" / "sightline").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--spans")
      o.spans = std::strtoull(value, nullptr, 10);
    else if (flag == "--dir")
      o.dir = value;
    else if (flag == "--sightline")
      o.sightline = value;
    else if (flag == "--db")
      o.db = value;
  }
  return o;
}

// Writes the spans as one OTLP/protobuf request (concatenated requests merge into one).
std::uint64_t writeTraces(const std::string& path, std::size_t wanted) {
  OtlpGenerator generator(42);
  otlp::ExportTraceServiceRequest request;
  std::ofstream out(path, std::ios::binary);
  std::uint64_t spans = 0;
  while (spans < wanted) {
    const Chunk chunk = generator.makeChunk(std::min<std::size_t>(2000, wanted - spans));
    spans += chunk.spanCount;
    const std::string bytes = toProtoBytes(chunk, request);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  return spans;
}

struct Run {
  double wallMs = 0;
  long peakKb = 0;
  std::uintmax_t bytes = 0;
  int status = -1;
};

// Runs `sightline report` and waits; the child's own peak RSS from wait4.
Run runReport(const Options& options, const std::string& db, const std::string& out,
              const std::vector<std::string>& extra) {
  std::vector<std::string> args{options.sightline, "report", "--db", db, "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  Run run;
  const Stopwatch watch;
  const pid_t child = fork();
  if (child == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  run.wallMs = watch.elapsed().wallMs;
  run.peakKb = usage.ru_maxrss;
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::error_code error;
  run.bytes = std::filesystem::file_size(out, error);
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  std::filesystem::create_directories(options.dir);
  std::string db = options.db;
  if (db.empty()) {
    db = options.dir + "/report.sightline";
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(db + suffix);
    const std::string traces = options.dir + "/traces.otlp.pb";
    const Stopwatch generate;
    const std::uint64_t spans = writeTraces(traces, options.spans);
    std::printf("generated %llu spans in %.1f s\n", static_cast<unsigned long long>(spans),
                generate.elapsed().wallMs / 1e3);
    Status status;
    auto workspace = Workspace::open(db, Workspace::Mode::ReadWrite, &status);
    if (!workspace) {
      std::fprintf(stderr, "bench_report: %s\n", status.message().c_str());
      return 1;
    }
    const Stopwatch import;
    const FileImportResult imported = importFile(*workspace, traces);
    if (imported.outcome != FileImportResult::Outcome::Imported) {
      std::fprintf(stderr, "bench_report: %s\n", imported.error.c_str());
      return 1;
    }
    // As `sightline import` does: the findings are stored with the data.
    if (Status s =
            refreshStoredFindings(*workspace, effectiveDiagnosisRules(*workspace, "", &status));
        !s) {
      std::fprintf(stderr, "bench_report: %s\n", s.message().c_str());
      return 1;
    }
    std::printf("imported and diagnosed in %.1f s\n", import.elapsed().wallMs / 1e3);
    std::filesystem::remove(traces);
  }
  std::string middle;
  {
    Status status;
    auto workspace = Workspace::open(db, Workspace::Mode::ReadOnly, &status);
    const auto window = workspace ? traceStartWindow(*workspace) : std::nullopt;
    if (!window) {
      std::fprintf(stderr, "bench_report: %s has no traces\n", db.c_str());
      return 1;
    }
    middle = std::to_string(window->first + (window->second - window->first) / 2);
  }
  const std::vector<std::string> halves{"--baseline", ".." + middle, "--target", middle + ".."};

  std::printf("\n%-34s %9s %9s %11s\n", "report", "wall ms", "peak MB", "size KB");
  struct Case {
    const char* name;
    const char* file;
    bool halves;
  };
  const Case cases[] = {{"HTML, whole workspace", "whole.html", false},
                        {"PDF, whole workspace", "whole.pdf", false},
                        {"HTML, before -> after (halves)", "halves.html", true},
                        {"PDF, before -> after (halves)", "halves.pdf", true}};
  for (const Case& c : cases) {
    const Run run = runReport(options, db, options.dir + "/" + c.file,
                              c.halves ? halves : std::vector<std::string>{});
    std::printf("%-34s %9.0f %9.1f %11.1f%s\n", c.name, run.wallMs,
                static_cast<double>(run.peakKb) / 1024.0, static_cast<double>(run.bytes) / 1024.0,
                run.status == 0 ? "" : "  FAILED");
  }
  return 0;
}
