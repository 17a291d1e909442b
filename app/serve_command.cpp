#include "app/serve_command.h"

#include <QCommandLineParser>

#include <cerrno>
#include <csignal>
#include <ctime>

#include "app/json_output.h"
#include "importers/live/otlp_http_receiver.h"
#include "model/traces/live_trace_writer.h"

namespace sightline::cli {

namespace {

constexpr int kSummaryEverySeconds = 60;

// "HOST:PORT", "[V6]:PORT", ":PORT" (loopback) or "HOST" (port 4318).
bool parseAddress(const QString& text, std::string* host, int* port) {
  QString h = text;
  QString p;
  const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
  const bool bracketed = text.startsWith(QLatin1Char('['));
  if (colon >= 0 && (!bracketed || colon > text.indexOf(QLatin1Char(']')))) {
    h = text.left(colon);
    p = text.mid(colon + 1);
  }
  if (bracketed && h.endsWith(QLatin1Char(']')))
    h = h.mid(1, h.size() - 2);
  *host = h.isEmpty() ? std::string("127.0.0.1") : h.toStdString();
  *port = 4318;
  if (!p.isEmpty()) {
    bool ok = false;
    *port = p.toInt(&ok);
    if (!ok || *port < 0 || *port > 65535)
      return false;
  }
  return true;
}

void writeSummary(CommandIo& io, const OtlpHttpCounters& counters, bool json, const char* what) {
  if (json) {
    JsonWriter out(io.out);
    out.beginObject();
    out.key(u"event");
    out.string(std::string_view(what));
    out.key(u"spans");
    out.unsignedInteger(counters.spans);
    out.key(u"duplicates");
    out.unsignedInteger(counters.duplicates);
    out.key(u"requests");
    out.unsignedInteger(counters.requests);
    out.key(u"rejected");
    out.unsignedInteger(counters.rejected);
    out.key(u"bytes");
    out.unsignedInteger(counters.bytes);
    out.endObject();
    io.out << '\n';
  } else {
    io.out << what << ": " << counters.spans << " spans stored (" << counters.duplicates
           << " duplicates), " << counters.requests << " requests, " << counters.rejected
           << " rejected\n";
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
  OtlpHttpReceiverOptions options;
  if (parser.isSet(http) && !parseAddress(parser.value(http), &options.host, &options.port)) {
    return usageError(io, verb,
                      QStringLiteral("bad --otlp-http address '%1'").arg(parser.value(http)),
                      serveUsage());
  }
  options.allowRemote = parser.isSet(allowRemote);
  const bool asJson = parser.isSet(json);

  // The signals are taken synchronously (sigtimedwait) by this thread; blocked before any
  // thread starts, so that the receiver's and writer's threads inherit the mask.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadWrite);
  if (!workspace)
    return 1;
  const std::string endpoint = "otlp-http://" + options.host + ":" + std::to_string(options.port);
  LiveTraceWriter writer(*workspace, endpoint);
  if (!writer.openStatus())
    return inputError(io, verb, QString::fromStdString(writer.openStatus().message()));
  OtlpHttpReceiver receiver(writer, options);
  if (Status s = receiver.start(); !s)
    return inputError(io, verb, QString::fromStdString(s.message()));
  const QString url = QString::fromStdString(receiver.url());
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
  if (!isLoopbackHost(options.host)) {
    io.err << "sightline serve: warning: listening on " << QString::fromStdString(options.host)
           << ", reachable from other machines, without authentication\n";
    io.err.flush();
  }

  while (true) {
    timespec wait{kSummaryEverySeconds, 0};
    const int signal = sigtimedwait(&stopSignals, nullptr, &wait);
    if (signal == SIGINT || signal == SIGTERM)
      break;
    if (signal < 0 && errno == EAGAIN)
      writeSummary(io, receiver.counters(), asJson, "minute");
  }
  receiver.stop();  // no new requests; those in progress are answered after their commit
  writer.close();   // commits what is left
  writeSummary(io, receiver.counters(), asJson, "stopped");
  return 0;
}

}  // namespace sightline::cli
