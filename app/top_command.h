#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <string>

#include "app/command_line.h"
#include "model/profiles/call_tree.h"
#include "model/profiles/profile_data.h"

namespace sightline::cli {

// `sightline top (--db W [--profile ID] | FILE) [--sample-type T] [--diff-base BASE]
// [--nodecount N] [--unit U] [filters] [--json]`: pprof's -top table. arguments[0] is the verb.
int runTopCommand(const QStringList& arguments, CommandIo& io);
QString topUsage();

struct TopTextOptions {
  // The profile the report is about, for pprof's header lines (File, Build ID, comments,
  // Type, Time, Duration; each only when the profile has it). Null: no header lines.
  const ProfileData* profile = nullptr;
  // The base of a -diff_base report: its duration adds to the profile's, as pprof merges them.
  const ProfileData* base = nullptr;
  ProfileFilter filter;  // listed under "Active filters:" when set
  // pprof's -unit: "minimum" (or empty) picks one unit for the whole report as pprof does,
  // "auto" scales each value on its own, a unit ("ms", "MB", "ns", "count") prints all
  // values in it.
  std::string unit;
};

// The text report as `pprof -top` prints it: the header lines, "Showing nodes accounting for
// X, P% of T total", "Showing top N nodes out of M" when computeTop's nodeCount left rows
// out, the column titles and one line per row, with " (inline)" / " (partial-inline)".
QString formatTopText(const TopReport& report, const TopTextOptions& options = {});

// {"sample_type", "unit", "total", "rows": [{"function", "flat", "cum"}]} and a newline;
// values are integers in the profile's unit.
void writeTopJson(QTextStream& out, const TopReport& report);

}  // namespace sightline::cli
