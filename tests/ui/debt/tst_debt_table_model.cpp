// The Signals heatmap's tree model over a hand-built DebtTable (debt_fixture.h): structure,
// texts with units, "–" for absent figures sorting last either way, statuses and tooltips
// from the thresholds (changed without a reset), under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "model/text/duration_text.h"
#include "tests/ui/debt/debt_fixture.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/debt_table_model.h"

using namespace sightline;
using namespace sightline::debt_test;

namespace {

int col(DebtColumn column) {
  return DebtTableModel::columnOf(column);
}

DebtCellStatus status(const QModelIndex& index) {
  return static_cast<DebtCellStatus>(index.data(DebtTableModel::StatusRole).toInt());
}

// The service names of the proxy's top level, in its order.
QStringList topLevel(const QAbstractItemModel& model) {
  QStringList names;
  for (int row = 0; row < model.rowCount(); ++row)
    names << model.index(row, 0).data().toString();
  return names;
}

}  // namespace

class TstDebtTableModel : public QObject {
  Q_OBJECT

 private slots:
  void passesTheModelTester();
  void treeStructure();
  void textsWithUnits();
  void absentFiguresShowADash();
  void absentFiguresSortLast_data();
  void absentFiguresSortLast();
  void childrenSortWithinTheirParent();
  void statusesFollowThresholds();
  void tooltipsSayFigureAndThreshold();
  void rowsWithBadParentsAreTopLevel();
  void findsRowsByServiceAndPath();
};

