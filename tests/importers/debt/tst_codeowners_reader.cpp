#include <QtTest>

#include "importers/debt/codeowners_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

class TestCodeownersReader : public QObject {
  Q_OBJECT

 private slots:
  void fixture() {
    const std::string text = fileText(debtShop("repo/CODEOWNERS"));
    QCOMPARE(detectedFormat(text), std::string("codeowners"));
    CodeownersReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink, 3, 5), std::string());
    const auto& owners = sink.all.owners;
    QCOMPARE(owners.size(), std::size_t(9));
    QCOMPARE(owners.front().pattern, std::string("*"));
    QVERIFY(owners.front().owners == std::vector<std::string>({"@shop/platform"}));
    QCOMPARE(owners.front().line, std::uint32_t(4));
    const auto ledger = std::find_if(owners.begin(), owners.end(), [](const auto& rule) {
      return rule.pattern == "/services/payment/ledger.go";
    });
    QVERIFY(ledger != owners.end());
    QVERIFY(ledger->owners == std::vector<std::string>({"@shop/payments-team", "@dana-lee"}));
    QCOMPARE(owners.back().pattern, std::string("*_test.go"));  // the last rule wins
    QVERIFY(owners.back().owners == std::vector<std::string>({"@shop/qa"}));
  }

  void syntax() {
    const std::string text =
        "# comment\n"
        "\n"
        "  *.js    @web  docs@example.com   # trailing comment\n"
        "\\#notes.md @scribe\n"
        "my\\ file.txt @a\n"
        "/vendor/\n"
        "/build/ #no owners\n"
        "\t/api/**   @org/api-team\r\n";
    CodeownersReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    const auto& owners = sink.all.owners;
    QCOMPARE(owners.size(), std::size_t(6));
    QCOMPARE(owners[0].pattern, std::string("*.js"));
    QVERIFY(owners[0].owners == std::vector<std::string>({"@web", "docs@example.com"}));
    QCOMPARE(owners[0].line, std::uint32_t(3));
    QCOMPARE(owners[1].pattern, std::string("\\#notes.md"));
    QCOMPARE(owners[2].pattern, std::string("my\\ file.txt"));
    QCOMPARE(owners[3].pattern, std::string("/vendor/"));
    QVERIFY(owners[3].owners.empty());
    QCOMPARE(owners[4].pattern, std::string("/build/"));
    QVERIFY(owners[4].owners.empty());
    QCOMPARE(owners[5].pattern, std::string("/api/**"));
    QCOMPARE(owners[5].line, std::uint32_t(8));
  }

  void errors() {
    CodeownersReader reader;
    DebtCollector sink;
    DecodeError error;
    const std::string failure =
        readDebt(reader, "*.go @go\n*.js web-team\n", sink, 10000, 1 << 20, &error);
    QVERIFY2(failure.find("expected owners") != std::string::npos, failure.c_str());
    QCOMPARE(error.line, std::uint64_t(2));
    QVERIFY2(!readDebt(reader, std::string("a\0b @x\n", 7), sink).empty(), "NUL");
  }

  // The weakest sniffer: never takes another format's file.
  void sniffer() {
    QCOMPARE(detectedFormat("*.go @go\n/docs/ @docs\n"), std::string("codeowners"));
    QCOMPARE(detectedFormat("# owners\n*  user@example.com\n"), std::string("codeowners"));
    QCOMPARE(detectedFormat("hello world\n"), std::string("none"));
    QCOMPARE(detectedFormat("*.go @go\nsome text here\nmore text here\n"), std::string("none"));
    QCOMPARE(detectedFormat("/vendor/\n/build/\n"), std::string("none"));
    QCOMPARE(sniffCodeowners({reinterpret_cast<const std::uint8_t*>("*.go @go\n"), 9}), 10);
    for (const auto& descriptor : importerRegistry()) {
      if (descriptor.id == "codeowners")
        continue;
      // Lines that would be owners to the weak sniffer, but are some other format's.
      for (const char* other : {"main;work 3\n", "up 1\n", "x{a=\"@b\"} 1\n"}) {
        const std::string text(other);
        const int score =
            descriptor.sniff({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        QVERIFY(score == 0 || score > 10);
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestCodeownersReader)
#include "tst_codeowners_reader.moc"
