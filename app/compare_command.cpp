#include "app/compare_command.h"

#include <QCommandLineParser>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "app/json_output.h"
#include "app/text_output.h"
#include "model/text/duration_text.h"

namespace sightline::cli {

namespace {

const QString kArrow = QStringLiteral(" → ");

QString signedDuration(std::int64_t ns) {
  if (ns == 0)
    return QStringLiteral("0");
  const QString text = formatDurationCompact(static_cast<std::uint64_t>(std::llabs(ns)));
  return (ns > 0 ? QLatin1Char('+') : QLatin1Char('-')) + text;
}

QString signedPercent(double ratio) {
  const double percent = ratio * 100;
  const QString text = QString::number(percent, 'f', std::abs(percent) < 10 ? 1 : 0);
  return (percent > 0 ? QStringLiteral("+") : QString()) + text + QLatin1Char('%');
}

QString percent(double rate) {
  return QString::number(rate * 100, 'f', 1) + QLatin1Char('%');
}

// "baseline → target" of one figure, with "-" for the side that lacks the operation.
template <typename Text>
QString both(const OperationComparison& row, Text text) {
  return (row.baseline ? text(*row.baseline) : QStringLiteral("-")) + kArrow +
         (row.target ? text(*row.target) : QStringLiteral("-"));
}

QString sideLine(const QString& label, const CompareSideSummary& side) {
  return QStringLiteral("%1 %2: %3 traces, %4 spans, %5 error spans\n")
      .arg(label, QString::fromStdString(describeCompareSide(side.side)))
      .arg(side.traces)
      .arg(side.spans)
      .arg(side.errorSpans);
}

QString operationsTable(const std::vector<OperationComparison>& operations) {
  QList<QStringList> rows;
  for (const OperationComparison& row : operations) {
    auto duration = [](std::uint64_t OperationSideFigures::*field) {
      return [field](const OperationSideFigures& f) { return formatDurationCompact(f.*field); };
    };
    rows.append({QString::fromStdString(row.service), QString::fromStdString(row.operation),
                 QLatin1String(operationStatusName(row.status)),
                 both(row, [](const OperationSideFigures& f) { return QString::number(f.count); }),
                 both(row, duration(&OperationSideFigures::p50Ns)),
                 both(row, duration(&OperationSideFigures::p95Ns)),
                 row.p95ChangeNs ? signedDuration(*row.p95ChangeNs) : QStringLiteral("-"),
                 row.p95ChangeRatio ? signedPercent(*row.p95ChangeRatio) : QStringLiteral("-"),
                 both(row, duration(&OperationSideFigures::p99Ns)),
                 both(row, [](const OperationSideFigures& f) { return percent(f.errorRate); })});
  }
  return formatTable({QStringLiteral("SERVICE"), QStringLiteral("OPERATION"),
                      QStringLiteral("STATUS"), QStringLiteral("COUNT"), QStringLiteral("P50"),
                      QStringLiteral("P95"), QStringLiteral("P95 CHANGE"), QStringLiteral("%"),
                      QStringLiteral("P99"), QStringLiteral("ERRORS")},
                     rows, {false, false, false, true, true, true, true, true, true, true});
}

QString perTrace(double value, std::uint64_t spans) {
  return spans == 0 ? QStringLiteral("-") : QString::number(value, 'f', 2);
}

// Without --all-paths, at most this many rows of paths: traces built from random call trees
// (a path per span) would otherwise print a million lines.
constexpr int kTextPathRows = 200;

// The paths to print: the changed ones (all with `allPaths`) and their ancestors, for context,
// up to kTextPathRows of them unless `allPaths`.
QString pathsTable(const std::vector<PathComparison>& paths, bool allPaths, int* hidden, int* cut) {
  std::vector<bool> shown(paths.size(), allPaths);
  for (std::size_t i = 0; i < paths.size() && !allPaths; ++i) {
    if (paths[i].change == PathChange::Same)
      continue;
    for (int j = static_cast<int>(i); j >= 0 && !shown[static_cast<std::size_t>(j)];
         j = paths[static_cast<std::size_t>(j)].parent) {
      shown[static_cast<std::size_t>(j)] = true;
    }
  }
  QList<QStringList> rows;
  *hidden = 0;
  *cut = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const PathComparison& path = paths[i];
    if (!shown[i]) {
      ++*hidden;
      continue;
    }
    if (!allPaths && rows.size() >= kTextPathRows) {
      ++*cut;
      continue;
    }
    rows.append({QLatin1String(pathChangeName(path.change)),
                 perTrace(path.baselinePerTrace, path.baselineSpans),
                 perTrace(path.targetPerTrace, path.targetSpans),
                 QString(path.depth * 2, QLatin1Char(' ')) +
                     QString::fromStdString(path.step.service + " " + path.step.operation)});
  }
  if (rows.isEmpty())
    return {};
  return formatTable({QStringLiteral("CHANGE"), QStringLiteral("BASELINE"),
                      QStringLiteral("TARGET"), QStringLiteral("PATH")},
                     rows, {false, true, true, false});
}

QString profileIds(const std::vector<CompareProfile>& profiles) {
  if (profiles.empty())
    return QStringLiteral("none");
  QStringList ids;
  for (const CompareProfile& profile : profiles)
    ids.append(QString::number(profile.id));
  return ids.join(QStringLiteral(", "));
}

void writeSide(JsonWriter& json, const CompareSideSummary& summary) {
  const ResolvedCompareSide& side = summary.side;
  json.beginObject();
  json.key(u"text");
  json.string(std::string_view(side.spec.text));
  json.key(u"kind");
  json.string(side.isSource ? u"source" : u"range");
  json.key(u"source");
  if (side.isSource) {
    json.beginObject();
    json.key(u"id");
    json.integer(side.sourceId);
    json.key(u"path");
    json.string(std::string_view(side.sourcePath));
    json.endObject();
  } else {
    json.null();
  }
  // A range's own ends; a source's, the time its spans cover.
  const bool known = !side.isSource || summary.spans > 0;
  json.key(u"from_unix_nano");
  known ? json.unsignedInteger(side.isSource ? summary.firstStartNs : side.fromNs) : json.null();
  json.key(u"to_unix_nano");
  known ? json.unsignedInteger(side.isSource ? summary.lastEndNs : side.toNs) : json.null();
  json.key(u"traces");
  json.unsignedInteger(summary.traces);
  json.key(u"spans");
  json.unsignedInteger(summary.spans);
  json.key(u"error_spans");
  json.unsignedInteger(summary.errorSpans);
  json.endObject();
}

void writeFigures(JsonWriter& json, const std::optional<OperationSideFigures>& figures) {
  if (!figures) {
    json.null();
    return;
  }
  json.beginObject();
  json.key(u"count");
  json.unsignedInteger(figures->count);
  json.key(u"p50_ns");
  json.unsignedInteger(figures->p50Ns);
  json.key(u"p95_ns");
  json.unsignedInteger(figures->p95Ns);
  json.key(u"p99_ns");
  json.unsignedInteger(figures->p99Ns);
  json.key(u"errors");
  json.unsignedInteger(figures->errors);
  json.key(u"error_rate");
  json.number(figures->errorRate);
  json.endObject();
}

template <typename T>
void writeOptional(JsonWriter& json, const std::optional<T>& value) {
  if (!value) {
    json.null();
  } else if constexpr (std::is_floating_point_v<T>) {
    json.number(*value);
  } else {
    json.integer(*value);
  }
}

void writeOperations(JsonWriter& json, const std::vector<OperationComparison>& operations) {
  json.beginArray();
  for (const OperationComparison& row : operations) {
    json.beginObject();
    json.key(u"service");
    json.string(std::string_view(row.service));
    json.key(u"operation");
    json.string(std::string_view(row.operation));
    json.key(u"status");
    json.string(std::string_view(operationStatusName(row.status)));
    json.key(u"baseline");
    writeFigures(json, row.baseline);
    json.key(u"target");
    writeFigures(json, row.target);
    json.key(u"p50_change_ns");
    writeOptional(json, row.p50ChangeNs);
    json.key(u"p95_change_ns");
    writeOptional(json, row.p95ChangeNs);
    json.key(u"p99_change_ns");
    writeOptional(json, row.p99ChangeNs);
    json.key(u"p95_change_ratio");
    writeOptional(json, row.p95ChangeRatio);
    json.key(u"error_rate_change");
    writeOptional(json, row.errorRateChange);
    json.endObject();
  }
  json.endArray();
}

void writePaths(JsonWriter& json, const std::vector<PathComparison>& paths) {
  json.beginArray();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const PathComparison& path = paths[i];
    json.beginObject();
    json.key(u"path");
    json.beginArray();
    for (const PathStep& step : fullPath(paths, i)) {
      json.beginObject();
      json.key(u"service");
      json.string(std::string_view(step.service));
      json.key(u"operation");
      json.string(std::string_view(step.operation));
      json.endObject();
    }
    json.endArray();
    json.key(u"baseline_spans");
    json.unsignedInteger(path.baselineSpans);
    json.key(u"target_spans");
    json.unsignedInteger(path.targetSpans);
    json.key(u"baseline_per_trace");
    json.number(path.baselinePerTrace);
    json.key(u"target_per_trace");
    json.number(path.targetPerTrace);
    json.key(u"change");
    json.string(std::string_view(pathChangeName(path.change)));
    json.endObject();
  }
  json.endArray();
}

