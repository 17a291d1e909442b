#include <QElapsedTimer>
#include <QtTest>
#include <algorithm>

#include <map>

#include "importers/debt/sarif_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// JSON written with single quotes, which reads better in C++ strings.
std::string J(std::string text) {
  std::replace(text.begin(), text.end(), '\'', '"');
  return text;
}

// A run around `results` (JSON array items) with rules that have levels, tags and scores.
std::string sarifLog(const std::string& results, const std::string& runExtra = {}) {
  return J("{'version':'2.1.0','runs':[{") + runExtra +
         J("'tool':{'driver':{'name':'Scanner','rules':["
           "             {'id':'R0','defaultConfiguration':{'level':'error'},"
           "              "
           "'properties':{'tags':['security','external/cwe/cwe-89'],'security-severity':'8.8'}},"
           "             {'id':'R1','properties':{'tags':['style'],'security-severity':4}},"
           "             {'id':'R2'}]}},"
           "           'results':[") +
         results + "]}]}";
}

std::map<std::string, int> countByRule(const DebtCollector& sink) {
  std::map<std::string, int> counts;
  for (const auto& issue : sink.all.issues)
    ++counts[issue.ruleId];
  return counts;
}

}  // namespace

class TestSarifReader : public QObject {
  Q_OBJECT

