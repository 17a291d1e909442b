#include "app/command_line.h"

#include <QFileInfo>
#include <QRegularExpression>

#include "app/compare_command.h"
#include "app/debt_command.h"
#include "app/findings_command.h"
#include "app/flame_command.h"
#include "app/import_command.h"
#include "app/metrics_command.h"
#include "app/outliers_command.h"
#include "app/report_command.h"
#include "app/serve_command.h"
#include "app/sql_command.h"
#include "app/top_command.h"
#include "app/trace_command.h"
#include "app/traces_command.h"

#ifndef SIGHTLINE_VERSION
#define SIGHTLINE_VERSION "0.0.0"
#endif

namespace sightline::cli {

namespace {

struct Verb {
  const char* name;
  int (*run)(const QStringList&, CommandIo&);
  QString (*usage)();
};

const Verb kVerbs[] = {
    {"import", runImportCommand, importUsage},
    {"traces", runTracesCommand, tracesUsage},
    {"trace", runTraceCommand, traceUsage},
    {"sql", runSqlCommand, sqlUsage},
    {"top", runTopCommand, topUsage},
    {"flame", runFlameCommand, flameUsage},
    {"metrics", runMetricsCommand, metricsUsage},
    {"outliers", runOutliersCommand, outliersUsage},
    {"findings", runFindingsCommand, findingsUsage},
    {"compare", runCompareCommand, compareUsage},
    {"debt", runDebtCommand, debtUsage},
    {"serve", runServeCommand, serveUsage},
    {"report", runReportCommand, reportUsage},
};

const Verb* findVerb(const QString& name) {
  for (const Verb& verb : kVerbs) {
    if (name == QLatin1String(verb.name))
      return &verb;
  }
  return nullptr;
}

int runHelp(const QStringList& arguments, CommandIo& io) {
  if (arguments.size() > 2) {
    io.err << "sightline help: expected at most one verb\n" << mainUsage();
    return kExitUsage;
  }
  if (arguments.size() == 2) {
    const Verb* verb = findVerb(arguments.at(1));
    if (!verb) {
      io.err << "sightline help: unknown verb '" << arguments.at(1) << "'\n" << mainUsage();
      return kExitUsage;
    }
    io.out << verb->usage();
    return kExitOk;
  }
  io.out << mainUsage();
  return kExitOk;
}

// A first word that is neither a verb nor a file is far more likely a mistyped verb than a
// file name, so it is reported instead of being handed to the GUI.
bool looksLikeMistypedVerb(const QString& word) {
  static const QRegularExpression kWord(QStringLiteral("^[a-z][a-z-]*$"));
  return kWord.match(word).hasMatch() && !QFileInfo::exists(word);
}

}  // namespace

bool verbNeedsGui(const QString& verb) {
  return verb == QLatin1String("report");
}

bool isCommandVerb(const QString& word) {
  return findVerb(word) || word == QLatin1String("help") || word == QLatin1String("--help") ||
         word == QLatin1String("-h") || word == QLatin1String("--version");
}

int runCommand(const QStringList& arguments, CommandIo& io) {
  if (arguments.isEmpty()) {
    io.err << mainUsage();
    return kExitUsage;
  }
  const QString& word = arguments.first();
  if (word == QLatin1String("--version")) {
    io.out << "sightline " << QLatin1String(SIGHTLINE_VERSION) << '\n';
    return kExitOk;
  }
  if (word == QLatin1String("help") || word == QLatin1String("--help") ||
      word == QLatin1String("-h")) {
    return runHelp(arguments, io);
  }
  if (const Verb* verb = findVerb(word))
    return verb->run(arguments, io);
  io.err << "sightline: unknown verb '" << word << "'\n" << mainUsage();
  return kExitUsage;
}

QString mainUsage() {
  return QStringLiteral(
      "Usage:\n"
      "  sightline [--db W.sightline] [--live ADDR] [--scrape URL[,EVERY]]... [FILE...]\n"
      "                                                  open the GUI (scratch workspace "
      "without --db;\n"
      "                                                  --live: receive OTLP/HTTP on ADDR and "
      "scrape at once)\n"
      "  sightline --screenshot OUT.png [--view traces|waterfall|flame|sandwich|diff|metrics|"
      "metrics-histogram|red|span-cpu|heatmap|compare|debt|debt-cost|debt-cell|live|\n"
      "            report-export]\n"
      "            [--trace ID] [--span ID] [--baseline SIDE --target SIDE] [FILE...]\n"
      "  sightline import --db W FILE... [--json]        import files into a workspace\n"
      "  sightline traces --db W [filters] [--json]      list traces\n"
      "  sightline trace  --db W TRACE_ID [--json]       span tree with self time and critical "
      "path\n"
      "  sightline sql    --db W \"SELECT ...\" [--json]   read-only SQL, CSV or JSON\n"
      "  sightline top    (--db W [--profile ID] | FILE) [--json]   functions by flat value "
      "(pprof -top)\n"
      "  sightline flame  (--db W [--profile ID] | FILE) --svg OUT  flame graph as an SVG file\n"
      "  sightline metrics --db W [--json]               metric families, series and samples\n"
      "  sightline metrics --db W --series SELECTOR      points of the matching series\n"
      "  sightline metrics --db W --quantile Q --histogram NAME [--by L] [--rate]\n"
      "                                                  histogram quantiles per snapshot\n"
      "  sightline findings --db W [--rules F] [--severity S] [--json]\n"
      "                                                  the diagnosis: bottlenecks and evidence\n"
      "  sightline compare --db W --baseline SIDE --target SIDE [--json]\n"
      "                                                  before/after per operation and path\n"
      "  sightline debt --db W [--mode signals|cost|hot|compare] [--json]\n"
      "                                                  tech-debt heatmap: code quality × "
      "runtime\n"
      "  sightline outliers --db W --where EXPR [--json]  what sets the matching spans "
      "apart\n"
      "  sightline serve --db W [--otlp-http ADDR] [--json]\n"
      "                                                  receive OTLP/HTTP traces live\n"
      "  sightline report --db W --out FILE.html [--baseline SIDE --target SIDE]\n"
      "                                                  review report: sources, before → after,\n"
      "                                                  findings and evidence\n"
      "  sightline help [VERB] | --help | --version\n"
      "\n"
      "Exit codes: 0 success, 1 bad input, 2 usage error.\n"
      "Run 'sightline help VERB' for the options of a verb.\n");
}

bool parseGuiArguments(const QStringList& arguments, GuiOptions& options, QString& error) {
  bool onlyFiles = false;
  auto takeValue = [&](qsizetype& i, const QString& name, QString& into) {
    const QString& arg = arguments.at(i);
    const QString prefix = name + QLatin1Char('=');
    if (arg.startsWith(prefix)) {
      into = arg.mid(prefix.size());
    } else if (i + 1 < arguments.size()) {
      into = arguments.at(++i);
    } else {
      error = QStringLiteral("missing value after '%1'").arg(name);
      return false;
    }
    if (into.isEmpty()) {
      error = QStringLiteral("empty value for '%1'").arg(name);
      return false;
    }
    return true;
  };
  for (qsizetype i = 0; i < arguments.size(); ++i) {
    const QString& arg = arguments.at(i);
    if (onlyFiles || !arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
      if (options.files.isEmpty() && !onlyFiles && looksLikeMistypedVerb(arg)) {
        error = QStringLiteral("unknown verb '%1' (and no such file)").arg(arg);
        return false;
      }
      options.files.append(arg);
      continue;
    }
    auto is = [&](const char* name) {
      return arg == QLatin1String(name) || arg.startsWith(QLatin1String(name) + QLatin1Char('='));
    };
    if (arg == QLatin1String("--")) {
      onlyFiles = true;
    } else if (is("--db")) {
      if (!takeValue(i, QStringLiteral("--db"), options.workspacePath))
        return false;
    } else if (is("--screenshot")) {
      if (!takeValue(i, QStringLiteral("--screenshot"), options.screenshotPath))
        return false;
    } else if (is("--trace")) {
      if (!takeValue(i, QStringLiteral("--trace"), options.trace))
        return false;
    } else if (is("--span")) {
      if (!takeValue(i, QStringLiteral("--span"), options.span))
        return false;
    } else if (is("--baseline")) {
      if (!takeValue(i, QStringLiteral("--baseline"), options.baseline))
        return false;
    } else if (is("--target")) {
      if (!takeValue(i, QStringLiteral("--target"), options.target))
        return false;
    } else if (is("--live")) {
      if (!takeValue(i, QStringLiteral("--live"), options.liveAddress))
        return false;
    } else if (is("--scrape")) {
      QString spec;
      if (!takeValue(i, QStringLiteral("--scrape"), spec))
        return false;
      options.liveScrapes.append(spec);
    } else if (is("--view")) {
      if (!takeValue(i, QStringLiteral("--view"), options.view))
        return false;
      if (!isGuiView(options.view)) {
        error = QStringLiteral("--view must be one of %1, not '%2'")
                    .arg(guiViewNames().join(QStringLiteral(", ")), options.view);
        return false;
      }
    } else {
      error = QStringLiteral("unknown option '%1'").arg(arg);
      return false;
    }
  }
  return true;
}

std::optional<int> parseVerbArguments(QCommandLineParser& parser, const QStringList& arguments,
                                      const QString& usage, CommandIo& io) {
  const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                QStringLiteral("Show this help."));
  parser.addOption(help);
  const QString verb = arguments.value(0);
  if (!parser.parse(arguments))
    return usageError(io, verb, parser.errorText(), usage);
  if (parser.isSet(help)) {
    io.out << usage;
    return kExitOk;
  }
  return std::nullopt;
}

int usageError(CommandIo& io, const QString& verb, const QString& message, const QString& usage) {
  io.err << "sightline " << verb << ": " << message << "\n\n" << usage;
  io.err.flush();
  return kExitUsage;
}

int inputError(CommandIo& io, const QString& verb, const QString& message) {
  io.err << "sightline " << verb << ": " << message << '\n';
  io.err.flush();
  return kExitBadInput;
}

std::unique_ptr<Workspace> openCommandWorkspace(CommandIo& io, const QString& verb,
                                                const QString& path, Workspace::Mode mode) {
  if (mode == Workspace::Mode::ReadOnly && !QFileInfo(path).isFile()) {
    inputError(io, verb, QStringLiteral("no workspace at '%1'").arg(path));
    return nullptr;
  }
  Status status;
  std::unique_ptr<Workspace> workspace = Workspace::open(path.toStdString(), mode, &status);
  if (!workspace) {
    inputError(io, verb,
               QStringLiteral("cannot open workspace '%1': %2")
                   .arg(path, QString::fromStdString(status.message())));
  }
  return workspace;
}

}  // namespace sightline::cli
