// StringIdTable (model/store/string_id_table), the interner's flat map: every string put in
// is found with its id through many growths, nothing else is found, whatever the bytes.

#include <QTest>
#include <random>
#include <string>
#include <unordered_map>

#include "model/store/string_id_table.h"

using sightline::StringIdTable;

class TestStringIdTable : public QObject {
  Q_OBJECT

 private slots:
  void findsWhatWasInsertedAndNothingElse() {
    StringIdTable table;
    std::unordered_map<std::string, std::int64_t> expected;
    std::mt19937_64 random(7);
    auto randomString = [&random] {
      std::string s(random() % 40, '\0');
      for (char& c : s)
        c = static_cast<char>(random() % 256);  // NULs and high bytes included
      return s;
    };
    std::int64_t next = 1;
    for (int i = 0; i < 200000; ++i) {
      std::string s = randomString();
      if (expected.count(s))
        continue;
      QCOMPARE(table.find(s), std::int64_t{0});
      table.insert(s, next);
      expected.emplace(std::move(s), next++);
    }
    QCOMPARE(table.size(), expected.size());
    for (const auto& [text, id] : expected)
      QCOMPARE(table.find(text), id);
    for (int i = 0; i < 20000; ++i) {
      const std::string s = randomString() + "#absent";
      QCOMPARE(table.find(s), std::int64_t{0});
    }
  }

  // Strings that differ only in their length, their last byte or past the first 8 bytes,
  // the empty string, and strings larger than the blocks the bytes are copied into.
  void edgeCases() {
    StringIdTable table;
    const std::string big(300000, 'x');
    const std::string bigToo = big.substr(0, big.size() - 1) + "y";
    const std::vector<std::string> texts = {
        "",
        std::string(1, '\0'),
        std::string(2, '\0'),
        "http.route",
        "http.routE",
        "http.rout",
        "http.route.",
        "abcdefgh",
        "abcdefgh1",
        "abcdefgh2",
        big,
        bigToo,
        "服务名称",
        "服务名称 ",
    };
    std::int64_t id = 100;
    for (const auto& text : texts)
      table.insert(text, id++);
    id = 100;
    for (const auto& text : texts)
      QCOMPARE(table.find(text), id++);
    QCOMPARE(table.find("http.rou"), std::int64_t{0});
    QCOMPARE(table.find(big + "x"), std::int64_t{0});
    QVERIFY(StringIdTable::hash("abcdefgh1") != StringIdTable::hash("abcdefgh2"));
    QVERIFY(StringIdTable::hash("") != StringIdTable::hash(std::string(1, '\0')));
  }
};

QTEST_GUILESS_MAIN(TestStringIdTable)
#include "tst_string_id_table.moc"
