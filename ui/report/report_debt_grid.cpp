#include "ui/report/report_debt_grid.h"

#include <cmath>
#include <optional>

#include "model/text/duration_text.h"
#include "model/text/number_text.h"
#include "ui/debt/debt_cell_text.h"
#include "ui/debt/debt_colors.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace {

constexpr DebtColumn kColumns[] = {
    DebtColumn::Coverage,   DebtColumn::Duplication, DebtColumn::VulnerabilityDensity,
    DebtColumn::CodeSmells, DebtColumn::DebtMinutes, DebtColumn::Churn,
    DebtColumn::P99,        DebtColumn::ErrorRate,   DebtColumn::CriticalPathShare,
    DebtColumn::CpuShare,   DebtColumn::Findings};
static_assert(std::size(kColumns) == kDebtColumnCount);

constexpr qsizetype kDebtLabelLimit = 24;

QString significant(double value) {
  return formatSignificant(value, 4);
}

QString count(double value) {
  return QString::number(std::llround(value));
}

// The column's head on two lines; its title is the GUI's header tooltip.
DebtGridColumn columnOf(DebtColumn column, const DebtThresholds& t) {
  auto head = [&](const char* first, const char* second) -> DebtGridColumn {
    return {QString::fromUtf8(first), QString::fromUtf8(second), debtColumnToolTip(column, t),
            column == DebtColumn::P99};
  };
  switch (column) {
    case DebtColumn::Coverage:
      return head("Coverage", "");
    case DebtColumn::Duplication:
      return head("Duplicated", "lines");
    case DebtColumn::VulnerabilityDensity:
      return head("Vulns per", "1k lines");
    case DebtColumn::CodeSmells:
      return head("Code", "smells");
    case DebtColumn::DebtMinutes:
      return head("Debt", "(min)");
    case DebtColumn::Churn:
      return head("Churn", "(commits)");
    case DebtColumn::P99:
      return head("p99", "");
    case DebtColumn::ErrorRate:
      return head("Error", "rate");
    case DebtColumn::CriticalPathShare:
      return head("Critical-", "path share");
    case DebtColumn::CpuShare:
      return head("CPU", "share");
    case DebtColumn::Findings:
      return head("Findings", "");
  }
  return {};
}

// The GUI's text, tooltip and colours of the cell (ui/debt).
DebtGridCell cellOf(const QString& service, DebtColumn column, const DebtRow& row,
                    const DebtThresholds& thresholds) {
  DebtGridCell cell;
  const bool present = debtColumnValue(column, row.figures).has_value();
  // An absent figure is no status: the grey of "no data", whatever debtCellStatus says.
  cell.status = present ? debtCellStatus(column, row.figures, thresholds) : DebtCellStatus::Absent;
  cell.text = debtCellText(column, row.figures);
  cell.tooltip = service + QStringLiteral(": ") + debtCellToolTip(column, row.figures, thresholds);
  cell.fill = debtStatusFill(cell.status);
  cell.ink = debtStatusInk(cell.status);
  return cell;
}

DebtGridCell scoreCell(const QString& service, const DebtRow& row) {
  DebtGridCell cell;
  cell.status = DebtCellStatus::Absent;
  cell.fill = QColor(0xff, 0xff, 0xff);
  cell.ink = QColor(0x1d, 0x23, 0x30);
  const std::optional<double>& score = row.figures.score;
  cell.text = score ? formatSignificant(*score, 3) : QStringLiteral("–");
  cell.tooltip = service + QStringLiteral(": score ") +
                 (score ? formatSignificant(*score, 4) : QStringLiteral("none (no runtime data)")) +
                 QStringLiteral(" — runtime cost × debt, the rows' order");
  return cell;
}

QString rowTooltip(const QString& service, const DebtRow& row) {
  QString text = service;
  if (row.figures.ncloc)
    text += QStringLiteral(" — %1 lines of code").arg(count(*row.figures.ncloc));
  if (!row.owners.empty()) {
    QStringList owners;
    for (const std::string& owner : row.owners)
      owners << reportText(owner);
    text += QStringLiteral(" — owners ") + owners.join(QStringLiteral(", "));
  }
  return text;
}

}  // namespace

