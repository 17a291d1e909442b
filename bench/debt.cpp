// Benchmark of the tech-debt heatmap on a large monorepo: S services × P packages × F files,
// each file with Go coverage counts, jscpd lines, cloc lines, a cover -func row per
// function, static-analysis results and a commit history. Times storing the records
// (DebtWriter, one source per tool as the importers make them) and loadDebtTable (reading,
// mapping to services, summing to directories and services). With --db it reads that
// workspace's runtime signals too (spans, profiles, findings).
//
//   bench_debt [--services S] [--packages P] [--files F] [--commits C] [--repeat R] [--db W]

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include <unistd.h>

#include "bench/stopwatch.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_writer.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

struct Options {
  int services = 50;
  int packages = 40;
  int files = 50;  // per package: 50 × 40 × 50 = 100,000 files
  int commits = 20000;
  int repeat = 3;
  std::string db;
};

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--services")
      o.services = std::atoi(value);
    else if (flag == "--packages")
      o.packages = std::atoi(value);
    else if (flag == "--files")
      o.files = std::atoi(value);
    else if (flag == "--commits")
      o.commits = std::atoi(value);
    else if (flag == "--repeat")
      o.repeat = std::atoi(value);
    else if (flag == "--db")
      o.db = value;
    else {
      std::fprintf(stderr,
                   "usage: %s [--services S] [--packages P] [--files F] [--commits C] "
                   "[--repeat R] [--db W]\n",
                   argv[0]);
      std::exit(2);
    }
  }
  return o;
}

std::string filePath(int service, int package, int file) {
  return "example.com/mono/services/svc-" + std::to_string(service) + "/pkg" +
         std::to_string(package) + "/file" + std::to_string(file) + ".go";
}

// Writes one source of `kind` whose records `fill` makes; returns the records written.
template <typename Fill>
std::uint64_t writeSource(Workspace& workspace, const std::string& kind, Fill fill) {
  DebtWriter writer(workspace, SourceDescription{"bench:" + kind, kind, "bench-" + kind, 0});
  DebtBatch batch;
  std::uint64_t written = 0;
  const auto flush = [&] {
    written += batch.size();
    if (Status s = writer.consume(std::move(batch)); !s) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      std::exit(1);
    }
    batch = DebtBatch{};
  };
  fill(batch, flush);
  flush();
  if (Status s = writer.finish(); !s) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    std::exit(1);
  }
  return written;
}

