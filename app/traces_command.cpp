#include "app/traces_command.h"

#include <QCommandLineParser>

#include "app/json_output.h"
#include "app/text_output.h"
#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "model/traces/trace_queries.h"

namespace sightline::cli {

QString tracesUsage() {
  return QStringLiteral(
      "Usage: sightline traces --db W.sightline [options] [--json]\n"
      "\n"
      "Lists the traces of a workspace, newest first.\n"
      "\n"
      "Options:\n"
      "  --db W                 the workspace file\n"
      "  --service S            only traces with a span of service S\n"
      "  --operation O          only traces with a span named O\n"
      "  --min-duration D       only traces lasting at least D (e.g. 100ms, 1.5s, 250us)\n"
      "  --max-duration D       only traces lasting at most D\n"
      "  --errors               only traces with a span whose status is ERROR\n"
      "  --text T               only traces with T in a span name, service or attribute\n"
      "  --limit N              at most N traces\n"
      "  --json                 print JSON (see docs/CLI.md)\n"
      "  -h, --help             show this help\n"
      "\n"
      "Exit codes: 0 success (also when nothing matches), 1 the workspace cannot be read,\n"
      "2 usage error.\n");
}

void writeTracesJson(QTextStream& out, const std::vector<TraceSummary>& traces) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"traces");
  json.beginArray();
  for (const TraceSummary& trace : traces) {
    json.beginObject();
    json.key(u"trace_id");
    json.string(std::string_view(trace.traceId.toHex()));
    json.key(u"root_service");
    json.string(std::string_view(trace.rootService));
    json.key(u"root_name");
    json.string(std::string_view(trace.rootName));
    json.key(u"start_unix_nano");
    json.unsignedInteger(trace.startUnixNano);
    json.key(u"duration_ns");
    json.unsignedInteger(trace.durationNs);
    json.key(u"span_count");
    json.unsignedInteger(trace.spanCount);
    json.key(u"error_count");
    json.unsignedInteger(trace.errorCount);
    json.key(u"services");
    json.beginArray();
    for (const std::string& service : trace.services)
      json.string(std::string_view(service));
    json.endArray();
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatTracesTable(const std::vector<TraceSummary>& traces) {
  QList<QStringList> rows;
  rows.reserve(static_cast<qsizetype>(traces.size()));
  for (const TraceSummary& trace : traces) {
    QStringList services;
    for (const std::string& service : trace.services)
      services.append(QString::fromStdString(service));
    rows.append({QString::fromStdString(trace.traceId.toHex()),
                 formatUtcTimestamp(trace.startUnixNano), formatDurationCompact(trace.durationNs),
                 QString::number(trace.spanCount), QString::number(trace.errorCount),
                 QString::fromStdString(trace.rootService), QString::fromStdString(trace.rootName),
                 services.join(QLatin1Char(','))});
  }
  return formatTable(
      {QStringLiteral("TRACE ID"), QStringLiteral("START (UTC)"), QStringLiteral("DURATION"),
       QStringLiteral("SPANS"), QStringLiteral("ERRORS"), QStringLiteral("ROOT SERVICE"),
       QStringLiteral("ROOT OPERATION"), QStringLiteral("SERVICES")},
      rows, {false, false, true, true, true, false, false, false});
}

int runTracesCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("traces");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption service(QStringLiteral("service"), QString(), QStringLiteral("S"));
  const QCommandLineOption operation(QStringLiteral("operation"), QString(), QStringLiteral("O"));
  const QCommandLineOption minDuration(QStringLiteral("min-duration"), QString(),
                                       QStringLiteral("D"));
  const QCommandLineOption maxDuration(QStringLiteral("max-duration"), QString(),
                                       QStringLiteral("D"));
  const QCommandLineOption errors(QStringLiteral("errors"));
  const QCommandLineOption text(QStringLiteral("text"), QString(), QStringLiteral("T"));
  const QCommandLineOption limit(QStringLiteral("limit"), QString(), QStringLiteral("N"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, service, operation, minDuration, maxDuration, errors, text, limit, json});
  if (auto exit = parseVerbArguments(parser, arguments, tracesUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), tracesUsage());
  if (!parser.positionalArguments().isEmpty()) {
    return usageError(
        io, verb,
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
        tracesUsage());
  }

  TraceFilter filter;
  filter.service = parser.value(service).toStdString();
  filter.operation = parser.value(operation).toStdString();
  filter.errorsOnly = parser.isSet(errors);
  filter.text = parser.value(text).toStdString();
  for (const auto& [option, into] : {std::pair{&minDuration, &filter.minDurationNs},
                                     std::pair{&maxDuration, &filter.maxDurationNs}}) {
    if (!parser.isSet(*option))
      continue;
    const auto parsed = parseDurationArgument(parser.value(*option));
    if (!parsed) {
      return usageError(io, verb,
                        QStringLiteral("--%1 expects a duration such as 100ms, not '%2'")
                            .arg(option->names().first(), parser.value(*option)),
                        tracesUsage());
    }
    *into = *parsed;
  }
  if (parser.isSet(limit)) {
    bool ok = false;
    const qulonglong value = parser.value(limit).toULongLong(&ok);
    if (!ok || value == 0) {
      return usageError(
          io, verb,
          QStringLiteral("--limit expects a positive integer, not '%1'").arg(parser.value(limit)),
          tracesUsage());
    }
    filter.limit = static_cast<std::size_t>(value);
  }

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  const std::vector<TraceSummary> traces = listTraces(*workspace, filter);
  if (parser.isSet(json)) {
    writeTracesJson(io.out, traces);
  } else {
    io.out << formatTracesTable(traces);
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
