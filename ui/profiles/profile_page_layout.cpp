// The page's widgets and how they are arranged; behaviour is in profile_page.cpp and
// profile_page_interaction.cpp.
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
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_breadcrumb.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/profile_page.h"
#include "ui/profiles/sandwich_view.h"
#include "ui/profiles/top_table_model.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

QTableView* makeTopTable(QSortFilterProxyModel* model, int rowHeight) {
  auto* table = new QTableView;
  // Unsorted is pprof's own order (flat descending; by magnitude in -diff_base mode); a click
  // on a header sorts by that column's value.
  setUpSortableTable(table, model, rowHeight, -1, Qt::AscendingOrder);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setWordWrap(false);
  table->setContextMenuPolicy(Qt::CustomContextMenu);
  for (int column = 0; column < TopTableModel::NameColumn; ++column)
    table->setColumnWidth(column, 80);
  table->horizontalHeader()->setStretchLastSection(true);
  return table;
}

}  // namespace

void ProfilePage::buildLayout() {
  m_profileBox->setModel(m_profileList);
  m_profileBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_profileBox->setMinimumContentsLength(40);
  m_profileBox->setToolTip(tr("The profile shown: source file, time, sample types, totals"));
  m_sampleTypeBox->setToolTip(tr("The sample type (value) the graph and table show"));
  m_baseBox->setToolTip(
      tr("Compare with another profile: differential flame graph (red grew, "
         "blue shrank) and pprof's -diff_base top table"));
  m_baseBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_baseBox->setMinimumContentsLength(16);

  auto* flameButton = new QToolButton;
  flameButton->setText(tr("Flame"));
  flameButton->setToolTip(tr("Root at the bottom"));
  auto* icicleButton = new QToolButton;
  icicleButton->setText(tr("Icicle"));
  icicleButton->setToolTip(tr("Root at the top"));
  for (QToolButton* button : {flameButton, icicleButton})
    button->setCheckable(true);
  m_orientation->addButton(flameButton, static_cast<int>(FlameGraphView::Orientation::Flame));
  m_orientation->addButton(icicleButton, static_cast<int>(FlameGraphView::Orientation::Icicle));
  flameButton->setChecked(true);

  m_search->setPlaceholderText(tr("Search functions (regex)"));
  m_search->setClearButtonEnabled(true);
  m_searchLabel->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("100.0% matched")));

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 4, 4, 0);
  bar->addWidget(withLabel(tr("Profile:"), m_profileBox), 3);
  bar->addWidget(withLabel(tr("Sample type:"), m_sampleTypeBox));
  bar->addWidget(withLabel(tr("Compare with:"), m_baseBox), 1);
  bar->addSpacing(8);
  bar->addWidget(flameButton);
  bar->addWidget(icicleButton);
  bar->addSpacing(8);
  bar->addWidget(m_search, 1);
  bar->addWidget(m_searchLabel);

  m_header->setTextFormat(Qt::PlainText);
  m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_allSamples->setText(tr("Show all samples"));
  m_allSamples->setToolTip(tr("Drop the label filter and show the whole profile"));
  m_allSamples->hide();
  m_legend->setTextFormat(Qt::RichText);
  auto* info = new QHBoxLayout;
  info->setContentsMargins(4, 0, 4, 0);
  info->addWidget(m_header, 1);
  info->addWidget(m_allSamples);
  info->addWidget(m_legend);

  const int rowHeight = tableRowHeight(this);
  m_topProxy->setSourceModel(m_topModel);
  m_topProxy->setSortRole(TopTableModel::SortRole);
  m_topTable = makeTopTable(m_topProxy, rowHeight);
  m_sandwichTable = makeTopTable(m_topProxy, rowHeight);

  auto* flameSplitter = new QSplitter(Qt::Vertical);
  flameSplitter->addWidget(m_flame);
  flameSplitter->addWidget(m_topTable);
  flameSplitter->setStretchFactor(0, 3);
  flameSplitter->setStretchFactor(1, 2);
  flameSplitter->setChildrenCollapsible(false);

  auto* sandwichSplitter = new QSplitter(Qt::Horizontal);
  sandwichSplitter->addWidget(m_sandwichTable);
  sandwichSplitter->addWidget(m_sandwich);
  sandwichSplitter->setStretchFactor(0, 2);
  sandwichSplitter->setStretchFactor(1, 3);
  m_sandwichTab = sandwichSplitter;

  m_tabs->setDocumentMode(true);
  m_tabs->addTab(flameSplitter, tr("Flame graph"));
  m_tabs->addTab(m_sandwichTab, tr("Callers / callees"));

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(bar);
  layout->addWidget(m_filterBar);
  layout->addLayout(info);
  layout->addWidget(m_breadcrumb);
  layout->addWidget(m_tabs, 1);
}

}  // namespace sightline
