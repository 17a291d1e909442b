#include "app/import_command.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include "app/json_output.h"
#include "app/text_output.h"
#include "importers/file_importer.h"

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
};

Totals totalsOf(const std::vector<FileImportResult>& results) {
  Totals totals;
  for (const FileImportResult& result : results) {
    switch (result.outcome) {
      case FileImportResult::Outcome::Imported:
        ++totals.imported;
        totals.traces += result.traces;
        totals.spans += result.spans;
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

void printJson(QTextStream& out, const std::vector<FileImportResult>& results) {
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

void printText(QTextStream& out, const std::vector<FileImportResult>& results) {
  QList<QStringList> rows;
  for (const FileImportResult& result : results) {
    QString detail;
    switch (result.outcome) {
      case FileImportResult::Outcome::Imported:
        detail = QStringLiteral("%1 traces, %2 spans").arg(result.traces).arg(result.spans);
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
  out << QStringLiteral("%1 imported, %2 skipped, %3 failed; %4 traces, %5 spans\n")
             .arg(totals.imported)
             .arg(totals.skipped)
             .arg(totals.failed)
             .arg(totals.traces)
             .arg(totals.spans);
}

}  // namespace

QString importUsage() {
  return QStringLiteral(
      "Usage: sightline import --db W.sightline [--json] FILE...\n"
      "\n"
      "Imports trace files into the workspace W (created when missing). The format\n"
      "(OTLP/protobuf, OTLP/JSON, ...) and gzip/zstd compression are detected from the\n"
      "content. A file whose bytes were imported before is skipped. A file that fails\n"
      "leaves the workspace as it was.\n"
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
        io.err << progress.rows << " spans";
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

  if (parser.isSet(json)) {
    printJson(io.out, results);
  } else {
    printText(io.out, results);
  }
  io.out.flush();
  return totalsOf(results).failed > 0 ? kExitBadInput : kExitOk;
}

}  // namespace sightline::cli
