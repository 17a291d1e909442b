#include <QTest>

#include "model/metrics/metric_math.h"

using namespace sightline;

namespace {

const char* opText(LabelMatcher::Op op) {
  switch (op) {
    case LabelMatcher::Op::Equal:
      return "=";
    case LabelMatcher::Op::NotEqual:
      return "!=";
    case LabelMatcher::Op::Regex:
      return "=~";
    case LabelMatcher::Op::NotRegex:
      return "!~";
  }
  return "?";
}

// name|label op [value]|… with the raw (unescaped) values between brackets, so that escapes
// are visible in the expected column.
QByteArray describe(const SeriesSelector& selector) {
  QByteArray text = QByteArray::fromStdString(selector.metricName);
  for (const LabelMatcher& m : selector.matchers) {
    text += '|' + QByteArray::fromStdString(m.name) + ' ' + opText(m.op) + " [" +
            QByteArray::fromStdString(m.value) + ']';
  }
  return text;
}

// "a=x,b=y" (no escapes needed by the tests) into sorted labels.
std::vector<MetricLabel> parseLabels(const QByteArray& spec) {
  std::vector<MetricLabel> labels;
  for (const QByteArray& item : spec.split(',')) {
    if (item.isEmpty()) {
      continue;
    }
    const qsizetype eq = item.indexOf('=');
    labels.push_back(MetricLabel{item.left(eq).toStdString(), item.mid(eq + 1).toStdString()});
  }
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  return labels;
}

}  // namespace

class TestSeriesSelector : public QObject {
  Q_OBJECT

