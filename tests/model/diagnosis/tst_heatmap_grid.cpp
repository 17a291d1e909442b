// The latency heatmap's binning (model/diagnosis/heatmap_grid): grids made from the data,
// the cell of a point, counts, and the inverse — a rectangle to cells to the points in them.
#include <QtTest>

#include <cstdint>
#include <limits>
#include <random>

#include "model/diagnosis/heatmap_grid.h"

using namespace sightline;

Q_DECLARE_METATYPE(std::vector<HeatmapPoint>)
Q_DECLARE_METATYPE(HeatmapCellRange)

namespace {

constexpr std::uint64_t kMs = 1000000;
constexpr std::uint64_t kS = 1000000000;

// start 1000 ns, 5 columns of 10 ns; decades 10^3..10^6 ns with 2 rows each (6 rows).
HeatmapGrid smallGrid() {
  HeatmapGrid grid;
  grid.startNs = 1000;
  grid.columnWidthNs = 10;
  grid.columns = 5;
  grid.minDecade = 3;
  grid.maxDecade = 6;
  grid.rowsPerDecade = 2;
  return grid;
}

}  // namespace

class TstHeatmapGrid : public QObject {
  Q_OBJECT

 private slots:
  void decade_data();
  void decade();
  void gridFromPoints_data();
  void gridFromPoints();
  void cellOfPoint_data();
  void cellOfPoint();
  void countsAddUp();
  void rectangleToCells_data();
  void rectangleToCells();
  void cellsToPointsIsTheInverseOfBinning();
  void regionOfCellsIsTheCellEdges();
  void slowestRows_data();
  void slowestRows();
  void minimumColumnWidth();
};

void TstHeatmapGrid::decade_data() {
  QTest::addColumn<quint64>("duration");
  QTest::addColumn<int>("decade");
  QTest::newRow("0 counts as 1 ns") << quint64(0) << 0;
  QTest::newRow("1 ns") << quint64(1) << 0;
  QTest::newRow("9 ns") << quint64(9) << 0;
  QTest::newRow("10 ns") << quint64(10) << 1;
  QTest::newRow("999 ns") << quint64(999) << 2;
  QTest::newRow("1 us") << quint64(1000) << 3;
  QTest::newRow("1 s") << quint64(kS) << 9;
  QTest::newRow("1 s - 1 ns") << quint64(kS - 1) << 8;
  QTest::newRow("max") << quint64(std::numeric_limits<std::uint64_t>::max()) << 19;
}

void TstHeatmapGrid::decade() {
  QFETCH(quint64, duration);
  QFETCH(int, decade);
  QCOMPARE(durationDecade(duration), decade);
}

void TstHeatmapGrid::gridFromPoints_data() {
  QTest::addColumn<std::vector<HeatmapPoint>>("points");
  QTest::addColumn<quint64>("startNs");
  QTest::addColumn<quint64>("columnWidthNs");
  QTest::addColumn<int>("minDecade");
  QTest::addColumn<int>("maxDecade");
  QTest::addColumn<int>("rowsPerDecade");

  // Ten minutes, 1 ms to 1.85 s: 4 decades (1 ms … 10 s) of 15 rows; the latest start must
  // fall in the last column, so the width rounds up.
  QTest::newRow("demo-like") << std::vector<HeatmapPoint>{{0, kMs},
                                                          {599 * kS, 1850 * kMs},
                                                          {300 * kS, 40 * kMs}}
                             << quint64(0) << quint64((599 * kS + 1 + 119) / 120) << 6 << 10 << 15;
  QTest::newRow("one point") << std::vector<HeatmapPoint>{{5 * kS, 250 * kMs}} << quint64(5 * kS)
                             << quint64(1) << 8 << 9 << 60;
  // A duration of exactly 10^k starts decade k, so the grid reaches up to 10^(k+1).
  QTest::newRow("power of ten") << std::vector<HeatmapPoint>{{100, 1000}, {220, 100000}}
                                << quint64(100) << quint64(2) << 3 << 6 << 20;
  // 0 ns counts as 1 ns; 8 decades: round(60 / 8) = 8 rows each.
  QTest::newRow("zero duration") << std::vector<HeatmapPoint>{{0, 0}, {1200, 10 * kMs}}
                                 << quint64(0) << quint64(11) << 0 << 8 << 8;
  // 7 decades: round(60 / 7) = 9 rows each, 63 rows.
  QTest::newRow("seven decades") << std::vector<HeatmapPoint>{{0, 5}, {0, 9 * kMs}} << quint64(0)
                                 << quint64(1) << 0 << 7 << 9;
  QTest::newRow("no points") << std::vector<HeatmapPoint>{} << quint64(0) << quint64(1) << 0 << 1
                             << 1;
}

