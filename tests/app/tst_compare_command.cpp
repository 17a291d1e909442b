// `sightline compare` on the demo (resources/demo): the first three minutes against the next
// seven, when payment's fraud check got slow (resources/demo/planted.json). The figures were
// checked with `sightline sql` (nearest rank over the spans of the traces starting in each
// range); the command must give them exactly.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "tests/app/cli_in_process_runner.h"

using namespace sightline;
using sightline::test::CommandRun;
using sightline::test::run;

namespace {

const QString kDemo = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");
const QString kBaseline = QStringLiteral("2026-11-20T14:00Z..2026-11-20T14:03Z");
const QString kTarget = QStringLiteral("2026-11-20T14:03Z..2026-11-20T14:10Z");

QString s(const char* text) {
  return QString::fromUtf8(text);
}

int indexOfOperation(const QJsonArray& operations, const char* service, const char* operation) {
  for (qsizetype i = 0; i < operations.size(); ++i) {
    if (operations[i][s("service")].toString() == s(service) &&
        operations[i][s("operation")].toString() == s(operation))
      return int(i);
  }
  return -1;
}

QStringList pathText(const QJsonArray& path) {
  QStringList steps;
  for (const QJsonValue& step : path)
    steps << step[s("service")].toString() + QLatin1Char(' ') + step[s("operation")].toString();
  return steps;
}

QJsonObject findPath(const QJsonArray& paths, const QStringList& wanted) {
  for (const QJsonValue& path : paths) {
    if (pathText(path[s("path")].toArray()) == wanted)
      return path.toObject();
  }
  return {};
}

}  // namespace

class TstCompareCommand : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void fraudCheckRegressionIsNearTheTop();
  void sidesAndJsonFields();
  void pathsShowTheIncidents();
  void profilesOfEachSide();
  void sourceAgainstItselfChangesNothing();
  void textReport();
  void refusesBadInput_data();
  void refusesBadInput();

 private:
  CommandRun compare(const QString& baseline, const QString& target, QStringList more = {}) {
    return run(QStringList{s("compare"), s("--db"), m_db, s("--baseline"), baseline, s("--target"),
                           target} +
               more);
  }
  QJsonObject json(const QString& baseline, const QString& target) {
    const CommandRun result = compare(baseline, target, {s("--json")});
    if (result.code != 0)
      qWarning() << result.err;
    return QJsonDocument::fromJson(result.out.toUtf8()).object();
  }

  QTemporaryDir m_dir;
  QString m_db;
  QJsonObject m_demo;  // baseline 14:00–14:03 against target 14:03–14:10
};

void TstCompareCommand::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(s("demo.sightline"));
  // The traces first (source 1), then payment's profiles: CPU (profile 1, taken at 14:00),
  // then block, goroutine, heap and mutex (profiles 2 to 5, taken after 14:08).
  QStringList files{kDemo + s("shop-traces.otlp.pb.gz"), kDemo + s("profiles/payment-cpu.pb.gz")};
  for (const char* kind : {"block", "goroutine", "heap", "mutex"})
    files << kDemo + s("profiles/payment-") + s(kind) + s(".pb.gz");
  const CommandRun imported = run(QStringList{s("import"), s("--db"), m_db} + files);
  QVERIFY2(imported.code == 0, qPrintable(imported.err));
  m_demo = json(kBaseline, kTarget);
  QVERIFY(!m_demo.isEmpty());
}

