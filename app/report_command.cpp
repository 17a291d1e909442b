#include "app/report_command.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>

#include "model/report/report_content.h"
#include "ui/report/export/report_file.h"

namespace sightline::cli {

QString reportUsage() {
  return QStringLiteral(
      "Usage: sightline report --db W.sightline --out FILE.html|FILE.pdf [options]\n"
      "\n"
      "Writes the review report of a workspace as one self-contained HTML file (no script, no\n"
      "network access) or as a PDF (vector figures, fonts embedded, the findings attached as\n"
      "findings.json): the sources with their SHA-256, the verdict and the key figures per\n"
      "endpoint (before → after with a baseline), the findings with their evidence, the\n"
      "differential flame graph of the two sides' profiles, and an appendix with the method,\n"
      "the rules and the findings as JSON.\n"
      "\n"
      "Options:\n"
      "  --db W                 the workspace file\n"
      "  --out FILE             FILE.html or FILE.pdf: where to write the report (replaced only\n"
      "                         when complete)\n"
      "  --baseline SIDE        with --target: a before → after report; SIDE as in\n"
      "  --target SIDE          'sightline compare' (a source id or file name, FROM..TO,\n"
      "                         first D, last D)\n"
      "  --title T              the report's title (default: Performance review)\n"
      "  --sections LIST        the sections to write, comma-separated (default: all):\n"
      "                         cover, kpis, findings, paths, flame, health, debt,\n"
      "                         appendix\n"
      "  -h, --help             show this help\n"
      "\n"
      "Exit codes: 0 success, 1 the workspace cannot be read or the file cannot be written,\n"
      "2 usage error.\n");
}

int runReportCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("report");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption out(QStringLiteral("out"), QString(), QStringLiteral("FILE"));
  const QCommandLineOption baseline(QStringLiteral("baseline"), QString(), QStringLiteral("SIDE"));
  const QCommandLineOption target(QStringLiteral("target"), QString(), QStringLiteral("SIDE"));
  const QCommandLineOption title(QStringLiteral("title"), QString(), QStringLiteral("T"));
  const QCommandLineOption sections(QStringLiteral("sections"), QString(), QStringLiteral("LIST"));
  parser.addOptions({db, out, baseline, target, title, sections});
  if (auto exit = parseVerbArguments(parser, arguments, reportUsage(), io))
    return *exit;
  for (const QCommandLineOption* required : {&db, &out}) {
    if (!parser.isSet(*required)) {
      return usageError(io, verb, QStringLiteral("--%1 is required").arg(required->names().first()),
                        reportUsage());
    }
  }
  if (!parser.positionalArguments().isEmpty()) {
    return usageError(
        io, verb,
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
        reportUsage());
  }
  const QString path = parser.value(out);
  const std::optional<ReportFormat> format = reportFormatOf(path);
  if (!format) {
    return usageError(io, verb, QStringLiteral("--out must name an .html or a .pdf file"),
                      reportUsage());
  }
  if (*format == ReportFormat::Pdf && !qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
    return inputError(io, verb, QStringLiteral("a PDF needs a GUI application (fonts)"));
  if (parser.isSet(baseline) != parser.isSet(target)) {
    return usageError(io, verb, QStringLiteral("--baseline and --target go together"),
                      reportUsage());
  }
  ReportOptions options;
  options.title = parser.value(title).toStdString();
  if (parser.isSet(baseline)) {
    for (auto [option, side] :
         {std::pair{&baseline, &options.baseline}, std::pair{&target, &options.target}}) {
      std::string error;
      *side = parseCompareSide(parser.value(*option).toStdString(), &error);
      if (!*side) {
        return usageError(
            io, verb,
            QStringLiteral("--%1: %2").arg(option->names().first(), QString::fromStdString(error)),
            reportUsage());
      }
    }
  }
  ReportRenderOptions render;
  if (parser.isSet(sections)) {
    QString error;
    if (!parseReportSections(parser.value(sections), &render.sections, &error))
      return usageError(io, verb, QStringLiteral("--sections: ") + error, reportUsage());
  }

  options.withHealth = render.sections.contains(ReportSection::Health);
  options.withDebt = render.sections.contains(ReportSection::Debt);
  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  QElapsedTimer timer;
  timer.start();
  Status status;
  const std::optional<ReportContent> content = readReportContent(*workspace, options, &status);
  if (!content)
    return inputError(io, verb, QString::fromStdString(status.message()));
  stampReportOptions(*content, &render);
  if (Status s = writeReportFile(*content, render, path); !s)
    return inputError(io, verb, QString::fromStdString(s.message()));
  const qint64 written = QFileInfo(path).size();
  io.out << QStringLiteral(
                "report: %1 (%2 bytes): %3 sources, %4 endpoints, %5 findings, in %6 ms\n")
                .arg(path)
                .arg(written)
                .arg(content->sources.size())
                .arg(content->endpoints.size())
                .arg(content->findings.size())
                .arg(timer.elapsed());
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
