#pragma once

// The import benchmarks measure peak RSS of one import alone: they run themselves again as
// a child (`--import-one FILE --db DB`), which prints "RESULT …" and "ROWS …" lines on
// stdout, and read the child's maximum RSS from wait4. Both sides are here.

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bench/stopwatch.h"
#include "importers/core/file_importer.h"
#include "model/store/workspace.h"

extern char** environ;

namespace sightline::bench {

struct ImportChildRun {
  bool started = false;
  std::string output;  // the child's stdout
  long peakRssKb = 0;
  std::string rows;  // after "ROWS " on its own line, when printed
};

inline ImportChildRun runImportChild(const std::string& file, const std::string& dbPath) {
  ImportChildRun run;
  int fds[2];
  if (pipe(fds) != 0)
    return run;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<std::string> args{self, "--import-one", file, "--db", dbPath};
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;)
    run.output.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  if (spawned != 0)
    return run;
  run.started = true;
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.peakRssKb = usage.ru_maxrss;
  if (const auto rows = run.output.find("ROWS "); rows != std::string::npos)
    run.rows = run.output.substr(rows + 5, run.output.find('\n', rows) - rows - 5);
  return run;
}

// The child's "RESULT …" line after the word, for sscanf; nullptr when there is none.
inline const char* importChildResult(const ImportChildRun& run) {
  const auto at = run.output.find("RESULT ");
  return at == std::string::npos ? nullptr : run.output.c_str() + at + 7;
}

// Why a child gave no result.
inline std::string importChildFailure(const ImportChildRun& run) {
  if (!run.started)
    return "cannot start the import child";
  return run.output.empty() ? "import child failed" : run.output;
}

struct TimedImport {
  FileImportResult result;
  Elapsed elapsed;
};

// The child side: `file` imported into a fresh workspace at `dbPath` (closed again before
// this returns, so that sizes and row counts read afterwards are final), importFile() timed. On
// failure "ERROR …" is printed and nullopt returned.
inline std::optional<TimedImport> importIntoFreshWorkspace(const std::string& file,
                                                           const std::string& dbPath,
                                                           const ImportOptions& options = {}) {
  std::filesystem::remove(dbPath);
  Status status;
  auto workspace = Workspace::open(dbPath, Workspace::Mode::ReadWrite, &status);
  if (!workspace) {
    std::printf("ERROR %s\n", status.message().c_str());
    return std::nullopt;
  }
  const Stopwatch watch;
  TimedImport timed{importFile(*workspace, file, options), {}};
  timed.elapsed = watch.elapsed();
  workspace.reset();
  if (timed.result.outcome != FileImportResult::Outcome::Imported) {
    std::printf("ERROR %s\n", timed.result.error.c_str());
    return std::nullopt;
  }
  return timed;
}

}  // namespace sightline::bench