// The slow fraud checks (1.05–1.85 s after 14:03) make the largest p95 regressions: the fraud
// check itself and the four spans that wait for it (its callers), nothing else above them.
void TstCompareCommand::fraudCheckRegressionIsNearTheTop() {
  const QJsonArray operations = m_demo[s("operations")].toArray();
  const int fraud = indexOfOperation(operations, "payment", "fraud check");
  QVERIFY(fraud >= 0 && fraud < 5);
  const QJsonObject row = operations[fraud].toObject();
  QCOMPARE(row[s("status")].toString(), s("changed"));
  const QJsonObject baseline = row[s("baseline")].toObject();
  QCOMPARE(baseline[s("count")].toInteger(), 44);
  QCOMPARE(baseline[s("p50_ns")].toInteger(), 5783306);
  QCOMPARE(baseline[s("p95_ns")].toInteger(), 8375154);
  QCOMPARE(baseline[s("p99_ns")].toInteger(), 8705551);
  QCOMPARE(baseline[s("error_rate")].toDouble(), 0.0);
  const QJsonObject target = row[s("target")].toObject();
  QCOMPARE(target[s("count")].toInteger(), 105);
  QCOMPARE(target[s("p50_ns")].toInteger(), 6752376);
  QCOMPARE(target[s("p95_ns")].toInteger(), 1460726897);
  QCOMPARE(target[s("p99_ns")].toInteger(), 1775376743);  // planted.json's p99, the slowest but one
  QCOMPARE(row[s("p95_change_ns")].toInteger(), 1460726897 - 8375154);
  QCOMPARE(row[s("p95_change_ratio")].toDouble(), (1460726897.0 - 8375154) / 8375154);
  QCOMPARE(row[s("p50_change_ns")].toInteger(), 6752376 - 5783306);

  const QStringList callers{s("payment POST /charge"), s("frontend POST"),
                            s("checkout POST /checkout"), s("frontend POST /api/checkout")};
  std::int64_t previous = INT64_MAX;
  for (int i = 0; i < 5; ++i) {
    const QJsonObject above = operations[i].toObject();
    const QString name =
        above[s("service")].toString() + QLatin1Char(' ') + above[s("operation")].toString();
    QVERIFY2(i == fraud || callers.contains(name), qPrintable(name));
    const std::int64_t change = above[s("p95_change_ns")].toInteger();
    QVERIFY(change <= previous);  // sorted, largest regression first
    QVERIFY(change > 1000000000);
    previous = change;
  }
}

void TstCompareCommand::sidesAndJsonFields() {
  const QJsonObject baseline = m_demo[s("baseline")].toObject();
  QCOMPARE(baseline.keys().size(), 8);
  QCOMPARE(baseline[s("text")].toString(), kBaseline);
  QCOMPARE(baseline[s("kind")].toString(), s("range"));
  QVERIFY(baseline[s("source")].isNull());
  QCOMPARE(baseline[s("from_unix_nano")].toInteger(), 1795183200000000000);
  QCOMPARE(baseline[s("to_unix_nano")].toInteger(), 1795183380000000000);
  QCOMPARE(baseline[s("traces")].toInteger(), 162);
  QCOMPARE(baseline[s("spans")].toInteger(), 1870);
  QCOMPARE(baseline[s("error_spans")].toInteger(), 0);
  const QJsonObject target = m_demo[s("target")].toObject();
  QCOMPARE(target[s("traces")].toInteger(), 505);  // 162 + 505 = the demo's 667 traces
  QCOMPARE(target[s("spans")].toInteger(), 5124);
  QCOMPARE(target[s("error_spans")].toInteger(), 566);

  // Operations only in the target: the ledger's reconcile job (14:08) and the pool timeouts of
  // the error burst (14:06), every one an error. Nothing disappeared.
  const QJsonArray operations = m_demo[s("operations")].toArray();
  const QJsonObject pool =
      operations[indexOfOperation(operations, "inventory", "pg pool acquire")].toObject();
  QCOMPARE(pool[s("status")].toString(), s("added"));
  QVERIFY(pool[s("baseline")].isNull());
  QVERIFY(pool[s("p95_change_ns")].isNull());
  QVERIFY(pool[s("p95_change_ratio")].isNull());
  QCOMPARE(pool[s("target")][s("count")].toInteger(), 116);
  QCOMPARE(pool[s("target")][s("error_rate")].toDouble(), 1.0);
  int added = 0;
  for (const QJsonValue& row : operations) {
    QVERIFY(row[s("status")].toString() != s("removed"));
    added += row[s("status")].toString() == s("added");
    QCOMPARE(row.toObject().keys().size(), 10);
  }
  QCOMPARE(added, 7);
  QCOMPARE(m_demo[s("profiles")][s("baseline")].toArray(), QJsonArray{1});
}