void TstHeatmapGrid::gridFromPoints() {
  QFETCH(std::vector<HeatmapPoint>, points);
  const HeatmapGrid grid = makeHeatmapGrid(points);
  QTEST(quint64(grid.startNs), "startNs");
  QTEST(quint64(grid.columnWidthNs), "columnWidthNs");
  QTEST(grid.minDecade, "minDecade");
  QTEST(grid.maxDecade, "maxDecade");
  QTEST(grid.rowsPerDecade, "rowsPerDecade");
  QCOMPARE(grid.columns, points.empty() ? 1 : kHeatmapColumns);
  // Every point lies inside the grid without clamping.
  for (const HeatmapPoint& point : points) {
    QVERIFY(point.startNs >= grid.startNs && point.startNs < grid.endNs());
    QVERIFY(std::max<double>(1, double(point.durationNs)) >= grid.rowLowerNs(0));
    QVERIFY(double(point.durationNs) < grid.rowLowerNs(grid.rows()));
  }
}

void TstHeatmapGrid::cellOfPoint_data() {
  QTest::addColumn<quint64>("start");
  QTest::addColumn<quint64>("duration");
  QTest::addColumn<int>("column");
  QTest::addColumn<int>("row");
  // Rows: [1000, 3162.3) [3162.3, 10^4) [10^4, 31623) … [316228, 10^6).
  QTest::newRow("first cell") << quint64(1000) << quint64(1000) << 0 << 0;
  QTest::newRow("just below half a decade") << quint64(1009) << quint64(3162) << 0 << 0;
  QTest::newRow("just above half a decade") << quint64(1010) << quint64(3163) << 1 << 1;
  QTest::newRow("end of a decade") << quint64(1049) << quint64(9999) << 4 << 1;
  QTest::newRow("a decade starts a row") << quint64(1020) << quint64(10000) << 2 << 2;
  QTest::newRow("last row") << quint64(1030) << quint64(999999) << 3 << 5;
  QTest::newRow("above: clamped") << quint64(5000) << quint64(1000000) << 4 << 5;
  QTest::newRow("below: clamped") << quint64(0) << quint64(1) << 0 << 0;
}

void TstHeatmapGrid::cellOfPoint() {
  QFETCH(quint64, start);
  QFETCH(quint64, duration);
  const HeatmapGrid grid = smallGrid();
  QCOMPARE(grid.rows(), 6);
  QTEST(grid.columnOf(start), "column");
  QTEST(grid.rowOf(duration), "row");
}

void TstHeatmapGrid::countsAddUp() {
  const HeatmapGrid grid = smallGrid();
  const std::vector<HeatmapPoint> points{{1000, 1000},  {1001, 2000},  {1012, 50000},
                                         {1012, 60000}, {1012, 70000}, {1049, 999999}};
  const HeatmapCounts counts = binHeatmap(points, grid);
  QCOMPARE(counts.counts.size(), std::size_t(30));
  QCOMPARE(counts.total, std::size_t(6));
  QCOMPARE(counts.at(0, 0), 2u);
  QCOMPARE(counts.at(1, 3), 3u);  // 5·10^4 … 7·10^4 ns: above 10^4.5
  QCOMPARE(counts.at(4, 5), 1u);
  QCOMPARE(counts.maxCount, 3u);
  std::uint64_t sum = 0;
  for (const std::uint32_t count : counts.counts)
    sum += count;
  QCOMPARE(sum, std::uint64_t(6));
}

void TstHeatmapGrid::rectangleToCells_data() {
  QTest::addColumn<double>("time1");
  QTest::addColumn<double>("time2");
  QTest::addColumn<double>("duration1");
  QTest::addColumn<double>("duration2");
  QTest::addColumn<HeatmapCellRange>("cells");
  QTest::newRow("one cell") << 1011.0 << 1012.0 << 20000.0 << 25000.0
                            << HeatmapCellRange{1, 1, 2, 2};
  QTest::newRow("corners swapped")
      << 1035.0 << 1001.0 << 500000.0 << 1500.0 << HeatmapCellRange{0, 3, 0, 5};
  QTest::newRow("cut to the grid")
      << 900.0 << 1015.0 << 100.0 << 5e6 << HeatmapCellRange{0, 1, 0, 5};
  QTest::newRow("left of the grid") << 0.0 << 999.0 << 2000.0 << 3000.0 << HeatmapCellRange{};
  QTest::newRow("above the grid") << 1000.0 << 1049.0 << 1e6 << 1e7 << HeatmapCellRange{};
  QTest::newRow("durations of 0") << 1000.0 << 1049.0 << 0.0 << 0.0 << HeatmapCellRange{};
}

void TstHeatmapGrid::rectangleToCells() {
  QFETCH(double, time1);
  QFETCH(double, time2);
  QFETCH(double, duration1);
  QFETCH(double, duration2);
  QFETCH(HeatmapCellRange, cells);
  const HeatmapCellRange range = cellsTouching(smallGrid(), time1, time2, duration1, duration2);
  QCOMPARE(range.empty(), cells.empty());
  if (!cells.empty())
    QCOMPARE(range, cells);
}

