// The Traces page's latency heatmap: it toggles with the scatter, a dragged rectangle selects
// the traces in its cells and opens their "What's different" comparison, and a value picked
// there filters the trace list.
#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include "model/store/workspace.h"
#include "model/traces/trace_writer.h"
#include "ui/traces/latency_heatmap.h"
#include "ui/traces/latency_overview.h"
#include "ui/traces/latency_scatter.h"
#include "ui/traces/outlier_panel.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/trace_list_panel.h"
#include "ui/widgets/qcustomplot_include.h"

using namespace sightline;

namespace {

constexpr std::uint64_t kMs = 1000000;
constexpr std::uint64_t kT0 = 1700000000000000000ull;
constexpr int kTraces = 30;
// Traces 5, 12, 19 and 26 take 2 s; the others 10 ms.
bool isSlow(int trace) {
  return trace % 7 == 5;
}

Attribute attribute(std::string key, std::string text, std::int64_t number = 0) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = text.empty() ? AttributeValue::Type::Int : AttributeValue::Type::String;
  a.value.text = std::move(text);
  a.value.intValue = number;
  return a;
}

// One root span per trace, 10 s apart: slow checkouts of 5 items, fast product pages.
bool writeWorkspace(const QString& path) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
  if (!workspace)
    return false;
  TraceBatch batch;
  ResourceRecord resource;
  resource.localId = 1;
  resource.attributes = {attribute("service.name", "shop")};
  batch.resources.push_back(resource);
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  for (int i = 0; i < kTraces; ++i) {
    SpanRecord span;
    span.resourceLocalId = 1;
    span.scopeLocalId = 1;
    span.traceId.bytes[0] = 0x42;
    span.traceId.bytes[15] = static_cast<std::uint8_t>(i + 1);
    span.spanId.bytes[7] = static_cast<std::uint8_t>(i + 1);
    span.name = isSlow(i) ? "POST /checkout" : "GET /products";
    span.kind = SpanKind::Server;
    span.startUnixNano = kT0 + static_cast<std::uint64_t>(i) * 10000 * kMs;
    span.endUnixNano = span.startUnixNano + (isSlow(i) ? 2000 : 10) * kMs;
    span.attributes = {attribute("http.route", isSlow(i) ? "/checkout" : "/products"),
                       attribute("cart.items", {}, isSlow(i) ? 5 : 1)};
    batch.spans.push_back(std::move(span));
  }
  TraceWriter writer(*workspace, SourceDescription{"test", "test", "heatmap", 1});
  return writer.consume(std::move(batch)).isOk() && writer.finish().isOk();
}

void sendMouse(QWidget* widget, QEvent::Type type, const QPoint& pos, Qt::MouseButtons buttons) {
  QMouseEvent event(type, QPointF(pos), QPointF(widget->mapToGlobal(pos)), Qt::LeftButton, buttons,
                    Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

// A left-button drag on the heatmap's plot between two positions of the heatmap widget.
void drag(LatencyHeatmap* heatmap, const QPoint& from, const QPoint& to) {
  QWidget* plot = heatmap->plot();
  const QPoint a = plot->mapFrom(heatmap, from);
  const QPoint b = plot->mapFrom(heatmap, to);
  sendMouse(plot, QEvent::MouseButtonPress, a, Qt::LeftButton);
  sendMouse(plot, QEvent::MouseMove, (a + b) / 2, Qt::LeftButton);
  sendMouse(plot, QEvent::MouseMove, b, Qt::LeftButton);
  sendMouse(plot, QEvent::MouseButtonRelease, b, Qt::NoButton);
}

QTreeWidgetItem* keyItem(QTreeWidget* tree, const QString& prefix) {
  for (int i = 0; i < tree->topLevelItemCount(); ++i) {
    if (tree->topLevelItem(i)->text(0).startsWith(prefix))
      return tree->topLevelItem(i);
  }
  return nullptr;
}

}  // namespace

class TstLatencyHeatmap : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void togglesWithTheScatter();
  void dragSelectsTracesAndComparesThem();
  void pickedValueFiltersTheList();
  void clickOnAnEmptyCellClears();

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<TraceListPanel> m_panel;
  int m_slowRow = -1;
};

void TstLatencyHeatmap::initTestCase() {
  QVERIFY(m_dir.isValid());
  const QString path = m_dir.filePath(QStringLiteral("heatmap.sightline"));
  QVERIFY(writeWorkspace(path));
  m_panel = std::make_unique<TraceListPanel>();
  m_panel->resize(1400, 900);
  m_panel->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
  QSignalSpy loaded(m_panel.get(), &TraceListPanel::tracesLoaded);
  m_panel->setWorkspacePath(path);
  QVERIFY(loaded.wait(10000));
  QCOMPARE(m_panel->model()->rowCount(), kTraces);
}

