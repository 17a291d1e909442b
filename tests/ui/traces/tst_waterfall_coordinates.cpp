// Data-driven tests of the waterfall's pure geometry: time <-> pixel, zoom/pan clamping,
// rows <-> y, visible row ranges, ruler ticks and their labels.
#include <cmath>

#include <QTest>

#include "ui/traces/waterfall_coordinates.h"

using namespace sightline;

class TestWaterfallCoordinates : public QObject {
  Q_OBJECT

 private slots:
  void timeToX_data() {
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("end");
    QTest::addColumn<double>("left");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("time");
    QTest::addColumn<double>("x");
    QTest::newRow("window start") << 0.0 << 1000.0 << 100.0 << 500.0 << 0.0 << 100.0;
    QTest::newRow("window end") << 0.0 << 1000.0 << 100.0 << 500.0 << 1000.0 << 600.0;
    QTest::newRow("middle") << 0.0 << 1000.0 << 0.0 << 500.0 << 500.0 << 250.0;
    QTest::newRow("zoomed") << 2e6 << 3e6 << 10.0 << 1000.0 << 2.5e6 << 510.0;
    QTest::newRow("before window") << 2e6 << 3e6 << 10.0 << 1000.0 << 1e6 << -990.0;
    QTest::newRow("after window") << 2e6 << 3e6 << 0.0 << 1000.0 << 4e6 << 2000.0;
  }
  void timeToX() {
    QFETCH(double, start);
    QFETCH(double, end);
    QFETCH(double, left);
    QFETCH(double, width);
    QFETCH(double, time);
    QFETCH(double, x);
    const TimeAxis axis{{start, end}, left, width};
    QCOMPARE(axis.timeToX(time), x);
    // The inverse maps the pixel back onto the same time.
    QCOMPARE(axis.xToTime(x), time);
  }

  void clampWindow_data() {
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("end");
    QTest::addColumn<double>("trace");
    QTest::addColumn<double>("expectedStart");
    QTest::addColumn<double>("expectedEnd");
    QTest::newRow("inside") << 10.0 << 500.0 << 1000.0 << 10.0 << 500.0;
    QTest::newRow("before start moves") << -100.0 << 300.0 << 1000.0 << 0.0 << 400.0;
    QTest::newRow("after end moves") << 800.0 << 1200.0 << 1000.0 << 600.0 << 1000.0;
    QTest::newRow("wider than trace") << -50.0 << 5000.0 << 1000.0 << 0.0 << 1000.0;
    QTest::newRow("narrower than minimum") << 500.0 << 510.0 << 1000.0 << 500.0 << 600.0;
    QTest::newRow("tiny trace") << 0.0 << 1.0 << 40.0 << 0.0 << 40.0;
    QTest::newRow("empty trace") << 0.0 << 10.0 << 0.0 << 0.0 << 0.0;
  }
  void clampWindow() {
    QFETCH(double, start);
    QFETCH(double, end);
    QFETCH(double, trace);
    QFETCH(double, expectedStart);
    QFETCH(double, expectedEnd);
    const TimeWindow w = sightline::clampWindow({start, end}, trace);
    QCOMPARE(w.startNs, expectedStart);
    QCOMPARE(w.endNs, expectedEnd);
  }

  void zoomWindow_data() {
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("end");
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("anchor");
    QTest::addColumn<double>("expectedStart");
    QTest::addColumn<double>("expectedEnd");
    QTest::newRow("in at centre") << 0.0 << 1e6 << 2.0 << 5e5 << 2.5e5 << 7.5e5;
    QTest::newRow("in at left edge") << 0.0 << 1e6 << 4.0 << 0.0 << 0.0 << 2.5e5;
    QTest::newRow("in off centre") << 0.0 << 1e6 << 2.0 << 2e5 << 1e5 << 6e5;
    QTest::newRow("out clamps to trace") << 2e5 << 4e5 << 0.1 << 3e5 << 0.0 << 1e6;
    QTest::newRow("out near end moves") << 8e5 << 1e6 << 0.5 << 9e5 << 6e5 << 1e6;
    QTest::newRow("in stops at minimum") << 0.0 << 1e3 << 1000.0 << 500.0 << 450.0 << 550.0;
  }
  void zoomWindow() {
    QFETCH(double, start);
    QFETCH(double, end);
    QFETCH(double, factor);
    QFETCH(double, anchor);
    QFETCH(double, expectedStart);
    QFETCH(double, expectedEnd);
    const TimeWindow w = sightline::zoomWindow({start, end}, 1e6, factor, anchor);
    QCOMPARE(w.startNs, expectedStart);
    QCOMPARE(w.endNs, expectedEnd);
  }