void TstDebtTableModel::passesTheModelTester() {
  DebtTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  DebtSortProxy proxy(DebtTableModel::SortRole);
  proxy.setSourceModel(&model);
  QAbstractItemModelTester proxyTester(&proxy,
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setTable(sampleTable());
  proxy.sort(col(DebtColumn::Coverage), Qt::DescendingOrder);
  DebtThresholds strict;
  strict.minCoverage = 95;
  model.setThresholds(strict);
  model.setTable({});
  QCOMPARE(model.rowCount(), 0);
}

void TstDebtTableModel::treeStructure() {
  DebtTableModel model;
  model.setTable(sampleTable());
  QCOMPARE(model.columnCount(), 1 + kDebtColumnCount);
  QCOMPARE(topLevel(model), (QStringList{s("checkout"), s("支付服务"), s("cart")}));
  const QModelIndex checkout = model.index(0, 0);
  QCOMPARE(model.rowCount(checkout), 1);
  const QModelIndex pricing = model.index(0, 0, checkout);
  QCOMPARE(pricing.data().toString(), s("internal/pricing/"));
  QCOMPARE(model.parent(pricing), checkout);
  QCOMPARE(model.rowCount(pricing), 2);
  // Below a directory a file is named by what lies beyond it.
  const QModelIndex quote = model.index(1, 0, pricing);
  QCOMPARE(quote.data().toString(), s("quote.go"));
  QCOMPARE(model.parent(quote), pricing);
  QCOMPARE(quote.data(DebtTableModel::RowRole).toInt(), 3);
  QCOMPARE(model.rowAt(quote)->path, std::string("internal/pricing/quote.go"));
  QCOMPARE(model.rowCount(quote), 0);
  QCOMPARE(model.rowCount(model.index(0, 1)), 0);  // only column 0 has children
  QVERIFY(!model.parent(checkout).isValid());
  QCOMPARE(model.indexOfRow(3, 2), model.index(1, 2, pricing));
  QVERIFY(model.data(quote, Qt::ToolTipRole).toString().contains(s("internal/pricing/quote.go")));
  // The unit's CODEOWNERS owners are in its name's tooltip; none, no line.
  QVERIFY(!model.data(checkout, Qt::ToolTipRole).toString().contains(s("owners")));
  DebtTable owned = sampleTable();
  owned.rows[0].owners = {"@shop/checkout", "@ana"};
  model.setTable(owned);
  QVERIFY2(model.data(model.index(0, 0), Qt::ToolTipRole)
               .toString()
               .endsWith(s("\nowners: @shop/checkout, @ana")),
           qPrintable(model.data(model.index(0, 0), Qt::ToolTipRole).toString()));
}

void TstDebtTableModel::textsWithUnits() {
  DebtTableModel model;
  model.setTable(sampleTable());
  auto text = [&](DebtColumn column) { return model.index(0, col(column)).data().toString(); };
  QCOMPARE(text(DebtColumn::Coverage), s("41.2 %"));
  QCOMPARE(text(DebtColumn::Duplication), s("4.1 %"));
  QCOMPARE(text(DebtColumn::VulnerabilityDensity), s("1.25"));
  QCOMPARE(text(DebtColumn::CodeSmells), s("12"));
  QCOMPARE(text(DebtColumn::Churn), s("18"));
  QCOMPARE(text(DebtColumn::P99), formatDuration(1'300'000'000ull));
  QCOMPARE(text(DebtColumn::ErrorRate), s("0.4 %"));
  QCOMPARE(text(DebtColumn::CriticalPathShare), s("62.0 %"));
  QCOMPARE(text(DebtColumn::CpuShare), s("42.0 %"));
  QCOMPARE(text(DebtColumn::Findings), s("2"));
  // A zero is a figure, shown as one.
  QCOMPARE(model.index(2, col(DebtColumn::VulnerabilityDensity)).data().toString(), s("0"));
}

void TstDebtTableModel::absentFiguresShowADash() {
  DebtTableModel model;
  model.setTable(sampleTable());
  const QModelIndex payment = model.index(1, col(DebtColumn::Coverage));
  QCOMPARE(model.index(1, 0).data().toString(), s("支付服务"));
  QCOMPARE(payment.data().toString(), s("–"));
  QVERIFY(!payment.data(DebtTableModel::SortRole).isValid());
  QCOMPARE(status(payment), DebtCellStatus::Absent);
  QVERIFY(payment.data(Qt::ToolTipRole).toString().contains(s("no data")));
  // Debt minutes: no row has them.
  QCOMPARE(model.index(0, col(DebtColumn::DebtMinutes)).data().toString(), s("–"));
}

void TstDebtTableModel::absentFiguresSortLast_data() {
  QTest::addColumn<int>("order");
  QTest::addColumn<QStringList>("expected");
  QTest::newRow("ascending") << int(Qt::AscendingOrder)
                             << QStringList{s("checkout"), s("cart"), s("支付服务")};
  QTest::newRow("descending") << int(Qt::DescendingOrder)
                              << QStringList{s("cart"), s("checkout"), s("支付服务")};
}

void TstDebtTableModel::absentFiguresSortLast() {
  QFETCH(int, order);
  QFETCH(QStringList, expected);
  DebtTableModel model;
  model.setTable(sampleTable());
  DebtSortProxy proxy(DebtTableModel::SortRole);
  proxy.setSourceModel(&model);
  proxy.sort(col(DebtColumn::Coverage), Qt::SortOrder(order));
  QCOMPARE(topLevel(proxy), expected);
}

void TstDebtTableModel::childrenSortWithinTheirParent() {
  DebtTableModel model;
  model.setTable(sampleTable());
  DebtSortProxy proxy(DebtTableModel::SortRole);
  proxy.setSourceModel(&model);
  proxy.sort(col(DebtColumn::Coverage), Qt::DescendingOrder);
  const QModelIndex checkout = proxy.index(1, 0);
  QCOMPARE(checkout.data().toString(), s("checkout"));
  const QModelIndex pricing = proxy.index(0, 0, checkout);
  QCOMPARE(proxy.index(0, 0, pricing).data().toString(), s("quote.go"));  // 55.5 %
  QCOMPARE(proxy.index(1, 0, pricing).data().toString(), s("price.go"));  // 20 %
  // By name: locale order.
  proxy.sort(DebtTableModel::kNameColumn, Qt::AscendingOrder);
  QCOMPARE(topLevel(proxy).mid(0, 2), (QStringList{s("cart"), s("checkout")}));
}

void TstDebtTableModel::statusesFollowThresholds() {
  DebtTableModel model;
  model.setTable(sampleTable());
  // Sonar way: coverage ≥ 80 % (amber up to 88 %), duplication ≤ 3 %, no vulnerabilities.
  QCOMPARE(status(model.index(0, col(DebtColumn::Coverage))), DebtCellStatus::Bad);
  QCOMPARE(status(model.index(2, col(DebtColumn::Coverage))), DebtCellStatus::Warn);
  QCOMPARE(status(model.index(0, col(DebtColumn::Duplication))), DebtCellStatus::Bad);
  QCOMPARE(status(model.index(1, col(DebtColumn::Duplication))), DebtCellStatus::Warn);
  QCOMPARE(status(model.index(2, col(DebtColumn::Duplication))), DebtCellStatus::Good);
  QCOMPARE(status(model.index(0, col(DebtColumn::VulnerabilityDensity))), DebtCellStatus::Bad);
  QCOMPARE(status(model.index(2, col(DebtColumn::VulnerabilityDensity))), DebtCellStatus::Good);
  QCOMPARE(status(model.index(0, col(DebtColumn::P99))), DebtCellStatus::Bad);  // 1.3 s > 1 s
  QVERIFY(!model.index(0, 0).data(DebtTableModel::StatusRole).isValid());

  // New thresholds recolour in place: no reset, a dataChanged with the status role.
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  DebtThresholds lenient;
  lenient.minCoverage = 40;
  lenient.maxDuplication = 5;
  lenient.p99BudgetMs = 2000;
  model.setThresholds(lenient);
  QCOMPARE(reset.count(), 0);
  QVERIFY(!changed.isEmpty());
  QVERIFY(changed.first().at(2).value<QList<int>>().contains(DebtTableModel::StatusRole));
  QCOMPARE(status(model.index(0, col(DebtColumn::Coverage))), DebtCellStatus::Warn);  // < 44
  QCOMPARE(status(model.index(2, col(DebtColumn::Coverage))), DebtCellStatus::Good);
  QCOMPARE(status(model.index(0, col(DebtColumn::Duplication))), DebtCellStatus::Good);
  QCOMPARE(status(model.index(0, col(DebtColumn::P99))), DebtCellStatus::Good);
  // Rows below the top level are announced too.
  const QModelIndex pricing = model.index(0, 0, model.index(0, 0));
  bool childAnnounced = false;
  for (const QList<QVariant>& args : changed)
    childAnnounced = childAnnounced || args.at(0).toModelIndex().parent() == pricing;
  QVERIFY(childAnnounced);
}

void TstDebtTableModel::tooltipsSayFigureAndThreshold() {
  DebtTableModel model;
  model.setTable(sampleTable());
  QCOMPARE(model.index(0, col(DebtColumn::Coverage)).data(Qt::ToolTipRole).toString(),
           s("coverage 41.2 % — gate ≥ 80 %; amber within 10 % of it"));
  const QString vulnerabilities =
      model.index(0, col(DebtColumn::VulnerabilityDensity)).data(Qt::ToolTipRole).toString();
  QVERIFY2(vulnerabilities.contains(s("1.25 (3 vulnerabilities in 2400 lines)")),
           qPrintable(vulnerabilities));
  QVERIFY(vulnerabilities.contains(s("gate ≤ 0")));
  const QString smells =
      model.index(0, col(DebtColumn::CodeSmells)).data(Qt::ToolTipRole).toString();
  QVERIFY2(smells.contains(s("12 in 2400 lines (5 per 1,000 lines)")), qPrintable(smells));
  DebtThresholds t;
  t.minCoverage = 70;
  model.setThresholds(t);
  QVERIFY(model.index(0, col(DebtColumn::Coverage))
              .data(Qt::ToolTipRole)
              .toString()
              .contains(s("gate ≥ 70 %")));
  QVERIFY(model.headerData(col(DebtColumn::Coverage), Qt::Horizontal, Qt::ToolTipRole)
              .toString()
              .contains(s("≥ 70 %")));
}

void TstDebtTableModel::rowsWithBadParentsAreTopLevel() {
  DebtTable table = sampleTable();
  table.rows[3].parent = 7;  // out of range
  table.rows[1].parent = 2;  // after itself: would make a cycle
  DebtTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setTable(table);
  QCOMPARE(model.rowCount(), 5);
  QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TstDebtTableModel::findsRowsByServiceAndPath() {
  DebtTableModel model;
  model.setTable(sampleTable());
  QCOMPARE(model.findRow("checkout", "internal/pricing/price.go"), 2);
  QCOMPARE(model.findRow("cart", ""), 5);
  QCOMPARE(model.findRow("cart", "nope"), -1);
}

QTEST_MAIN(TstDebtTableModel)
#include "tst_debt_table_model.moc"