void TstLatencyHeatmap::togglesWithTheScatter() {
  LatencyOverview* overview = m_panel->overview();
  QCOMPARE(overview->mode(), LatencyOverview::Mode::Scatter);
  QVERIFY(m_panel->scatter()->isVisible());
  QVERIFY(!overview->heatmap()->isVisible());

  QTest::mouseClick(overview->heatmapButton(), Qt::LeftButton);
  QCOMPARE(overview->mode(), LatencyOverview::Mode::Heatmap);
  QVERIFY(overview->heatmap()->isVisible());
  QVERIFY(!m_panel->scatter()->isVisible());
  // Its durations are always on a log scale: the scatter's switch is off duty.
  QCheckBox* logScale = nullptr;
  for (QCheckBox* box : m_panel->findChildren<QCheckBox*>()) {
    if (box->text() == QStringLiteral("Log scale"))
      logScale = box;
  }
  QVERIFY(logScale && !logScale->isEnabled());
  // Every listed trace is counted once: 10 ms (decade 7) to 2 s (decade 9), 20 rows a decade.
  const HeatmapCounts& counts = overview->heatmap()->counts();
  QCOMPARE(counts.total, std::size_t(kTraces));
  QCOMPARE(counts.grid.minDecade, 7);
  QCOMPARE(counts.grid.maxDecade, 10);
  m_slowRow = counts.grid.rowOf(2000 * kMs);
  std::uint32_t slow = 0;
  for (int column = 0; column < counts.grid.columns; ++column)
    slow += counts.at(column, m_slowRow);
  QCOMPARE(slow, 4u);
  // The hover text says what is counted.
  overview->heatmap()->plot()->replot();
  const int slowColumn = counts.grid.columnOf(kT0 + 5 * 10000 * kMs);
  const QString tip =
      overview->heatmap()->toolTipAt(overview->heatmap()->cellCenter(slowColumn, m_slowRow));
  QVERIFY2(tip.startsWith(QStringLiteral("1 trace\n")), qPrintable(tip));
  QVERIFY(tip.contains(QStringLiteral("Each trace counts once")));
  QVERIFY(tip.contains(QStringLiteral("root spans")));

  QTest::mouseClick(overview->scatterButton(), Qt::LeftButton);
  QCOMPARE(overview->mode(), LatencyOverview::Mode::Scatter);
  QVERIFY(m_panel->scatter()->isVisible());
  QTest::mouseClick(overview->heatmapButton(), Qt::LeftButton);
  QCOMPARE(overview->mode(), LatencyOverview::Mode::Heatmap);
}

void TstLatencyHeatmap::dragSelectsTracesAndComparesThem() {
  LatencyOverview* overview = m_panel->overview();
  overview->setMode(LatencyOverview::Mode::Heatmap);
  LatencyHeatmap* heatmap = overview->heatmap();
  heatmap->plot()->replot();
  QSignalSpy shown(overview, &LatencyOverview::comparisonShown);
  const int lastColumn = heatmap->counts().grid.columns - 1;
  drag(heatmap, heatmap->cellCenter(0, m_slowRow), heatmap->cellCenter(lastColumn, m_slowRow));

  QCOMPARE(heatmap->selection(), (HeatmapCellRange{0, lastColumn, m_slowRow, m_slowRow}));
  QCOMPARE(heatmap->selectedTraces().size(), std::size_t(4));
  QVERIFY(shown.wait(10000));
  OutlierPanel* panel = overview->outlierPanel();
  QVERIFY(panel->isVisible());
  const OutlierComparison* comparison = panel->comparison();
  QVERIFY(comparison);
  QCOMPARE(comparison->selectionSpans, std::uint64_t(4));
  QCOMPARE(comparison->baselineSpans, std::uint64_t(kTraces - 4));
  QVERIFY(panel->headerText().contains(QStringLiteral("4 traces")));
  QVERIFY(panel->headerText().contains(QStringLiteral("the 26 others")));

  // The route and the name set the selection apart completely; the service not at all.
  QTreeWidget* tree = panel->tree();
  QCOMPARE(tree->topLevelItemCount(), int(comparison->keys.size()));
  QTreeWidgetItem* route = keyItem(tree, QStringLiteral("http.route = /checkout"));
  QVERIFY(route);
  QCOMPARE(route->text(3), QStringLiteral("1.00"));
  QCOMPARE(tree->indexOfTopLevelItem(route) < 4, true);
  QTreeWidgetItem* service = keyItem(tree, QStringLiteral("service = shop"));
  QVERIFY(service);
  QCOMPARE(service->text(3), QStringLiteral("0.00"));
  // Both distributions of the route: the checkout on every selected trace, on no other.
  QCOMPARE(route->childCount(), 2);
  QCOMPARE(route->child(0)->text(0), QStringLiteral("/checkout"));
  QCOMPARE(route->child(0)->data(1, OutlierPanel::ShareRole).toDouble(), 1.0);
  QCOMPARE(route->child(0)->data(2, OutlierPanel::ShareRole).toDouble(), 0.0);
  QCOMPARE(route->child(1)->data(2, OutlierPanel::ShareRole).toDouble(), 1.0);
  QTreeWidgetItem* items = keyItem(tree, QStringLiteral("cart.items = 5"));
  QVERIFY(items);
  QVERIFY(!items->child(0)->data(0, OutlierPanel::FilterableRole).toBool());
}

