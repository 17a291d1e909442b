// Numbers with n significant digits.
#include <QTest>

#include "model/text/number_text.h"

using namespace sightline;

class TstNumberText : public QObject {
  Q_OBJECT

 private slots:
  void formatsSignificantDigits_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("digits");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << 4 << QStringLiteral("0");
    QTest::newRow("integer") << 42.0 << 4 << QStringLiteral("42");
    QTest::newRow("rounded") << 12.3456 << 4 << QStringLiteral("12.35");
    QTest::newRow("three digits") << 12.3456 << 3 << QStringLiteral("12.3");
    QTest::newRow("trailing zeros dropped") << 1.5 << 4 << QStringLiteral("1.5");
    QTest::newRow("large keeps its digits") << 123456.7 << 4 << QStringLiteral("123457");
    QTest::newRow("small fraction") << 0.0012344 << 4 << QStringLiteral("0.001234");
    QTest::newRow("negative") << -0.125 << 4 << QStringLiteral("-0.125");
    QTest::newRow("tiny in exponent form") << 1.5e-7 << 4 << QStringLiteral("1.5e-07");
    QTest::newRow("huge in exponent form") << 1.5e20 << 4 << QStringLiteral("1.5e+20");
    QTest::newRow("rounds up to the next power") << 9.9996 << 4 << QStringLiteral("10");
  }
  void formatsSignificantDigits() {
    QFETCH(double, value);
    QFETCH(int, digits);
    QFETCH(QString, text);
    QCOMPARE(formatSignificant(value, digits), text);
  }
};

QTEST_GUILESS_MAIN(TstNumberText)
#include "tst_number_text.moc"
