#pragma once

// Runs a verb of the command line in this process (no binary) and keeps its exit code and
// its stdout/stderr text, for the CLI unit tests of the profile verbs.

#include <QString>
#include <QStringList>
#include <QTextStream>

#include "app/command_line.h"

namespace sightline::test {

struct CommandRun {
  int code = -1;
  QString out;
  QString err;
};

inline CommandRun run(const QStringList& arguments) {
  CommandRun result;
  QTextStream out(&result.out);
  QTextStream err(&result.err);
  cli::CommandIo io{out, err, false};
  result.code = cli::runCommand(arguments, io);
  out.flush();
  err.flush();
  return result;
}

// A Go runtime/pprof fixture by file name ("cpu.pb.gz").
inline QString fixture(const char* name) {
  return QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof/") + QLatin1String(name);
}

}  // namespace sightline::test