 private slots:
  void staticcheck() {
    const std::string text = fileText(debtShop("staticcheck.sarif"));
    QCOMPARE(detectedFormat(text), std::string("sarif"));
    SarifReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink, 5), std::string());
    QCOMPARE(int(sink.all.issues.size()),
             at(expectedJson(), {"totals", "sarif", "staticcheck"}).toInt());
    QVERIFY(sink.batches >= 3);
    QCOMPARE(reader.stats().runs, std::uint64_t(1));
    std::map<std::string, int> expectedByRule;
    const QJsonObject services = at(expectedJson(), {"services"}).toObject();
    for (auto service = services.begin(); service != services.end(); ++service) {
      if (service.key() == QLatin1String("frontend"))
        continue;  // ESLint's
      const QJsonObject byRule = at(service.value(), {"sarif", "by_rule"}).toObject();
      for (auto it = byRule.begin(); it != byRule.end(); ++it)
        expectedByRule[it.key().toStdString()] += it.value().toInt();
    }
    QVERIFY(countByRule(sink) == expectedByRule);
    for (const auto& issue : sink.all.issues) {
      QCOMPARE(issue.tool, std::string("Staticcheck"));
      // No result has a level: the rule's default (staticcheck's are warning or error).
      QVERIFY2(issue.level == "warning" || issue.level == "error", issue.level.c_str());
      QVERIFY2(issue.path.starts_with("services/"), issue.path.c_str());  // %SRCROOT%, undefined
      QVERIFY(issue.line > 0);
      QVERIFY(!issue.message.empty());
      QVERIFY(!issue.securitySeverity);
    }
    const auto capitalised =
        std::find_if(sink.all.issues.begin(), sink.all.issues.end(), [](const auto& issue) {
          return issue.ruleId == "ST1005" && issue.path == "services/inventory/stock/stock.go";
        });
    QVERIFY(capitalised != sink.all.issues.end());
    QCOMPARE(capitalised->message, std::string("error strings should not be capitalized"));
  }

  void eslint() {
    const std::string text = fileText(debtShop("eslint.sarif"));
    QCOMPARE(detectedFormat(text), std::string("sarif"));
    SarifReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(int(sink.all.issues.size()),
             at(expectedJson(), {"totals", "sarif", "eslint"}).toInt());
    const QJsonObject byRule =
        at(expectedJson(), {"services", "frontend", "sarif", "by_rule"}).toObject();
    std::map<std::string, int> expected;
    for (auto it = byRule.begin(); it != byRule.end(); ++it)
      expected[it.key().toStdString()] = it.value().toInt();
    QVERIFY(countByRule(sink) == expected);
    const DebtIssueRecord& first = sink.all.issues.front();
    QCOMPARE(first.tool, std::string("ESLint"));
    QCOMPARE(first.ruleId, std::string("no-unused-vars"));
    QCOMPARE(first.level, std::string("error"));
    // Absolute file:// URIs stay absolute: the code → service rules map the prefix.
    QCOMPARE(first.path, std::string("/tmp/sightline-debt-shop/services/frontend/api.mjs"));
    QCOMPARE(first.line, std::uint32_t(14));
    QCOMPARE(first.message, std::string("'started' is assigned a value but never used."));
    // eslint-plugin-security's rules carry their category, not tags: kept as a tag, and no
    // security severity is invented for them.
    const auto categorised = std::count_if(
        sink.all.issues.begin(), sink.all.issues.end(), [](const DebtIssueRecord& issue) {
          return std::find(issue.tags.begin(), issue.tags.end(),
                           "Possible Security Vulnerability") != issue.tags.end();
        });
    QCOMPARE(int(categorised),
             at(expectedJson(), {"services", "frontend", "sarif", "security_tagged"}).toInt());
    QVERIFY(std::none_of(sink.all.issues.begin(), sink.all.issues.end(),
                         [](const DebtIssueRecord& issue) { return issue.securitySeverity; }));
  }

  // The document may come in chunks of any size.
  void chunks() {
    const std::string text = fileText(debtShop("eslint.sarif"));
    SarifReader reader;
    DebtCollector whole;
    DebtCollector split;
    QCOMPARE(readDebt(reader, text, whole), std::string());
    QCOMPARE(readDebt(reader, text, split, 2, 3), std::string());
    QCOMPARE(split.all.issues.size(), whole.all.issues.size());
    for (std::size_t i = 0; i < whole.all.issues.size(); ++i) {
      QCOMPARE(split.all.issues[i].path, whole.all.issues[i].path);
      QCOMPARE(split.all.issues[i].message, whole.all.issues[i].message);
    }
  }

  void resultFields() {
    const std::string results =
        J(""
          "      {'ruleId':'R0','message':{'text':'sql'},'locations':[{'physicalLocation':{"
          "         "
          "'artifactLocation':{'uri':'src/db%20layer/"
          "q.go','uriBaseId':'SRC'},'region':{'startLine':12}}},"
          "         {'physicalLocation':{'artifactLocation':{'uri':'other.go'}}}]},"
          "      {'ruleIndex':1,'level':'note','message':{'text':'idx'},"
          "       'properties':{'tags':['style','mine'],'security-severity':'2.5'},"
          "       'locations':[{'physicalLocation':{'artifactLocation':{'index':1}}}]},"
          "      {'rule':{'id':'R2','index':2},'kind':'pass','message':{'text':'passed'}},"
          "      {'ruleId':'R9','message':{'text':'unknown "
          "rule'},'locations':[{'logicalLocations':[{'name':'f'}]}]},"
          "      "
          "{'ruleId':'R2','suppressions':[{'kind':'inSource'}],'message':{'text':'suppressed'}},"
          "      "
          "{'ruleId':'R2','suppressions':[{'kind':'external','status':'rejected'}],'message':{'"
          "text':'kept'}},"
          "      {'ruleId':'R2','baselineState':'absent','message':{'text':'fixed'}},"
          "      "
          "{'ruleId':'R1','locations':[{'physicalLocation':{'artifactLocation':{'uri':'file:///C:/"
          "w/x.go'}}}]}"
          "    ");
    const std::string extra =
        J("'originalUriBaseIds':{'ROOT':{'uri':'file:///home/u/repo/'},"
          "                                   'SRC':{'uri':'src2/','uriBaseId':'ROOT'}},"
          "                                 'artifacts':[{'location':{'uri':'a.go'}},"
          "                                              "
          "{'location':{'uri':'lib/b.go','uriBaseId':'SRC'}}],");
    SarifReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, sarifLog(results, extra), sink), std::string());
    QCOMPARE(reader.stats().suppressed, std::uint64_t(1));
    QCOMPARE(reader.stats().absent, std::uint64_t(1));
    const auto& issues = sink.all.issues;
    QCOMPARE(issues.size(), std::size_t(6));
    QCOMPARE(issues[0].ruleId, std::string("R0"));
    QCOMPARE(issues[0].level, std::string("error"));  // the rule's default
    QCOMPARE(issues[0].path, std::string("/home/u/repo/src2/src/db layer/q.go"));
    QCOMPARE(issues[0].line, std::uint32_t(12));
    QCOMPARE(*issues[0].securitySeverity, 8.8);
    QVERIFY(issues[0].tags == std::vector<std::string>({"security", "external/cwe/cwe-89"}));
    QCOMPARE(issues[1].ruleId, std::string("R1"));
    QCOMPARE(issues[1].level, std::string("note"));
    QCOMPARE(issues[1].path, std::string("/home/u/repo/src2/lib/b.go"));
    QCOMPARE(*issues[1].securitySeverity, 2.5);  // the result's over the rule's
    QVERIFY(issues[1].tags == std::vector<std::string>({"style", "mine"}));
    QCOMPARE(issues[2].ruleId, std::string("R2"));
    QCOMPARE(issues[2].level, std::string("none"));  // kind "pass"
    QCOMPARE(issues[2].path, std::string());
    QCOMPARE(issues[3].ruleId, std::string("R9"));
    QCOMPARE(issues[3].level, std::string("warning"));  // SARIF's default
    QCOMPARE(issues[3].path, std::string());
    QCOMPARE(issues[4].message, std::string("kept"));
    QCOMPARE(issues[5].path, std::string("C:/w/x.go"));
    QCOMPARE(*issues[5].securitySeverity, 4.0);
    QCOMPARE(issues[5].message, std::string());
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    const std::string ok = J("{'ruleId':'R0','message':{'text':'m'}}");
    auto row = [](const char* name, const std::string& text, const char* message) {
      QTest::newRow(name) << QByteArray::fromStdString(text) << QByteArray(message);
    };
    const std::string whole = sarifLog(ok);
    row("truncated", whole.substr(0, whole.size() - 10), "invalid JSON");
    row("truncated in results", sarifLog(ok + "," + ok).substr(0, whole.size() - 4),
        "invalid JSON");
    row("not JSON", "{\"runs\": [oops]}", "expected runs[0] to be an object");
    row("not JSON at the top", "{\"runs\" [}", "invalid JSON");
    row("empty", "  \n", "found no data");
    row("array", "[]", "expected a SARIF log");
    row("no runs", J("{'version':'2.1.0'}"), "with \"runs\"");
    row("version", J("{'version':'2.0.0','runs':[]}"), "expected SARIF version 2.1.0");
    row("runs not array", J("{'version':'2.1.0','runs':{}}"), "expected \"runs\" to be an array");
    row("no tool", J("{'version':'2.1.0','runs':[{'results':[]}]}"), "to have a \"tool\"");
    row("message wrong type", sarifLog(J("{'ruleId':'R0','message':{'text':{}}}")),
        "message.text of runs[0].results[0] to be a string");
    row("ruleId wrong type", sarifLog(J("{'ruleId':7}")), "ruleId of runs[0].results[0]");
    row("startLine wrong type",
        sarifLog(
            J("{'ruleId':'R0','locations':[{'physicalLocation':{'region':{'startLine':'x'}}}]}")),
        "startLine");
    row("rule index out of range", sarifLog(J("{'ruleIndex':3}")), "beyond the run's 3 rules");
    row("dot dot",
        sarifLog(J("{'ruleId':'R0','locations':[{'physicalLocation':{'artifactLocation':{'uri':'"
                   "src/../../etc/passwd'}}}]}")),
        "\"..\" segment");
    row("encoded dot dot",
        sarifLog(J("{'ruleId':'R0','locations':[{'physicalLocation':{'artifactLocation':{'uri':'"
                   "file:///a/%2E%2E/b'}}}]}")),
        "\"..\" segment");
    row("NUL",
        sarifLog(J("{'ruleId':'R0','locations':[{'physicalLocation':{'artifactLocation':{'uri':'a%"
                   "00b.go'}}}]}")),
        "NUL");
    row("other scheme",
        sarifLog(J("{'ruleId':'R0','locations':[{'physicalLocation':{'artifactLocation':{'uri':'"
                   "https://x/y.go'}}}]}")),
        "file:// URI");
    row("trailing data", whole + "{}", "unexpected data after the SARIF log");
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    SarifReader reader;
    DebtCollector sink;
    const std::string failure = readDebt(reader, text.toStdString(), sink);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
  }

  // SARIF puts no order on a run's members: results before the tool, its rules and the
  // base URIs they refer to must read the same.
  void resultsBeforeTheTool() {
    const std::string text =
        J("{'version':'2.1.0','runs':[{'results':[{'ruleIndex':0,'message':{'text':'m'},"
          "'locations':[{'physicalLocation':{'artifactLocation':{'uri':'q.go','uriBaseId':'S'},"
          "'region':{'startLine':3}}}]}],"
          "'originalUriBaseIds':{'S':{'uri':'src/'}},"
          "'tool':{'driver':{'name':'Late','rules':[{'id':'R0','properties':{'tags':['security']}}]"
          "}}}]}");
    SarifReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(sink.all.issues.size(), std::size_t(1));
    const DebtIssueRecord& issue = sink.all.issues.front();
    QCOMPARE(issue.tool, std::string("Late"));
    QCOMPARE(issue.ruleId, std::string("R0"));
    QCOMPARE(issue.path, std::string("src/q.go"));
    QCOMPARE(issue.line, std::uint32_t(3));
    QVERIFY(issue.tags == std::vector<std::string>({"security"}));
  }

  // What fuzz_sarif found (tests/fuzz/crashes/): malformed JSON inside a rule's member that
  // the reader does not use ("helpUri":"…":"…"), which an out-of-order lookup then rewound
  // over (undefined behaviour in simdjson). Read in one forward pass, On-Demand skips the
  // unused member without validating it, as it does any member nobody reads; the results
  // come out the same in one chunk and in small ones. (Under the fuzz build's sanitizers,
  // `fuzz_sarif FILE` replays it.)
  void fuzzReproducer() {
    QFile file(QStringLiteral(SIGHTLINE_TEST_DATA_DIR
                              "/../fuzz/crashes/sarif-rewind-over-malformed-member.bin"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::string text = file.readAll().toStdString();
    SarifReader reader;
    DebtCollector whole;
    DebtCollector chunked;
    QCOMPARE(readDebt(reader, text, whole), std::string());
    QCOMPARE(readDebt(reader, text, chunked, 3, 17), std::string());
    QCOMPARE(whole.all.issues.size(), chunked.all.issues.size());
    QVERIFY(!whole.all.issues.empty());
    for (const DebtIssueRecord& issue : whole.all.issues)
      QVERIFY(!issue.ruleId.empty());
  }

  void sinkRefusal() {
    SarifReader reader;
    DebtCollector sink;
    sink.refuse = true;
    QCOMPARE(readDebt(reader, sarifLog(J("{'ruleId':'R0'}")), sink), std::string("disk full"));
  }

  void sniffer() {
    QCOMPARE(detectedFormat(J("{'$schema':'https://json.schemastore.org/sarif-2.1.0.json','ver")),
             std::string("sarif"));
    QCOMPARE(detectedFormat(J("{'version': '2.1.0', 'runs': [")), std::string("sarif"));
    QCOMPARE(detectedFormat(J("{'runs': [{'tool': {'driver'")), std::string("sarif"));
    QCOMPARE(detectedFormat(J("{'version': '2.1.0'}")), std::string("none"));
    // Cut in the middle of the head: still found from the keys before the cut.
    const std::string text = fileText(debtShop("staticcheck.sarif"));
    QCOMPARE(detectedFormat(text.substr(0, 300)), std::string("sarif"));
  }
};

QTEST_GUILESS_MAIN(TestSarifReader)
#include "tst_sarif_reader.moc"
