#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QtTest>

#include "ui/profiles/top_table_model.h"

using namespace sightline;

namespace {

std::shared_ptr<const TopReport> makeReport() {
  auto report = std::make_shared<TopReport>();
  report->sampleType = {"cpu", "nanoseconds"};
  report->total = 1'000'000'000;  // 1 s
  // pprof's order: flat descending, then name.
  report->rows = {
      {"main.mix", 500'000'000, 500'000'000, TopInline::kInline},
      {"main.fib", 300'000'000, 700'000'000, TopInline::kNone},
      {"main.leaf", 200'000'000, 250'000'000, TopInline::kPartialInline},
      {"main.main", 0, 1'000'000'000, TopInline::kNone},
  };
  return report;
}

QString cell(const QAbstractItemModel& model, int row, int column) {
  return model.index(row, column).data().toString();
}

}  // namespace

class TstTopTableModel : public QObject {
  Q_OBJECT

 private slots:
  void showsColumnsWithRunningSum();
  void sortsByValueNotText();
  void diffModeKeepsSignsAndPprofSum();
  void findsRowsByFunction();
};

void TstTopTableModel::showsColumnsWithRunningSum() {
  TopTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setReport(makeReport());
  QCOMPARE(model.rowCount(), 4);
  QCOMPARE(model.columnCount(), int(TopTableModel::ColumnCount));
  QCOMPARE(model.headerData(TopTableModel::FlatColumn, Qt::Horizontal).toString(),
           QStringLiteral("flat"));
  QCOMPARE(model.headerData(TopTableModel::SumPercentColumn, Qt::Horizontal).toString(),
           QStringLiteral("sum%"));

  QCOMPARE(cell(model, 0, TopTableModel::FlatColumn), QStringLiteral("500ms"));
  QCOMPARE(cell(model, 0, TopTableModel::FlatPercentColumn), QStringLiteral("50.00%"));
  QCOMPARE(cell(model, 0, TopTableModel::NameColumn), QStringLiteral("main.mix (inline)"));
  QCOMPARE(model.index(0, TopTableModel::CumColumn).data(TopTableModel::FunctionRole).toString(),
           QStringLiteral("main.mix"));
  QCOMPARE(cell(model, 1, TopTableModel::SumPercentColumn), QStringLiteral("80.00%"));
  QCOMPARE(cell(model, 1, TopTableModel::CumColumn), QStringLiteral("700ms"));
  QCOMPARE(cell(model, 1, TopTableModel::CumPercentColumn), QStringLiteral("70.00%"));
  QCOMPARE(cell(model, 2, TopTableModel::NameColumn), QStringLiteral("main.leaf (partial-inline)"));
  QCOMPARE(cell(model, 2, TopTableModel::SumPercentColumn), QStringLiteral("100%"));
  QCOMPARE(cell(model, 3, TopTableModel::FlatColumn), QStringLiteral("0"));
  QCOMPARE(cell(model, 3, TopTableModel::FlatPercentColumn), QStringLiteral("0%"));
  QCOMPARE(cell(model, 3, TopTableModel::CumColumn), QStringLiteral("1s"));
  QCOMPARE(cell(model, 3, TopTableModel::CumPercentColumn), QStringLiteral("100%"));

  model.setReport(nullptr);
  QCOMPARE(model.rowCount(), 0);
}

void TstTopTableModel::sortsByValueNotText() {
  TopTableModel model;
  model.setReport(makeReport());
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  proxy.setSortRole(TopTableModel::SortRole);

  // As text "700ms" < "1s" would sort wrongly; by value main.main (1 s) comes first.
  proxy.sort(TopTableModel::CumColumn, Qt::DescendingOrder);
  QStringList order;
  for (int row = 0; row < proxy.rowCount(); ++row)
    order << proxy.index(row, 0).data(TopTableModel::FunctionRole).toString();
  QCOMPARE(order, (QStringList{QStringLiteral("main.main"), QStringLiteral("main.fib"),
                               QStringLiteral("main.mix"), QStringLiteral("main.leaf")}));

  proxy.sort(TopTableModel::NameColumn, Qt::AscendingOrder);
  QCOMPARE(proxy.index(0, 0).data(TopTableModel::FunctionRole).toString(),
           QStringLiteral("main.fib"));

  // sum% belongs to the row in pprof's order, whatever the sort.
  proxy.sort(TopTableModel::FlatColumn, Qt::AscendingOrder);
  QCOMPARE(proxy.index(0, TopTableModel::NameColumn).data().toString(),
           QStringLiteral("main.main"));
  QCOMPARE(proxy.index(0, TopTableModel::SumPercentColumn).data().toString(),
           QStringLiteral("100%"));
  QCOMPARE(proxy.index(3, TopTableModel::SumPercentColumn).data().toString(),
           QStringLiteral("50.00%"));
}

void TstTopTableModel::diffModeKeepsSignsAndPprofSum() {
  auto report = std::make_shared<TopReport>();
  report->sampleType = {"cpu", "nanoseconds"};
  report->total = 200'000'000;
  report->rows = {{"main.parse", 100'000'000, 100'000'000, TopInline::kNone},
                  {"main.encode", -40'000'000, -40'000'000, TopInline::kNone}};
  TopTableModel model;
  model.setReport(report);
  QCOMPARE(cell(model, 0, TopTableModel::FlatColumn), QStringLiteral("100ms"));
  QCOMPARE(cell(model, 1, TopTableModel::FlatColumn), QStringLiteral("-40ms"));
  QCOMPARE(cell(model, 1, TopTableModel::FlatPercentColumn), QStringLiteral("20.00%"));
  // pprof's running sum is signed: 100 - 40 = 60 ms of 200 ms.
  QCOMPARE(cell(model, 1, TopTableModel::SumPercentColumn), QStringLiteral("30.00%"));
  QCOMPARE(model.index(1, TopTableModel::FlatColumn).data(TopTableModel::SortRole).toLongLong(),
           -40'000'000LL);
}

void TstTopTableModel::findsRowsByFunction() {
  TopTableModel model;
  model.setReport(makeReport());
  QCOMPARE(model.rowOfFunction(QStringLiteral("main.leaf")), 2);
  QCOMPARE(model.rowOfFunction(QStringLiteral("main.none")), -1);
  QCOMPARE(model.functionAt(1), QStringLiteral("main.fib"));
  QCOMPARE(model.functionAt(9), QString());
}

QTEST_MAIN(TstTopTableModel)
#include "tst_top_table_model.moc"
