#include "app/import_command.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <algorithm>
#include <map>
#include <vector>

#include "app/json_output.h"
#include "app/text_output.h"
#include "importers/file_importer.h"
#include "model/profile_queries.h"

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

QString formatBytes(std::uint64_t bytes) {
  if (bytes < 1024 * 1024)
    return QString::number(static_cast<double>(bytes) / 1024, 'f', 1) + QStringLiteral(" KiB");
  return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) +
         QStringLiteral(" MiB");
}

struct Totals {
  int imported = 0;
  int skipped = 0;
  int failed = 0;
  std::uint64_t traces = 0;
  std::uint64_t spans = 0;
  std::uint64_t profiles = 0;
  std::uint64_t samples = 0;
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

Totals totalsOf(const std::vector<FileImportResult>& results) {
  Totals totals;
  for (const FileImportResult& result : results) {
    switch (result.outcome) {
      case FileImportResult::Outcome::Imported:
        ++totals.imported;
        totals.traces += result.traces;
        totals.spans += result.spans;
        totals.profiles += result.profiles;
        totals.samples += result.samples;
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
  json.key(u"profiles");
  json.unsignedInteger(totals.profiles);
  json.key(u"samples");
  json.unsignedInteger(totals.samples);
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
    json.key(u"traces");
    json.unsignedInteger(result.traces);
    json.key(u"profiles");
    json.unsignedInteger(result.profiles);
    json.key(u"samples");
    json.unsignedInteger(result.samples);
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
        } else {
          detail = QStringLiteral("%1 traces, %2 spans").arg(result.traces).arg(result.spans);
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
  // Trace-only imports keep their familiar line; profiles are added when there are some.
  if (totals.profiles > 0) {
    out << "; " << plural(totals.profiles, "profile", "profiles") << ", "
        << plural(totals.samples, "sample", "samples");
  }
  out << '\n';
}

}  // namespace

QString importUsage() {
  return QStringLiteral(
      "Usage: sightline import --db W.sightline [--json] FILE...\n"
      "\n"
      "Imports trace and profile files into the workspace W (created when missing). The\n"
      "format (OTLP/protobuf, OTLP/JSON, pprof, collapsed stacks, ...) and gzip/zstd\n"
      "compression are detected from the content. A file whose bytes were imported\n"
      "before is skipped. A file that fails leaves the workspace as it was.\n"
      "\n"
      "Options:\n"
      "  --db W      the workspace file\n"
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
  parser.addOption(db);
  parser.addOption(json);
  if (auto exit = parseVerbArguments(parser, arguments, importUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), importUsage());
  const QStringList files = parser.positionalArguments();
  if (files.isEmpty())
    return usageError(io, verb, QStringLiteral("no files to import"), importUsage());

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadWrite);
  if (!workspace)
    return kExitBadInput;

  std::vector<FileImportResult> results;
  for (const QString& file : files) {
    ImportOptions options;
    const QString name = QFileInfo(file).fileName();
    if (io.errIsTerminal) {
      options.onProgress = [&io, &name](const ImportProgress& progress) {
        io.err << "\r\033[K" << name << ": ";
        if (progress.bytesTotal > 0) {
          io.err << (100 * progress.bytesRead / progress.bytesTotal) << "% of "
                 << formatBytes(progress.bytesTotal) << ", ";
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
