// End-to-end tests of the `sightline` binary: each test runs the real executable through
// QProcess against a temporary workspace filled from a small OTLP/JSON file written here,
// whose spans are known exactly.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <map>

namespace {

constexpr qint64 kMs = 1000000;
constexpr qint64 kT0 = 1700000000000000000;
const char kTraceA[] = "5b8efff798038103d269b633813fc60c";
const char kTraceB[] = "0af7651916cd43dd8448eb211c80319c";

struct Run {
  int code = -1;
  QString out;
  QString err;
};

Run runSightline(const QStringList& arguments) {
  QProcess process;
  process.start(QStringLiteral(SIGHTLINE_BINARY), arguments);
  Run run;
  if (!process.waitForFinished(120000)) {
    process.kill();
    process.waitForFinished();
    run.err = QStringLiteral("timed out");
    return run;
  }
  run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

QJsonObject parseObject(const QString& text) {
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
  if (error.error != QJsonParseError::NoError)
    qWarning() << error.errorString() << text;
  return document.object();
}

QString nanos(qint64 offsetMs) {
  return QString::number(kT0 + offsetMs * kMs);
}

QString span(const char* traceId, const char* spanId, const char* parentId, const char* name,
             int kind, qint64 startMs, qint64 endMs, const QString& extra = QString()) {
  return QStringLiteral(
             R"({"traceId":"%1","spanId":"%2","parentSpanId":"%3","name":"%4","kind":%5,)"
             R"("startTimeUnixNano":"%6","endTimeUnixNano":"%7"%8})")
      .arg(QLatin1String(traceId), QLatin1String(spanId), QLatin1String(parentId),
           QLatin1String(name))
      .arg(kind)
      .arg(nanos(startMs), nanos(endMs), extra);
}

QString resourceSpans(const char* service, const QStringList& spans) {
  return QStringLiteral(
             R"({"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%1"}}]},)"
             R"("scopeSpans":[{"scope":{"name":"tst_cli_process"},"spans":[%2]}]})")
      .arg(QLatin1String(service), spans.join(QLatin1Char(',')));
}

// Trace A: frontend "GET /checkout" [0,100] with children backend "charge" [10,60] (ERROR),
// backend "cache" [20,30] and frontend "render" [70,95]. Trace B: backend "cron" [1000,1005].
QByteArray otlpJson() {
  const QString rootAttributes = QStringLiteral(
      R"(,"attributes":[)"
      R"({"key":"http.method","value":{"stringValue":"GET"}},)"
      R"({"key":"http.status_code","value":{"intValue":"200"}},)"
      R"({"key":"retry","value":{"boolValue":false}},)"
      R"({"key":"ratio","value":{"doubleValue":0.5}},)"
      R"({"key":"payload","value":{"bytesValue":"AP8="}},)"
      R"({"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"}]}}},)"
      R"({"key":"meta","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}}])");
  const QString error = QStringLiteral(R"(,"status":{"code":2,"message":"card declined"})");
  const QString frontend = resourceSpans(
      "frontend",
      {span(kTraceA, "a000000000000001", "", "GET /checkout", 2, 0, 100, rootAttributes),
       span(kTraceA, "a000000000000004", "a000000000000001", "render", 1, 70, 95)});
  const QString backend = resourceSpans(
      "backend", {span(kTraceA, "a000000000000002", "a000000000000001", "charge", 3, 10, 60, error),
                  span(kTraceA, "a000000000000003", "a000000000000001", "cache", 3, 20, 30),
                  span(kTraceB, "b000000000000001", "", "cron", 2, 1000, 1005)});
  return QStringLiteral(R"({"resourceSpans":[%1,%2]})").arg(frontend, backend).toUtf8();
}

bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QJsonObject traceNamed(const QJsonArray& traces, const char* id) {
  for (const QJsonValue& trace : traces) {
    if (trace.toObject().value(QLatin1String("trace_id")).toString() == QLatin1String(id)) {
      return trace.toObject();
    }
  }
  return {};
}