void TstCompareCommand::pathsShowTheIncidents() {
  const QJsonArray paths = m_demo[s("paths")].toArray();
  // The N+1 product lists: stock queries per product list, fewer in the target because the
  // burst's lists failed before their queries.
  const QJsonObject stock =
      findPath(paths, {s("frontend GET /api/products"), s("frontend GET"),
                       s("inventory GET /inventory"), s("inventory SELECT shop.stock")});
  QCOMPARE(stock[s("change")].toString(), s("fewer"));
  QCOMPARE(stock[s("baseline_spans")].toInteger(), 383);
  QCOMPARE(stock[s("baseline_per_trace")].toDouble(), 383.0 / 25);
  // The pool timeouts under a product list: new in the target.
  const QJsonObject pool =
      findPath(paths, {s("frontend GET /api/products"), s("frontend GET"),
                       s("inventory GET /inventory"), s("inventory pg pool acquire")});
  QCOMPARE(pool[s("change")].toString(), s("added"));
  QCOMPARE(pool[s("baseline_per_trace")].toDouble(), 0.0);
  QVERIFY(pool[s("target_per_trace")].toDouble() > 0);
  // The reconcile job: one trace, 30 batches.
  const QJsonObject batches =
      findPath(paths, {s("payment ledger reconcile"), s("payment reconcile batch")});
  QCOMPARE(batches[s("change")].toString(), s("added"));
  QCOMPARE(batches[s("target_spans")].toInteger(), 30);
  QCOMPARE(batches[s("target_per_trace")].toDouble(), 30.0);
  // The shape of a checkout did not change.
  const QJsonObject root = findPath(paths, {s("frontend POST /api/checkout")});
  QCOMPARE(root[s("change")].toString(), s("same"));
  QCOMPARE(root[s("baseline_per_trace")].toDouble(), 1.0);
  QCOMPARE(root.keys().size(), 6);
}

// The CPU profile starts at 14:00 (baseline); the others were taken after 14:08 (target), and
// none of them measures what the CPU profile measures: no differential pair.
void TstCompareCommand::profilesOfEachSide() {
  const QJsonObject profiles = m_demo[s("profiles")].toObject();
  QCOMPARE(profiles[s("baseline")].toArray(), QJsonArray{1});
  QCOMPARE(profiles[s("target")].toArray(), (QJsonArray{2, 3, 4, 5}));
  QVERIFY(profiles[s("diff")].isNull());
}

void TstCompareCommand::sourceAgainstItselfChangesNothing() {
  const QJsonObject same = json(s("shop-traces.otlp.pb.gz"), s("1"));
  QCOMPARE(same[s("baseline")][s("kind")].toString(), s("source"));
  QCOMPARE(same[s("baseline")][s("source")][s("id")].toInt(), 1);
  QVERIFY(same[s("baseline")][s("source")][s("path")].toString().endsWith(
      s("/resources/demo/shop-traces.otlp.pb.gz")));
  QCOMPARE(same[s("baseline")][s("traces")].toInteger(), 667);
  QCOMPARE(same[s("target")][s("spans")].toInteger(), 6994);
  for (const QJsonValue& row : same[s("operations")].toArray()) {
    QCOMPARE(row[s("status")].toString(), s("changed"));
    QCOMPARE(row[s("p95_change_ns")].toInteger(), 0);
  }
  for (const QJsonValue& path : same[s("paths")].toArray())
    QCOMPARE(path[s("change")].toString(), s("same"));
}

