#include "app/serve_command.h"

#include <QCommandLineParser>

#include <cerrno>
#include <csignal>
#include <ctime>

#include "app/json_output.h"
#include "importers/live/live_session.h"
#include "importers/live/otlp_http_receiver.h"
#include "importers/live/pull_spec.h"
#include "model/diagnosis/diagnosis_engine.h"

namespace sightline::cli {

namespace {

constexpr int kSummaryEverySeconds = 60;
constexpr int kDefaultHttpPort = 4318;
constexpr int kDefaultGrpcPort = 4317;

void writeTargets(JsonWriter& out, const std::vector<LiveTargetHealth>& targets) {
  out.key(u"targets");
  out.beginArray();
  for (const LiveTargetHealth& target : targets) {
    out.beginObject();
    out.key(u"kind");
    out.string(target.kind == LiveTargetHealth::Kind::Scrape ? u"scrape" : u"pprof");
    out.key(u"url");
    out.string(std::string_view(target.health.target));
    out.key(u"state");
    out.string(std::string_view(pullStateName(target.health.state)));
    out.key(u"stored");
    out.unsignedInteger(target.health.stored);
    out.key(u"failures");
    out.unsignedInteger(target.health.failures);
    out.key(u"last_error");
    out.string(std::string_view(target.health.lastError));
    out.endObject();
  }
  out.endArray();
}

void writeSummary(CommandIo& io, const LiveSession& session, bool json, const char* what) {
  const LiveTotals totals = session.totals();
  const std::vector<LiveTargetHealth> targets = session.targets();
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
    writeTargets(out, targets);
    out.endObject();
    io.out << '\n';
  } else {
    io.out << what << ": " << totals.spans << " spans stored (" << totals.duplicateSpans
           << " duplicates), " << totals.points << " points, " << totals.profiles << " profiles, "
           << totals.requests << " requests, " << totals.rejected << " rejected, " << totals.errors
           << " failed pulls\n";
    for (const LiveTargetHealth& target : targets) {
      if (target.health.state != PullState::Down)
        continue;
      io.out << "  down: " << QString::fromStdString(target.health.target) << ": "
             << QString::fromStdString(target.health.lastError) << '\n';
    }
  }
  io.out.flush();
}

void writeListening(CommandIo& io, const LiveSession& session, bool json) {
  const QString http = QString::fromStdString(session.otlpHttpUrl());
  const QString grpc = QString::fromStdString(session.otlpGrpcAddress());
  if (json) {
    JsonWriter out(io.out);
    out.beginObject();
    out.key(u"event");
    out.string(u"listening");
    if (!http.isEmpty()) {
      out.key(u"otlp_http");
      out.string(http);
    }
    if (!grpc.isEmpty()) {
      out.key(u"otlp_grpc");
      out.string(grpc);
    }
    writeTargets(out, session.targets());
    out.endObject();
    io.out << '\n';
  } else {
    if (!http.isEmpty())
      io.out << "OTLP/HTTP listening on " << http << " (POST /v1/traces, /v1/metrics)\n";
    if (!grpc.isEmpty())
      io.out << "OTLP/gRPC listening on " << grpc << '\n';
    for (const LiveTargetHealth& target : session.targets()) {
      io.out << (target.kind == LiveTargetHealth::Kind::Scrape ? "scraping "
                                                               : "pulling pprof from ")
             << QString::fromStdString(target.health.target) << '\n';
    }
  }
  io.out.flush();
}

// New data makes the stored findings stale: diagnose once, as `import` does after a batch.
void diagnose(CommandIo& io, Workspace& workspace) {
  Status status;
  const DiagnosisRules rules = effectiveDiagnosisRules(workspace, {}, &status);
  std::vector<Finding> findings;
  if (status)
    status = refreshStoredFindings(workspace, rules, &findings);
  if (!status) {
    io.err << "sightline serve: the data is stored, but the diagnosis failed: "
           << QString::fromStdString(status.message()) << '\n';
    io.err.flush();
  }
}

}  // namespace

QString serveUsage() {
  return QStringLiteral(
      "Usage: sightline serve --db W [--otlp-http ADDR] [--otlp-grpc ADDR]\n"
      "                       [--scrape URL[,EVERY]]...\n"
      "                       [--pprof URL[,EVERY]]... [--api-key K] [--cors ORIGIN]...\n"
      "                       [--allow-remote] [--json]\n"
      "Receives OpenTelemetry traces and metrics over OTLP/HTTP (POST /v1/traces and\n"
      "/v1/metrics, protobuf or JSON, gzip) and OTLP/gRPC, scrapes Prometheus targets and pulls Go "
      "pprof\n"
      "profiles into workspace W until interrupted (SIGINT or SIGTERM), then flushes, prints\n"
      "a summary and diagnoses. A request is answered once its data is committed.\n"
      "  --otlp-http ADDR  listen address, default 127.0.0.1:4318; port 0 picks a free port\n"
      "                    (the address printed at start names it)\n"
      "  --otlp-grpc ADDR  also receive OTLP/gRPC (trace and metrics services) on ADDR, e.g.\n"
      "                    127.0.0.1:4317\n"
      "  --scrape URL[,EVERY]  a Prometheus target (e.g. http://127.0.0.1:9100/metrics),\n"
      "                    every 15s unless EVERY (5s, 1m) is given; repeatable\n"
      "  --pprof URL[,EVERY]   a Go program's /debug/pprof/: a 10 s CPU profile, heap, allocs\n"
      "                    and goroutine, every 60s unless EVERY is given; repeatable\n"
      "  --api-key K       senders must present K (Authorization: Bearer K, or x-api-key: K)\n"
      "  --cors ORIGIN     let browser apps from ORIGIN send (CORS); repeatable\n"
      "  --allow-remote    allow a listen address other than loopback\n"
      "  --json            JSON lines: the addresses, a summary a minute, the final summary\n");
}

