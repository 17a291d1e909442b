// The Tech debt page's widgets and how they are arranged; behaviour is in debt_page.cpp.
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/debt/cost_debt_delegate.h"
#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_compare_pane.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/heatmap_delegate.h"
#include "ui/debt/hot_untested_model.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

QWidget* withHint(const QString& hint, QWidget* view) {
  auto* widget = new QWidget;
  auto* layout = new QVBoxLayout(widget);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* label = new QLabel(hint);
  label->setWordWrap(true);
  label->setStyleSheet(QStringLiteral("color: #666"));
  layout->addWidget(label);
  layout->addWidget(view, 1);
  return widget;
}

// Headers of two lines: the figure columns are narrower than their titles.
void setUpWrappingHeader(QHeaderView* header) {
  header->setDefaultAlignment(Qt::AlignCenter | Qt::Alignment(Qt::TextWordWrap));
  header->setMinimumHeight(header->fontMetrics().height() * 2 + 10);
  header->setStretchLastSection(false);
}

}  // namespace

void DebtPage::buildLayout() {
  const int rowHeight = tableRowHeight(this);

  auto* modeRow = new QHBoxLayout;
  modeRow->setSpacing(0);
  const std::pair<Mode, QString> modes[] = {
      {Mode::Signals, tr("Signals")},
      {Mode::CostDebt, tr("Cost × debt")},
      {Mode::HotUntested, tr("Hot and untested")},
      {Mode::Compare, tr("Compare")},
  };
  for (const auto& [mode, text] : modes) {
    auto* button = new QToolButton;
    button->setText(text);
    button->setCheckable(true);
    button->setAutoRaise(false);
    button->setMinimumWidth(110);
    m_modes->addButton(button, static_cast<int>(mode));
    modeRow->addWidget(button);
  }
  m_modes->setExclusive(true);
  m_modes->button(static_cast<int>(Mode::Signals))->setChecked(true);
  m_status->setWordWrap(true);
  m_status->setTextFormat(Qt::RichText);
  m_status->setTextInteractionFlags(Qt::TextBrowserInteraction);
  auto* top = new QHBoxLayout;
  top->addLayout(modeRow);
  top->addSpacing(12);
  top->addWidget(m_status, 1);
  top->addWidget(m_thresholdsButton);
  top->addWidget(m_mappingButton);

  // Signals: the heatmap tree.
  m_tableProxy->setSourceModel(m_tableModel);
  m_tableView->setModel(m_tableProxy);
  m_tableView->setItemDelegate(new HeatmapDelegate(
      DebtTableModel::StatusRole, DebtTableModel::columnOf(DebtColumn::P99), this));
  m_tableView->setSortingEnabled(true);
  m_tableView->header()->setSortIndicator(-1, Qt::AscendingOrder);
  m_tableView->setUniformRowHeights(true);
  m_tableView->setSelectionBehavior(QAbstractItemView::SelectItems);
  m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
  m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_tableView->setAllColumnsShowFocus(false);
  setUpWrappingHeader(m_tableView->header());
  m_tableView->header()->setSectionResizeMode(DebtTableModel::kNameColumn, QHeaderView::Stretch);
  for (int column = DebtTableModel::kFirstFigureColumn; column < DebtTableModel::kColumnCount;
       ++column)
    m_tableView->setColumnWidth(column, 108);

  // Cost × debt: the grid.
  m_costProxy->setSourceModel(m_costModel);
  setUpSortableTable(m_costView, m_costProxy, rowHeight + 4, -1, Qt::AscendingOrder);
  m_costView->setAlternatingRowColors(false);
  m_costView->setSelectionBehavior(QAbstractItemView::SelectItems);
  m_costView->setSelectionMode(QAbstractItemView::SingleSelection);
  m_costView->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_costView->setShowGrid(false);
  m_costView->setWordWrap(false);
  m_costView->setItemDelegate(new CostDebtDelegate(this));
  setUpWrappingHeader(m_costView->horizontalHeader());
  m_costView->horizontalHeader()->setMinimumHeight(m_costView->fontMetrics().height() * 3 + 10);
  m_costView->horizontalHeader()->setDefaultSectionSize(120);
  m_costView->setColumnWidth(CostDebtModel::kUnitColumn, 300);
  m_costView->setColumnWidth(CostDebtModel::kCoverageColumn, 80);

  // Hot and untested: the ranked functions.
  m_hotProxy->setSourceModel(m_hotModel);
  setUpSortableTable(m_hotView, m_hotProxy, rowHeight, -1, Qt::AscendingOrder);
  m_hotView->setWordWrap(false);
  m_hotView->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_hotView->setSelectionMode(QAbstractItemView::SingleSelection);
  m_hotView->setItemDelegateForColumn(HotUntestedModel::CoverageColumn,
                                      new HeatmapDelegate(HotUntestedModel::StatusRole, -1, this));
  m_hotView->horizontalHeader()->setStretchLastSection(false);
  m_hotView->horizontalHeader()->setSectionResizeMode(HotUntestedModel::FunctionColumn,
                                                      QHeaderView::Stretch);
  m_hotView->setColumnWidth(HotUntestedModel::RankColumn, 44);
  m_hotView->setColumnWidth(HotUntestedModel::ServiceColumn, 130);
  m_hotView->setColumnWidth(HotUntestedModel::FileColumn, 300);
  for (const int column :
       {int(HotUntestedModel::CpuShareColumn), int(HotUntestedModel::CriticalPathColumn),
        int(HotUntestedModel::CoverageColumn), int(HotUntestedModel::ScoreColumn)})
    m_hotView->setColumnWidth(column, 130);

  m_stack->addWidget(withHint(
      tr("Red past a threshold, amber near it, green within it, no colour: no input gives the "
         "figure. Code signals left of the line, runtime right of it. Hover a cell for its "
         "figure and threshold; select it for its evidence."),
      m_tableView));
  m_stack->addWidget(withHint(
      tr("Rows: code units; columns: entry points. Score = runtime cost (traffic share × "
         "critical-path and CPU share in the unit) × debt (1 + findings, regression, errors); the "
         "number and colour are its percentile among all cells; hatched: too little data."),
      m_costView));
  m_stack->addWidget(withHint(tr("Functions with a high CPU or critical-path share in poorly "
                                 "covered code, ranked by share × (1 − coverage). Double-click "
                                 "one for its flame graph."),
                              m_hotView));
  m_stack->addWidget(m_compare);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(m_stack);
  splitter->addWidget(m_evidence);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  splitter->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 0);
  layout->addLayout(top);
  layout->addWidget(splitter, 1);
}

}  // namespace sightline
