#include "app/serve_command.h"

#include <QCommandLineParser>

#include <cerrno>
#include <csignal>
#include <ctime>

#include "app/json_output.h"
#include "importers/live/live_session.h"
#include "importers/live/otlp_http_receiver.h"

namespace sightline::cli {

namespace {

constexpr int kSummaryEverySeconds = 60;

void writeSummary(CommandIo& io, const LiveTotals& totals, bool json, const char* what) {
  if (json) {
    JsonWriter out(io.out);
    out.beginObject();
    out.key(u"event");
    out.string(std::string_view(what));
    const std::pair<const char16_t*, std::uint64_t> fields[] = {
        {u"spans", totals.spans},       {u"duplicates", totals.duplicateSpans},
        {u"points", totals.points},     {u"profiles", totals.profiles},
        {u"requests", totals.requests}, {u"rejected", totals.rejected},
        {u"errors", totals.errors},     {u"bytes", totals.bytes}};
    for (const auto& [name, value] : fields) {
      out.key(name);
      out.unsignedInteger(value);
    }
    out.endObject();
    io.out << '\n';
  } else {
    io.out << what << ": " << totals.spans << " spans stored (" << totals.duplicateSpans
           << " duplicates), " << totals.points << " points, " << totals.profiles << " profiles, "
           << totals.requests << " requests, " << totals.rejected << " rejected, " << totals.errors
           << " pull errors\n";
  }
  io.out.flush();
}

}  // namespace

QString serveUsage() {
  return QStringLiteral(
      "Usage: sightline serve --db W [--otlp-http ADDR] [--allow-remote] [--json]\n"
      "Receives OpenTelemetry traces over OTLP/HTTP (POST /v1/traces, protobuf or JSON,\n"
      "gzip) into workspace W until interrupted (SIGINT or SIGTERM), then flushes and prints\n"
      "a summary. A request is answered once its spans are committed.\n"
      "  --otlp-http ADDR  listen address, default 127.0.0.1:4318; port 0 picks a free port\n"
      "                    (the address printed at start names it)\n"
      "  --allow-remote    allow an address other than loopback (no authentication!)\n"
      "  --json            JSON lines: the address, a summary a minute, the final summary\n");
}

int runServeCommand(const QStringList& arguments, CommandIo& io) {
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption http(QStringLiteral("otlp-http"), QString(), QStringLiteral("ADDR"));
  const QCommandLineOption allowRemote(QStringLiteral("allow-remote"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, http, allowRemote, json});
  if (auto exit = parseVerbArguments(parser, arguments, serveUsage(), io))
    return *exit;
  const QString verb = QStringLiteral("serve");
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db W is required"), serveUsage());
  LiveListenAddress httpAddress{"127.0.0.1", 4318};
  if (parser.isSet(http) &&
      !parseListenAddress(parser.value(http).toStdString(), 4318, &httpAddress)) {
    return usageError(io, verb,
                      QStringLiteral("bad --otlp-http address '%1'").arg(parser.value(http)),
                      serveUsage());
  }
  const bool asJson = parser.isSet(json);

  // The signals are taken synchronously (sigtimedwait) by this thread; blocked before any
  // thread starts, so that the receiver's and writer's threads inherit the mask.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  // The workspace is opened (and created) here only to report a bad path as the other
  // verbs do; the session opens its own connections.
  if (!openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadWrite))
    return 1;
  LiveSessionConfig config;
  config.otlpHttp = httpAddress;
  config.allowRemote = parser.isSet(allowRemote);
  LiveSession session(parser.value(db).toStdString());
  if (Status s = session.start(config); !s)
    return inputError(io, verb, QString::fromStdString(s.message()));
  const QString url = QString::fromStdString(session.otlpHttpUrl());
  if (asJson) {
    JsonWriter out(io.out);
    out.beginObject();
    out.key(u"event");
    out.string(u"listening");
    out.key(u"otlp_http");
    out.string(url);
    out.endObject();
    io.out << '\n';
  } else {
    io.out << "OTLP/HTTP listening on " << url << " (POST /v1/traces)\n";
  }
  io.out.flush();
  if (!isLoopbackHost(httpAddress.host)) {
    io.err << "sightline serve: warning: listening on " << QString::fromStdString(httpAddress.host)
           << ", reachable from other machines, without authentication\n";
    io.err.flush();
  }

  while (true) {
    timespec wait{kSummaryEverySeconds, 0};
    const int signal = sigtimedwait(&stopSignals, nullptr, &wait);
    if (signal == SIGINT || signal == SIGTERM)
      break;
    if (signal < 0 && errno == EAGAIN)
      writeSummary(io, session.totals(), asJson, "minute");
  }
  // No new requests; those in progress are answered after their commit; then what is queued
  // is committed.
  session.stop();
  writeSummary(io, session.totals(), asJson, "stopped");
  return 0;
}

}  // namespace sightline::cli
