// Byte sizes as text: four significant digits (metric values) and one decimal (file sizes).
#include <QTest>

#include "model/text/byte_size_text.h"

using namespace sightline;

class TstByteSizeText : public QObject {
  Q_OBJECT

 private slots:
  void formatsByteSizes_data() {
    QTest::addColumn<double>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0 B");
    QTest::newRow("bytes") << 512.0 << QStringLiteral("512 B");
    QTest::newRow("below a KiB") << 1023.0 << QStringLiteral("1023 B");
    QTest::newRow("one KiB") << 1024.0 << QStringLiteral("1 KiB");
    QTest::newRow("mebibytes") << 1.5 * 1024 * 1024 << QStringLiteral("1.5 MiB");
    QTest::newRow("four digits") << 1234.5678 * 1024 << QStringLiteral("1.206 MiB");
    QTest::newRow("fraction of a byte") << 0.25 << QStringLiteral("0.25 B");
    QTest::newRow("negative") << -3.0 * 1024 << QStringLiteral("-3 KiB");
    QTest::newRow("pebibytes are the largest") << 0x1p60 << QStringLiteral("1024 PiB");
  }
  void formatsByteSizes() {
    QFETCH(double, bytes);
    QFETCH(QString, text);
    QCOMPARE(formatByteSize(bytes), text);
  }

  void formatsFileSizes_data() {
    QTest::addColumn<qulonglong>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << 0ull << QStringLiteral("0.0 KiB");
    QTest::newRow("half a KiB") << 512ull << QStringLiteral("0.5 KiB");
    QTest::newRow("KiB") << 12'595ull << QStringLiteral("12.3 KiB");
    QTest::newRow("below a MiB") << 1'048'575ull << QStringLiteral("1024.0 KiB");
    QTest::newRow("one MiB") << 1'048'576ull << QStringLiteral("1.0 MiB");
    QTest::newRow("MiB") << 33'554'432ull << QStringLiteral("32.0 MiB");
  }
  void formatsFileSizes() {
    QFETCH(qulonglong, bytes);
    QFETCH(QString, text);
    QCOMPARE(formatFileSize(bytes), text);
  }
};

QTEST_GUILESS_MAIN(TstByteSizeText)
#include "tst_byte_size_text.moc"
