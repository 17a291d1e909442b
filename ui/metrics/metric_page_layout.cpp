// The Metrics page's widgets and how they are arranged; behaviour is in metric_page.cpp,
// metric_page_chart.cpp and metric_page_compare.cpp.
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/metrics/metric_bucket_chart.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metric_compare_model.h"
#include "ui/metrics/metric_family_tree_model.h"
#include "ui/metrics/metric_label_chips.h"
#include "ui/metrics/metric_page.h"
#include "ui/metrics/metric_red_chart.h"
#include "ui/metrics/metric_red_model.h"
#include "ui/metrics/metric_series_table_model.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

QTableView* makeTable(QAbstractItemModel* model, int rowHeight) {
  auto* table = new QTableView;
  setUpSortableTable(table, model, rowHeight, -1, Qt::AscendingOrder);
  table->setWordWrap(false);
  table->horizontalHeader()->setStretchLastSection(true);
  return table;
}

QSortFilterProxyModel* sortingProxy(QAbstractItemModel* source, int sortRole, QObject* parent) {
  auto* proxy = new QSortFilterProxyModel(parent);
  proxy->setSourceModel(source);
  proxy->setSortRole(sortRole);
  return proxy;
}

}  // namespace

void MetricPage::buildLayout() {
  m_browserTab = buildBrowser();
  m_redTab = buildRed();
  m_compareTab = buildCompare();
  m_tabs->setDocumentMode(true);
  m_tabs->addTab(m_browserTab, tr("Browser"));
  m_tabs->addTab(m_redTab, tr("RED overview"));
  m_tabs->addTab(m_compareTab, tr("Compare snapshots"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_tabs);
}

QWidget* MetricPage::buildBrowser() {
  const int rowHeight = tableRowHeight(this);

  m_familySearch->setPlaceholderText(tr("Search families (name, type, help)"));
  m_familySearch->setClearButtonEnabled(true);
  m_familyProxy->setSourceModel(m_familyModel);
  m_familyProxy->setRecursiveFilteringEnabled(true);
  m_familyProxy->setFilterKeyColumn(-1);
  m_familyProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_familyProxy->setSortRole(MetricFamilyTreeModel::SortRole);
  m_familyTree->setModel(m_familyProxy);
  m_familyTree->setSortingEnabled(true);
  m_familyTree->sortByColumn(MetricFamilyTreeModel::NameColumn, Qt::AscendingOrder);
  m_familyTree->setUniformRowHeights(true);
  m_familyTree->setAlternatingRowColors(true);
  m_familyTree->setColumnWidth(MetricFamilyTreeModel::NameColumn, 300);
  m_familyTree->setColumnWidth(MetricFamilyTreeModel::TypeColumn, 80);
  m_familyTree->setColumnWidth(MetricFamilyTreeModel::SeriesColumn, 55);
  m_familyTree->setColumnWidth(MetricFamilyTreeModel::UnitColumn, 60);
  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(4, 4, 0, 0);
  leftLayout->addWidget(m_familySearch);
  leftLayout->addWidget(m_familyTree, 1);

  m_familyHeader->setTextFormat(Qt::RichText);
  m_familyHeader->setWordWrap(true);
  m_familyHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_seriesProxy = sortingProxy(m_seriesModel, MetricSeriesTableModel::SortRole, this);
  m_seriesTable = makeTable(m_seriesProxy, rowHeight);
  m_seriesTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_seriesTable->setContextMenuPolicy(Qt::CustomContextMenu);
  m_seriesTable->setColumnWidth(MetricSeriesTableModel::NameColumn, 260);
  m_seriesTable->setColumnWidth(MetricSeriesTableModel::LabelsColumn, 420);
  m_seriesTable->setColumnWidth(MetricSeriesTableModel::LatestColumn, 110);
  auto* seriesPane = new QWidget;
  auto* seriesLayout = new QVBoxLayout(seriesPane);
  seriesLayout->setContentsMargins(0, 0, 0, 0);
  seriesLayout->addWidget(m_familyHeader);
  seriesLayout->addWidget(m_chips);
  seriesLayout->addWidget(m_seriesTable, 1);

  m_modeLayout = new QHBoxLayout;
  m_modeLayout->setContentsMargins(0, 0, 0, 0);
  auto* hint =
      new QLabel(tr("Drag to pan, wheel to zoom, double-click to fit. Select rows to "
                    "choose the series drawn."));
  hint->setStyleSheet(QStringLiteral("color: #777"));
  auto* modeRow = new QHBoxLayout;
  modeRow->addLayout(m_modeLayout);
  modeRow->addStretch(1);
  modeRow->addWidget(hint);
  auto* chartPane = new QWidget;
  auto* chartLayout = new QVBoxLayout(chartPane);
  chartLayout->setContentsMargins(0, 0, 0, 0);
  chartLayout->addLayout(modeRow);
  chartLayout->addWidget(m_chart, 1);

  m_bucketSnapshotBox->setToolTip(tr("The snapshot whose bucket distribution is shown"));
  m_bucketPane = new QWidget;
  auto* bucketLayout = new QVBoxLayout(m_bucketPane);
  bucketLayout->setContentsMargins(0, 0, 0, 0);
  bucketLayout->addWidget(withLabel(tr("Buckets at:"), m_bucketSnapshotBox));
  bucketLayout->addWidget(m_bucketChart, 1);
  m_bucketPane->setMinimumWidth(280);
  m_bucketPane->hide();

  auto* charts = new QSplitter(Qt::Horizontal);
  charts->addWidget(chartPane);
  charts->addWidget(m_bucketPane);
  charts->setStretchFactor(0, 3);
  charts->setStretchFactor(1, 2);
  charts->setChildrenCollapsible(false);

  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(seriesPane);
  right->addWidget(charts);
  right->setStretchFactor(0, 2);
  right->setStretchFactor(1, 3);
  right->setChildrenCollapsible(false);

  auto* browser = new QSplitter(Qt::Horizontal);
  browser->addWidget(left);
  browser->addWidget(right);
  browser->setStretchFactor(0, 1);
  browser->setStretchFactor(1, 3);
  browser->setSizes({470, 1130});
  return browser;
}

QWidget* MetricPage::buildRed() {
  const int rowHeight = tableRowHeight(this);
  m_redProxy = sortingProxy(m_redModel, MetricRedModel::SortRole, this);
  auto* table = makeTable(m_redProxy, rowHeight);
  table->setColumnWidth(MetricRedModel::ServiceColumn, 200);
  table->setColumnWidth(MetricRedModel::ProtocolColumn, 110);
  m_redMessage->setWordWrap(true);
  m_redMessage->setStyleSheet(QStringLiteral("color: #666"));
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(table);
  splitter->addWidget(m_redChart);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 4);
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(4, 4, 4, 0);
  layout->addWidget(m_redMessage);
  layout->addWidget(splitter, 1);
  return page;
}

