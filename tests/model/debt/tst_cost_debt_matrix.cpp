// Cost × debt: code units (packages named by the spans' code.filepath, else the service's
// root package) against entry points,
// cost = traffic share × the unit's share of the entry's time, debt from the unit's code
// figures, percentile ranks and sparse cells.
#include <QTest>

#include "model/debt/debt_table.h"
#include "tests/model/debt/debt_test_workspace.h"

using namespace sightline;
using namespace sightline::debt_test;

namespace {

// GET /a: 10 traces, payment's charge (services/payment/charge.go) owns 60 of 100 ms;
// GET /b: 2 traces, payment's refund (services/payment/refund/r.go) 20 of 100 ms;
// GET /c: 6 traces, inventory's stock (services/inventory/stock.go) 80 of 100 ms.
void writeTraces(Workspace& workspace) {
  TraceBuilder traces;
  int trace = 0;
  auto add = [&](int count, const char* route, const char* service, const char* name,
                 const char* file, std::uint64_t ms) {
    for (int i = 0; i < count; ++i) {
      ++trace;
      const std::uint64_t start = static_cast<std::uint64_t>(trace) * 1000;
      traces.span(trace, 1, 0, "frontend", route, SpanKind::Server, start, 100);
      traces.span(trace, 2, 1, service, name, SpanKind::Server, start + 10, ms)
          .attributes.push_back({"code.filepath", text(file)});
    }
  };
  add(10, "GET /a", "payment", "charge", "services/payment/charge.go", 60);
  add(2, "GET /b", "payment", "refund", "services/payment/refund/r.go", 20);
  add(6, "GET /c", "inventory", "stock", "services/inventory/stock.go", 80);
  QVERIFY(traces.write(workspace, "traces.json"));
}

const CostDebtCell* cellOf(const CostDebtMatrix& matrix, const std::string& service,
                           const std::string& path, const std::string& entry) {
  for (const CostDebtCell& cell : matrix.cells) {
    const CostDebtUnit& unit = matrix.units[static_cast<std::size_t>(cell.unit)];
    if (unit.service == service && unit.path == path &&
        matrix.entries[static_cast<std::size_t>(cell.entry)] == entry)
      return &cell;
  }
  return nullptr;
}

}  // namespace

class TestCostDebtMatrix : public QObject {
  Q_OBJECT

 private slots:
  void costsDebtsAndRanks();
  void nothingWithoutSpans();
};

void TestCostDebtMatrix::costsDebtsAndRanks() {
  auto workspace = openMemory();
  writeTraces(*workspace);
  DebtBatch coverage;
  coverage.measures = {fileMeasure("services/payment/charge.go", "statements", 10),
                       fileMeasure("services/payment/charge.go", "covered_statements", 2)};
  QVERIFY(writeDebt(*workspace, "go-coverprofile", "c.out", std::move(coverage)) > 0);

  CostDebtMatrix matrix;
  QVERIFY(loadCostDebtMatrix(*workspace, {}, &matrix).isOk());
  QCOMPARE(matrix.entries.size(), std::size_t(3));
  // The three packages the spans name, and frontend's root package: its spans name no code,
  // and the time they own on the critical path is charged to it.
  QCOMPARE(matrix.units.size(), std::size_t(4));
  QCOMPARE(matrix.cells.size(), std::size_t(6));
  const CostDebtCell* a = cellOf(matrix, "payment", ".", "frontend GET /a");
  const CostDebtCell* b = cellOf(matrix, "payment", "refund", "frontend GET /b");
  const CostDebtCell* c = cellOf(matrix, "inventory", ".", "frontend GET /c");
  QVERIFY(a && b && c);
  QCOMPARE(a->cost, 10.0 / 18 * 0.6);
  QCOMPARE(b->cost, 2.0 / 18 * 0.2);
  QCOMPARE(c->cost, 6.0 / 18 * 0.8);
  // payment's root package: 20 % coverage, past the threshold: debt 2.
  QCOMPARE(a->debt, 2.0);
  QCOMPARE(b->debt, 1.0);
  QCOMPARE(c->debt, 1.0);
  QCOMPARE(a->score, a->cost * 2);
  // frontend owns the rest of each 100 ms root: 40, 80 and 20 ms; no code figures, debt 1.
  const CostDebtCell* fa = cellOf(matrix, "frontend", ".", "frontend GET /a");
  const CostDebtCell* fb = cellOf(matrix, "frontend", ".", "frontend GET /b");
  const CostDebtCell* fc = cellOf(matrix, "frontend", ".", "frontend GET /c");
  QVERIFY(fa && fb && fc);
  QCOMPARE(fa->cost, 10.0 / 18 * 0.4);
  QCOMPARE(fb->cost, 2.0 / 18 * 0.8);
  QCOMPARE(fc->cost, 6.0 / 18 * 0.2);
  QCOMPARE(fa->debt, 1.0);
  // Scores ascending: b, fc, fb, fa, c, a.
  QCOMPARE(a->percentile, 1.0);
  QCOMPARE(c->percentile, 0.8);
  QCOMPARE(fa->percentile, 0.6);
  QCOMPARE(fb->percentile, 0.4);
  QCOMPARE(fc->percentile, 0.2);
  QCOMPARE(b->percentile, 0.0);
  QVERIFY(!a->sparse);
  QVERIFY(!c->sparse);
  QVERIFY(!fa->sparse);
  QVERIFY(b->sparse);   // two traces
  QVERIFY(fb->sparse);  // the same two
  const CostDebtUnit& unit = matrix.units[static_cast<std::size_t>(a->unit)];
  QCOMPARE(*unit.coverage, 20.0);
}

void TestCostDebtMatrix::nothingWithoutSpans() {
  auto workspace = openMemory();
  CostDebtMatrix matrix;
  QVERIFY(loadCostDebtMatrix(*workspace, {}, &matrix).isOk());
  QVERIFY(matrix.cells.empty());
  QVERIFY(matrix.units.empty());
}

QTEST_GUILESS_MAIN(TestCostDebtMatrix)
#include "tst_cost_debt_matrix.moc"