// The expected.json typed value ({"type": "int", "value": "3"}) as the natural JSON value
// that `trace --json` prints.
QJsonValue naturalValue(const QJsonObject& typed) {
  const QString type = typed.value(QLatin1String("type")).toString();
  if (type == QLatin1String("int")) {
    return QJsonValue(typed.value(QLatin1String("value")).toString().toLongLong());
  }
  if (type == QLatin1String("array")) {
    QJsonArray values;
    for (const QJsonValue& element : typed.value(QLatin1String("values")).toArray()) {
      values.append(naturalValue(element.toObject()));
    }
    return values;
  }
  if (type == QLatin1String("kvlist")) {
    QJsonObject values;
    const QJsonObject source = typed.value(QLatin1String("values")).toObject();
    for (auto it = source.begin(); it != source.end(); ++it) {
      values.insert(it.key(), naturalValue(it.value().toObject()));
    }
    return values;
  }
  if (type == QLatin1String("empty"))
    return QJsonValue::Null;
  return typed.value(QLatin1String("value"));
}

// Self time recomputed from the printed spans: duration minus the union of the direct
// children's intervals clipped to the span.
qint64 selfTimeOf(const QJsonObject& span, const QJsonArray& spans) {
  const qint64 start = span.value(QLatin1String("start_unix_nano")).toInteger();
  const qint64 end = span.value(QLatin1String("end_unix_nano")).toInteger();
  QList<QPair<qint64, qint64>> children;
  for (const QJsonValue& value : spans) {
    const QJsonObject child = value.toObject();
    if (child.value(QLatin1String("parent_span_id")) != span.value(QLatin1String("span_id"))) {
      continue;
    }
    const qint64 from = std::max(start, child.value(QLatin1String("start_unix_nano")).toInteger());
    const qint64 to = std::min(end, child.value(QLatin1String("end_unix_nano")).toInteger());
    if (to > from)
      children.append({from, to});
  }
  std::sort(children.begin(), children.end());
  qint64 covered = 0, reach = start;
  for (const auto& [from, to] : children) {
    if (to <= reach)
      continue;
    covered += to - std::max(from, reach);
    reach = to;
  }
  return std::max<qint64>(0, end - start) - covered;
}

}  // namespace