void writeProfiles(JsonWriter& json, const CompareProfiles& profiles) {
  json.beginObject();
  for (const auto& [key, list] :
       {std::pair{u"baseline", &profiles.baseline}, std::pair{u"target", &profiles.target}}) {
    json.key(key);
    json.beginArray();
    for (const CompareProfile& profile : *list)
      json.integer(profile.id);
    json.endArray();
  }
  json.key(u"diff");
  if (profiles.diffBaselineId && profiles.diffTargetId) {
    json.beginObject();
    json.key(u"baseline");
    json.integer(*profiles.diffBaselineId);
    json.key(u"target");
    json.integer(*profiles.diffTargetId);
    json.endObject();
  } else {
    json.null();
  }
  json.endObject();
}

}  // namespace

QString compareUsage() {
  return QStringLiteral(
      "Usage: sightline compare --db W.sightline --baseline SIDE --target SIDE [--all-paths]\n"
      "                         [--json]\n"
      "\n"
      "Compares two sets of traces: per service and operation the count, p50/p95/p99 and\n"
      "error rate on each side and their change, largest p95 regression first; the shape of\n"
      "the traces (spans per ancestral path); and the profiles of each side.\n"
      "\n"
      "A SIDE is a source or a time range (a trace belongs to a range when it starts in it):\n"
      "  3, source:3                 the source with id 3\n"
      "  shop.pb.gz, source:NAME     the source with this path or file name\n"
      "  FROM..TO                    [FROM, TO): ISO 8601 times with a zone\n"
      "                              (2026-11-20T14:00Z) or Unix nanoseconds; an end left out\n"
      "                              is the data's first or last trace start\n"
      "  'first 5m', 'last 5m'       the first / last 5 minutes of the data\n"
      "\n"
      "Options:\n"
      "  --db W            the workspace file\n"
      "  --baseline SIDE   the set before (the reference)\n"
      "  --target SIDE     the set after\n"
      "  --all-paths       list every path, not only the changed ones and their ancestors\n"
      "                    (at most 200 rows without it)\n"
      "  --json            print JSON (see docs/CLI.md)\n"
      "  -h, --help        show this help\n"
      "\n"
      "Exit codes: 0 success, 1 the workspace cannot be read or a source is not in it,\n"
      "2 usage error (also a malformed SIDE).\n");
}

