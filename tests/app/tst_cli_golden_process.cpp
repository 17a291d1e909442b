// End-to-end test of the `sightline` binary on the OpenTelemetry JS SDK fixture: every trace
// summary and every span the CLI prints matches what the producer recorded
// (tests/data/otel-js/expected.json).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <map>

#include "tests/app/cli_process_runner.h"

using namespace sightline::cli_test;

namespace {

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

class TstCliGoldenProcess : public QObject {
  Q_OBJECT

 private slots:
  void goldenFixture() {
    const QString dataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js");
    QFile expectedFile(dataDir + QLatin1String("/expected.json"));
    if (!expectedFile.open(QIODevice::ReadOnly))
      QSKIP("tests/data/otel-js not generated");
    const QJsonObject expected = QJsonDocument::fromJson(expectedFile.readAll()).object();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("golden.sightline"));
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
};

QTEST_GUILESS_MAIN(TstCliGoldenProcess)
#include "tst_cli_golden_process.moc"
