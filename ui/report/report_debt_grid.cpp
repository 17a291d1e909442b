#include "ui/report/report_debt_grid.h"

#include <cmath>
#include <optional>

#include "model/text/duration_text.h"
#include "model/text/number_text.h"
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

// As the GUI writes them (ui/debt/debt_cell_text.cpp): "41.2 %", and small values to two
// significant digits rather than "0.0 %".
QString percent(double value) {
  if (value != 0 && std::abs(value) < 0.1)
    return formatSignificant(value, 2) + QStringLiteral(" %");
  return QString::number(value, 'f', 1) + QStringLiteral(" %");
}

QString share(double value) {
  return percent(value * 100.0);
}

QString budget(double ms) {
  return formatDuration(static_cast<std::uint64_t>(ms * 1e6));
}

QString cellText(DebtColumn column, double value) {
  switch (column) {
    case DebtColumn::Coverage:
    case DebtColumn::Duplication:
      return percent(value);
    case DebtColumn::VulnerabilityDensity:
      return formatSignificant(value, 3);
    case DebtColumn::CodeSmells:
    case DebtColumn::DebtMinutes:
    case DebtColumn::Churn:
    case DebtColumn::Findings:
      return count(value);
    case DebtColumn::P99:
      return formatDuration(static_cast<std::uint64_t>(std::max(0.0, value)));
    case DebtColumn::ErrorRate:
    case DebtColumn::CriticalPathShare:
    case DebtColumn::CpuShare:
      return share(value);
  }
  return {};
}

DebtGridColumn columnOf(DebtColumn column, const DebtThresholds& t) {
  switch (column) {
    case DebtColumn::Coverage:
      return {QStringLiteral("Coverage"), QString(),
              QStringLiteral("statement or line coverage; gate ≥ %1 %")
                  .arg(significant(t.minCoverage))};
    case DebtColumn::Duplication:
      return {QStringLiteral("Duplicated"), QStringLiteral("lines"),
              QStringLiteral("duplicated lines; gate ≤ %1 %").arg(significant(t.maxDuplication))};
    case DebtColumn::VulnerabilityDensity:
      return {QStringLiteral("Vulns per"), QStringLiteral("1k lines"),
              QStringLiteral("vulnerabilities per 1,000 lines of code; gate ≤ %1")
                  .arg(significant(t.maxVulnerabilityDensity))};
    case DebtColumn::CodeSmells:
      return {QStringLiteral("Code"), QStringLiteral("smells"),
              QStringLiteral("code smells; at most %1 per 1,000 lines")
                  .arg(significant(t.maxCodeSmellsPerKloc))};
    case DebtColumn::DebtMinutes:
      return {QStringLiteral("Debt"), QStringLiteral("(min)"),
              QStringLiteral("SonarQube's technical debt in minutes; at most %1 per 1,000 lines")
                  .arg(significant(t.maxDebtMinutesPerKloc))};
    case DebtColumn::Churn:
      return {
          QStringLiteral("Churn"), QStringLiteral("(commits)"),
          QStringLiteral("commits in the churn window; at most %1").arg(significant(t.maxChurn))};
    case DebtColumn::P99:
      return {
          QStringLiteral("p99"), QString(),
          QStringLiteral("p99 of the service's entry spans; budget %1").arg(budget(t.p99BudgetMs)),
          true};
    case DebtColumn::ErrorRate:
      return {QStringLiteral("Error"), QStringLiteral("rate"),
              QStringLiteral("error spans among the service's spans; at most %1")
                  .arg(share(t.maxErrorRate))};
    case DebtColumn::CriticalPathShare:
      return {QStringLiteral("Critical-"), QStringLiteral("path share"),
              QStringLiteral("share of all traces' critical paths; at most %1")
                  .arg(share(t.maxCriticalPathShare))};
    case DebtColumn::CpuShare:
      return {QStringLiteral("CPU"), QStringLiteral("share"),
              QStringLiteral("share of the profiled CPU; at most %1").arg(share(t.maxCpuShare))};
    case DebtColumn::Findings:
      return {QStringLiteral("Findings"), QString(),
              QStringLiteral("diagnosis findings; at most %1 of severity high or above")
                  .arg(significant(t.maxFindings))};
  }
  return {};
}

DebtGridCell cellOf(const QString& service, DebtColumn column, const DebtGridColumn& head,
                    const DebtRow& row, const DebtThresholds& thresholds) {
  DebtGridCell cell;
  cell.status = debtCellStatus(column, row.figures, thresholds);
  const std::optional<double> value = debtColumnValue(column, row.figures);
  cell.text = value ? cellText(column, *value) : QStringLiteral("–");
  QString what = head.title.left(head.title.indexOf(QLatin1Char(';')));
  if (column == DebtColumn::VulnerabilityDensity && value && !row.figures.vulnerabilityDensity)
    what = QStringLiteral("vulnerabilities (lines of code unknown: the count stands in)");
  cell.tooltip = service + QStringLiteral(": ") + what + QLatin1Char(' ') +
                 (value ? cellText(column, *value) : QStringLiteral("no data")) +
                 QStringLiteral(" — ") + head.title.mid(head.title.indexOf(QLatin1Char(';')) + 2);
  // An absent figure is no status: the grey of "no data", whatever debtCellStatus says.
  if (!value)
    cell.status = DebtCellStatus::Absent;
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
  switch (status) {
    case DebtCellStatus::Bad:
      return QColor(0xef, 0x9a, 0x9a);
    case DebtCellStatus::Warn:
      return QColor(0xff, 0xe0, 0x82);
    case DebtCellStatus::Good:
      return QColor(0xa5, 0xd6, 0xa7);
    case DebtCellStatus::Absent:
      break;
  }
  return QColor(0xf3, 0xf4, 0xf6);
}

QColor debtStatusInk(DebtCellStatus status) {
  switch (status) {
    case DebtCellStatus::Bad:
      return QColor(0x4a, 0x0b, 0x0b);
    case DebtCellStatus::Warn:
      return QColor(0x3e, 0x2c, 0x00);
    case DebtCellStatus::Good:
      return QColor(0x0d, 0x33, 0x10);
    case DebtCellStatus::Absent:
      break;
  }
  return QColor(0x75, 0x75, 0x75);
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
      out.cells.push_back(cellOf(out.name, kColumns[c], grid.columns[c], row, debt.thresholds));
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
