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

#include "tests/app/cli_process_runner.h"

using namespace sightline::cli_test;

namespace {

constexpr qint64 kMs = 1000000;
constexpr qint64 kT0 = 1700000000000000000;
const char kTraceA[] = "5b8efff798038103d269b633813fc60c";
const char kTraceB[] = "0af7651916cd43dd8448eb211c80319c";

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

  // The same spans in other bytes (another encoding, other whitespace) are a new source
  // whose spans are all duplicates: none is stored, and the summary says so.
  void duplicateSpansAreReported() {
    const QString db = path("duplicates.sightline");
    const QString indented = path("shop-indented.otlp.json");
    const QString spaced = path("shop-spaced.otlp.json");
    QVERIFY(writeFile(indented, QJsonDocument::fromJson(otlpJson()).toJson()));
    QVERIFY(writeFile(spaced, otlpJson() + "\n\n"));
    const Run first = runSightline({QStringLiteral("import"), QStringLiteral("--db"), db, m_file});
    QVERIFY2(first.code == 0, qPrintable(first.err));
    QVERIFY2(!first.out.contains(QLatin1String("duplicate")), qPrintable(first.out));

    const Run text = runSightline({QStringLiteral("import"), QStringLiteral("--db"), db, indented});
    QVERIFY2(text.code == 0, qPrintable(text.err));
    QVERIFY2(text.out.contains(QLatin1String("0 spans, 5 duplicate spans skipped\n")),
             qPrintable(text.out));
    QVERIFY2(text.out.contains(QLatin1String("1 imported, 0 skipped, 0 failed; ")) &&
                 text.out.endsWith(QLatin1String(" 0 spans, 5 duplicate spans skipped\n")),
             qPrintable(text.out));

    const Run json = runSightline(
        {QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--json"), spaced});
    QVERIFY2(json.code == 0, qPrintable(json.err));
    const QJsonObject summary = parseObject(json.out);
    QCOMPARE(summary.value(QLatin1String("imported")).toInt(), 1);
    QCOMPARE(summary.value(QLatin1String("spans")).toInt(), 0);
    QCOMPARE(summary.value(QLatin1String("duplicate_spans")).toInt(), 5);
    const QJsonObject file = summary.value(QLatin1String("files")).toArray().at(0).toObject();
    QCOMPARE(file.value(QLatin1String("outcome")).toString(), QStringLiteral("imported"));
    QCOMPARE(file.value(QLatin1String("spans")).toInt(), 0);
    QCOMPARE(file.value(QLatin1String("duplicate_spans")).toInt(), 5);
    const Run count = runSightline({QStringLiteral("sql"), QStringLiteral("--db"), db,
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

    const QString junk = path("junk.sightline");
    const QByteArray junkBytes("this is not a workspace\n");
    QVERIFY(writeFile(junk, junkBytes));
    const QList<QStringList> cases = {
        {QStringLiteral("traces"), QStringLiteral("--db"), junk},
        {QStringLiteral("trace"), QStringLiteral("--db"), junk, QLatin1String(kTraceA)},
        {QStringLiteral("sql"), QStringLiteral("--db"), junk, QStringLiteral("SELECT 1")},
        {QStringLiteral("import"), QStringLiteral("--db"), junk, m_file}};
    for (const QStringList& arguments : cases) {
      const Run run = runSightline(arguments);
      QVERIFY2(run.code == 1, qPrintable(arguments.join(u' ') + QLatin1String(": ") + run.out));
      QVERIFY2(run.err.contains(junk), qPrintable(run.err));
    }
    QFile junkFile(junk);
    QVERIFY(junkFile.open(QIODevice::ReadOnly));
    QCOMPARE(junkFile.readAll(), junkBytes);
  }

  void guiUsageError() {
    const Run run = runSightline({QStringLiteral("--no-such-option")});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(QLatin1String("--no-such-option")));
  }
};

QTEST_GUILESS_MAIN(TstCliProcess)
#include "tst_cli_process.moc"
