#include "app/findings_command.h"

#include <QCommandLineParser>

#include "app/text_output.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/diagnosis/findings_json.h"
#include "model/diagnosis/findings_store.h"
#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"

namespace sightline::cli {

QString findingsUsage() {
  return QStringLiteral(
      "Usage: sightline findings --db W.sightline [options] [--json]\n"
      "\n"
      "The diagnosis: what the rules found in the workspace's traces, profiles and metrics,\n"
      "most severe and costly first, with the evidence (docs/DIAGNOSIS.md lists the rules).\n"
      "Shows the findings stored at the last import when they are current, else computes\n"
      "them (without writing the workspace).\n"
      "\n"
      "Options:\n"
      "  --db W                 the workspace file\n"
      "  --rules FILE           rules and thresholds (JSON, as resources/diagnosis/rules.json;\n"
      "                         keys left out keep their defaults)\n"
      "  --save-rules           with --rules: keep them as the workspace's own rules and store\n"
      "                         the findings they give (writes the workspace)\n"
      "  --severity S           only findings of severity S or worse (low, medium, high,\n"
      "                         critical)\n"
      "  --evidence             print each finding's explanation and evidence (text form)\n"
      "  --timings              print how long each part of the diagnosis took (stderr)\n"
      "  --json                 print JSON (see docs/CLI.md)\n"
      "  -h, --help             show this help\n"
      "\n"
      "Exit codes: 0 success (also when nothing is found), 1 the workspace or the rules\n"
      "cannot be read, 2 usage error.\n");
}

QString formatFindingsText(const std::vector<Finding>& findings, bool details) {
  QList<QStringList> rows;
  int rank = 0;
  for (const Finding& finding : findings) {
    rows.append({QString::number(++rank),
                 QString::fromUtf8(severityName(finding.severity).data(),
                                   static_cast<qsizetype>(severityName(finding.severity).size())),
                 QString::fromStdString(finding.rule),
                 finding.impactNs ? formatDurationCompact(finding.impactNs) : QStringLiteral("-"),
                 QString::fromStdString(finding.title)});
  }
  QString text =
      formatTable({QStringLiteral("#"), QStringLiteral("SEVERITY"), QStringLiteral("RULE"),
                   QStringLiteral("IMPACT"), QStringLiteral("FINDING")},
                  rows, {true, false, false, true, false});
  if (!details)
    return text;
  rank = 0;
  for (const Finding& finding : findings) {
    text += QStringLiteral("\n#%1 %2 — %3\n")
                .arg(++rank)
                .arg(QString::fromStdString(finding.rule),
                     QString::fromStdString(findingSubject(finding, " ")));
    text += QStringLiteral("  %1\n").arg(QString::fromStdString(finding.explanation));
    if (finding.firstSeenUnixNano) {
      text += QStringLiteral("  seen %1 – %2\n")
                  .arg(formatUtcTimestamp(finding.firstSeenUnixNano),
                       formatUtcTimestamp(finding.lastSeenUnixNano));
    }
    for (const FindingEvidence& row : finding.evidence) {
      QString what;
      switch (row.kind) {
        case FindingEvidence::Kind::Span:
          what = QStringLiteral("trace %1 span %2 (%3)")
                     .arg(QString::fromStdString(row.traceId.toHex()),
                          QString::fromStdString(row.spanId.toHex()),
                          formatDurationCompact(row.endUnixNano - row.startUnixNano));
          break;
        case FindingEvidence::Kind::ProfileFunction:
          what = QStringLiteral("profile %1 %2")
                     .arg(row.profileId)
                     .arg(QString::fromStdString(row.function));
          break;
        case FindingEvidence::Kind::MetricSeries:
          what = QString::fromStdString(row.series);
          break;
      }
      text += QStringLiteral("  %1: %2\n").arg(QString::fromStdString(row.role), what);
    }
  }
  return text;
}

int runFindingsCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("findings");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption rulesFile(QStringLiteral("rules"), QString(), QStringLiteral("FILE"));
  const QCommandLineOption saveRules(QStringLiteral("save-rules"));
  const QCommandLineOption severity(QStringLiteral("severity"), QString(), QStringLiteral("S"));
  const QCommandLineOption evidence(QStringLiteral("evidence"));
  const QCommandLineOption timings(QStringLiteral("timings"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, rulesFile, saveRules, severity, evidence, timings, json});
  if (auto exit = parseVerbArguments(parser, arguments, findingsUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), findingsUsage());
  if (!parser.positionalArguments().isEmpty()) {
    return usageError(
        io, verb,
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
        findingsUsage());
  }
  if (parser.isSet(saveRules) && !parser.isSet(rulesFile))
    return usageError(io, verb, QStringLiteral("--save-rules needs --rules FILE"), findingsUsage());
  Severity minimum = Severity::Low;
  if (parser.isSet(severity)) {
    const auto parsed = parseSeverity(parser.value(severity).toStdString());
    if (!parsed) {
      return usageError(io, verb,
                        QStringLiteral("--severity expects low, medium, high or critical, not '%1'")
                            .arg(parser.value(severity)),
                        findingsUsage());
    }
    minimum = *parsed;
  }

  const bool writing = parser.isSet(saveRules);
  auto workspace = openCommandWorkspace(
      io, verb, parser.value(db), writing ? Workspace::Mode::ReadWrite : Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  Status status;
  const DiagnosisRules rules =
      effectiveDiagnosisRules(*workspace, parser.value(rulesFile).toStdString(), &status);
  if (!status)
    return inputError(io, verb, QString::fromStdString(status.message()));

  std::vector<Finding> findings;
  if (writing) {
    status = saveWorkspaceRulesJson(*workspace, rules.toJson());
    if (status)
      status = refreshStoredFindings(*workspace, rules, &findings);
  } else {
    // The stored findings answer when they were computed from the same data and rules.
    const std::optional<DiagnosisRunInfo> run = loadDiagnosisRun(*workspace, &status);
    const bool current = status && run && !parser.isSet(timings) &&
                         run->sourcesSignature == diagnosisSourcesSignature(*workspace) &&
                         run->rulesJson == rules.toJson();
    if (current) {
      findings = loadFindings(*workspace, &status);
    } else {
      DiagnosisTimings time;
      findings = runDiagnosis(*workspace, rules, &status, &time);
      if (parser.isSet(timings)) {
        io.err << QStringLiteral(
                      "findings: spans loaded in %1 ms, trace rules %2 ms, profile rules %3 "
                      "ms, metric rules %4 ms\n")
                      .arg(time.loadSpansMs, 0, 'f', 1)
                      .arg(time.traceRulesMs, 0, 'f', 1)
                      .arg(time.profileRulesMs, 0, 'f', 1)
                      .arg(time.metricRulesMs, 0, 'f', 1);
      }
    }
  }
  if (!status)
    return inputError(io, verb, QString::fromStdString(status.message()));
  std::erase_if(findings, [minimum](const Finding& f) { return f.severity < minimum; });
  if (parser.isSet(json))
    writeFindingsJson(io.out, findings);
  else
    io.out << formatFindingsText(findings, parser.isSet(evidence));
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