QWidget* MetricPage::buildCompare() {
  const int rowHeight = tableRowHeight(this);
  m_compareProxy = sortingProxy(m_compareModel, MetricCompareModel::SortRole, this);
  m_compareProxy->setFilterKeyColumn(MetricCompareModel::SeriesColumn);
  m_compareProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  auto* table = makeTable(m_compareProxy, rowHeight);
  table->setColumnWidth(MetricCompareModel::SeriesColumn, 560);
  table->setColumnWidth(MetricCompareModel::KindColumn, 140);
  for (int column = MetricCompareModel::BeforeColumn; column < MetricCompareModel::ColumnCount;
       ++column) {
    table->setColumnWidth(column, 120);
  }
  m_compareSearch->setPlaceholderText(tr("Filter series"));
  m_compareSearch->setClearButtonEnabled(true);
  m_compareMessage->setStyleSheet(QStringLiteral("color: #666"));
  auto* bar = new QHBoxLayout;
  bar->addWidget(withLabel(tr("Baseline:"), m_baselineBox), 1);
  bar->addWidget(withLabel(tr("Current:"), m_currentBox), 1);
  bar->addWidget(m_compareSearch, 1);
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(4, 4, 4, 0);
  layout->addLayout(bar);
  layout->addWidget(m_compareMessage);
  layout->addWidget(table, 1);
  return page;
}

}  // namespace sightline