class TstCliProcess : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_db;
  QString m_file;

  QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

  QJsonArray tracesJson(const QStringList& extra = {}) {
    const Run run = runSightline(QStringList{QStringLiteral("traces"), QStringLiteral("--db"), m_db,
                                             QStringLiteral("--json")} +
                                 extra);
    if (run.code != 0)
      qWarning() << run.err;
    return parseObject(run.out).value(QLatin1String("traces")).toArray();
  }

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = path("w.sightline");
    m_file = path("shop.otlp.json");
    QVERIFY(writeFile(m_file, otlpJson()));
    const Run run = runSightline({QStringLiteral("import"), QStringLiteral("--db"), m_db, m_file});
    QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
    QVERIFY2(run.out.contains(QLatin1String("1 imported, 0 skipped, 0 failed; 2 traces, 5 spans")),
             qPrintable(run.out));
  }

  void reimportIsSkipped() {
    const Run run = runSightline(
        {QStringLiteral("import"), QStringLiteral("--db"), m_db, QStringLiteral("--json"), m_file});
    QCOMPARE(run.code, 0);
    const QJsonObject summary = parseObject(run.out);
    QCOMPARE(summary.value(QLatin1String("imported")).toInt(), 0);
    QCOMPARE(summary.value(QLatin1String("skipped")).toInt(), 1);
    QCOMPARE(summary.value(QLatin1String("failed")).toInt(), 0);
    const QJsonObject file = summary.value(QLatin1String("files")).toArray().at(0).toObject();
    QCOMPARE(file.value(QLatin1String("path")).toString(), m_file);
    QCOMPARE(file.value(QLatin1String("outcome")).toString(), QStringLiteral("skipped"));
    QVERIFY(file.value(QLatin1String("error")).isNull());
    QCOMPARE(tracesJson().size(), 2);
  }

  void corruptFileFailsAndChangesNothing() {
    const QString truncated = path("truncated.json");
    QVERIFY(writeFile(truncated, otlpJson().left(700)));
    const QString garbage = path("garbage.bin");
    QVERIFY(writeFile(garbage, QByteArray("\x00\x01\x02not otlp at all\xff", 19)));
    const Run run = runSightline({QStringLiteral("import"), QStringLiteral("--db"), m_db,
                                  QStringLiteral("--json"), truncated, garbage});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(truncated), qPrintable(run.err));
    QVERIFY2(run.err.contains(garbage), qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("byte")) || run.err.contains(QLatin1String("line")),
             qPrintable(run.err));
    const QJsonObject summary = parseObject(run.out);
    QCOMPARE(summary.value(QLatin1String("failed")).toInt(), 2);
    QCOMPARE(summary.value(QLatin1String("spans")).toInt(), 0);
    const QJsonArray files = summary.value(QLatin1String("files")).toArray();
    QCOMPARE(files.size(), 2);
    for (const QJsonValue& file : files) {
      QCOMPARE(file.toObject().value(QLatin1String("outcome")).toString(),
               QStringLiteral("failed"));
      QVERIFY(!file.toObject().value(QLatin1String("error")).toString().isEmpty());
    }
    const Run count = runSightline({QStringLiteral("sql"), QStringLiteral("--db"), m_db,
                                    QStringLiteral("SELECT count(*) AS n FROM spans")});
    QCOMPARE(count.out, QStringLiteral("n\n5\n"));
  }

  void usageErrors() {
    const QList<QStringList> cases = {
        {QStringLiteral("import"), m_file},
        {QStringLiteral("import"), QStringLiteral("--db")},
        {QStringLiteral("traces"), QStringLiteral("--db"), m_db, QStringLiteral("--nope")},
        {QStringLiteral("trace"), QStringLiteral("--db"), m_db, QStringLiteral("not-hex")},
        {QStringLiteral("sql"), QStringLiteral("--db"), m_db}};
    for (const QStringList& arguments : cases) {
      const Run run = runSightline(arguments);
      QVERIFY2(run.code == 2, qPrintable(arguments.join(u' ') + QLatin1String(": ") + run.err));
      QVERIFY(run.err.contains(QLatin1String("Usage:")));
      QVERIFY(run.out.isEmpty());
    }
  }

  void versionAndHelp() {
    const Run version = runSightline({QStringLiteral("--version")});
    QCOMPARE(version.code, 0);
    QVERIFY(version.out.startsWith(QLatin1String("sightline ")));
    const Run help = runSightline({QStringLiteral("help"), QStringLiteral("import")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(QLatin1String("sightline import --db")));
  }

  void tracesJsonMatchesTheFile() {
    const QJsonArray traces = tracesJson();
    QCOMPARE(traces.size(), 2);
    const QJsonObject a = traceNamed(traces, kTraceA);
    QCOMPARE(a.keys().size(), 8);
    QCOMPARE(a.value(QLatin1String("root_service")).toString(), QStringLiteral("frontend"));
    QCOMPARE(a.value(QLatin1String("root_name")).toString(), QStringLiteral("GET /checkout"));
    QCOMPARE(a.value(QLatin1String("start_unix_nano")).toInteger(), kT0);
    QCOMPARE(a.value(QLatin1String("duration_ns")).toInteger(), 100 * kMs);
    QCOMPARE(a.value(QLatin1String("span_count")).toInt(), 4);
    QCOMPARE(a.value(QLatin1String("error_count")).toInt(), 1);
    QCOMPARE(a.value(QLatin1String("services")).toArray(),
             QJsonArray({QStringLiteral("backend"), QStringLiteral("frontend")}));
    const QJsonObject b = traceNamed(traces, kTraceB);
    QCOMPARE(b.value(QLatin1String("root_name")).toString(), QStringLiteral("cron"));
    QCOMPARE(b.value(QLatin1String("start_unix_nano")).toInteger(), kT0 + 1000 * kMs);
    QCOMPARE(b.value(QLatin1String("duration_ns")).toInteger(), 5 * kMs);
    QCOMPARE(b.value(QLatin1String("error_count")).toInt(), 0);
  }

  void tracesFilters() {
    auto ids = [](const QJsonArray& traces) {
      QStringList out;
      for (const QJsonValue& trace : traces) {
        out.append(trace.toObject().value(QLatin1String("trace_id")).toString());
      }
      out.sort();
      return out;
    };
    const QString a = QLatin1String(kTraceA), b = QLatin1String(kTraceB);
    QCOMPARE(ids(tracesJson({QStringLiteral("--errors")})), QStringList{a});
    QCOMPARE(ids(tracesJson({QStringLiteral("--min-duration"), QStringLiteral("50ms")})),
             QStringList{a});
    QCOMPARE(ids(tracesJson({QStringLiteral("--operation"), QStringLiteral("cron")})),
             QStringList{b});
    QCOMPARE(ids(tracesJson({QStringLiteral("--service"), QStringLiteral("backend")})),
             (QStringList{b, a}));
    QCOMPARE(tracesJson({QStringLiteral("--service"), QStringLiteral("nobody")}).size(), 0);
    QCOMPARE(tracesJson({QStringLiteral("--limit"), QStringLiteral("1")}).size(), 1);

    const Run text = runSightline({QStringLiteral("traces"), QStringLiteral("--db"), m_db});
    QCOMPARE(text.code, 0);
    QVERIFY(text.out.startsWith(QLatin1String("TRACE ID")));
    QVERIFY(text.out.contains(a) && text.out.contains(b));
    QVERIFY(text.out.contains(QLatin1String("100.00ms")));
  }

  void traceJsonIsConsistentWithTheTree() {
    const Run run = runSightline({QStringLiteral("trace"), QStringLiteral("--db"), m_db,
                                  QLatin1String(kTraceA), QStringLiteral("--json")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject trace = parseObject(run.out);
    QCOMPARE(trace.value(QLatin1String("trace_id")).toString(), QLatin1String(kTraceA));
    QCOMPARE(trace.value(QLatin1String("start_unix_nano")).toInteger(), kT0);
    QCOMPARE(trace.value(QLatin1String("duration_ns")).toInteger(), 100 * kMs);
    QCOMPARE(trace.value(QLatin1String("critical_path_approximate")).toBool(), false);
    const QJsonArray spans = trace.value(QLatin1String("spans")).toArray();
    QCOMPARE(spans.size(), 4);

    // Preorder: a parent comes before its children, and depth = parent's depth + 1.
    std::map<QString, QJsonObject> seen;
    for (const QJsonValue& value : spans) {
      const QJsonObject span = value.toObject();
      const QJsonValue parent = span.value(QLatin1String("parent_span_id"));
      if (parent.isNull()) {
        QCOMPARE(span.value(QLatin1String("depth")).toInt(), 0);
      } else {
        QVERIFY(seen.count(parent.toString()));
        QCOMPARE(span.value(QLatin1String("depth")).toInt(),
                 seen[parent.toString()].value(QLatin1String("depth")).toInt() + 1);
      }
      QCOMPARE(span.value(QLatin1String("duration_ns")).toInteger(),
               span.value(QLatin1String("end_unix_nano")).toInteger() -
                   span.value(QLatin1String("start_unix_nano")).toInteger());
      seen[span.value(QLatin1String("span_id")).toString()] = span;
    }
    const QJsonObject root = seen[QStringLiteral("a000000000000001")];
    const QJsonObject charge = seen[QStringLiteral("a000000000000002")];
    const QJsonObject cache = seen[QStringLiteral("a000000000000003")];
    const QJsonObject render = seen[QStringLiteral("a000000000000004")];
    QCOMPARE(spans.at(0).toObject(), root);
    // Children in start order under the root.
    QCOMPARE(spans.at(1).toObject(), charge);
    QCOMPARE(spans.at(2).toObject(), cache);
    QCOMPARE(spans.at(3).toObject(), render);

    // Self time: 100 - |[10,60] ∪ [20,30] ∪ [70,95]| = 25 ms; leaves own all their time.
    QCOMPARE(root.value(QLatin1String("self_time_ns")).toInteger(), 25 * kMs);
    QCOMPARE(charge.value(QLatin1String("self_time_ns")).toInteger(), 50 * kMs);
    QCOMPARE(cache.value(QLatin1String("self_time_ns")).toInteger(), 10 * kMs);
    QCOMPARE(render.value(QLatin1String("self_time_ns")).toInteger(), 25 * kMs);
    // Critical path: render ends last, charge ends before render starts; cache overlaps
    // charge and so does not block.
    QCOMPARE(root.value(QLatin1String("on_critical_path")).toBool(), true);
    QCOMPARE(render.value(QLatin1String("on_critical_path")).toBool(), true);
    QCOMPARE(charge.value(QLatin1String("on_critical_path")).toBool(), true);
    QCOMPARE(cache.value(QLatin1String("on_critical_path")).toBool(), false);

    QCOMPARE(root.value(QLatin1String("kind")).toString(), QStringLiteral("SERVER"));
    QCOMPARE(root.value(QLatin1String("service")).toString(), QStringLiteral("frontend"));
    QCOMPARE(charge.value(QLatin1String("kind")).toString(), QStringLiteral("CLIENT"));
    QCOMPARE(charge.value(QLatin1String("service")).toString(), QStringLiteral("backend"));
    QCOMPARE(charge.value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(charge.value(QLatin1String("status_message")).toString(),
             QStringLiteral("card declined"));
    QCOMPARE(render.value(QLatin1String("status_code")).toString(), QStringLiteral("UNSET"));

    const QJsonObject attributes = root.value(QLatin1String("attributes")).toObject();
    QCOMPARE(attributes.value(QLatin1String("http.method")).toString(), QStringLiteral("GET"));
    QVERIFY(attributes.value(QLatin1String("http.status_code")).isDouble());
    QCOMPARE(attributes.value(QLatin1String("http.status_code")).toInt(), 200);
    QCOMPARE(attributes.value(QLatin1String("retry")), QJsonValue(false));
    QCOMPARE(attributes.value(QLatin1String("ratio")).toDouble(), 0.5);
    QCOMPARE(attributes.value(QLatin1String("payload")).toString(), QStringLiteral("AP8="));
    QCOMPARE(attributes.value(QLatin1String("tags")).toArray(),
             QJsonArray({QStringLiteral("a"), 1}));
    QCOMPARE(attributes.value(QLatin1String("meta")).toObject(),
             QJsonObject({{QStringLiteral("k"), QStringLiteral("v")}}));
    QVERIFY(charge.value(QLatin1String("attributes")).toObject().isEmpty());
  }

  void traceText() {
    const Run run = runSightline(
        {QStringLiteral("trace"), QStringLiteral("--db"), m_db, QLatin1String(kTraceA)});
    QCOMPARE(run.code, 0);
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    auto lineWith = [&](const char* text) {
      const auto it = std::find_if(lines.begin(), lines.end(), [&](const QString& line) {
        return line.contains(QLatin1String(text));
      });
      return it == lines.end() ? QString() : *it;
    };
    QVERIFY(lineWith("frontend: GET /checkout").contains(QLatin1String("100.00ms")));
    QVERIFY(lineWith("  backend: charge (card declined)").contains(QLatin1String("*!")));
    QVERIFY(lineWith("  backend: cache").contains(QLatin1String("+20.00ms")));
  }

  void unknownTraceIsBadInput() {
    const Run run = runSightline({QStringLiteral("trace"), QStringLiteral("--db"), m_db,
                                  QStringLiteral("ffffffffffffffffffffffffffffffff")});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(QLatin1String("ffffffffffffffffffffffffffffffff")));
    QVERIFY(run.out.isEmpty());
  }

  void sqlReadsAndRefusesWrites() {
    const Run csv = runSightline(
        {QStringLiteral("sql"), QStringLiteral("--db"), m_db,
         QStringLiteral(
             "SELECT n.text AS name, s.span_id AS id, 'x,\"y\"' AS q, NULL AS n FROM spans s "
             "JOIN strings n ON n.id = s.name_id WHERE n.text = 'cron'")});
    QVERIFY2(csv.code == 0, qPrintable(csv.err));
    QCOMPARE(csv.out, QStringLiteral("name,id,q,n\ncron,b000000000000001,\"x,\"\"y\"\"\",\n"));

    const Run json =
        runSightline({QStringLiteral("sql"), QStringLiteral("--db"), m_db, QStringLiteral("--json"),
                      QStringLiteral("SELECT count(*) AS n, 0.5 AS half FROM spans")});
    QCOMPARE(json.code, 0);
    const QJsonObject table = parseObject(json.out);
    QCOMPARE(table.value(QLatin1String("columns")).toArray(),
             QJsonArray({QStringLiteral("n"), QStringLiteral("half")}));
    QCOMPARE(table.value(QLatin1String("rows")).toArray(), QJsonArray({QJsonArray({5, 0.5})}));

    for (const char* write :
         {"DELETE FROM spans", "DROP TABLE spans", "INSERT INTO strings(text) VALUES ('x')"}) {
      const Run refused =
          runSightline({QStringLiteral("sql"), QStringLiteral("--db"), m_db, QLatin1String(write)});
      QVERIFY2(refused.code == 1, write);
      QVERIFY(!refused.err.isEmpty());
      QVERIFY(refused.out.isEmpty());
    }
    QCOMPARE(runSightline({QStringLiteral("sql"), QStringLiteral("--db"), m_db,
                           QStringLiteral("SELECT count(*) FROM spans")})
                 .out.split(QLatin1Char('\n'))
                 .value(1),
             QStringLiteral("5"));
  }

  void missingWorkspaceIsBadInput() {
    const QString missing = path("missing.sightline");
    for (const char* verb : {"traces", "sql"}) {
      QStringList arguments{QLatin1String(verb), QStringLiteral("--db"), missing};
      if (QLatin1String(verb) == QLatin1String("sql"))
        arguments << QStringLiteral("SELECT 1");
      const Run run = runSightline(arguments);
      QCOMPARE(run.code, 1);
    }
    QVERIFY(!QFile::exists(missing));
  }

  // The JS SDK fixture: every trace summary and every span printed by the CLI matches what
  // the producer recorded (tests/data/otel-js/expected.json).
  void goldenFixture() {
    const QString dataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js");
    QFile expectedFile(dataDir + QLatin1String("/expected.json"));
    if (!expectedFile.open(QIODevice::ReadOnly))
      QSKIP("tests/data/otel-js not generated");
    const QJsonObject expected = QJsonDocument::fromJson(expectedFile.readAll()).object();
    const QString db = path("golden.sightline");
    const Run import = runSightline({QStringLiteral("import"), QStringLiteral("--db"), db,
                                     dataDir + QLatin1String("/traces.otlp.jsonl")});
    QVERIFY2(import.code == 0, qPrintable(import.err));

    const Run list = runSightline(
        {QStringLiteral("traces"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(list.code, 0);
    const QJsonArray traces = parseObject(list.out).value(QLatin1String("traces")).toArray();
    const QJsonArray expectedTraces = expected.value(QLatin1String("traces")).toArray();
    QCOMPARE(traces.size(), expectedTraces.size());
    for (const QJsonValue& value : expectedTraces) {
      const QJsonObject want = value.toObject();
      const QString id = want.value(QLatin1String("trace_id")).toString();
      const QJsonObject got = traceNamed(traces, qPrintable(id));
      QVERIFY2(!got.isEmpty(), qPrintable(id));
      for (const char* key : {"root_service", "root_name", "services"}) {
        QCOMPARE(got.value(QLatin1String(key)), want.value(QLatin1String(key)));
      }
      for (const char* key : {"start_unix_nano", "duration_ns"}) {
        QCOMPARE(got.value(QLatin1String(key)).toInteger(),
                 want.value(QLatin1String(key)).toString().toLongLong());
      }
      for (const char* key : {"span_count", "error_count"}) {
        QCOMPARE(got.value(QLatin1String(key)).toInt(), want.value(QLatin1String(key)).toInt());
      }

      const Run one = runSightline(
          {QStringLiteral("trace"), QStringLiteral("--db"), db, id, QStringLiteral("--json")});
      QVERIFY2(one.code == 0, qPrintable(one.err));
      const QJsonArray spans = parseObject(one.out).value(QLatin1String("spans")).toArray();
      QCOMPARE(spans.size(), want.value(QLatin1String("spans")).toArray().size());
      std::map<QString, QJsonObject> printed;
      for (const QJsonValue& span : spans) {
        printed[span.toObject().value(QLatin1String("span_id")).toString()] = span.toObject();
      }
      for (const QJsonValue& spanValue : want.value(QLatin1String("spans")).toArray()) {
        const QJsonObject wantSpan = spanValue.toObject();
        const QJsonObject gotSpan = printed[wantSpan.value(QLatin1String("span_id")).toString()];
        QVERIFY(!gotSpan.isEmpty());
        const QString parent = wantSpan.value(QLatin1String("parent_span_id")).toString();
        QCOMPARE(gotSpan.value(QLatin1String("parent_span_id")),
                 parent.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(parent));
        for (const char* key : {"name", "service", "status_message"}) {
          QCOMPARE(gotSpan.value(QLatin1String(key)), wantSpan.value(QLatin1String(key)));
        }
        QCOMPARE(gotSpan.value(QLatin1String("kind")), wantSpan.value(QLatin1String("kind_name")));
        const char* const kStatus[] = {"UNSET", "OK", "ERROR"};
        QCOMPARE(gotSpan.value(QLatin1String("status_code")).toString(),
                 QLatin1String(kStatus[wantSpan.value(QLatin1String("status_code")).toInt()]));
        for (const char* key : {"start_unix_nano", "end_unix_nano"}) {
          QCOMPARE(gotSpan.value(QLatin1String(key)).toInteger(),
                   wantSpan.value(QLatin1String(key)).toString().toLongLong());
        }
        const QJsonObject wantAttributes = wantSpan.value(QLatin1String("attributes")).toObject();
        const QJsonObject gotAttributes = gotSpan.value(QLatin1String("attributes")).toObject();
        QCOMPARE(gotAttributes.size(), wantAttributes.size());
        for (auto it = wantAttributes.begin(); it != wantAttributes.end(); ++it) {
          QVERIFY2(gotAttributes.value(it.key()) == naturalValue(it.value().toObject()),
                   qPrintable(id + QLatin1Char(' ') + it.key()));
        }
        QCOMPARE(gotSpan.value(QLatin1String("self_time_ns")).toInteger(),
                 selfTimeOf(gotSpan, spans));
        // The critical path is connected: a span on it has its parent on it too.
        if (gotSpan.value(QLatin1String("on_critical_path")).toBool() &&
            gotSpan.value(QLatin1String("depth")).toInt() > 0) {
          QVERIFY(printed[parent].value(QLatin1String("on_critical_path")).toBool());
        }
      }
    }
  }

  void guiUsageError() {
    const Run run = runSightline({QStringLiteral("--no-such-option")});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(QLatin1String("--no-such-option")));
  }
};

QTEST_GUILESS_MAIN(TstCliProcess)
#include "tst_cli_process.moc"