int runServeCommand(const QStringList& arguments, CommandIo& io) {
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption http(QStringLiteral("otlp-http"), QString(), QStringLiteral("ADDR"));
  const QCommandLineOption grpc(QStringLiteral("otlp-grpc"), QString(), QStringLiteral("ADDR"));
  const QCommandLineOption scrape(QStringLiteral("scrape"), QString(), QStringLiteral("URL"));
  const QCommandLineOption pprof(QStringLiteral("pprof"), QString(), QStringLiteral("URL"));
  const QCommandLineOption apiKey(QStringLiteral("api-key"), QString(), QStringLiteral("K"));
  const QCommandLineOption cors(QStringLiteral("cors"), QString(), QStringLiteral("ORIGIN"));
  const QCommandLineOption allowRemote(QStringLiteral("allow-remote"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, http, grpc, scrape, pprof, apiKey, cors, allowRemote, json});
  if (auto exit = parseVerbArguments(parser, arguments, serveUsage(), io))
    return *exit;
  const QString verb = QStringLiteral("serve");
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db W is required"), serveUsage());

  LiveSessionConfig config;
  LiveListenAddress httpAddress{"127.0.0.1", kDefaultHttpPort};
  if (parser.isSet(http) &&
      !parseListenAddress(parser.value(http).toStdString(), kDefaultHttpPort, &httpAddress)) {
    return usageError(io, verb,
                      QStringLiteral("bad --otlp-http address '%1'").arg(parser.value(http)),
                      serveUsage());
  }
  config.otlpHttp = httpAddress;
  if (parser.isSet(grpc)) {
    LiveListenAddress grpcAddress{"127.0.0.1", kDefaultGrpcPort};
    if (!parseListenAddress(parser.value(grpc).toStdString(), kDefaultGrpcPort, &grpcAddress)) {
      return usageError(io, verb,
                        QStringLiteral("bad --otlp-grpc address '%1'").arg(parser.value(grpc)),
                        serveUsage());
    }
    config.otlpGrpc = grpcAddress;
  }
  for (const QString& value : parser.values(scrape)) {
    std::string error;
    const auto spec = parsePullSpec(value.toStdString(), &error);
    if (!spec) {
      return usageError(io, verb,
                        QStringLiteral("bad --scrape '%1': %2 (use URL or URL,15s)")
                            .arg(value, QString::fromStdString(error)),
                        serveUsage());
    }
    config.addScrape(*spec);
  }
  for (const QString& value : parser.values(pprof)) {
    std::string error;
    const auto spec = parsePullSpec(value.toStdString(), &error);
    if (!spec) {
      return usageError(io, verb,
                        QStringLiteral("bad --pprof '%1': %2 (use URL or URL,60s)")
                            .arg(value, QString::fromStdString(error)),
                        serveUsage());
    }
    config.addPprof(*spec);
  }
  config.apiKey = parser.value(apiKey).toStdString();
  for (const QString& origin : parser.values(cors))
    config.corsOrigins.push_back(origin.toStdString());
  config.allowRemote = parser.isSet(allowRemote);
  const bool asJson = parser.isSet(json);

  // The signals are taken synchronously (sigtimedwait) by this thread; blocked before any
  // thread starts, so that the receivers', pullers' and writers' threads inherit the mask.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  // Opened (and created) here to report a bad path as the other verbs do, and for the
  // diagnosis at the end; the session writes through connections of its own.
  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadWrite);
  if (!workspace)
    return 1;
  LiveSession session(parser.value(db).toStdString());
  if (Status s = session.start(config); !s)
    return inputError(io, verb, QString::fromStdString(s.message()));
  writeListening(io, session, asJson);
  const bool remote = !isLoopbackHost(httpAddress.host) ||
                      (config.otlpGrpc && !isLoopbackHost(config.otlpGrpc->host));
  if (remote) {
    io.err << "sightline serve: warning: listening on a non-loopback address"
           << ", reachable from other machines"
           << (config.apiKey.empty() ? ", without an API key" : "") << '\n';
    io.err.flush();
  }

  while (true) {
    timespec wait{kSummaryEverySeconds, 0};
    const int signal = sigtimedwait(&stopSignals, nullptr, &wait);
    if (signal == SIGINT || signal == SIGTERM)
      break;
    if (signal < 0 && errno == EAGAIN)
      writeSummary(io, session, asJson, "minute");
  }
  // No new requests; those in progress are answered after their commit; then what is queued
  // is committed.
  session.stop();
  writeSummary(io, session, asJson, "stopped");
  const LiveTotals totals = session.totals();
  if (totals.spans > 0 || totals.points > 0 || totals.profiles > 0)
    diagnose(io, *workspace);
  return 0;
}

}  // namespace sightline::cli
