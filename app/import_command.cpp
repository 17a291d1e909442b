#include "app/import_command.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <algorithm>
#include <map>
#include <vector>

#include "app/json_output.h"
#include "app/metric_snapshot_time.h"
#include "app/text_output.h"
#include "importers/core/file_importer.h"
#include "importers/core/import_paths.h"
#include "model/debt/service_path_proposals.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/profiles/profile_queries.h"
#include "model/text/byte_size_text.h"

namespace sightline::cli {

namespace {

QString outcomeName(FileImportResult::Outcome outcome) {
  switch (outcome) {
    case FileImportResult::Outcome::Imported:
      return QStringLiteral("imported");
    case FileImportResult::Outcome::Skipped:
      return QStringLiteral("skipped");
    case FileImportResult::Outcome::Failed:
      return QStringLiteral("failed");
    case FileImportResult::Outcome::Cancelled:
      break;
  }
  return QStringLiteral("cancelled");
}

struct Totals {
  int imported = 0;
  int skipped = 0;
  int failed = 0;
  std::uint64_t traces = 0;
  std::uint64_t spans = 0;
  std::uint64_t duplicateSpans = 0;
  std::uint64_t profiles = 0;
  std::uint64_t samples = 0;
  std::uint64_t snapshots = 0;
  std::uint64_t families = 0;
  std::uint64_t series = 0;
  std::uint64_t points = 0;
  std::uint64_t debtRecords = 0;
};

// The distinct sample types of each imported source's profiles, in file order, for the
// summary ("2 sample types"); a source without profiles has none.
using SampleTypesBySource = std::map<std::int64_t, std::vector<ProfileValueType>>;

SampleTypesBySource sampleTypesOf(Workspace& workspace,
                                  const std::vector<FileImportResult>& results) {
  SampleTypesBySource types;
  bool anyProfiles = false;
  for (const FileImportResult& result : results)
    anyProfiles = anyProfiles || result.profiles > 0;
  if (!anyProfiles)
    return types;
  for (const ProfileSummary& profile : listProfiles(workspace)) {
    std::vector<ProfileValueType>& known = types[profile.sourceId];
    for (const ProfileValueType& type : profile.sampleTypes) {
      const bool seen = std::any_of(known.begin(), known.end(), [&](const ProfileValueType& k) {
        return k.type == type.type && k.unit == type.unit;
      });
      if (!seen)
        known.push_back(type);
    }
  }
  return types;
}

const std::vector<ProfileValueType>& typesOf(const SampleTypesBySource& types,
                                             const FileImportResult& result) {
  static const std::vector<ProfileValueType> kNone;
  const auto found = types.find(result.sourceId);
  return found == types.end() || result.profiles == 0 ? kNone : found->second;
}

QString plural(std::uint64_t count, const char* singular, const char* pluralForm) {
  return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? singular : pluralForm));
}

// "3 duplicate spans skipped": spans that another source of the workspace already holds.
QString duplicatesSkipped(std::uint64_t count) {
  return plural(count, "duplicate span", "duplicate spans") + QStringLiteral(" skipped");
}

Totals totalsOf(const std::vector<FileImportResult>& results) {
  Totals totals;
  for (const FileImportResult& result : results) {
    switch (result.outcome) {
      case FileImportResult::Outcome::Imported:
        ++totals.imported;
        totals.traces += result.traces;
        totals.spans += result.spans;
        totals.duplicateSpans += result.duplicateSpans;
        totals.profiles += result.profiles;
        totals.samples += result.samples;
        totals.snapshots += result.snapshots;
        totals.families += result.families;
        totals.series += result.series;
        totals.points += result.points;
        totals.debtRecords += result.debtRecords;
        break;
      case FileImportResult::Outcome::Skipped:
        ++totals.skipped;
        break;
      case FileImportResult::Outcome::Failed:
      case FileImportResult::Outcome::Cancelled:
        ++totals.failed;
        break;
    }
  }
  return totals;
}

