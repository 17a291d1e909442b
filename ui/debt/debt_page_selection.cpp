// The Tech debt page's selection: a cell, a grid cell or a function chosen, its evidence read
// on the thread pool; the showcase cell. The rest of the page is in debt_page.cpp.
#include <QTableView>
#include <QTreeView>

#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_cell_text.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_showcase.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/hot_untested_model.h"

namespace sightline {

namespace {

// The evidence tab that explains a heatmap column best.
DebtEvidencePanel::Tab tabFor(std::optional<DebtColumn> column) {
  if (!column)
    return DebtEvidencePanel::Tab::Files;
  switch (*column) {
    case DebtColumn::Coverage:
    case DebtColumn::CpuShare:
      return DebtEvidencePanel::Tab::HotUntested;
    case DebtColumn::VulnerabilityDensity:
    case DebtColumn::CodeSmells:
    case DebtColumn::DebtMinutes:
      return DebtEvidencePanel::Tab::Issues;
    case DebtColumn::P99:
    case DebtColumn::ErrorRate:
    case DebtColumn::CriticalPathShare:
    case DebtColumn::Findings:
      return DebtEvidencePanel::Tab::Findings;
    case DebtColumn::Duplication:
    case DebtColumn::Churn:
      break;
  }
  return DebtEvidencePanel::Tab::Files;
}

QString unitName(const std::string& service, const std::string& path) {
  return path.empty() ? QString::fromStdString(service)
                      : QStringLiteral("%1 · %2").arg(QString::fromStdString(service),
                                                      QString::fromStdString(path));
}

}  // namespace

void DebtPage::requestEvidence(const std::string& service, const std::string& unitPath,
                               const QString& note, DebtEvidencePanel::Tab tab) {
  if (m_path.isEmpty())
    return;
  m_evidence->showLoading(unitName(service, unitPath));
  m_evidenceJob.run(
      this,
      [path = m_path, options = options(), from = thresholdsFrom(), service, unitPath] {
        return loadUnitEvidence(path, options, from, service, unitPath);
      },
      [this, note, tab](DebtEvidenceLoad load) {
        m_evidence->showEvidence(load, note, tab);
        if (!load.error.isEmpty())
          emit loadFailed(load.error);
        emit evidenceShown();
      });
}

void DebtPage::onHeatmapCurrentChanged(const QModelIndex& proxyIndex) {
  const QModelIndex index = m_tableProxy->mapToSource(proxyIndex);
  const DebtRow* row = m_tableModel->rowAt(index);
  if (!row) {
    m_evidenceJob.invalidate();
    m_evidence->showHint();
    return;
  }
  const std::optional<DebtColumn> column = DebtTableModel::debtColumnOf(index.column());
  // The cell's figure against its threshold, or the unit's name for the name column.
  const QString note = index.data(Qt::ToolTipRole).toString();
  requestEvidence(row->service, row->path, note, tabFor(column));
}

void DebtPage::onCostCurrentChanged(const QModelIndex& proxyIndex) {
  const QModelIndex index = m_costProxy->mapToSource(proxyIndex);
  const CostDebtUnit* unit = m_costModel->unitAt(index);
  if (!unit) {
    m_evidenceJob.invalidate();
    m_evidence->showHint();
    return;
  }
  QString note = index.data(Qt::ToolTipRole).toString();
  note.replace(QStringLiteral("\n\n"), QStringLiteral(" · "));
  note.replace(QLatin1Char('\n'), QStringLiteral(" · "));
  requestEvidence(unit->service, costDebtEvidencePath(*unit), note,
                  DebtEvidencePanel::Tab::Findings);
}

void DebtPage::onHotCurrentChanged(const QModelIndex& proxyIndex) {
  const int row = m_hotProxy->mapToSource(proxyIndex).row();
  if (row < 0 || row >= static_cast<int>(m_hotModel->functions().size())) {
    m_evidenceJob.invalidate();
    m_evidence->showHint();
    return;
  }
  const HotUntestedFunction& f = m_hotModel->functions()[static_cast<std::size_t>(row)];
  const QString note = tr("%1: %2 of the service's CPU, coverage %3")
                           .arg(QString::fromStdString(f.function), debtShareText(f.cpuShare),
                                f.coverage ? debtPercentText(*f.coverage) : debtAbsentText());
  requestEvidence(f.service, f.file, note, DebtEvidencePanel::Tab::Files);
}

void DebtPage::selectCell(const QModelIndex& index) {
  const QModelIndex proxyIndex = m_tableProxy->mapFromSource(index);
  if (!proxyIndex.isValid())
    return;
  for (QModelIndex parent = proxyIndex.parent(); parent.isValid(); parent = parent.parent())
    m_tableView->expand(parent);
  if (m_tableView->currentIndex() == proxyIndex) {
    onHeatmapCurrentChanged(proxyIndex);
  } else {
    m_tableView->setCurrentIndex(proxyIndex);
  }
  m_tableView->scrollTo(proxyIndex);
}

QModelIndex DebtPage::selectCostCell(const QModelIndex& index) {
  const QModelIndex proxyIndex = m_costProxy->mapFromSource(index);
  if (!proxyIndex.isValid())
    return {};
  if (m_costView->currentIndex() == proxyIndex)
    onCostCurrentChanged(proxyIndex);
  else
    m_costView->setCurrentIndex(proxyIndex);
  m_costView->scrollTo(proxyIndex);
  return proxyIndex;
}

void DebtPage::expandRow(int row) {
  const QModelIndex proxyIndex = m_tableProxy->mapFromSource(m_tableModel->indexOfRow(row));
  if (!proxyIndex.isValid())
    return;
  for (QModelIndex index = proxyIndex; index.isValid(); index = index.parent())
    m_tableView->expand(index);
}

QModelIndex DebtPage::showcaseCell() const {
  const DebtCellRef cell = pickShowcaseCell(m_tableModel->table(), m_thresholds);
  return cell.row < 0 ? QModelIndex()
                      : m_tableModel->indexOfRow(cell.row, DebtTableModel::columnOf(cell.column));
}

void DebtPage::replaceTable(const DebtTable& table) {
  // What the user had open and selected stays so across a read (after an import): units are
  // matched by service and path.
  std::vector<std::pair<std::string, std::string>> expanded;
  const DebtTable& before = m_tableModel->table();
  for (std::size_t row = 0; row < before.rows.size(); ++row) {
    const QModelIndex index =
        m_tableProxy->mapFromSource(m_tableModel->indexOfRow(static_cast<int>(row)));
    if (m_tableView->isExpanded(index))
      expanded.emplace_back(before.rows[row].service, before.rows[row].path);
  }
  const QModelIndex current = m_tableProxy->mapToSource(m_tableView->currentIndex());
  const DebtRow* currentRow = m_tableModel->rowAt(current);
  const std::optional<std::pair<std::string, std::string>> selected =
      currentRow ? std::optional(std::pair(currentRow->service, currentRow->path)) : std::nullopt;
  const int column = current.column();

  m_tableModel->setTable(table);
  for (const auto& [service, path] : expanded) {
    const int row = m_tableModel->findRow(service, path);
    if (row >= 0)
      m_tableView->expand(m_tableProxy->mapFromSource(m_tableModel->indexOfRow(row)));
  }
  if (selected) {
    const int row = m_tableModel->findRow(selected->first, selected->second);
    if (row >= 0)
      m_tableView->setCurrentIndex(
          m_tableProxy->mapFromSource(m_tableModel->indexOfRow(row, column)));
  }
}

}  // namespace sightline
