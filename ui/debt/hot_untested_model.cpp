#include "ui/debt/hot_untested_model.h"

#include "model/text/number_text.h"
#include "ui/debt/debt_cell_text.h"

namespace sightline {

HotUntestedModel::HotUntestedModel(QObject* parent)
    : VectorTableModel<HotUntestedFunction>(ColumnCount, parent) {}

void HotUntestedModel::setThresholds(const DebtThresholds& thresholds) {
  m_thresholds = thresholds;
  if (rowCount() > 0)
    emit dataChanged(index(0, CoverageColumn), index(rowCount() - 1, CoverageColumn));
}

QVariant HotUntestedModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const HotUntestedFunction& f = rowAt(index);
  const int column = index.column();
  if (role == Qt::DisplayRole) {
    switch (column) {
      case RankColumn:
        return index.row() + 1;
      case FunctionColumn:
        return QString::fromStdString(f.function);
      case ServiceColumn:
        return QString::fromStdString(f.service);
      case FileColumn:
        return QString::fromStdString(f.file);
      case CpuShareColumn:
        return debtShareText(f.cpuShare);
      case CriticalPathColumn:
        return f.criticalPathShare ? debtShareText(*f.criticalPathShare) : debtAbsentText();
      case CoverageColumn:
        return f.coverage ? debtPercentText(*f.coverage) : debtAbsentText();
      case ScoreColumn:
        return formatSignificant(f.rank, 3);
      default:
        return {};
    }
  }
  if (role == SortRole) {
    switch (column) {
      case RankColumn:
        return index.row();
      case FunctionColumn:
        return QString::fromStdString(f.function);
      case ServiceColumn:
        return QString::fromStdString(f.service);
      case FileColumn:
        return QString::fromStdString(f.file);
      case CpuShareColumn:
        return f.cpuShare;
      case CriticalPathColumn:
        return f.criticalPathShare ? QVariant(*f.criticalPathShare) : QVariant();
      case CoverageColumn:
        return f.coverage ? QVariant(*f.coverage) : QVariant();
      case ScoreColumn:
        return f.rank;
      default:
        return {};
    }
  }
  if (role == StatusRole && column == CoverageColumn) {
    DebtFigures figures;
    figures.coverage = f.coverage;
    return static_cast<int>(debtCellStatus(DebtColumn::Coverage, figures, m_thresholds));
  }
  if (role == Qt::TextAlignmentRole && column != FunctionColumn && column != ServiceColumn &&
      column != FileColumn)
    return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole) {
    if (column == FunctionColumn || column == FileColumn) {
      return tr("%1\n%2 (%3)")
          .arg(QString::fromStdString(f.function), QString::fromStdString(f.file),
               QString::fromStdString(f.service));
    }
    if (column == ScoreColumn)
      return tr("share × (1 − coverage): what testing this function would cover of the hot code");
    if (column == CoverageColumn)
      return tr("the function's coverage (go tool cover -func), else its file's; gate ≥ %1 %")
          .arg(formatSignificant(m_thresholds.minCoverage, 4));
  }
  return {};
}

QVariant HotUntestedModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case RankColumn:
      return tr("#");
    case FunctionColumn:
      return tr("Function");
    case ServiceColumn:
      return tr("Service");
    case FileColumn:
      return tr("File");
    case CpuShareColumn:
      return tr("CPU share");
    case CriticalPathColumn:
      return tr("Critical-path share");
    case CoverageColumn:
      return tr("Coverage");
    case ScoreColumn:
      return tr("Rank score");
    default:
      return {};
  }
}

}  // namespace sightline