void TstLatencyHeatmap::pickedValueFiltersTheList() {
  OutlierPanel* panel = m_panel->overview()->outlierPanel();
  QTreeWidget* tree = panel->tree();
  QTreeWidgetItem* route = keyItem(tree, QStringLiteral("http.route = /checkout"));
  QVERIFY(route);
  tree->scrollToItem(route);
  route->setExpanded(true);
  QTreeWidgetItem* checkout = route->child(0);
  tree->scrollToItem(checkout);
  QSignalSpy loaded(m_panel.get(), &TraceListPanel::tracesLoaded);
  QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier,
                    tree->visualItemRect(checkout).center());
  QCOMPARE(m_panel->textEdit()->text(), QStringLiteral("/checkout"));
  QVERIFY(loaded.wait(10000));
  QCOMPARE(m_panel->model()->rowCount(), 4);
  // The comparison stays on screen while the list is filtered.
  QVERIFY(panel->isVisible());
  QCOMPARE(panel->comparison()->selectionSpans, std::uint64_t(4));

  // A number cannot be searched for by the text filter: picking one changes nothing.
  QTreeWidgetItem* items = keyItem(tree, QStringLiteral("cart.items = 5"));
  items->setExpanded(true);
  tree->scrollToItem(items->child(0));
  QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier,
                    tree->visualItemRect(items->child(0)).center());
  QCOMPARE(m_panel->textEdit()->text(), QStringLiteral("/checkout"));

  // The name picks the operation filter.
  QTreeWidgetItem* name = keyItem(tree, QStringLiteral("name = POST /checkout"));
  QVERIFY(name);
  tree->scrollToItem(name);
  QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier,
                    tree->visualItemRect(name).center());
  QCOMPARE(m_panel->operationEdit()->text(), QStringLiteral("POST /checkout"));
  m_panel->operationEdit()->clear();
  m_panel->textEdit()->clear();
  QTRY_COMPARE_WITH_TIMEOUT(m_panel->model()->rowCount(), kTraces, 10000);
}

void TstLatencyHeatmap::clickOnAnEmptyCellClears() {
  LatencyHeatmap* heatmap = m_panel->overview()->heatmap();
  heatmap->plot()->replot();
  QVERIFY(!heatmap->selection().empty());
  // A click on a cell with traces selects just that cell.
  const int column = heatmap->counts().grid.columnOf(kT0 + 12 * 10000 * kMs);
  const QPoint cell = heatmap->plot()->mapFrom(heatmap, heatmap->cellCenter(column, m_slowRow));
  QTest::mouseClick(heatmap->plot(), Qt::LeftButton, Qt::NoModifier, cell);
  QCOMPARE(heatmap->selection(), (HeatmapCellRange{column, column, m_slowRow, m_slowRow}));
  QCOMPARE(heatmap->selectedTraces().size(), std::size_t(1));
  // A click where nothing is clears the selection and closes the comparison.
  const QPoint empty =
      heatmap->plot()->mapFrom(heatmap, heatmap->cellCenter(column, m_slowRow - 5));
  QTest::mouseClick(heatmap->plot(), Qt::LeftButton, Qt::NoModifier, empty);
  QVERIFY(heatmap->selection().empty());
  QVERIFY(!m_panel->overview()->outlierPanel()->isVisible());
}

QTEST_MAIN(TstLatencyHeatmap)
#include "tst_latency_heatmap.moc"
