#pragma once

#include <QColor>
#include <QString>
#include <vector>

#include "model/debt/debt_thresholds.h"
#include "model/report/report_content.h"

namespace sightline {

// Section 7 of the report, the tech-debt heatmap, as the HTML and the PDF draw it: the top
// services by the model's ranking (score = runtime cost × debt) × the columns of the GUI's
// Signals mode, each cell coloured by its threshold status with the GUI's colours, the
// figure in the cell and the figure against its threshold in a tooltip; then the score.
struct DebtGridCell {
  QString text;     // "75.2 %", "1.25 s", "3", "–" when no input gives the figure
  QString tooltip;  // "payment: coverage 75.2 % — gate ≥ 80 %"
  DebtCellStatus status = DebtCellStatus::Absent;
  QColor fill;
  QColor ink;
};

struct DebtGridRow {
  QString name;                     // the service (reportText)
  QString label;                    // the name cut to what a row's label holds
  QString tooltip;                  // the service, its lines of code and owners
  std::vector<DebtGridCell> cells;  // one per column, then the score
};

struct DebtGridColumn {
  QString head;          // first line of the column's head
  QString head2;         // second line, may be empty
  QString title;         // what it measures and its threshold
  bool runtime = false;  // the first runtime column gets a line before it
};

struct DebtGrid {
  std::vector<DebtGridColumn> columns;  // the DebtColumns in display order, then "Score"
  std::vector<DebtGridRow> rows;
  std::size_t omittedRows = 0;
  std::vector<std::pair<QString, DebtCellStatus>> legend;
};

inline constexpr std::size_t kDebtGridRows = 15;

// The grid of the workspace's debt (content.debt must be set).
DebtGrid debtGrid(const ReportDebt& debt);

// The cell fill and text colour of a status: ui/debt's (debt_colors), with a pale grey for an
// absent figure.
QColor debtStatusFill(DebtCellStatus status);
QColor debtStatusInk(DebtCellStatus status);

// The paragraphs above the grid: what it shows and how rows are ranked; with a baseline, that
// debt data has no time window. `withTooltips`: the HTML, whose cells have one.
std::vector<QString> debtGridNotes(const ReportContent& content, bool withTooltips);

// "M more rows with lower scores not drawn …", empty when every row is drawn.
QString debtGridOmittedText(const DebtGrid& grid);

// The paragraph of a workspace without debt data.
QString noDebtDataText();

}  // namespace sightline