void printJson(QTextStream& out, const std::vector<FileImportResult>& results,
               const SampleTypesBySource& sampleTypes) {
  const Totals totals = totalsOf(results);
  JsonWriter json(out);
  json.beginObject();
  json.key(u"imported");
  json.integer(totals.imported);
  json.key(u"skipped");
  json.integer(totals.skipped);
  json.key(u"failed");
  json.integer(totals.failed);
  json.key(u"traces");
  json.unsignedInteger(totals.traces);
  json.key(u"spans");
  json.unsignedInteger(totals.spans);
  json.key(u"duplicate_spans");
  json.unsignedInteger(totals.duplicateSpans);
  json.key(u"profiles");
  json.unsignedInteger(totals.profiles);
  json.key(u"samples");
  json.unsignedInteger(totals.samples);
  json.key(u"snapshots");
  json.unsignedInteger(totals.snapshots);
  json.key(u"families");
  json.unsignedInteger(totals.families);
  json.key(u"series");
  json.unsignedInteger(totals.series);
  json.key(u"points");
  json.unsignedInteger(totals.points);
  json.key(u"debt_records");
  json.unsignedInteger(totals.debtRecords);
  json.key(u"files");
  json.beginArray();
  for (const FileImportResult& result : results) {
    json.beginObject();
    json.key(u"path");
    json.string(std::string_view(result.path));
    json.key(u"outcome");
    json.string(outcomeName(result.outcome));
    json.key(u"format");
    if (result.formatId.empty()) {
      json.null();
    } else {
      json.string(std::string_view(result.formatId));
    }
    json.key(u"spans");
    json.unsignedInteger(result.spans);
    json.key(u"duplicate_spans");
    json.unsignedInteger(result.duplicateSpans);
    json.key(u"traces");
    json.unsignedInteger(result.traces);
    json.key(u"profiles");
    json.unsignedInteger(result.profiles);
    json.key(u"samples");
    json.unsignedInteger(result.samples);
    json.key(u"snapshots");
    json.unsignedInteger(result.snapshots);
    json.key(u"families");
    json.unsignedInteger(result.families);
    json.key(u"series");
    json.unsignedInteger(result.series);
    json.key(u"points");
    json.unsignedInteger(result.points);
    json.key(u"debt_records");
    json.unsignedInteger(result.debtRecords);
    json.key(u"sample_types");
    json.beginArray();
    for (const ProfileValueType& type : typesOf(sampleTypes, result)) {
      json.beginObject();
      json.key(u"type");
      json.string(std::string_view(type.type));
      json.key(u"unit");
      json.string(std::string_view(type.unit));
      json.endObject();
    }
    json.endArray();
    json.key(u"error");
    if (result.error.empty()) {
      json.null();
    } else {
      json.string(std::string_view(result.error));
    }
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

void printText(QTextStream& out, const std::vector<FileImportResult>& results,
               const SampleTypesBySource& sampleTypes) {
  QList<QStringList> rows;
  for (const FileImportResult& result : results) {
    QString detail;
    switch (result.outcome) {
      case FileImportResult::Outcome::Imported:
        if (result.profiles > 0) {
          detail = plural(result.profiles, "profile", "profiles") + QStringLiteral(", ") +
                   plural(typesOf(sampleTypes, result).size(), "sample type", "sample types") +
                   QStringLiteral(", ") + plural(result.samples, "sample", "samples");
        } else if (result.debtRecords > 0) {
          detail = plural(result.debtRecords, "code-quality record", "code-quality records");
        } else if (result.snapshots > 0) {
          detail = plural(result.snapshots, "snapshot", "snapshots") + QStringLiteral(", ") +
                   plural(result.families, "family", "families") + QStringLiteral(", ") +
                   plural(result.series, "series", "series") + QStringLiteral(", ") +
                   plural(result.points, "point", "points");
        } else {
          detail = QStringLiteral("%1 traces, %2 spans").arg(result.traces).arg(result.spans);
          if (result.duplicateSpans > 0)
            detail += QStringLiteral(", ") + duplicatesSkipped(result.duplicateSpans);
        }
        break;
      case FileImportResult::Outcome::Skipped:
        detail = QStringLiteral("same bytes already imported");
        break;
      default: {
        detail = QString::fromStdString(result.error);
        // The error names the file for stderr; the FILE column already does here.
        const QString prefix = QString::fromStdString(result.path) + QLatin1String(": ");
        if (detail.startsWith(prefix))
          detail = detail.mid(prefix.size());
      }
    }
    rows.append({outcomeName(result.outcome), QString::fromStdString(result.path),
                 QString::fromStdString(result.formatId), detail});
  }
  out << formatTable({QStringLiteral("OUTCOME"), QStringLiteral("FILE"), QStringLiteral("FORMAT"),
                      QStringLiteral("DETAIL")},
                     rows, {false, false, false, false});
  const Totals totals = totalsOf(results);
  out << QStringLiteral("%1 imported, %2 skipped, %3 failed; %4 traces, %5 spans")
             .arg(totals.imported)
             .arg(totals.skipped)
             .arg(totals.failed)
             .arg(totals.traces)
             .arg(totals.spans);
  // Spans another source already stored are not in the count above: say why it is short.
  if (totals.duplicateSpans > 0)
    out << ", " << duplicatesSkipped(totals.duplicateSpans);
  // Trace-only imports keep their familiar line; profiles are added when there are some.
  if (totals.profiles > 0) {
    out << "; " << plural(totals.profiles, "profile", "profiles") << ", "
        << plural(totals.samples, "sample", "samples");
  }
  if (totals.snapshots > 0) {
    out << "; " << plural(totals.snapshots, "snapshot", "snapshots") << ", "
        << plural(totals.points, "point", "points");
  }
  if (totals.debtRecords > 0)
    out << "; " << plural(totals.debtRecords, "code-quality record", "code-quality records");
  out << '\n';
}

}  // namespace

QString importUsage() {
  return QStringLiteral(
      "Usage: sightline import --db W.sightline [--time T] [--json] (FILE | FOLDER)...\n"
      "\n"
      "Imports trace, profile and metrics files into the workspace W (created when\n"
      "missing). The format (OTLP/protobuf, OTLP/JSON, pprof, collapsed stacks, Prometheus\n"
      "text and OpenMetrics, Prometheus API JSON, ...) and gzip/zstd compression are\n"
      "detected from the content. A FOLDER stands for its files of those formats (by\n"
      "extension, no subfolders, natural name order): a folder of Prometheus snapshots is\n"
      "a time series. A file whose bytes were imported before is skipped. A file that\n"
      "fails leaves the workspace as it was.\n"
      "\n"
      "A Prometheus snapshot's time is its samples' newest timestamp, else --time, else\n"
      "the file's modification time.\n"
      "\n"
      "Options:\n"
      "  --db W      the workspace file\n"
      "  --time T    the time of a snapshot without timestamps: RFC 3339 with a zone\n"
      "              (2024-05-01T12:00:00Z) or Unix seconds; only with a single file\n"
      "  --json      print the summary as JSON (see docs/CLI.md)\n"
      "  -h, --help  show this help\n"
      "\n"
      "Exit codes: 0 every file imported or skipped, 1 a file failed or the workspace\n"
      "cannot be opened, 2 usage error.\n");
}

int runImportCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("import");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption json(QStringLiteral("json"));
  const QCommandLineOption time(QStringLiteral("time"), QString(), QStringLiteral("T"));
  parser.addOption(db);
  parser.addOption(json);
  parser.addOption(time);
  if (auto exit = parseVerbArguments(parser, arguments, importUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), importUsage());
  const QStringList paths = parser.positionalArguments();
  if (paths.isEmpty())
    return usageError(io, verb, QStringLiteral("no files to import"), importUsage());
  std::optional<std::int64_t> snapshotTimeMs;
  if (parser.isSet(time)) {
    snapshotTimeMs = parseSnapshotTime(parser.value(time));
    if (!snapshotTimeMs) {
      return usageError(io, verb,
                        QStringLiteral("--time expects an RFC 3339 time with a zone "
                                       "(2024-05-01T12:00:00Z) or Unix seconds, not '%1'")
                            .arg(parser.value(time)),
                        importUsage());
    }
  }

  // Folders become their files, in place; a path that yields none is a failed entry.
  struct Planned {
    std::string path;
    std::string error;  // set: not imported, this is why
  };
  std::vector<Planned> plan;
  qsizetype fileCount = 0;
  for (const QString& path : paths) {
    const ExpandedImportPaths expanded = expandImportPaths({path.toStdString()});
    for (const std::string& error : expanded.errors)
      plan.push_back({path.toStdString(), error});
    if (expanded.files.empty() && expanded.errors.empty())
      plan.push_back(
          {path.toStdString(), path.toStdString() + ": no file of a known format in the folder"});
    for (const std::string& file : expanded.files)
      plan.push_back({file, {}});
    fileCount += static_cast<qsizetype>(expanded.files.size());
  }
  // One time for several snapshots would put them all at one instant: rates and quantiles
  // over time would have nothing to go on.
  if (snapshotTimeMs && fileCount > 1) {
    return usageError(io, verb,
                      QStringLiteral("--time applies to a single file, not %1 files (snapshots "
                                     "of a series take their own timestamps or modification "
                                     "times)")
                          .arg(fileCount),
                      importUsage());
  }

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadWrite);
  if (!workspace)
    return kExitBadInput;

  std::vector<FileImportResult> results;
  for (const Planned& planned : plan) {
    if (!planned.error.empty()) {
      FileImportResult failed;  // Outcome::Failed
      failed.path = planned.path;
      failed.error = planned.error;
      results.push_back(std::move(failed));
      io.err << "sightline import: " << QString::fromStdString(planned.error) << '\n';
      io.err.flush();
      continue;
    }
    const QString file = QString::fromStdString(planned.path);
    ImportOptions options;
    options.snapshotTimeMs = snapshotTimeMs;
    const QString name = QFileInfo(file).fileName();
    if (io.errIsTerminal) {
      options.onProgress = [&io, &name](const ImportProgress& progress) {
        io.err << "\r\033[K" << name << ": ";
        if (progress.bytesTotal > 0) {
          io.err << (100 * progress.bytesRead / progress.bytesTotal) << "% of "
                 << formatFileSize(progress.bytesTotal) << ", ";
        }
        io.err << progress.rows << " rows";
        io.err.flush();
      };
    }
    results.push_back(importFile(*workspace, file.toStdString(), options));
    if (io.errIsTerminal) {
      io.err << "\r\033[K";
      io.err.flush();
    }
    const FileImportResult& result = results.back();
    if (result.outcome == FileImportResult::Outcome::Failed ||
        result.outcome == FileImportResult::Outcome::Cancelled) {
      io.err << "sightline import: " << QString::fromStdString(result.error) << '\n';
      io.err.flush();
    }
  }

  // New data makes the stored findings stale: the diagnosis runs once after the batch.
  if (totalsOf(results).imported > 0) {
    Status status;
    const DiagnosisRules rules = effectiveDiagnosisRules(*workspace, {}, &status);
    std::vector<Finding> findings;
    if (status)
      status = refreshStoredFindings(*workspace, rules, &findings);
    if (!status) {
      io.err << "sightline import: the data is imported, but the diagnosis failed: "
             << QString::fromStdString(status.message()) << '\n';
    } else if (io.errIsTerminal) {
      const auto severe = std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
        return f.severity >= Severity::High;
      });
      io.err << QStringLiteral(
                    "diagnosis: %1 findings, %2 high or critical (sightline findings --db %3)\n")
                    .arg(findings.size())
                    .arg(severe)
                    .arg(parser.value(db));
    }
    io.err.flush();
  }
  // The code → service rules proposed from the data are refreshed too (docs/DEBT.md).
  if (totalsOf(results).imported > 0 && workspaceHasDebtData(*workspace)) {
    if (Status status = proposeServicePathRules(*workspace); !status) {
      io.err << "sightline import: the data is imported, but the code-to-service rules were "
                "not refreshed: "
             << QString::fromStdString(status.message()) << '\n';
    }
  }

  const SampleTypesBySource sampleTypes = sampleTypesOf(*workspace, results);
  if (parser.isSet(json)) {
    printJson(io.out, results, sampleTypes);
  } else {
    printText(io.out, results, sampleTypes);
  }
  io.out.flush();
  return totalsOf(results).failed > 0 ? kExitBadInput : kExitOk;
}

}  // namespace sightline::cli
