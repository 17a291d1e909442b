// The --where language of `sightline outliers` (model/diagnosis/outlier_where): what good
// expressions select, and where bad ones are refused.
#include <QtTest>

#include "model/diagnosis/outlier_where.h"

using namespace sightline;

namespace {

constexpr std::uint64_t kMs = 1000000;

// The spans every good expression is tried on, by a letter.
QString q(const char* text) {
  return QString::fromUtf8(text);
}

struct Sample {
  char letter;
  OutlierSpan span;
};

std::vector<Sample> samples() {
  auto make = [](std::uint64_t durationNs, const char* service, const char* name, SpanKind kind,
                 StatusCode status) {
    OutlierSpan span;
    span.durationNs = durationNs;
    span.service = service;
    span.name = name;
    span.kind = kind;
    span.status = status;
    return span;
  };
  return {
      {'a', make(2000 * kMs, "payment", "fraud check", SpanKind::Internal, StatusCode::Unset)},
      {'b', make(1000 * kMs, "payment", "POST /charge", SpanKind::Server, StatusCode::Ok)},
      {'c', make(600 * kMs, "checkout", "POST /checkout", SpanKind::Server, StatusCode::Error)},
      {'d',
       make(250 * kMs, "orders-worker", "orders process", SpanKind::Consumer, StatusCode::Unset)},
      {'e', make(40, "inventory", "pg pool acquire", SpanKind::Client, StatusCode::Error)},
  };
}

}  // namespace

class TstOutlierWhere : public QObject {
  Q_OBJECT

 private slots:
  void selects_data();
  void selects();
  void refuses_data();
  void refuses();
};

void TstOutlierWhere::selects_data() {
  QTest::addColumn<QString>("expression");
  QTest::addColumn<QString>("selected");  // letters of the samples it matches
  QTest::newRow("duration >") << q("duration > 1s") << q("a");
  QTest::newRow("duration >= (boundary)") << q("duration >= 1s") << q("ab");
  QTest::newRow("a range") << q("duration >= 500ms and duration < 2s") << q("bc");
  QTest::newRow("units") << q("duration < 1us") << q("e");
  QTest::newRow("µs and decimals") << q("duration <= 0.25s and duration > 250000µs") << q("");
  QTest::newRow("a number and its unit apart") << q("duration > 0.5 s") << q("abc");
  QTest::newRow("minutes") << q("duration < 1m") << q("abcde");
  QTest::newRow("= and ==") << q("duration = 600ms or duration == 250ms") << q("cd");
  QTest::newRow("status") << q("status = error") << q("ce");
  QTest::newRow("status, any case") << q("STATUS != Error") << q("abd");
  QTest::newRow("service") << q("service = payment") << q("ab");
  QTest::newRow("a service with a dash") << q("service=orders-worker") << q("d");
  QTest::newRow("name, quoted") << q("name = \"fraud check\"") << q("a");
  QTest::newRow("operation, single quotes") << q("operation = 'POST /charge'") << q("b");
  QTest::newRow("kind") << q("kind = server") << q("bc");
  QTest::newRow("and binds tighter than or") << q("service = checkout or service = payment and "
                                                  "duration > 1s")
                                             << q("ac");
  QTest::newRow("parentheses")
      << q("(service = checkout or service = payment) and duration > 500ms") << q("abc");
  QTest::newRow("keywords in any case")
      << q("kind = client OR kind = consumer AND status = unset") << q("de");
  QTest::newRow("a service is case-sensitive") << q("service = Payment") << q("");
}

void TstOutlierWhere::selects() {
  QFETCH(QString, expression);
  QFETCH(QString, selected);
  WhereError error;
  const auto parsed = WhereExpression::parse(expression.toStdString(), &error);
  QVERIFY2(parsed, error.text().c_str());
  QString matched;
  for (const Sample& sample : samples()) {
    if (parsed->matches(sample.span))
      matched += QLatin1Char(sample.letter);
  }
  QCOMPARE(matched, selected);
}

void TstOutlierWhere::refuses_data() {
  QTest::addColumn<QString>("expression");
  QTest::addColumn<int>("position");
  QTest::addColumn<QString>("message");
  QTest::newRow("empty") << q("") << 1
                         << q("expected a field (duration, status, kind, service or name), "
                              "found the end");
  QTest::newRow("unknown field") << q("durations > 1s") << 1
                                 << q("unknown field 'durations' (expected duration, status, kind, "
                                      "service or name)");
  QTest::newRow("no unit") << q("duration > 1") << 12
                           << q("'1' needs a unit: ns, us, ms, s or m (e.g. 1ms)");
  QTest::newRow("unknown unit")
      << q("duration > 1d") << 12
      << q("expected a duration such as 500ms, 1.5s or 250us, found '1d'");
  QTest::newRow("no value") << q("duration >") << 11
                            << q("expected a duration such as 500ms after '>', found the end");
  QTest::newRow("no operator") << q("duration 1s") << 10
                               << q("expected an operator (=, !=, <, <=, >, >=) after 'duration', "
                                    "found '1s'");
  QTest::newRow("a lone !") << q("status ! error") << 8 << q("expected '!=', found '!'");
  QTest::newRow("status ordered") << q("status > error") << 8
                                  << q("status can only be compared with = or !=, not '>'");
  QTest::newRow("unknown status") << q("status = failed") << 10
                                  << q("unknown status 'failed' (expected ok, error or unset)");
  QTest::newRow("unknown kind") << q("kind = rpc") << 8
                                << q("unknown kind 'rpc' (expected server, client, internal, "
                                     "producer, consumer or unspecified)");
  QTest::newRow("dangling and") << q("duration > 1s and") << 18
                                << q("expected a field (duration, status, kind, service or name), "
                                     "found the end");
  QTest::newRow("two comparisons without and") << q("duration > 1s service = a") << 15
                                               << q("expected 'and', 'or' or the end, found "
                                                    "'service'");
  QTest::newRow("an unquoted name with a space")
      << q("name = fraud check") << 14
      << q("expected 'and', 'or' or the end, found 'check' (quote a value with spaces: \"fraud "
           "check\")");
  QTest::newRow("unclosed quote") << q("name = 'fraud check") << 8
                                  << q("this quote is never closed");
  QTest::newRow("unclosed parenthesis")
      << q("(status = error") << 16
      << q("expected ')' to close the '(' at position 1, found the "
           "end");
  QTest::newRow("a stray parenthesis")
      << q("status = error)") << 15 << q("expected 'and', 'or' or the end, found ')'");
  // Positions count characters: "µ" is two bytes but one character.
  QTest::newRow("position after µ") << q("duration > 5µs and kind = x") << 27
                                    << q("unknown kind 'x' (expected server, client, internal, "
                                         "producer, consumer or unspecified)");
}

void TstOutlierWhere::refuses() {
  QFETCH(QString, expression);
  QFETCH(int, position);
  QFETCH(QString, message);
  WhereError error;
  QVERIFY(!WhereExpression::parse(expression.toStdString(), &error));
  QCOMPARE(QString::fromStdString(error.message), message);
  QCOMPARE(int(error.position), position);
  QCOMPARE(QString::fromStdString(error.text()),
           QStringLiteral("position %1: %2").arg(position).arg(message));
}

QTEST_GUILESS_MAIN(TstOutlierWhere)
#include "tst_outlier_where.moc"