void TstCompareCommand::textReport() {
  const CommandRun result = compare(kBaseline, kTarget);
  QCOMPARE(result.code, 0);
  QVERIFY(result.err.isEmpty());
  const QStringList lines = result.out.split(QLatin1Char('\n'));
  QCOMPARE(lines[0], s("Baseline 2026-11-20T14:00:00.000Z .. 2026-11-20T14:03:00.000Z: 162 "
                       "traces, 1870 spans, 0 error spans"));
  QCOMPARE(lines[1], s("Target   2026-11-20T14:03:00.000Z .. 2026-11-20T14:10:00.000Z: 505 "
                       "traces, 5124 spans, 566 error spans"));
  bool fraud = false;
  for (const QString& line : lines) {
    if (line.startsWith(s("payment        fraud check "))) {
      fraud = true;
      QVERIFY2(line.contains(s("44 → 105")) && line.contains(s("8.38ms → 1.461s")) &&
                   line.contains(s("+1.452s")),
               qPrintable(line));
    }
  }
  QVERIFY(fraud);
  QVERIFY(result.out.contains(s("added          -   30.00    payment reconcile batch\n")));
  QVERIFY(result.out.contains(s("Profiles: baseline 1; target 2, 3, 4, 5\n")));
  // Without --all-paths the unchanged paths without a changed descendant are left out.
  const CommandRun all = compare(kBaseline, kTarget, {s("--all-paths")});
  QVERIFY(!all.out.contains(s("unchanged paths not shown")));
  QVERIFY(result.out.contains(s("unchanged paths not shown; --all-paths shows them")));

  // An empty side is said on stderr; the comparison still runs.
  const CommandRun empty = compare(s("2020-01-01T00:00Z..2020-01-02T00:00Z"), kTarget);
  QCOMPARE(empty.code, 0);
  QCOMPARE(empty.err, s("sightline compare: the baseline (2020-01-01T00:00:00.000Z .. "
                        "2020-01-02T00:00:00.000Z) has no spans\n"));
}

void TstCompareCommand::refusesBadInput_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<int>("code");
  QTest::addColumn<QString>("message");  // the first line of stderr
  const QString db = s("--db=") + m_dir.filePath(s("demo.sightline"));
  QTest::newRow("no target") << QStringList{s("compare"), db, s("--baseline"), s("1")} << 2
                             << s("sightline compare: --target is required");
  QTest::newRow("no db") << QStringList{s("compare"), s("--baseline"), s("1"), s("--target"),
                                        s("1")}
                         << 2 << s("sightline compare: --db is required");
  QTest::newRow("extra argument") << QStringList{s("compare"),  db,     s("--baseline"), s("1"),
                                                 s("--target"), s("1"), s("x")}
                                  << 2 << s("sightline compare: unexpected argument 'x'");
  QTest::newRow("malformed range")
      << QStringList{s("compare"), db, s("--baseline"), s("14:00..14:03"), s("--target"), s("1")}
      << 2
      << s("sightline compare: --baseline: the start of the range, '14:00', is neither an ISO "
           "8601 time with a zone (2026-11-20T14:00Z) nor Unix nanoseconds");
  QTest::newRow("backwards range")
      << QStringList{s("compare"), db, s("--baseline"), s("1"), s("--target"), s("9..3")} << 2
      << s("sightline compare: --target: '9..3' is empty: the range ends before or where it "
           "starts");
  QTest::newRow("unknown source")
      << QStringList{s("compare"), db, s("--baseline"), s("before.pb.gz"), s("--target"), s("1")}
      << 1
      << s("sightline compare: baseline: no source 'before.pb.gz' in the workspace (neither a "
           "path nor a file name of one)");
  QTest::newRow("no workspace")
      << QStringList{s("compare"),    s("--db"), m_dir.filePath(s("none.sightline")),
                     s("--baseline"), s("1"),    s("--target"),
                     s("2")}
      << 1 << s("sightline compare: no workspace at '%1'").arg(m_dir.filePath(s("none.sightline")));
}

void TstCompareCommand::refusesBadInput() {
  QFETCH(QStringList, arguments);
  QFETCH(int, code);
  QFETCH(QString, message);
  const CommandRun result = run(arguments);
  QCOMPARE(result.code, code);
  QVERIFY(result.out.isEmpty());
  QCOMPARE(result.err.section(QLatin1Char('\n'), 0, 0), message);
}

QTEST_GUILESS_MAIN(TstCompareCommand)
#include "tst_compare_command.moc"
