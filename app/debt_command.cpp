#include "app/debt_command.h"

#include <QCommandLineParser>
#include <QFile>

#include "app/debt_output.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_threshold_settings.h"
#include "model/debt/debt_thresholds.h"
#include "model/debt/service_path_rules.h"

namespace sightline::cli {

QString debtUsage() {
  return QStringLiteral(
      "Usage: sightline debt --db W.sightline [options] [--json]\n"
      "\n"
      "The tech-debt heatmap (docs/DEBT.md): per service the code-quality figures of the\n"
      "imported SonarQube answers, SARIF, Go coverage, jscpd, cloc and git history, beside\n"
      "the runtime cost of the service in the traces and CPU profiles. Code is mapped to\n"
      "services by path-prefix rules, proposed from the data and editable (--mapping).\n"
      "A figure that no input gives is null in JSON and '-' in text, never 0.\n"
      "\n"
      "Options:\n"
      "  --db W                 the workspace file\n"
      "  --mode M               signals (default): one row per service;\n"
      "                         cost: code units × entry points, score = cost × debt;\n"
      "                         hot: hot and untested functions, ranked;\n"
      "                         compare: two debt snapshots (--baseline, --target)\n"
      "  --baseline SRC,SRC     compare: the baseline's debt sources (ids of `sources`)\n"
      "  --target SRC,SRC       compare: the target's debt sources\n"
      "  --sources SRC,SRC      read these debt sources (default: the newest of each tool)\n"
      "  --mapping FILE         code → service rules, JSON [{\"prefix\": …, \"service\": …}],\n"
      "                         saved as the workspace's own rules (writes the workspace)\n"
      "  --thresholds FILE      cell thresholds, JSON {\"min_coverage\": 80, …} (default: the\n"
      "                         workspace's own, else the Sonar way defaults)\n"
      "  --save-thresholds      with --thresholds: keep them as the workspace's own, used\n"
      "                         by later runs and the GUI (writes the workspace)\n"
      "  --files                also the directories and files of each service\n"
      "  --json                 print JSON (see docs/CLI.md)\n"
      "  -h, --help             show this help\n"
      "\n"
      "Exit codes: 0 success, 1 the workspace, the mapping or the thresholds cannot be read\n"
      "or saved, 2 usage error.\n");
}

namespace {

// "3,5" → {3, 5}; false on anything else.
bool parseIds(const QString& text, std::vector<std::int64_t>* ids) {
  ids->clear();
  for (const QString& part : text.split(QLatin1Char(','))) {
    bool ok = false;
    const qlonglong id = part.trimmed().toLongLong(&ok);
    if (!ok || id <= 0)
      return false;
    ids->push_back(id);
  }
  return !ids->empty();
}

bool readFile(const QString& path, std::string* text, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
  }
  // Mapping and threshold files are a few kilobytes; refuse what cannot be one.
  constexpr qint64 kMaxBytes = 16 * 1024 * 1024;
  if (file.size() > kMaxBytes) {
    *error = QStringLiteral("%1: larger than 16 MiB, not a mapping or thresholds file").arg(path);
    return false;
  }
  *text = file.readAll().toStdString();
  return true;
}

}  // namespace

int runDebtCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("debt");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption mode(QStringLiteral("mode"), QString(), QStringLiteral("M"));
  const QCommandLineOption baseline(QStringLiteral("baseline"), QString(), QStringLiteral("SRC"));
  const QCommandLineOption target(QStringLiteral("target"), QString(), QStringLiteral("SRC"));
  const QCommandLineOption sources(QStringLiteral("sources"), QString(), QStringLiteral("SRC"));
  const QCommandLineOption mapping(QStringLiteral("mapping"), QString(), QStringLiteral("FILE"));
  const QCommandLineOption thresholdsFile(QStringLiteral("thresholds"), QString(),
                                          QStringLiteral("FILE"));
  const QCommandLineOption saveThresholds(QStringLiteral("save-thresholds"));
  const QCommandLineOption files(QStringLiteral("files"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions(
      {db, mode, baseline, target, sources, mapping, thresholdsFile, saveThresholds, files, json});
  if (auto exit = parseVerbArguments(parser, arguments, debtUsage(), io))
    return *exit;
  auto usage = [&](const QString& message) { return usageError(io, verb, message, debtUsage()); };
  if (!parser.isSet(db))
    return usage(QStringLiteral("--db is required"));
  if (!parser.positionalArguments().isEmpty()) {
    return usage(
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
  }
  if (parser.isSet(saveThresholds) && !parser.isSet(thresholdsFile))
    return usage(QStringLiteral("--save-thresholds needs --thresholds FILE"));
  const bool comparing = parser.isSet(baseline) || parser.isSet(target);
  const QString modeName =
      parser.isSet(mode) ? parser.value(mode)
                         : (comparing ? QStringLiteral("compare") : QStringLiteral("signals"));
  const QStringList modes = {QStringLiteral("signals"), QStringLiteral("cost"),
                             QStringLiteral("hot"), QStringLiteral("compare")};
  if (!modes.contains(modeName)) {
    return usage(
        QStringLiteral("--mode must be signals, cost, hot or compare, not '%1'").arg(modeName));
  }
  std::vector<std::int64_t> baselineIds;
  std::vector<std::int64_t> targetIds;
  if (modeName == QLatin1String("compare")) {
    if (!parser.isSet(baseline) || !parser.isSet(target))
      return usage(QStringLiteral("--mode compare needs --baseline SRC,… and --target SRC,…"));
    if (!parseIds(parser.value(baseline), &baselineIds) ||
        !parseIds(parser.value(target), &targetIds)) {
      return usage(QStringLiteral(
          "--baseline and --target expect source ids separated by commas, e.g. 3,4"));
    }
  } else if (comparing) {
    return usage(QStringLiteral("--baseline and --target go with --mode compare"));
  }
  DebtTableOptions options;
  if (parser.isSet(sources) && !parseIds(parser.value(sources), &options.sourceIds))
    return usage(QStringLiteral("--sources expects source ids separated by commas, e.g. 3,4"));

  QString error;
  std::vector<ServicePathRule> userRules;
  if (parser.isSet(mapping)) {
    std::string text;
    if (!readFile(parser.value(mapping), &text, &error))
      return inputError(io, verb, error);
    if (Status s = parseServicePathRulesJson(text, &userRules); !s) {
      return inputError(
          io, verb,
          parser.value(mapping) + QStringLiteral(": ") + QString::fromStdString(s.message()));
    }
  }
  if (parser.isSet(thresholdsFile)) {
    std::string text;
    if (!readFile(parser.value(thresholdsFile), &text, &error))
      return inputError(io, verb, error);
    if (Status s = parseDebtThresholds(text, &options.thresholds); !s) {
      return inputError(io, verb,
                        parser.value(thresholdsFile) + QStringLiteral(": ") +
                            QString::fromStdString(s.message()));
    }
  }

  const bool writing = parser.isSet(mapping) || parser.isSet(saveThresholds);
  auto workspace = openCommandWorkspace(
      io, verb, parser.value(db), writing ? Workspace::Mode::ReadWrite : Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  if (parser.isSet(mapping)) {
    if (Status s = saveUserServicePathRules(*workspace, userRules); !s)
      return inputError(io, verb, QString::fromStdString(s.message()));
  }
  if (parser.isSet(saveThresholds)) {
    if (Status s = saveWorkspaceDebtThresholds(*workspace, options.thresholds); !s)
      return inputError(io, verb, QString::fromStdString(s.message()));
  } else if (!parser.isSet(thresholdsFile)) {
    if (Status s = loadWorkspaceDebtThresholds(*workspace, &options.thresholds); !s)
      return inputError(io, verb, QString::fromStdString(s.message()));
  }

  Status status;
  const bool asJson = parser.isSet(json);
  if (modeName == QLatin1String("signals")) {
    DebtTable table;
    status = loadDebtTable(*workspace, options, &table);
    if (status) {
      if (asJson)
        writeDebtTableJson(io.out, table, parser.isSet(files));
      else
        io.out << formatDebtTableText(table, options.thresholds, parser.isSet(files));
    }
  } else if (modeName == QLatin1String("cost")) {
    CostDebtMatrix matrix;
    status = loadCostDebtMatrix(*workspace, options, &matrix);
    if (status) {
      if (asJson)
        writeCostDebtJson(io.out, matrix);
      else
        io.out << formatCostDebtText(matrix);
    }
  } else if (modeName == QLatin1String("hot")) {
    std::vector<HotUntestedFunction> functions;
    status = loadHotUntested(*workspace, options, &functions);
    if (status) {
      if (asJson)
        writeHotUntestedJson(io.out, functions);
      else
        io.out << formatHotUntestedText(functions);
    }
  } else {
    std::vector<DebtServiceChange> changes;
    status = compareDebt(*workspace, baselineIds, targetIds, &changes);
    if (status) {
      if (asJson)
        writeDebtCompareJson(io.out, changes);
      else
        io.out << formatDebtCompareText(changes);
    }
  }
  if (!status)
    return inputError(io, verb, QString::fromStdString(status.message()));
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