// For random data and random ranges, the points a range selects are exactly what its cells
// counted, and each selected point's cell is in the range.
void TstHeatmapGrid::cellsToPointsIsTheInverseOfBinning() {
  std::mt19937_64 rng(11);
  std::vector<HeatmapPoint> points;
  for (int i = 0; i < 2000; ++i) {
    const double exponent = 3.0 + std::uniform_real_distribution<double>(0, 6)(rng);
    points.push_back({1700000000 * kS + rng() % (600 * kS),
                      static_cast<std::uint64_t>(std::pow(10.0, exponent))});
  }
  const HeatmapGrid grid = makeHeatmapGrid(points);
  const HeatmapCounts counts = binHeatmap(points, grid);
  for (int trial = 0; trial < 50; ++trial) {
    HeatmapCellRange range;
    range.firstColumn = int(rng() % grid.columns);
    range.lastColumn = range.firstColumn + int(rng() % (grid.columns - range.firstColumn));
    range.firstRow = int(rng() % grid.rows());
    range.lastRow = range.firstRow + int(rng() % (grid.rows() - range.firstRow));
    std::uint64_t counted = 0;
    for (int column = range.firstColumn; column <= range.lastColumn; ++column) {
      for (int row = range.firstRow; row <= range.lastRow; ++row)
        counted += counts.at(column, row);
    }
    const std::vector<std::size_t> inside = pointsInCells(points, grid, range);
    QCOMPARE(std::uint64_t(inside.size()), counted);
    for (const std::size_t index : inside) {
      QVERIFY(range.contains(grid.columnOf(points[index].startNs),
                             grid.rowOf(points[index].durationNs)));
    }
  }
}

void TstHeatmapGrid::regionOfCellsIsTheCellEdges() {
  const HeatmapGrid grid = smallGrid();
  const HeatmapRegion region = regionOfCells(grid, HeatmapCellRange{1, 2, 2, 3});
  QCOMPARE(region.startNs, std::uint64_t(1010));
  QCOMPARE(region.endNs, std::uint64_t(1030));
  QCOMPARE(region.minDurationNs, 10000.0);
  QCOMPARE(region.maxDurationNs, 100000.0);
  // And back: the region's corners just inside give the same cells.
  QCOMPARE(cellsTouching(grid, double(region.startNs), double(region.endNs) - 0.5,
                         region.minDurationNs, region.maxDurationNs * 0.999),
           (HeatmapCellRange{1, 2, 2, 3}));
}

void TstHeatmapGrid::slowestRows_data() {
  QTest::addColumn<double>("fraction");
  QTest::addColumn<int>("firstRow");
  QTest::addColumn<int>("lastRow");
  // Rows 5 (1 point), 3 (3 points), 0 (2 points); row 4 is empty.
  QTest::newRow("at least one") << 0.0 << 5 << 5;
  QTest::newRow("a sixth") << 1.0 / 6 << 5 << 5;
  QTest::newRow("a fifth: the next row with points") << 0.2 << 3 << 5;
  QTest::newRow("everything") << 1.0 << 0 << 5;
}

void TstHeatmapGrid::slowestRows() {
  QFETCH(double, fraction);
  const std::vector<HeatmapPoint> points{{1000, 1000},  {1001, 2000},  {1012, 50000},
                                         {1012, 60000}, {1012, 70000}, {1049, 999999}};
  const HeatmapCounts counts = binHeatmap(points, smallGrid());
  const HeatmapCellRange range = sightline::slowestRows(counts, fraction);
  QTEST(range.firstRow, "firstRow");
  QTEST(range.lastRow, "lastRow");
  QCOMPARE(range.firstColumn, 0);
  QCOMPARE(range.lastColumn, 4);
  QVERIFY(sightline::slowestRows(binHeatmap({}, smallGrid()), 0.5).empty());
}

// Points a few nanoseconds apart still get columns wide enough for a time axis.
void TstHeatmapGrid::minimumColumnWidth() {
  const std::vector<HeatmapPoint> points{{1000, kMs}, {1005, 2 * kMs}};
  QCOMPARE(makeHeatmapGrid(points).columnWidthNs, std::uint64_t(1));
  const HeatmapGrid wide = makeHeatmapGrid(points, kHeatmapColumns, kHeatmapRows, kMs);
  QCOMPARE(wide.columnWidthNs, kMs);
  QCOMPARE(wide.startNs, std::uint64_t(1000));
  QCOMPARE(wide.columnOf(1005), 0);
  // Wider data keep their own width.
  QCOMPARE(makeHeatmapGrid({{0, 1}, {600 * kS, 1}}, 120, 60, kMs).columnWidthNs,
           (600 * kS + 1 + 119) / 120);
}

QTEST_GUILESS_MAIN(TstHeatmapGrid)
#include "tst_heatmap_grid.moc"
