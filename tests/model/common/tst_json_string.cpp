// A string as a JSON literal: what the store's JSON columns and OTLP's canonical values hold.
#include <QTest>

#include "model/common/json_string.h"

using namespace sightline;

class TstJsonString : public QObject {
  Q_OBJECT

 private slots:
  void escapes_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray() << QByteArray("\"\"");
    QTest::newRow("plain") << QByteArray("GET /api") << QByteArray("\"GET /api\"");
    QTest::newRow("quote and backslash")
        << QByteArray("say \"hi\" \\o/") << QByteArray("\"say \\\"hi\\\" \\\\o/\"");
    QTest::newRow("named controls") << QByteArray("a\nb\rc\td") << QByteArray("\"a\\nb\\rc\\td\"");
    QTest::newRow("other controls")
        << QByteArray("\x01\x1f", 2) << QByteArray("\"\\u0001\\u001f\"");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"");
    QTest::newRow("UTF-8 kept") << QByteArray("\xc2\xb5s") << QByteArray("\"\xc2\xb5s\"");
    QTest::newRow("DEL kept") << QByteArray("\x7f") << QByteArray("\"\x7f\"");
  }
  void escapes() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, json);
    std::string out = "prefix:";
    appendJsonString(out,
                     std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    QCOMPARE(QByteArray::fromStdString(out), QByteArray("prefix:") + json);
  }
};

QTEST_GUILESS_MAIN(TstJsonString)
#include "tst_json_string.moc"