QString formatCompareText(const TraceComparison& comparison, bool allPaths) {
  QString text = sideLine(QStringLiteral("Baseline"), comparison.baseline) +
                 sideLine(QStringLiteral("Target  "), comparison.target);
  text += QStringLiteral("\nOperations, largest p95 regression first:\n");
  text += comparison.operations.empty() ? QStringLiteral("(no spans on either side)\n")
                                        : operationsTable(comparison.operations);
  int hidden = 0;
  int cut = 0;
  const QString paths = pathsTable(comparison.paths, allPaths, &hidden, &cut);
  text +=
      QStringLiteral("\nTrace shapes, spans per trace with the same root (same: within 10 %):\n");
  text += paths.isEmpty() ? QStringLiteral("(no path changed)\n") : paths;
  if (cut > 0)
    text += QStringLiteral("(%1 more changed paths and their ancestors not shown)\n").arg(cut);
  if (hidden > 0)
    text += QStringLiteral("(%1 unchanged paths not shown; --all-paths shows them)\n").arg(hidden);
  const CompareProfiles& profiles = comparison.profiles;
  text += QStringLiteral("\nProfiles: baseline %1; target %2\n")
              .arg(profileIds(profiles.baseline), profileIds(profiles.target));
  if (profiles.diffBaselineId && profiles.diffTargetId) {
    text += QStringLiteral("Differential: sightline top --db W --profile %1 --diff-base %2\n")
                .arg(*profiles.diffTargetId)
                .arg(*profiles.diffBaselineId);
  } else if (!profiles.baseline.empty() && !profiles.target.empty()) {
    text += QStringLiteral("No differential: no two profiles of the sides measure the same.\n");
  }
  return text;
}