 private slots:
  void parse_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("name only") << QByteArray("http_requests_total")
                               << QByteArray("http_requests_total");
    QTest::newRow("colons in the name")
        << QByteArray("job:rate5m:sum") << QByteArray("job:rate5m:sum");
    QTest::newRow("empty braces after a name") << QByteArray("up{}") << QByteArray("up");
    QTest::newRow("one matcher") << QByteArray("up{job=\"api\"}") << QByteArray("up|job = [api]");
    QTest::newRow("all four operators") << QByteArray("x{a=\"1\",b!=\"2\",c=~\"3.*\",d!~\"4|5\"}")
                                        << QByteArray("x|a = [1]|b != [2]|c =~ [3.*]|d !~ [4|5]");
    QTest::newRow("no name") << QByteArray("{job=\"api\"}") << QByteArray("|job = [api]");
    QTest::newRow("spaces everywhere") << QByteArray("  up { job = \"a\" ,\tcode !~ \"5..\" , }  ")
                                       << QByteArray("up|job = [a]|code !~ [5..]");
    QTest::newRow("trailing comma") << QByteArray("up{job=\"a\",}") << QByteArray("up|job = [a]");
    QTest::newRow("single quotes") << QByteArray("up{job='a\"b'}") << QByteArray("up|job = [a\"b]");
    QTest::newRow("backticks are raw")
        << QByteArray("up{path=~`\\d+\\.`}") << QByteArray("up|path =~ [\\d+\\.]");
    QTest::newRow("escaped quote and backslash")
        << QByteArray("up{v=\"a\\\"b\\\\c\"}") << QByteArray("up|v = [a\"b\\c]");
    QTest::newRow("escaped single quote in single quotes")
        << QByteArray("up{v='it\\'s'}") << QByteArray("up|v = [it's]");
    QTest::newRow("line feed and tab escapes")
        << QByteArray("up{v=\"a\\nb\\tc\"}") << QByteArray("up|v = [a\nb\tc]");
    QTest::newRow("hex, octal and unicode escapes")
        << QByteArray("up{v=\"\\x41\\102\\u00e9\\U0001F600\"}")
        << QByteArray("up|v = [AB\xc3\xa9\xf0\x9f\x98\x80]");
    QTest::newRow("UTF-8 passes through")
        << QByteArray("up{v=\"\xc3\xa9t\xc3\xa9\"}") << QByteArray("up|v = [\xc3\xa9t\xc3\xa9]");
    QTest::newRow("__name__ matcher")
        << QByteArray("{__name__=~\"http_.*\"}") << QByteArray("|__name__ =~ [http_.*]");
    QTest::newRow("empty matcher next to a non-empty one")
        << QByteArray("{a=\"\",b=\"x\"}") << QByteArray("|a = []|b = [x]");
  }

  void parse() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    Status status = Status::error("not run");
    const std::optional<SeriesSelector> selector = parseSeriesSelector(text.toStdString(), &status);
    QVERIFY2(selector.has_value(), status.message().c_str());
    QVERIFY(status.isOk());
    QCOMPARE(describe(*selector), expected);
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");  // the start of the status message
    QTest::newRow("empty") << QByteArray("") << QByteArray("column 1: empty selector");
    QTest::newRow("only spaces") << QByteArray("   ") << QByteArray("column 4: empty selector");
    QTest::newRow("empty braces") << QByteArray("{}")
                                  << QByteArray("column 1: vector selector must contain");
    QTest::newRow("only empty-matching matchers")
        << QByteArray("{job=~\".*\",x=\"\"}")
        << QByteArray("column 1: vector selector must contain");
    QTest::newRow("unclosed brace")
        << QByteArray("up{job=\"a\"") << QByteArray("column 11: unexpected end of input");
    QTest::newRow("missing operator")
        << QByteArray("up{job \"a\"}") << QByteArray("column 8: expected one of");
    QTest::newRow("unquoted value")
        << QByteArray("up{job=api}") << QByteArray("column 8: expected a quoted string");
    QTest::newRow("unterminated string")
        << QByteArray("up{job=\"api}") << QByteArray("column 8: unterminated quoted string");
    QTest::newRow("line feed inside a string")
        << QByteArray("up{job=\"a\nb\"}") << QByteArray("column 8: unterminated quoted string");
    QTest::newRow("unknown escape") << QByteArray("up{job=\"a\\qb\"}")
                                    << QByteArray("column 10: unknown escape sequence '\\q'");
    QTest::newRow("other quote escaped")
        << QByteArray("up{job=\"a\\'b\"}") << QByteArray("column 10: unknown escape sequence");
    QTest::newRow("short hex escape")
        << QByteArray("up{v=\"\\x4\"}") << QByteArray("column 7: invalid escape sequence");
    QTest::newRow("octal escape over 255")
        << QByteArray("up{v=\"\\400\"}") << QByteArray("column 7: octal escape value > 255");
    QTest::newRow("surrogate code point")
        << QByteArray("up{v=\"\\ud800\"}") << QByteArray("column 7: escape sequence is an invalid");
    QTest::newRow("bad label name")
        << QByteArray("up{1a=\"x\"}") << QByteArray("column 4: expected a label name");
    QTest::newRow("missing comma")
        << QByteArray("up{a=\"x\" b=\"y\"}") << QByteArray("column 10: unexpected character 'b'");
    QTest::newRow("invalid regex")
        << QByteArray("up{a=~\"(x\"}") << QByteArray("column 7: invalid regular expression");
    QTest::newRow("garbage after the selector")
        << QByteArray("up{a=\"x\"} extra") << QByteArray("column 11: unexpected character 'e'");
    QTest::newRow("name set twice") << QByteArray("up{__name__=\"x\"}")
                                    << QByteArray("column 4: metric name must not be set twice");
    QTest::newRow("range selectors are not selectors")
        << QByteArray("up[5m]") << QByteArray("column 3: unexpected character '['");
  }

  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    Status status;
    QVERIFY(!parseSeriesSelector(text.toStdString(), &status).has_value());
    QVERIFY(!status.isOk());
    QVERIFY2(QByteArray::fromStdString(status.message()).startsWith(message),
             status.message().c_str());
  }

  void matches_data() {
    QTest::addColumn<QByteArray>("selector");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<bool>("expected");
    const QByteArray name("http_requests_total");
    const QByteArray labels("code=200,job=api,method=GET");
    QTest::newRow("name") << QByteArray("http_requests_total") << name << labels << true;
    QTest::newRow("other name") << QByteArray("up") << name << labels << false;
    QTest::newRow("equal") << QByteArray("{job=\"api\"}") << name << labels << true;
    QTest::newRow("equal, other value") << QByteArray("{job=\"web\"}") << name << labels << false;
    QTest::newRow("not equal") << QByteArray("http_requests_total{job!=\"web\"}") << name << labels
                               << true;
    QTest::newRow("regex anchored at both ends")
        << QByteArray("{code=~\"20\"}") << name << labels << false;
    QTest::newRow("regex, whole value") << QByteArray("{code=~\"2..\"}") << name << labels << true;
    QTest::newRow("regex alternation is anchored as a group")
        << QByteArray("{code=~\"5..|2\"}") << name << labels << false;
    QTest::newRow("regex alternation, second branch")
        << QByteArray("{code=~\"5..|200\"}") << name << labels << true;
    QTest::newRow("negative regex")
        << QByteArray("http_requests_total{code!~\"5..\"}") << name << labels << true;
    QTest::newRow("negative regex excluding")
        << QByteArray("http_requests_total{code!~\"2..\"}") << name << labels << false;
    QTest::newRow("missing label equals empty")
        << QByteArray("{job=\"api\",zone=\"\"}") << name << labels << true;
    QTest::newRow("missing label is not equal to a value")
        << QByteArray("{job=\"api\",zone!=\"eu\"}") << name << labels << true;
    QTest::newRow("missing label fails a non-empty regex")
        << QByteArray("{job=\"api\",zone=~\".+\"}") << name << labels << false;
    QTest::newRow("present label fails an empty match")
        << QByteArray("{job=\"api\",method=\"\"}") << name << labels << false;
    QTest::newRow("__name__ regex")
        << QByteArray("{__name__=~\"http_.*_total\"}") << name << labels << true;
    QTest::newRow("__name__ regex, no match")
        << QByteArray("{__name__=~\"grpc_.*\"}") << name << labels << false;
    QTest::newRow("all matchers must hold")
        << QByteArray("http_requests_total{job=\"api\",method=\"POST\"}") << name << labels
        << false;
    QTest::newRow("dot does not match a line feed")
        << QByteArray("{v=~\"a.b\"}") << name << QByteArray("v=a\nb") << false;
    QTest::newRow("$ does not match before a final line feed")
        << QByteArray("{v=~\"ab$\"}") << name << QByteArray("v=ab\n") << false;
    QTest::newRow("escaped value")
        << QByteArray("{v=\"a\\\"b\"}") << name << QByteArray("v=a\"b") << true;
  }

  void matches() {
    QFETCH(QByteArray, selector);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, labels);
    QFETCH(bool, expected);
    Status status;
    const std::optional<SeriesSelector> parsed =
        parseSeriesSelector(selector.toStdString(), &status);
    QVERIFY2(parsed.has_value(), status.message().c_str());
    QCOMPARE(selectorMatches(*parsed, name.toStdString(), parseLabels(labels)), expected);
  }

  void handBuiltInvalidRegexMatchesNothing() {
    const SeriesSelector selector{{}, {LabelMatcher{"a", LabelMatcher::Op::Regex, "("}}};
    QVERIFY(!selectorMatches(selector, "x", parseLabels("a=(")));
  }
};

QTEST_GUILESS_MAIN(TestSeriesSelector)
#include "tst_series_selector.moc"
