// The Compare page's widgets and how they are arranged; behaviour is in compare_page.cpp.
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/compare/compare_operations_model.h"
#include "ui/compare/compare_page.h"
#include "ui/compare/compare_path_model.h"
#include "ui/compare/compare_side_picker.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

QLabel* heading(const QString& text) {
  auto* label = new QLabel(text);
  label->setStyleSheet(QStringLiteral("font-weight: bold"));
  return label;
}

QWidget* pane(QLayout* top, QWidget* view) {
  auto* widget = new QWidget;
  auto* layout = new QVBoxLayout(widget);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(top);
  layout->addWidget(view, 1);
  return widget;
}

}  // namespace

void ComparePage::buildLayout() {
  const int rowHeight = tableRowHeight(this);

  auto* sides = new QHBoxLayout;
  sides->addWidget(m_baseline, 1);
  sides->addSpacing(12);
  sides->addWidget(m_target, 1);
  sides->addSpacing(12);
  sides->addWidget(m_compareButton);
  sides->addWidget(m_diffButton);
  m_compareButton->setDefault(true);

  m_summary->setTextFormat(Qt::RichText);
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* operationsProxy = new QSortFilterProxyModel(this);
  operationsProxy->setSourceModel(m_operations);
  operationsProxy->setSortRole(CompareOperationsModel::SortRole);
  setUpSortableTable(m_operationsTable, operationsProxy, rowHeight, -1, Qt::AscendingOrder);
  m_operationsTable->setWordWrap(false);
  // The operation's name takes the room left; the figures keep their widths.
  m_operationsTable->horizontalHeader()->setStretchLastSection(false);
  m_operationsTable->horizontalHeader()->setSectionResizeMode(
      CompareOperationsModel::OperationColumn, QHeaderView::Stretch);
  const std::pair<int, int> widths[] = {
      {CompareOperationsModel::ServiceColumn, 90},
      {CompareOperationsModel::OperationColumn, 270},
      {CompareOperationsModel::StatusColumn, 70},
      {CompareOperationsModel::CountColumn, 90},
      {CompareOperationsModel::P50Column, 150},
      {CompareOperationsModel::P95BaselineColumn, 85},
      {CompareOperationsModel::P95TargetColumn, 85},
      {CompareOperationsModel::P95ChangeColumn, 85},
      {CompareOperationsModel::P95RelativeColumn, 85},
      {CompareOperationsModel::P99Column, 150},
      {CompareOperationsModel::ErrorRateColumn, 130},
      {CompareOperationsModel::ErrorRateChangeColumn, 80},
  };
  for (const auto& [column, width] : widths)
    m_operationsTable->setColumnWidth(column, width);
  auto* operationsTop = new QHBoxLayout;
  operationsTop->addWidget(heading(tr("Operations")));
  auto* operationsHint =
      new QLabel(tr("largest p95 regression first; red: slower by 10 % or more, or more errors; "
                    "green: faster, or fewer errors"));
  operationsHint->setStyleSheet(QStringLiteral("color: #777"));
  operationsTop->addWidget(operationsHint, 1);

  m_pathProxy->setSourceModel(m_paths);
  m_pathProxy->setSortRole(ComparePathModel::SortRole);
  m_pathProxy->setFilterRole(ComparePathModel::ChangedRole);
  m_pathProxy->setRecursiveFilteringEnabled(true);
  m_pathTree->setModel(m_pathProxy);
  m_pathTree->setUniformRowHeights(true);
  m_pathTree->setAlternatingRowColors(true);
  m_pathTree->setSortingEnabled(true);
  m_pathTree->header()->setSortIndicator(-1, Qt::AscendingOrder);
  m_pathTree->header()->setStretchLastSection(false);
  m_pathTree->header()->setSectionResizeMode(ComparePathModel::PathColumn, QHeaderView::Stretch);
  m_pathTree->setColumnWidth(ComparePathModel::ChangeColumn, 80);
  m_pathTree->setColumnWidth(ComparePathModel::BaselineColumn, 110);
  m_pathTree->setColumnWidth(ComparePathModel::TargetColumn, 110);
  m_pathTree->setColumnWidth(ComparePathModel::DifferenceColumn, 110);
  // Unchanged paths are shown only as the ancestors of changed ones until the box is unticked.
  m_changedOnly->setChecked(true);
  m_pathProxy->setFilterFixedString(QStringLiteral("changed"));
  auto* pathsTop = new QHBoxLayout;
  pathsTop->addWidget(heading(tr("Trace shapes")));
  auto* pathsHint =
      new QLabel(tr("spans per ancestral path, per trace with the same root; same within 10 %"));
  pathsHint->setStyleSheet(QStringLiteral("color: #777"));
  pathsTop->addWidget(pathsHint, 1);
  pathsTop->addWidget(m_changedOnly);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(pane(operationsTop, m_operationsTable));
  splitter->addWidget(pane(pathsTop, m_pathTree));
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 0);
  layout->addLayout(sides);
  layout->addWidget(m_summary);
  layout->addWidget(splitter, 1);
}

}  // namespace sightline
