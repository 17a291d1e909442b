#pragma once

#include <Qt>

class QAbstractItemModel;
class QString;
class QTableView;
class QWidget;

namespace sightline {

// The height of the pages' table rows for `widget`'s font: one line and a little air.
int tableRowHeight(const QWidget* widget);

// What every table of the pages does alike: `model` sorted by a click on a header, starting
// with `sortColumn` in `order` (-1: the model's own order), whole rows selected, alternating
// row colours, no row numbers, rows `rowHeight` high.
void setUpSortableTable(QTableView* table, QAbstractItemModel* model, int rowHeight, int sortColumn,
                        Qt::SortOrder order);

// `widget` with `text` as its label on the left; the widget takes the room left.
QWidget* withLabel(const QString& text, QWidget* widget);

}  // namespace sightline
