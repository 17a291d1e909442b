#include "ui/debt/debt_evidence_models.h"

#include <QBrush>

#include "model/text/number_text.h"
#include "ui/debt/debt_cell_text.h"
#include "ui/debt/debt_colors.h"

namespace sightline {

namespace {

QString levelText(const DebtIssueRow& issue) {
  QString text = QString::fromStdString(issue.level);
  if (issue.securitySeverity)
    text +=
        DebtIssuesModel::tr(" · security %1").arg(formatSignificant(*issue.securitySeverity, 3));
  return text;
}

QString location(const DebtIssueRow& issue) {
  QString text = QString::fromStdString(issue.path);
  if (issue.line > 0)
    text += QLatin1Char(':') + QString::number(issue.line);
  return text;
}

}  // namespace

// Files

const std::vector<DebtColumn>& DebtFilesModel::figureColumns() {
  static const std::vector<DebtColumn> kColumns = {
      DebtColumn::Coverage,   DebtColumn::Duplication, DebtColumn::VulnerabilityDensity,
      DebtColumn::CodeSmells, DebtColumn::Churn,       DebtColumn::CpuShare,
  };
  return kColumns;
}

DebtFilesModel::DebtFilesModel(QObject* parent)
    : VectorTableModel<DebtRow>(1 + static_cast<int>(figureColumns().size()), parent) {}

void DebtFilesModel::setThresholds(const DebtThresholds& thresholds) {
  m_thresholds = thresholds;
  if (rowCount() > 0)
    emit dataChanged(index(0, 1), index(rowCount() - 1, columnCount() - 1));
}

QVariant DebtFilesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const DebtRow& row = rowAt(index);
  if (index.column() == kPathColumn) {
    if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole)
      return QString::fromStdString(row.path);
    return {};
  }
  const DebtColumn column = figureColumns()[static_cast<std::size_t>(index.column() - 1)];
  switch (role) {
    case Qt::DisplayRole:
      return debtCellText(column, row.figures);
    case Qt::ToolTipRole:
      return debtCellToolTip(column, row.figures, m_thresholds);
    case Qt::TextAlignmentRole:
      return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    case SortRole: {
      const auto value = debtColumnValue(column, row.figures);
      return value ? QVariant(*value) : QVariant();
    }
    case StatusRole:
      return static_cast<int>(debtCellStatus(column, row.figures, m_thresholds));
    default:
      return {};
  }
}

QVariant DebtFilesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  if (section == kPathColumn)
    return tr("File");
  if (section < 1 || section > static_cast<int>(figureColumns().size()))
    return {};
  return QString::fromUtf8(debtColumnTitle(figureColumns()[static_cast<std::size_t>(section - 1)]));
}

// Static-analysis results

DebtIssuesModel::DebtIssuesModel(QObject* parent)
    : VectorTableModel<DebtIssueRow>(ColumnCount, parent) {}

QVariant DebtIssuesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const DebtIssueRow& issue = rowAt(index);
  if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
      case ToolColumn:
        return QString::fromStdString(issue.tool);
      case RuleColumn:
        return QString::fromStdString(issue.ruleId);
      case LevelColumn:
        if (role == SortRole)
          return issue.securitySeverity ? *issue.securitySeverity : -1.0;
        return levelText(issue);
      case LocationColumn:
        return location(issue);
      case MessageColumn:
        return QString::fromStdString(issue.message);
      default:
        return {};
    }
  }
  if (role == Qt::ForegroundRole && index.column() == LevelColumn &&
      (issue.level == "error" || issue.securitySeverity))
    return QBrush(debt_colors::worseText());
  return {};
}

QVariant DebtIssuesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case ToolColumn:
      return tr("Tool");
    case RuleColumn:
      return tr("Rule");
    case LevelColumn:
      return tr("Level");
    case LocationColumn:
      return tr("File:line");
    case MessageColumn:
      return tr("Message");
    default:
      return {};
  }
}

// Findings

DebtFindingsModel::DebtFindingsModel(QObject* parent)
    : VectorTableModel<DebtFindingRef>(ColumnCount, parent) {}

QVariant DebtFindingsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const DebtFindingRef& finding = rowAt(index);
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
      case SeverityColumn:
        return QString::fromStdString(finding.severity);
      case RuleColumn:
        return QString::fromStdString(finding.rule);
      case TitleColumn:
        return QString::fromStdString(finding.title);
      case OpenColumn:
        return role == Qt::ToolTipRole ? tr("Show this finding on the Diagnosis tab") : QVariant();
      default:
        return {};
    }
  }
  if (role == Qt::ForegroundRole && index.column() == SeverityColumn &&
      (finding.severity == "high" || finding.severity == "critical"))
    return QBrush(debt_colors::worseText());
  return {};
}

QVariant DebtFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case SeverityColumn:
      return tr("Severity");
    case RuleColumn:
      return tr("Rule");
    case TitleColumn:
      return tr("Finding");
    default:
      return {};
  }
}

}  // namespace sightline