  void zoomKeepsAnchorOnScreen() {
    // The point under the cursor must stay under the cursor while zooming in steps.
    TimeWindow w{0, 1e9};
    const double anchor = 123456789;
    const TimeAxis before{w, 0, 1000};
    const double x = before.timeToX(anchor);
    for (int i = 0; i < 5; ++i) {
      w = sightline::zoomWindow(w, 1e9, 1.25, anchor);
      QVERIFY(std::abs(TimeAxis{w, 0, 1000}.timeToX(anchor) - x) < 1e-6);
    }
    QVERIFY(w.lengthNs() < 1e9 / 3);
  }

  void panWindow_data() {
    QTest::addColumn<double>("delta");
    QTest::addColumn<double>("expectedStart");
    QTest::newRow("right") << 100.0 << 300.0;
    QTest::newRow("left") << -150.0 << 50.0;
    QTest::newRow("left past start") << -500.0 << 0.0;
    QTest::newRow("right past end") << 1e6 << 800.0;
  }
  void panWindow() {
    QFETCH(double, delta);
    QFETCH(double, expectedStart);
    const TimeWindow w = sightline::panWindow({200, 400}, 1000, delta);
    QCOMPARE(w.startNs, expectedStart);
    QCOMPARE(w.lengthNs(), 200.0);
  }

  void windowBetween() {
    QCOMPARE(sightline::windowBetween(700, 300, 1000), (TimeWindow{300, 700}));
    QCOMPARE(sightline::windowBetween(-10, 300, 1000), (TimeWindow{0, 310}));
  }

  void rowAt_data() {
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("rowCount");
    QTest::addColumn<int>("row");
    QTest::newRow("first pixel") << 0 << 0 << 10 << 0;
    QTest::newRow("last pixel of row 0") << 19 << 0 << 10 << 0;
    QTest::newRow("row 1") << 20 << 0 << 10 << 1;
    QTest::newRow("scrolled") << 5 << 95 << 10 << 5;
    QTest::newRow("below last row") << 200 << 0 << 10 << -1;
    QTest::newRow("above content") << -1 << 0 << 10 << -1;
    QTest::newRow("no rows") << 0 << 0 << 0 << -1;
  }
  void rowAt() {
    QFETCH(int, y);
    QFETCH(int, scrollY);
    QFETCH(int, rowCount);
    QFETCH(int, row);
    QCOMPARE(sightline::rowAt(y, 20, scrollY, rowCount), row);
    if (row >= 0) {
      const int top = rowTop(row, 20, scrollY);
      QVERIFY(top <= y && y < top + 20);
    }
  }

  void visibleRowRange_data() {
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("rowCount");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::newRow("top, exact fit") << 0 << 100 << 1000 << 0 << 5;
    QTest::newRow("partial last row") << 0 << 101 << 1000 << 0 << 6;
    QTest::newRow("scrolled mid-row") << 30 << 100 << 1000 << 1 << 7;
    QTest::newRow("fewer rows than space") << 0 << 500 << 3 << 0 << 3;
    QTest::newRow("at the bottom") << 19900 << 100 << 1000 << 995 << 1000;
    QTest::newRow("empty") << 0 << 100 << 0 << 0 << 0;
    QTest::newRow("no height") << 0 << 0 << 10 << 0 << 0;
  }
  void visibleRowRange() {
    QFETCH(int, scrollY);
    QFETCH(int, height);
    QFETCH(int, rowCount);
    QFETCH(int, first);
    QFETCH(int, last);
    const RowRange range = sightline::visibleRowRange(scrollY, height, 20, rowCount);
    QCOMPARE(range.first, first);
    QCOMPARE(range.last, last);
  }

