#include "app/top_command.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <functional>
#include <vector>

#include "app/json_output.h"
#include "app/profile_source.h"
#include "model/text/profile_value_text.h"

namespace sightline::cli {

namespace {

QString inlineMark(TopInline inlined) {
  switch (inlined) {
    case TopInline::kInline:
      return QStringLiteral(" (inline)");
    case TopInline::kPartialInline:
      return QStringLiteral(" (partial-inline)");
    case TopInline::kNone:
      break;
  }
  return QString();
}

QString padLeft(const QString& text, int width) {
  return text.rightJustified(width, QLatin1Char(' '));
}

// pprof merges a -diff_base profile into the profile it reports on: the earliest time, the
// sum of the durations.
QStringList headerLines(const ProfileData& profile, const ProfileData* base,
                        const TopReport& report, const ProfileFilter& filter,
                        const std::function<QString(std::int64_t)>& value) {
  std::int64_t timeNanos = profile.timeNanos;
  std::int64_t durationNanos = profile.durationNanos;
  if (base) {
    if (base->timeNanos != 0 && (timeNanos == 0 || base->timeNanos < timeNanos))
      timeNanos = base->timeNanos;
    durationNanos += base->durationNanos;
  }
  QStringList lines;
  if (!profile.mappings.empty() && !profile.mappings.front().fileName.empty()) {
    lines.append(QStringLiteral("File: ") +
                 QFileInfo(QString::fromStdString(profile.mappings.front().fileName)).fileName());
    if (!profile.mappings.front().buildId.empty())
      lines.append(QStringLiteral("Build ID: ") +
                   QString::fromStdString(profile.mappings.front().buildId));
  }
  for (const std::string& comment : profile.comments) {
    if (comment.rfind('#', 0) != 0)
      lines.append(QString::fromStdString(comment));
  }
  lines.append(QStringLiteral("Type: ") + QString::fromStdString(report.sampleType.type));
  if (timeNanos != 0) {
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(timeNanos / 1000000);
    lines.append(QStringLiteral("Time: ") +
                 QLocale::c().toString(time, QStringLiteral("MMM d, yyyy 'at' h:mmap (t)")));
  }
  if (durationNanos != 0) {
    const std::string& unit = report.sampleType.unit;
    QString line =
        QStringLiteral("Duration: %1, Total samples = %2 ")
            .arg(formatScaledValue(durationNanos, "nanoseconds", "auto"), value(report.total));
    // Only a time-valued profile can be compared with its wall-clock duration.
    const ScaledValue totalNanos = scaleValue(report.total, unit, "nanoseconds");
    if (totalNanos.unit == QLatin1String("ns") && totalNanos.value != 0) {
      line += QLatin1Char('(') +
              formatPercentage(static_cast<std::int64_t>(totalNanos.value), durationNanos) +
              QLatin1Char(')');
    }
    lines.append(line);
  }
  const std::pair<const char*, const std::string*> filters[] = {
      {"focus", &filter.focus}, {"ignore", &filter.ignore},     {"hide", &filter.hide},
      {"show", &filter.show},   {"tagfocus", &filter.tagFocus}, {"tagignore", &filter.tagIgnore}};
  QStringList active;
  for (const auto& [name, value] : filters) {
    if (!value->empty())
      active.append(
          QStringLiteral("   %1=%2").arg(QLatin1String(name), QString::fromStdString(*value)));
  }
  if (!active.isEmpty()) {
    lines.append(QStringLiteral("Active filters:"));
    lines.append(active);
  }
  return lines;
}

}  // namespace

QString topUsage() {
  return QStringLiteral(
             "Usage: sightline top (--db W [--profile ID] | FILE) [options] [--json]\n"
             "\n"
             "Prints the functions of a profile by flat value, like 'go tool pprof -top'\n"
             "(with -nodefraction=0: no row is dropped unless --nodecount says so). FILE is a\n"
             "pprof profile or collapsed stacks, raw, gzip or zstd. With --db, the profile is\n"
             "taken from the workspace; --profile is needed when it holds several.\n"
             "\n"
             "Options:\n"
             "  --db W             the workspace file\n"
             "  --profile ID       the profile of W (ids: 'sightline sql --db W \"SELECT id FROM\n"
             "                     profiles\"', or run without --profile to see the list)\n"
             "  --sample-type T    e.g. cpu, samples, alloc_space (default: pprof's default)\n"
             "  --diff-base BASE   subtract a base profile (a FILE, or with --db a profile id),\n"
             "                     like pprof -diff_base; percentages are of the base's total\n"
             "  --nodecount N      at most N rows\n"
             "  --unit U           pprof's -unit: print values in U (ns, us, ms, s, hrs, B, kB, "
             "MB,\n"
             "                     GB, count, ...), 'auto' to scale each value on its own, or\n"
             "                     'minimum' (default) for one unit chosen as pprof chooses it\n") +
         ProfileOptions::filterUsage() +
         QStringLiteral(
             "  --json             print JSON (see docs/CLI.md)\n"
             "  -h, --help         show this help\n"
             "\n"
             "Exit codes: 0 success, 1 the file or workspace cannot be read, 2 usage error\n"
             "(also an unknown sample type, or several profiles in W without --profile).\n");
}

QString formatTopText(const TopReport& report, const TopTextOptions& options) {
  const std::string& sampleUnit = report.sampleType.unit;
  std::string outputUnit = options.unit;
  if (outputUnit.empty() || outputUnit == "minimum") {
    std::vector<std::int64_t> smallest;
    smallest.reserve(report.rows.size());
    for (const TopRow& row : report.rows)
      smallest.push_back(row.flat != 0 ? row.flat : row.cum);
    outputUnit = selectOutputUnit(smallest, report.total, sampleUnit);
  }
  auto value = [&](std::int64_t v) { return formatScaledValue(v, sampleUnit, outputUnit); };

  QString text;
  if (options.profile) {
    for (const QString& line :
         headerLines(*options.profile, options.base, report, options.filter, value))
      text += line + QLatin1Char('\n');
  }
  std::int64_t flatSum = 0;
  for (const TopRow& row : report.rows)
    flatSum += row.flat;
  text += QStringLiteral("Showing nodes accounting for %1, %2 of %3 total\n")
              .arg(value(flatSum), formatPercentage(flatSum, report.total).trimmed(),
                   value(report.total));
  if (!report.rows.empty() && report.rows.size() < report.rowsBeforeLimit) {
    text += QStringLiteral("Showing top %1 nodes out of %2\n")
                .arg(report.rows.size())
                .arg(report.rowsBeforeLimit);
  }
  text += QStringLiteral("      flat  flat%   sum%        cum   cum%\n");
  std::int64_t runningSum = 0;
  for (const TopRow& row : report.rows) {
    runningSum += row.flat;
    text += padLeft(value(row.flat), 10) + QLatin1Char(' ') +
            formatPercentage(row.flat, report.total) + QLatin1Char(' ') +
            formatPercentage(runningSum, report.total) + QLatin1Char(' ') +
            padLeft(value(row.cum), 10) + QLatin1Char(' ') +
            formatPercentage(row.cum, report.total) + QStringLiteral("  ") +
            QString::fromStdString(row.function) + inlineMark(row.inlined) + QLatin1Char('\n');
  }
  return text;
}

void writeTopJson(QTextStream& out, const TopReport& report) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"sample_type");
  json.string(std::string_view(report.sampleType.type));
  json.key(u"unit");
  json.string(std::string_view(report.sampleType.unit));
  json.key(u"total");
  json.integer(report.total);
  json.key(u"rows");
  json.beginArray();
  for (const TopRow& row : report.rows) {
    json.beginObject();
    json.key(u"function");
    json.string(std::string_view(row.function));
    json.key(u"flat");
    json.integer(row.flat);
    json.key(u"cum");
    json.integer(row.cum);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

int runTopCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("top");
  QCommandLineParser parser;
  const ProfileOptions options;
  const QCommandLineOption nodeCount(QStringLiteral("nodecount"), QString(), QStringLiteral("N"));
  const QCommandLineOption unit(QStringLiteral("unit"), QString(), QStringLiteral("U"));
  const QCommandLineOption json(QStringLiteral("json"));
  options.addTo(parser);
  parser.addOptions({nodeCount, unit, json});
  if (auto exit = parseVerbArguments(parser, arguments, topUsage(), io))
    return *exit;

  std::size_t rows = 0;
  if (parser.isSet(nodeCount)) {
    bool ok = false;
    const qulonglong value = parser.value(nodeCount).toULongLong(&ok);
    if (!ok || value == 0) {
      return usageError(io, verb,
                        QStringLiteral("--nodecount expects a positive integer, not '%1'")
                            .arg(parser.value(nodeCount)),
                        topUsage());
    }
    rows = static_cast<std::size_t>(value);
  }

  int exitCode = kExitOk;
  const std::optional<ProfileInput> input =
      loadProfileInput(parser, options, io, verb, topUsage(), exitCode);
  if (!input)
    return exitCode;

  const ProfileData* base = input->base ? &*input->base : nullptr;
  const TopReport report = computeTop(input->profile, input->sampleType, input->filter, base, rows);
  if (parser.isSet(json)) {
    writeTopJson(io.out, report);
  } else {
    io.out << formatTopText(
        report, {&input->profile, base, input->filter, parser.value(unit).toStdString()});
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
