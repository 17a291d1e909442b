#include "ui/widgets/table_setup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>

namespace sightline {

int tableRowHeight(const QWidget* widget) {
  return widget->fontMetrics().height() + 6;
}

void setUpSortableTable(QTableView* table, QAbstractItemModel* model, int rowHeight, int sortColumn,
                        Qt::SortOrder order) {
  table->setModel(model);
  table->setSortingEnabled(true);
  table->sortByColumn(sortColumn, order);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setAlternatingRowColors(true);
  table->verticalHeader()->hide();
  table->verticalHeader()->setDefaultSectionSize(rowHeight);
}

QWidget* withLabel(const QString& text, QWidget* widget) {
  auto* box = new QWidget;
  auto* layout = new QHBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(text));
  layout->addWidget(widget, 1);
  return box;
}

}  // namespace sightline