void writeCompareJson(QTextStream& out, const TraceComparison& comparison) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"baseline");
  writeSide(json, comparison.baseline);
  json.key(u"target");
  writeSide(json, comparison.target);
  json.key(u"operations");
  writeOperations(json, comparison.operations);
  json.key(u"paths");
  writePaths(json, comparison.paths);
  json.key(u"profiles");
  writeProfiles(json, comparison.profiles);
  json.endObject();
  out << '\n';
}

int runCompareCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("compare");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption baseline(QStringLiteral("baseline"), QString(), QStringLiteral("SIDE"));
  const QCommandLineOption target(QStringLiteral("target"), QString(), QStringLiteral("SIDE"));
  const QCommandLineOption allPaths(QStringLiteral("all-paths"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, baseline, target, allPaths, json});
  if (auto exit = parseVerbArguments(parser, arguments, compareUsage(), io))
    return *exit;
  for (const QCommandLineOption* required : {&db, &baseline, &target}) {
    if (!parser.isSet(*required)) {
      return usageError(io, verb, QStringLiteral("--%1 is required").arg(required->names().first()),
                        compareUsage());
    }
  }
  if (!parser.positionalArguments().isEmpty()) {
    return usageError(
        io, verb,
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
        compareUsage());
  }
  CompareSideSpec sides[2];
  const QCommandLineOption* options[2] = {&baseline, &target};
  for (int i = 0; i < 2; ++i) {
    std::string error;
    const auto spec = parseCompareSide(parser.value(*options[i]).toStdString(), &error);
    if (!spec) {
      return usageError(io, verb,
                        QStringLiteral("--%1: %2")
                            .arg(options[i]->names().first(), QString::fromStdString(error)),
                        compareUsage());
    }
    sides[i] = *spec;
  }

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  Status status;
  const auto comparison = compareTraceSets(*workspace, sides[0], sides[1], &status);
  if (!comparison)
    return inputError(io, verb, QString::fromStdString(status.message()));
  for (const auto& [name, side] :
       {std::pair{"baseline", &comparison->baseline}, std::pair{"target", &comparison->target}}) {
    if (side->spans == 0) {
      io.err << "sightline compare: the " << name << " ("
             << QString::fromStdString(describeCompareSide(side->side)) << ") has no spans\n";
    }
  }
  if (parser.isSet(json)) {
    writeCompareJson(io.out, *comparison);
  } else {
    io.out << formatCompareText(*comparison, parser.isSet(allPaths));
  }
  io.out.flush();
  io.err.flush();
  return kExitOk;
}

}  // namespace sightline::cli
