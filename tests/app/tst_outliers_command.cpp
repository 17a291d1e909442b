// `sightline outliers` on the demo's traces (resources/demo/shop-traces.otlp.pb.gz): the slow
// spans' distinguishing attributes rank high, the JSON carries both distributions, and bad
// expressions and options are refused.
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

const QString kDemoTraces =
    QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/shop-traces.otlp.pb.gz");

QString s(const char* text) {
  return QString::fromUtf8(text);
}

// The attributes of a --json run, and the index of `key` among them (-1: absent).
int rankOf(const QJsonArray& attributes, const QString& key) {
  for (qsizetype i = 0; i < attributes.size(); ++i) {
    if (attributes[i][s("key")].toString() == key)
      return int(i);
  }
  return -1;
}

QJsonObject valueOf(const QJsonObject& attribute, const QJsonValue& value) {
  for (const QJsonValue& entry : attribute[s("values")].toArray()) {
    if (entry[s("value")] == value)
      return entry.toObject();
  }
  return {};
}

}  // namespace

class TstOutliersCommand : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void paymentsSlowSpansAreTheGraphFeatureOnes();
  void slowTracesAreBigCarts();
  void jsonHasBothDistributions();
  void textTable();
  void refusesBadInput_data();
  void refusesBadInput();

 private:
  CommandRun outliers(QStringList arguments) {
    return run(QStringList{s("outliers"), s("--db"), m_db} + arguments);
  }
  QJsonObject json(QStringList arguments) {
    const CommandRun result = outliers(arguments << s("--json"));
    if (result.code != 0)
      qWarning() << result.err;
    return QJsonDocument::fromJson(result.out.toUtf8()).object();
  }

  QTemporaryDir m_dir;
  QString m_db;
};

void TstOutliersCommand::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(s("demo.sightline"));
  const CommandRun imported = run({s("import"), s("--db"), m_db, kDemoTraces});
  QVERIFY2(imported.code == 0, qPrintable(imported.err));
}

// Payment's spans over a second are its slow fraud checks (with the graph features switched
// on) and the charges waiting for them: app.fraud.graph_features = true ranks first.
void TstOutliersCommand::paymentsSlowSpansAreTheGraphFeatureOnes() {
  const QJsonObject result =
      json({s("--where"), s("duration > 1s"), s("--service"), s("payment"), s("--keys"), s("0")});
  QCOMPARE(result[s("selection")][s("spans")].toInt(), 29);
  QCOMPARE(result[s("baseline")][s("spans")].toInt(), 882);
  const QJsonArray attributes = result[s("attributes")].toArray();
  QCOMPARE(rankOf(attributes, s("app.fraud.graph_features")), 0);
  const QJsonObject graph = attributes[0].toObject();
  QCOMPARE(graph[s("scope")].toString(), s("span"));
  const QJsonObject on = valueOf(graph, QJsonValue(true));
  QCOMPARE(on[s("selection_spans")].toInt(), 14);
  QCOMPARE(on[s("baseline_spans")].toInt(), 85);
  QCOMPARE(graph[s("score")].toDouble(), 14.0 / 29 - 85.0 / 882);
  // The fraud score, a number nearly unique per span, is left out.
  QCOMPARE(rankOf(attributes, s("app.fraud.score")), -1);
  bool skipped = false;
  for (const QJsonValue& key : result[s("skipped_keys")].toArray())
    skipped = skipped || key[s("key")].toString() == s("app.fraud.score");
  QVERIFY(skipped);

  // Among the fraud checks alone, the flag is all that differs: every slow one has it on.
  const QJsonObject checks = json({s("--where"), s("duration > 1s"), s("--service"), s("payment"),
                                   s("--operation"), s("fraud check")});
  QCOMPARE(checks[s("selection")][s("spans")].toInt(), 14);
  const QJsonObject first = checks[s("attributes")].toArray().first().toObject();
  QCOMPARE(first[s("key")].toString(), s("app.fraud.graph_features"));
  QCOMPARE(valueOf(first, QJsonValue(true))[s("selection_share")].toDouble(), 1.0);
  QCOMPARE(checks[s("attributes")].toArray()[1][s("score")].toDouble(), 0.0);
}

// The slow traces (root spans over a second) are checkouts of big carts.
void TstOutliersCommand::slowTracesAreBigCarts() {
  const QJsonObject result = json({s("--where"), s("duration > 1s"), s("--roots")});
  QCOMPARE(result[s("unit")].toString(), s("root_spans"));
  QCOMPARE(result[s("selection")][s("spans")].toInt(), 15);
  QCOMPARE(result[s("baseline")][s("spans")].toInt(), 652);
  const QJsonArray attributes = result[s("attributes")].toArray();
  const int name = rankOf(attributes, s("name"));
  QVERIFY(name >= 0 && name < 5);
  QCOMPARE(attributes[name][s("values")][0][s("value")].toString(), s("POST /api/checkout"));
  const int items = rankOf(attributes, s("app.cart.items"));
  QVERIFY2(items >= 0 && items < 8, qPrintable(QString::number(items)));
  // 4 or 5 items in all but the one slow trace that is no checkout.
  const QJsonObject cart = attributes[items].toObject();
  const double big = valueOf(cart, QJsonValue(4))[s("selection_share")].toDouble() +
                     valueOf(cart, QJsonValue(5))[s("selection_share")].toDouble();
  QCOMPARE(big, 14.0 / 15);
}