  void scrollToShowRow_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("expected");
    QTest::newRow("already visible") << 3 << 0 << 0;
    QTest::newRow("above") << 2 << 100 << 40;
    QTest::newRow("below") << 10 << 0 << 120;
    QTest::newRow("partly below") << 4 << 10 << 10;
    QTest::newRow("partly cut at bottom") << 5 << 10 << 20;
  }
  void scrollToShowRow() {
    QFETCH(int, row);
    QFETCH(int, scrollY);
    QFETCH(int, expected);
    QCOMPARE(sightline::scrollToShowRow(row, 20, scrollY, 100), expected);
  }

  void maxScrollY() {
    QCOMPARE(sightline::maxScrollY(100, 20, 300), 1700);
    QCOMPARE(sightline::maxScrollY(10, 20, 300), 0);
  }

  void tickStep_data() {
    QTest::addColumn<double>("window");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("spacing");
    QTest::addColumn<quint64>("step");
    QTest::newRow("1 s over 1000 px, 100 px") << 1e9 << 1000.0 << 100.0 << quint64(100000000);
    QTest::newRow("1 s over 1000 px, 120 px") << 1e9 << 1000.0 << 120.0 << quint64(200000000);
    QTest::newRow("1 s over 1000 px, 250 px") << 1e9 << 1000.0 << 250.0 << quint64(500000000);
    QTest::newRow("3 ms over 1000 px") << 3e6 << 1000.0 << 80.0 << quint64(500000);
    QTest::newRow("nanoseconds") << 100.0 << 1000.0 << 80.0 << quint64(10);
    QTest::newRow("below one ns") << 10.0 << 1000.0 << 80.0 << quint64(1);
    QTest::newRow("an hour") << 3600e9 << 1500.0 << 90.0 << quint64(500000000000);
  }
  void tickStep() {
    QFETCH(double, window);
    QFETCH(double, width);
    QFETCH(double, spacing);
    QFETCH(quint64, step);
    QCOMPARE(quint64(tickStepNs(window, width, spacing)), step);
    // Ticks are at least `spacing` apart, and the next smaller 1-2-5 step would not be.
    QVERIFY(static_cast<double>(step) * width / window >= spacing || step == 1);
  }

  void tickLabel_data() {
    QTest::addColumn<quint64>("value");
    QTest::addColumn<quint64>("step");
    QTest::addColumn<QString>("label");
    QTest::newRow("zero") << quint64(0) << quint64(50000000) << QStringLiteral("0");
    QTest::newRow("250 ms") << quint64(250000000) << quint64(50000000) << QStringLiteral("250 ms");
    QTest::newRow("1.5 s") << quint64(1500000000) << quint64(500000000) << QStringLiteral("1.5 s");
    QTest::newRow("2 s on a 0.5 s step")
        << quint64(2000000000) << quint64(500000000) << QStringLiteral("2 s");
    QTest::newRow("800 µs") << quint64(800000) << quint64(200000) << QString::fromUtf8("800 µs");
    QTest::newRow("10.05 s") << quint64(10050000000) << quint64(50000000)
                             << QStringLiteral("10.05 s");
    QTest::newRow("1.02 ms") << quint64(1020000) << quint64(20000) << QStringLiteral("1.02 ms");
    QTest::newRow("500 ns") << quint64(500) << quint64(100) << QStringLiteral("500 ns");
  }
  void tickLabel() {
    QFETCH(quint64, value);
    QFETCH(quint64, step);
    QFETCH(QString, label);
    QCOMPARE(formatTickLabel(value, step), label);
  }

  void neighbouringTickLabelsDiffer() {
    for (std::uint64_t step : {1ull, 20ull, 5000ull, 2000000ull, 50000000ull}) {
      for (std::uint64_t k = 1; k < 300; ++k) {
        QVERIFY2(formatTickLabel(k * step, step) != formatTickLabel((k + 1) * step, step),
                 qPrintable(formatTickLabel(k * step, step)));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestWaterfallCoordinates)
#include "tst_waterfall_coordinates.moc"
