// Flame graph colours: a stable warm colour per package, and the differential scale
// (red = grew, blue = shrank, grey = unchanged, saturation by the normalised change).
#include <set>

#include <QTest>

#include "tests/ui/profiles/tst_flame_graph_tree.h"
#include "ui/profiles/flame_graph_colors.h"

using namespace sightline;

class TestFlameGraphColors : public QObject {
  Q_OBJECT

 private slots:
  void packageColorsAreStableWarmAndVaried() {
    QCOMPARE(packageColor("net/http"), packageColor(std::string("net/http")));
    std::set<QRgb> distinct;
    for (const char* package :
         {"net/http", "runtime", "main", "encoding/json", "sync", "com.example.shop", "std",
          "django.db", "lib", "crypto/tls", "google.golang.org/grpc", "github.com/lib/pq"}) {
      const QColor color = packageColor(package);
      distinct.insert(color.rgb());
      // Reds, oranges and yellows, saturated and bright enough for dark text.
      QVERIFY2(color.hsvHue() >= 0 && color.hsvHue() <= 60, package);
      QVERIFY2(color.hsvSaturation() >= 110, package);
      QVERIFY2(color.value() >= 200, package);
    }
    QVERIFY2(distinct.size() >= 10, qPrintable(QString::number(distinct.size())));
  }

  void functionsOfOnePackageShareAColour() {
    // The view colours each name by packageOfFunction(name).
    QCOMPARE(packageColor(packageOfFunction("net/http.(*conn).serve")),
             packageColor(packageOfFunction("net/http.HandlerFunc.ServeHTTP")));
    QVERIFY(packageColor(packageOfFunction("net/http.(*conn).serve")) !=
            packageColor(packageOfFunction("runtime.mallocgc")));
  }

  void normalisedDelta_data() {
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("rootTotal");
    QTest::addColumn<qint64>("baseTotal");
    QTest::addColumn<qint64>("baseRootTotal");
    QTest::addColumn<double>("delta");
    QTest::newRow("same share, different totals") << 50LL << 100LL << 500LL << 1000LL << 0.0;
    QTest::newRow("grew") << 30LL << 100LL << 100LL << 1000LL << 0.2;
    QTest::newRow("shrank") << 10LL << 100LL << 300LL << 1000LL << -0.2;
    QTest::newRow("new") << 25LL << 100LL << 0LL << 1000LL << 0.25;
    QTest::newRow("gone") << 0LL << 100LL << 250LL << 1000LL << -0.25;
    QTest::newRow("empty base profile") << 25LL << 100LL << 0LL << 0LL << 0.25;
  }
  void normalisedDelta() {
    QFETCH(qint64, total);
    QFETCH(qint64, rootTotal);
    QFETCH(qint64, baseTotal);
    QFETCH(qint64, baseRootTotal);
    QFETCH(double, delta);
    QVERIFY(qAbs(sightline::normalisedDelta(total, rootTotal, baseTotal, baseRootTotal) - delta) <
            1e-12);
  }

  void diffColor_data() {
    QTest::addColumn<double>("delta");
    QTest::addColumn<QColor>("color");
    QTest::newRow("unchanged") << 0.0 << QColor(0xc8, 0xc8, 0xc8);
    QTest::newRow("grew the most") << 0.1 << QColor(0xe0, 0x2a, 0x22);
    QTest::newRow("grew beyond the scale") << 0.5 << QColor(0xe0, 0x2a, 0x22);
    QTest::newRow("shrank the most") << -0.1 << QColor(0x2a, 0x62, 0xe0);
    QTest::newRow("grew half") << 0.05 << QColor(0xd4, 0x79, 0x75);
    QTest::newRow("shrank half") << -0.05 << QColor(0x79, 0x95, 0xd4);
  }
  void diffColor() {
    QFETCH(double, delta);
    QFETCH(QColor, color);
    QCOMPARE(sightline::diffColor(delta, 0.1), color);
  }

  void diffSaturationGrowsWithTheChange() {
    int previousRed = -1;
    int previousBlue = -1;
    for (double delta : {0.0, 0.001, 0.01, 0.03, 0.06, 0.1}) {
      const QColor grew = sightline::diffColor(delta, 0.1);
      const QColor shrank = sightline::diffColor(-delta, 0.1);
      QVERIFY(grew.hsvSaturation() > previousRed);
      QVERIFY(shrank.hsvSaturation() > previousBlue);
      previousRed = grew.hsvSaturation();
      previousBlue = shrank.hsvSaturation();
      if (delta > 0) {
        QVERIFY(grew.red() > grew.blue());
        QVERIFY(shrank.blue() > shrank.red());
      }
    }
  }

  void diffScale() {
    // Shares: a 0.5 → 0.2 (−0.3), b 0.5 → 0.8 (+0.3).
    const CallTree changed =
        test::makeCallTree({{-1, "root", 100, 1000}, {0, "a", 50, 200}, {0, "b", 50, 800}}, true);
    QVERIFY(qAbs(diffColorScale(changed) - 0.3) < 1e-12);
    // Near-identical profiles stay near grey: the scale does not shrink below the floor.
    const CallTree same = test::makeCallTree(
        {{-1, "root", 1000, 1000}, {0, "a", 500, 499}, {0, "b", 500, 501}}, true);
    QCOMPARE(diffColorScale(same), kMinDiffScale);
    const QColor nearlyGrey = sightline::diffColor(0.001, diffColorScale(same));
    QVERIFY(qAbs(nearlyGrey.red() - 0xc8) <= 3 && qAbs(nearlyGrey.blue() - 0xc8) <= 20);
  }

  void dimming() {
    const QColor color(0xe0, 0x60, 0x20);
    const QColor dimmed = dimmedColor(color, Qt::white);
    QVERIFY(dimmed.lightness() > color.lightness());
    QVERIFY(dimmed.hsvSaturation() < color.hsvSaturation());
    QCOMPARE(dimmedColor(Qt::white, Qt::white), QColor(Qt::white));
    QVERIFY(mergedSliverColor() != mergedMatchColor());
    QCOMPARE(mergedSliverColor().hsvSaturation(), 0);
  }
};

QTEST_APPLESS_MAIN(TestFlameGraphColors)
#include "tst_flame_graph_colors.moc"