void TstOutliersCommand::jsonHasBothDistributions() {
  const QJsonObject result =
      json({s("--where"), s("status = error"), s("--keys"), s("3"), s("--values"), s("2")});
  const QJsonArray attributes = result[s("attributes")].toArray();
  QCOMPARE(attributes.size(), 3);
  const double selection = result[s("selection")][s("spans")].toDouble();
  const double baseline = result[s("baseline")][s("spans")].toDouble();
  QVERIFY(selection > 0 && baseline > 0);
  for (const QJsonValue& attribute : attributes) {
    const QJsonArray values = attribute[s("values")].toArray();
    QVERIFY(values.size() <= 2);
    double best = 0, selectionSum = 0, baselineSum = 0;
    std::int64_t selectionSpans = 0;
    for (const QJsonValue& value : values) {
      best = std::max(best, std::abs(value[s("selection_share")].toDouble() -
                                     value[s("baseline_share")].toDouble()));
      selectionSum += value[s("selection_share")].toDouble();
      baselineSum += value[s("baseline_share")].toDouble();
      selectionSpans += value[s("selection_spans")].toInteger();
      QCOMPARE(value[s("selection_share")].toDouble(),
               value[s("selection_spans")].toDouble() / selection);
    }
    // The best value is among those printed; the score is its difference.
    QCOMPARE(attribute[s("score")].toDouble(), best);
    // values + other + missing: each side's whole.
    for (const char* part : {"other", "missing"}) {
      selectionSum += attribute[s(part)][s("selection_share")].toDouble();
      baselineSum += attribute[s(part)][s("baseline_share")].toDouble();
      selectionSpans += attribute[s(part)][s("selection_spans")].toInteger();
    }
    QCOMPARE(selectionSpans, std::int64_t(selection));
    QVERIFY(std::abs(selectionSum - 1) < 1e-9 && std::abs(baselineSum - 1) < 1e-9);
  }
  // Ranked by score.
  for (qsizetype i = 1; i < attributes.size(); ++i)
    QVERIFY(attributes[i - 1][s("score")].toDouble() >= attributes[i][s("score")].toDouble());
}

void TstOutliersCommand::textTable() {
  const CommandRun result =
      outliers({s("--where"), s("duration > 1s and service = payment"), s("--service"),
                s("payment"), s("--keys"), s("1"), s("--values"), s("1")});
  QCOMPARE(result.code, 0);
  QCOMPARE(result.out,
           s("selection: 29 spans (duration > 1s and service = payment), baseline: 882 spans\n"
             "KEY                       VALUE            SELECTION  BASELINE  SCORE\n"
             "app.fraud.graph_features  true                 48.3%      9.6%  0.386\n"
             "                          (1 other value)       0.0%      5.7%\n"
             "                          (not set)            51.7%     84.7%\n"
             "(56 more attributes: --keys 0 shows all)\n"));

  const CommandRun none = outliers({s("--where"), s("duration > 1h")});
  QCOMPARE(none.code, 0);
  QVERIFY(none.out.startsWith(s("selection: 0 spans (duration > 1h), baseline: 6994 spans\n")));
  QVERIFY(none.err.contains(s("no span matches")));
}

void TstOutliersCommand::refusesBadInput_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<int>("code");
  QTest::addColumn<QString>("message");
  QTest::newRow("no --where") << QStringList() << 2 << s("--where is required");
  QTest::newRow("a duration without unit")
      << QStringList{s("--where"), s("duration > 1")} << 2
      << s("bad --where \"duration > 1\": position 12: '1' needs a unit");
  QTest::newRow("an unknown field") << QStringList{s("--where"), s("latency > 1s")} << 2
                                    << s("position 1: unknown field 'latency'");
  QTest::newRow("--keys not a number")
      << QStringList{s("--where"), s("status = error"), s("--keys"), s("many")} << 2
      << s("--keys expects a number, not 'many'");
  QTest::newRow("a stray argument") << QStringList{s("--where"), s("status = error"), s("x")} << 2
                                    << s("unexpected argument 'x'");
}

void TstOutliersCommand::refusesBadInput() {
  QFETCH(QStringList, arguments);
  QFETCH(int, code);
  QFETCH(QString, message);
  const CommandRun result = outliers(arguments);
  QCOMPARE(result.code, code);
  QVERIFY2(result.err.contains(message), qPrintable(result.err));
  QVERIFY(result.out.isEmpty());

  const CommandRun missing = run({s("outliers"), s("--db"), m_dir.filePath(s("none.sightline")),
                                  s("--where"), s("status = error")});
  QCOMPARE(missing.code, 1);
  QVERIFY(missing.err.contains(s("no workspace at")));
}

QTEST_GUILESS_MAIN(TstOutliersCommand)
#include "tst_outliers_command.moc"
