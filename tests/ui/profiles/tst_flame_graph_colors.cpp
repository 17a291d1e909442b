// Flame graph colours: a stable warm hue per package shaded by function, and the
// differential scale (red = grew, blue = shrank, grey = unchanged, saturation by the
// normalised change).
#include <algorithm>
#include <cmath>
#include <set>

#include <QTest>

#include "model/profiles/function_shade.h"
#include "tests/ui/profiles/tst_flame_graph_tree.h"
#include "ui/profiles/flame_graph_colors.h"

using namespace sightline;

class TestFlameGraphColors : public QObject {
  Q_OBJECT

 private slots:
  // Hue by package, shade by function: two functions of one package share the hue and
  // differ in saturation or value.
  void functionsOfOnePackageShareAHue_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("Go") << "net/http.(*conn).serve"
                        << "net/http.HandlerFunc.ServeHTTP";
    QTest::newRow("Go, names a digit apart") << "main.chain01"
                                             << "main.chain02";
    QTest::newRow("Go, runtime") << "runtime.mallocgc"
                                 << "runtime.gcBgMarkWorker";
    QTest::newRow("C++") << "std::vector<int>::push_back"
                         << "std::sort<int*>";
    QTest::newRow("Java") << "com.example.shop.Cart.total"
                          << "com.example.shop.Order.place";
    QTest::newRow("Python") << "django/db/models.py:save"
                            << "django/db/models.py:delete";
  }
  void functionsOfOnePackageShareAHue() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    const std::string x = a.toStdString(), y = b.toStdString();
    QCOMPARE(packageOfFunction(x), packageOfFunction(y));
    const FunctionShade shadeA = functionShade(x), shadeB = functionShade(y);
    QCOMPARE(shadeA.hue, shadeB.hue);
    QVERIFY(shadeA.saturation != shadeB.saturation || shadeA.value != shadeB.value);
    const QColor colorA = functionColor(x), colorB = functionColor(y);
    QVERIFY(colorA != colorB);
    // Back from 8-bit RGB the hue is the same up to rounding.
    QVERIFY2(qAbs(colorA.hsvHue() - colorB.hsvHue()) <= 2,
             qPrintable(QStringLiteral("%1 vs %2").arg(colorA.hsvHue()).arg(colorB.hsvHue())));
  }

  void packagesDifferInHue() {
    std::set<int> hues;
    for (const char* function :
         {"net/http.(*conn).serve", "runtime.mallocgc", "main.main", "encoding/json.Marshal",
          "sync.(*Mutex).Lock", "com.example.shop.Cart.total", "std::sort<int*>",
          "django.db.models.Model.save", "crypto/tls.(*Conn).Read",
          "github.com/lib/pq.(*conn).query", "google.golang.org/grpc.(*Server).Serve",
          "lib/util/strings.js:trim"}) {
      hues.insert(functionShade(function).hue);
    }
    QVERIFY2(hues.size() >= 9, qPrintable(QString::number(hues.size())));
  }

  // A profile of one package (a small Go program is all "main") shows shades, not one flat
  // colour: visibly apart, not a unit of saturation or value.
  void onePackageIsNotOneFlatColour() {
    std::set<QRgb> distinct;
    int minSaturation = 255, maxSaturation = 0, minValue = 255, maxValue = 0;
    for (int i = 1; i <= 30; ++i) {
      const std::string function =
          QStringLiteral("main.chain%1").arg(i, 2, 10, QLatin1Char('0')).toStdString();
      distinct.insert(functionColor(function).rgb());
      const FunctionShade shade = functionShade(function);
      minSaturation = std::min(minSaturation, shade.saturation);
      maxSaturation = std::max(maxSaturation, shade.saturation);
      minValue = std::min(minValue, shade.value);
      maxValue = std::max(maxValue, shade.value);
    }
    QVERIFY2(distinct.size() >= 27, qPrintable(QString::number(distinct.size())));
    QVERIFY2(maxSaturation - minSaturation >= 40,
             qPrintable(QStringLiteral("%1..%2").arg(minSaturation).arg(maxSaturation)));
    QVERIFY2(maxValue - minValue >= 15,
             qPrintable(QStringLiteral("%1..%2").arg(minValue).arg(maxValue)));
  }

  // Every name's shade stays inside the bounds, and the shades agree with Qt's conversion.
  void shadesStayInBounds() {
    for (int package = 0; package < 60; ++package) {
      for (int function = 0; function < 60; ++function) {
        const std::string name =
            QStringLiteral("pkg%1.Func%2").arg(package).arg(function).toStdString();
        const FunctionShade shade = functionShade(name);
        QVERIFY(shade.hue >= kShadeMinHue && shade.hue <= kShadeMaxHue);
        QVERIFY(shade.saturation >= kShadeMinSaturation && shade.saturation <= kShadeMaxSaturation);
        QVERIFY(shade.value >= kShadeMinValue && shade.value <= kShadeMaxValue);
        const QColor color = functionColor(name);
        const QColor qt = QColor::fromHsv(shade.hue, shade.saturation, shade.value);
        QVERIFY(qAbs(color.red() - qt.red()) <= 1 && qAbs(color.green() - qt.green()) <= 1 &&
                qAbs(color.blue() - qt.blue()) <= 1);
      }
    }
  }

  // Warm, and light enough for the view's dark label text (#1a1a1a) everywhere inside the
  // bounds: a WCAG contrast of at least 3.8 at the most saturated, darkest corner of every
  // hue (the palette coloured by package alone reached 3.5).
  void boundsKeepTextReadable() {
    auto luminance = [](const QColor& c) {
      auto linear = [](int channel) {
        const double v = channel / 255.0;
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
      };
      return 0.2126 * linear(c.red()) + 0.7152 * linear(c.green()) + 0.0722 * linear(c.blue());
    };
    const double text = luminance(QColor(0x1a, 0x1a, 0x1a));
    double worst = 100;
    for (int hue = kShadeMinHue; hue <= kShadeMaxHue; ++hue) {
      const ShadeRgb rgb = shadeRgb({hue, kShadeMaxSaturation, kShadeMinValue});
      const QColor color(rgb.red, rgb.green, rgb.blue);
      QVERIFY2(color.hsvHue() <= 60, qPrintable(QString::number(hue)));
      worst = std::min(worst, (luminance(color) + 0.05) / (text + 0.05));
    }
    QVERIFY2(worst >= 3.8, qPrintable(QString::number(worst)));
  }

  // The same names give the same colours in every run and every build (a package keeps its
  // colour across sessions), so the hash cannot be std::hash.
  void coloursAreStable_data() {
    QTest::addColumn<QString>("function");
    QTest::addColumn<QColor>("color");
    QTest::newRow("main.main") << "main.main" << QColor(0xe9, 0x9a, 0x65);
    QTest::newRow("runtime.mallocgc") << "runtime.mallocgc" << QColor(0xdb, 0xad, 0x75);
  }
  void coloursAreStable() {
    QFETCH(QString, function);
    QFETCH(QColor, color);
    QCOMPARE(functionColor(function.toStdString()), color);
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
