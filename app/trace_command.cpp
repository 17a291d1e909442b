#include "app/trace_command.h"

#include <QCommandLineParser>
#include <algorithm>

#include "app/json_output.h"
#include "app/text_output.h"
#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_record_names.h"
#include "model/traces/trace_span_attributes.h"

namespace sightline::cli {

namespace {

struct TraceExtent {
  std::uint64_t start = 0;
  std::uint64_t duration = 0;
};

// Earliest start to latest end, the same definition as the trace list's duration.
TraceExtent extentOf(const LoadedTrace& trace) {
  if (trace.spans.empty())
    return {};
  std::uint64_t start = trace.spans.front().startUnixNano;
  std::uint64_t end = 0;
  for (const LoadedSpan& span : trace.spans) {
    start = std::min(start, span.startUnixNano);
    end = std::max(end, span.endUnixNano);
  }
  return {start, end > start ? end - start : 0};
}

const std::string& serviceOf(const LoadedTrace& trace, const LoadedSpan& span) {
  static const std::string kUnknown;
  return span.serviceIndex < trace.services.size() ? trace.services[span.serviceIndex] : kUnknown;
}

}  // namespace

QString traceUsage() {
  return QStringLiteral(
      "Usage: sightline trace --db W.sightline TRACE_ID [--json]\n"
      "\n"
      "Prints the span tree of one trace (TRACE_ID: 32 hex digits) with each span's start\n"
      "offset, duration and self time; '*' marks the critical path, '!' an error status.\n"
      "\n"
      "Options:\n"
      "  --db W      the workspace file\n"
      "  --json      print JSON (see docs/CLI.md)\n"
      "  -h, --help  show this help\n"
      "\n"
      "Exit codes: 0 success, 1 the trace is not in the workspace or the workspace cannot\n"
      "be read, 2 usage error (including a malformed TRACE_ID).\n");
}

void writeTraceJson(QTextStream& out, const LoadedTrace& trace, const TraceTree& tree,
                    const SpanAttributesFn& attributesOf) {
  const TraceExtent extent = extentOf(trace);
  JsonWriter json(out);
  json.beginObject();
  json.key(u"trace_id");
  json.string(std::string_view(trace.traceId.toHex()));
  json.key(u"start_unix_nano");
  json.unsignedInteger(extent.start);
  json.key(u"duration_ns");
  json.unsignedInteger(extent.duration);
  json.key(u"critical_path_approximate");
  json.boolean(tree.criticalPathApproximate);
  json.key(u"spans");
  json.beginArray();
  for (const std::int32_t index : tree.preorder) {
    const LoadedSpan& span = trace.spans[static_cast<std::size_t>(index)];
    const auto i = static_cast<std::size_t>(index);
    json.beginObject();
    json.key(u"span_id");
    json.string(std::string_view(span.spanId.toHex()));
    json.key(u"parent_span_id");
    if (span.parentSpanId.isZero()) {
      json.null();
    } else {
      json.string(std::string_view(span.parentSpanId.toHex()));
    }
    json.key(u"name");
    json.string(std::string_view(span.name));
    json.key(u"service");
    json.string(std::string_view(serviceOf(trace, span)));
    json.key(u"kind");
    json.string(spanKindName(span.kind));
    json.key(u"start_unix_nano");
    json.unsignedInteger(span.startUnixNano);
    json.key(u"end_unix_nano");
    json.unsignedInteger(span.endUnixNano);
    json.key(u"duration_ns");
    json.unsignedInteger(span.durationNs());
    json.key(u"self_time_ns");
    json.unsignedInteger(i < tree.selfTimeNs.size() ? tree.selfTimeNs[i] : 0);
    json.key(u"on_critical_path");
    json.boolean(i < tree.onCriticalPath.size() && tree.onCriticalPath[i] != 0);
    json.key(u"depth");
    json.integer(i < tree.depth.size() ? tree.depth[i] : 0);
    json.key(u"status_code");
    json.string(statusCodeName(span.statusCode));
    json.key(u"status_message");
    json.string(std::string_view(span.statusMessage));
    json.key(u"attributes");
    writeAttributes(json, attributesOf ? attributesOf(i) : std::vector<Attribute>{});
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatTraceText(const LoadedTrace& trace, const TraceTree& tree) {
  const TraceExtent extent = extentOf(trace);
  std::size_t errors = 0;
  for (const LoadedSpan& span : trace.spans)
    errors += span.statusCode == StatusCode::Error;

  QString out =
      QStringLiteral("trace %1  start %2  duration %3  %4 spans  %5 services  %6 errors\n")
          .arg(QString::fromStdString(trace.traceId.toHex()), formatUtcTimestamp(extent.start),
               formatDurationCompact(extent.duration))
          .arg(trace.spans.size())
          .arg(trace.services.size())
          .arg(errors);
  out += QStringLiteral("'*' critical path, '!' error status");
  if (tree.criticalPathApproximate) {
    out += QStringLiteral(" (critical path approximate: spans outside their parent were dropped)");
  }
  out += QStringLiteral("\n\n");

  QList<QStringList> rows;
  rows.reserve(static_cast<qsizetype>(tree.preorder.size()));
  for (const std::int32_t index : tree.preorder) {
    const auto i = static_cast<std::size_t>(index);
    const LoadedSpan& span = trace.spans[i];
    QString marks;
    marks += i < tree.onCriticalPath.size() && tree.onCriticalPath[i] ? QLatin1Char('*')
                                                                      : QLatin1Char(' ');
    marks += span.statusCode == StatusCode::Error ? QLatin1Char('!') : QLatin1Char(' ');
    const int depth = i < tree.depth.size() ? tree.depth[i] : 0;
    QString label = QString(2 * depth, QLatin1Char(' ')) +
                    QString::fromStdString(serviceOf(trace, span)) + QLatin1String(": ") +
                    QString::fromStdString(span.name);
    // A root that names a parent means the parent was never exported (or not imported).
    if (depth == 0 && !span.parentSpanId.isZero()) {
      label += QLatin1String(" [parent ") + QString::fromStdString(span.parentSpanId.toHex()) +
               QLatin1String(" missing]");
    }
    if (span.statusCode == StatusCode::Error && !span.statusMessage.empty()) {
      label += QLatin1String(" (") + QString::fromStdString(span.statusMessage) + QLatin1Char(')');
    }
    const std::uint64_t offset =
        span.startUnixNano > extent.start ? span.startUnixNano - extent.start : 0;
    rows.append(
        {QLatin1Char('+') + formatDurationCompact(offset), formatDurationCompact(span.durationNs()),
         formatDurationCompact(i < tree.selfTimeNs.size() ? tree.selfTimeNs[i] : 0), marks, label});
  }
  out += formatTable({QStringLiteral("START"), QStringLiteral("DURATION"), QStringLiteral("SELF"),
                      QStringLiteral("  "), QStringLiteral("SERVICE: SPAN")},
                     rows, {true, true, true, false, false});
  return out;
}

int runTraceCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("trace");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, json});
  if (auto exit = parseVerbArguments(parser, arguments, traceUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), traceUsage());
  const QStringList positional = parser.positionalArguments();
  if (positional.size() != 1) {
    return usageError(io, verb, QStringLiteral("expected exactly one TRACE_ID"), traceUsage());
  }
  const auto traceId = TraceId::fromHex(positional.first().trimmed().toStdString());
  if (!traceId) {
    return usageError(
        io, verb, QStringLiteral("'%1' is not a trace id (32 hex digits)").arg(positional.first()),
        traceUsage());
  }

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  const std::optional<LoadedTrace> trace = loadTrace(*workspace, *traceId);
  if (!trace || trace->spans.empty()) {
    return inputError(io, verb,
                      QStringLiteral("trace %1 is not in %2")
                          .arg(QString::fromStdString(traceId->toHex()), parser.value(db)));
  }
  const TraceTree tree = buildTraceTree(*trace);
  if (parser.isSet(json)) {
    Status status;
    std::vector<std::vector<Attribute>> attributes =
        loadTraceSpanAttributes(*workspace, *trace, &status);
    if (!status)
      return inputError(io, verb, QString::fromStdString(status.message()));
    // Each span is printed once, so its attributes can be moved out.
    writeTraceJson(io.out, *trace, tree,
                   [&attributes](std::size_t span) { return std::move(attributes[span]); });
  } else {
    io.out << formatTraceText(*trace, tree);
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