std::uint64_t writeRepository(Workspace& workspace, const Options& o) {
  std::mt19937 random(42);
  std::uint64_t records = 0;
  const auto eachFile = [&](auto&& body) {
    for (int s = 0; s < o.services; ++s)
      for (int p = 0; p < o.packages; ++p)
        for (int f = 0; f < o.files; ++f)
          body(s, p, f, filePath(s, p, f));
  };
  records += writeSource(workspace, "go-coverprofile", [&](DebtBatch& batch, auto& flush) {
    eachFile([&](int, int, int, const std::string& path) {
      const double statements = 20 + random() % 200;
      batch.measures.push_back({DebtUnitKind::File, path, "", 0, "statements", statements});
      batch.measures.push_back(
          {DebtUnitKind::File, path, "", 0, "covered_statements",
           static_cast<double>(random() % (static_cast<int>(statements) + 1))});
      if (batch.size() >= 10000)
        flush();
    });
  });
  records += writeSource(workspace, "go-cover-func", [&](DebtBatch& batch, auto& flush) {
    eachFile([&](int, int, int f, const std::string& path) {
      for (int fn = 0; fn < 5; ++fn) {
        batch.measures.push_back({DebtUnitKind::Function, path,
                                  "Func" + std::to_string(f) + "_" + std::to_string(fn),
                                  static_cast<std::uint32_t>(10 + 20 * fn), "coverage",
                                  static_cast<double>(random() % 101)});
      }
      if (batch.size() >= 10000)
        flush();
    });
  });
  records += writeSource(workspace, "jscpd-json", [&](DebtBatch& batch, auto& flush) {
    eachFile([&](int, int, int, const std::string& path) {
      const double lines = 50 + random() % 500;
      batch.measures.push_back({DebtUnitKind::File, path, "", 0, "lines", lines});
      batch.measures.push_back({DebtUnitKind::File, path, "", 0, "duplicated_lines",
                                static_cast<double>(random() % 40)});
      if (batch.size() >= 10000)
        flush();
    });
  });
  records += writeSource(workspace, "cloc-json", [&](DebtBatch& batch, auto& flush) {
    eachFile([&](int, int, int, const std::string& path) {
      batch.measures.push_back(
          {DebtUnitKind::File, path, "", 0, "ncloc", static_cast<double>(40 + random() % 400)});
      batch.measures.push_back(
          {DebtUnitKind::File, path, "", 0, "comment_lines", static_cast<double>(random() % 80)});
      if (batch.size() >= 10000)
        flush();
    });
  });
  records += writeSource(workspace, "sarif", [&](DebtBatch& batch, auto& flush) {
    eachFile([&](int, int, int f, const std::string& path) {
      if (f % 2 != 0)
        return;
      DebtIssueRecord issue;
      issue.tool = "Staticcheck";
      issue.ruleId = "SA" + std::to_string(4000 + random() % 30);
      issue.level = "warning";
      if (random() % 50 == 0) {
        issue.securitySeverity = 7.5;
        issue.tags = {"security"};
      }
      issue.path = path;
      issue.line = 1 + random() % 300;
      issue.message = "this value of err is never used";
      batch.issues.push_back(std::move(issue));
      if (batch.size() >= 10000)
        flush();
    });
  });
  records += writeSource(workspace, "git-numstat", [&](DebtBatch& batch, auto& flush) {
    for (int c = 0; c < o.commits; ++c) {
      char hash[41];
      std::snprintf(hash, sizeof hash, "%040x", c);
      const int service = static_cast<int>(random() % o.services);
      for (int k = 0; k < 5; ++k) {
        DebtChangeRecord change;
        change.commit = hash;
        change.author = "Dev " + std::to_string(c % 40) + " <dev@example.com>";
        change.timeUnixNano = 1767225600000000000LL + static_cast<std::int64_t>(c) * 600000000000LL;
        change.path = filePath(service, static_cast<int>(random() % o.packages),
                               static_cast<int>(random() % o.files));
        change.added = random() % 50;
        change.deleted = random() % 30;
        batch.changes.push_back(std::move(change));
      }
      if (batch.size() >= 10000)
        flush();
    }
  });
  return records;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parseOptions(argc, argv);
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("bench_debt_" + std::to_string(::getpid()) + ".sightline");
  const std::string path = o.db.empty() ? file.string() : o.db;
  Status status;
  auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  if (!workspace) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  const long files = static_cast<long>(o.services) * o.packages * o.files;
  bench::Stopwatch writing;
  const std::uint64_t records = writeRepository(*workspace, o);
  const bench::Elapsed written = writing.elapsed();
  std::printf(
      "debt: %ld files in %d services, %d commits: %llu records stored in %.0f ms wall "
      "(%.0f ms CPU)\n",
      files, o.services, o.commits, static_cast<unsigned long long>(records), written.wallMs,
      written.cpuMs);
  if (Status s = proposeServicePathRules(*workspace); !s) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  bench::Elapsed best{1e18, 1e18};
  for (int r = 0; r < o.repeat; ++r) {
    DebtTable table;
    bench::Stopwatch loading;
    if (Status s = loadDebtTable(*workspace, DebtTableOptions{}, &table); !s) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
    const bench::Elapsed e = loading.elapsed();
    std::printf("  loadDebtTable: %.0f ms wall, %.0f ms CPU, %zu rows, %zu unmapped\n", e.wallMs,
                e.cpuMs, table.rows.size(), table.unmappedPaths.size());
    if (e.wallMs < best.wallMs)
      best = e;
  }
  std::printf("best of %d: the heatmap of %ld files in %.0f ms wall (%.0f ms CPU)\n", o.repeat,
              files, best.wallMs, best.cpuMs);
  workspace.reset();
  if (o.db.empty()) {
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
  }
  return 0;
}
