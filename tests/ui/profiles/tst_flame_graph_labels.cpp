// Flame graph labels (elideFunctionName, shared by the view and `flame --svg`): a name that
// does not fit loses its front, cut after a separator so that the function's own name
// shows; when even that does not fit, what fits of the end. Widths here are one unit per
// UTF-16 code unit, the ellipsis included, so that the expected labels can be counted.
#include <QtTest>

#include "model/profiles/function_label.h"

using namespace sightline;

namespace {

double unitsOf(const QString& text) {
  return static_cast<double>(text.size());
}

constexpr char kScrape[] = "github.com/prometheus/prometheus/scrape.(*scrapeCache).setHelp";
constexpr char kPushBack[] = "std::vector<int, std::allocator<int>>::push_back(int const&)";

}  // namespace

class TestFlameGraphLabels : public QObject {
  Q_OBJECT

 private slots:
  void elides_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("room");
    QTest::addColumn<QString>("label");
    QTest::newRow("fits") << "main.main" << 9.0 << "main.main";
    QTest::newRow("fits with room to spare") << "main.main" << 100.0 << "main.main";
    QTest::newRow("Go: receiver and method")
        << kScrape << 23.0 << QStringLiteral("…(*scrapeCache).setHelp");
    // A partial component is not shown: the cut stays after the separator until the whole
    // component fits.
    QTest::newRow("Go: one short of the next component")
        << kScrape << 29.0 << QStringLiteral("…(*scrapeCache).setHelp");
    QTest::newRow("Go: the next component")
        << kScrape << 30.0 << QStringLiteral("…scrape.(*scrapeCache).setHelp");
    QTest::newRow("Go: the longest tail that fits")
        << kScrape << 55.0
        << QStringLiteral("…prometheus/prometheus/scrape.(*scrapeCache).setHelp");
    QTest::newRow("Go: the method alone") << kScrape << 8.0 << QStringLiteral("…setHelp");
    QTest::newRow("Go: not even the method, the end of it")
        << kScrape << 7.0 << QStringLiteral("…etHelp");
    QTest::newRow("one character") << kScrape << 2.0 << QStringLiteral("…p");
    QTest::newRow("only the ellipsis would fit") << kScrape << 1.0 << QString();
    QTest::newRow("no room") << kScrape << 0.0 << QString();
    // Separators inside template arguments and argument lists do not count.
    QTest::newRow("C++: after the class")
        << kPushBack << 22.0 << QStringLiteral("…push_back(int const&)");
    QTest::newRow("C++: not inside template arguments")
        << "std::map<a::b, c::d>::at" << 7.0 << QStringLiteral("…at");
    QTest::newRow("Go: not inside type parameters")
        << "pkg.Map[go.shape.int].Get" << 10.0 << QStringLiteral("…Get");
    QTest::newRow("C++: not inside the arguments")
        << kPushBack << 21.0 << QStringLiteral("…ush_back(int const&)");
    QTest::newRow("Java") << "com.example.shop.Cart.total" << 11.0 << QStringLiteral("…Cart.total");
    QTest::newRow("a run of separators") << "std::sort" << 5.0 << QStringLiteral("…sort");
    QTest::newRow("a path") << "lib/util/strings.js:trim" << 16.0
                            << QStringLiteral("…strings.js:trim");
    QTest::newRow("no separator") << "averyveryverylongname" << 6.0 << QStringLiteral("…gname");
    QTest::newRow("a trailing separator") << "main.f." << 4.0 << QStringLiteral("…f.");
    QTest::newRow("an unbalanced operator")
        << "T::operator<" << 11.0 << QStringLiteral("…operator<");
    // "😀" is two code units; a label never starts inside one.
    QTest::newRow("whole characters") << QStringLiteral("main.😀😀😀") << 5.0 << QStringLiteral("…😀😀");
    QTest::newRow("not inside a surrogate pair")
        << QStringLiteral("main.😀😀😀") << 4.0 << QStringLiteral("…😀");
    QTest::newRow("not inside a surrogate pair, wider")
        << QStringLiteral("main.😀😀😀") << 6.0 << QStringLiteral("…😀😀");
    QTest::newRow("empty") << QString() << 0.0 << QString();
  }
  void elides() {
    QFETCH(QString, name);
    QFETCH(double, room);
    QFETCH(QString, label);
    const QString shown = elideFunctionName(name, room, unitsOf);
    QCOMPARE(shown, label);
    QVERIFY(unitsOf(shown) <= room);
  }

  // Labels are laid out on every cache miss (zoom, resize): a long name must not cost a
  // measurement per character.
  void measuresLogarithmicallyOften() {
    QString name;
    for (int i = 0; i < 200; ++i)
      name += QStringLiteral("package%1/").arg(i);
    name += QStringLiteral("pkg.(*Type).method");
    for (double room : {1.0, 5.0, 30.0, 500.0, 1500.0}) {
      int calls = 0;
      const QString shown = elideFunctionName(name, room, [&calls](const QString& text) {
        ++calls;
        return static_cast<double>(text.size());
      });
      QVERIFY(unitsOf(shown) <= room);
      QVERIFY2(calls <= 24, qPrintable(QStringLiteral("%1 at %2").arg(calls).arg(room)));
    }
  }
};

QTEST_APPLESS_MAIN(TestFlameGraphLabels)
#include "tst_flame_graph_labels.moc"