QColor debtStatusFill(DebtCellStatus status) {
  return status == DebtCellStatus::Absent ? QColor(0xf3, 0xf4, 0xf6)
                                          : debt_colors::statusFill(status);
}

QColor debtStatusInk(DebtCellStatus status) {
  return debt_colors::statusText(status);
}

DebtGrid debtGrid(const ReportDebt& debt) {
  DebtGrid grid;
  for (DebtColumn column : kColumns)
    grid.columns.push_back(columnOf(column, debt.thresholds));
  grid.columns.push_back({QStringLiteral("Score"), QString(),
                          QStringLiteral("runtime cost × debt (docs/DEBT.md), the rows' order")});
  const std::size_t drawn = std::min(debt.services.size(), kDebtGridRows);
  grid.omittedRows = debt.services.size() - drawn;
  for (std::size_t i = 0; i < drawn; ++i) {
    const DebtRow& row = debt.services[i];
    DebtGridRow out;
    out.name = reportText(row.service);
    out.label = reportText(row.service, kDebtLabelLimit);
    out.tooltip = rowTooltip(out.name, row);
    for (std::size_t c = 0; c < std::size(kColumns); ++c)
      out.cells.push_back(cellOf(out.name, kColumns[c], row, debt.thresholds));
    out.cells.push_back(scoreCell(out.name, row));
    grid.rows.push_back(std::move(out));
  }
  const QString margin = significant(debt.thresholds.warnMargin * 100);
  grid.legend = {{QStringLiteral("within the threshold"), DebtCellStatus::Good},
                 {QStringLiteral("within %1 % of it").arg(margin), DebtCellStatus::Warn},
                 {QStringLiteral("past the threshold"), DebtCellStatus::Bad},
                 {QStringLiteral("no input gives the figure"), DebtCellStatus::Absent}};
  return grid;
}

std::vector<QString> debtGridNotes(const ReportContent& content, bool withTooltips) {
  std::vector<QString> notes;
  const ReportDebt& debt = *content.debt;
  notes.push_back(
      QStringLiteral(
          "Per service, the code-quality figures of the imported reports (coverage, duplication, "
          "vulnerabilities, code smells, churn) beside what the service costs at run time (p99 of "
          "its entry spans, error rate, share of the critical paths and of the profiled CPU, "
          "findings), as the Tech debt page's Signals mode shows them. Cells are coloured against "
          "the workspace's thresholds (coverage ≥ %1 %, duplication ≤ %2 %, vulnerabilities ≤ %3 "
          "per 1,000 lines, …)%4. Rows are ranked by score, runtime cost × debt: red code on "
          "the hot path first.")
          .arg(significant(debt.thresholds.minCoverage),
               significant(debt.thresholds.maxDuplication),
               significant(debt.thresholds.maxVulnerabilityDensity),
               withTooltips ? QStringLiteral("; the tooltip of a cell gives its threshold")
                            : QString()));
  if (content.hasBaseline) {
    notes.push_back(QStringLiteral(
        "Debt data has no time window: the heatmap is of the whole workspace, not of the "
        "before and after sides (sightline debt --mode compare compares two debt "
        "snapshots)."));
  }
  if (debt.unmappedPaths > 0) {
    notes.push_back(
        QStringLiteral("%1 %2 of the inputs map to no service (sightline debt "
                       "--json lists them under \"unmapped\").")
            .arg(debt.unmappedPaths)
            .arg(debt.unmappedPaths == 1 ? QStringLiteral("path") : QStringLiteral("paths")));
  }
  return notes;
}

QString debtGridOmittedText(const DebtGrid& grid) {
  if (grid.omittedRows == 0)
    return {};
  return QStringLiteral(
             "%1 more %2 with lower scores not drawn (sightline debt lists every "
             "service).")
      .arg(grid.omittedRows)
      .arg(grid.omittedRows == 1 ? QStringLiteral("row") : QStringLiteral("rows"));
}

QString noDebtDataText() {
  return QStringLiteral(
      "No tech-debt data imported. The importers (sightline import, the GUI's Open) read "
      "SonarQube measures (api/measures/component and component_tree JSON), SARIF 2.1.0 "
      "(staticcheck, ESLint, …), Go coverage profiles and go tool cover -func, jscpd and cloc "
      "JSON, git log --numstat and CODEOWNERS (docs/DEBT.md).");
}

}  // namespace sightline
