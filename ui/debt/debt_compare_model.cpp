#include "ui/debt/debt_compare_model.h"

#include <cmath>

#include <QBrush>
#include <QFont>

#include "ui/debt/debt_cell_text.h"
#include "ui/debt/debt_colors.h"

namespace sightline {

namespace {

// Changes smaller than this are rounding, not a change.
constexpr double kEpsilon = 1e-9;

}  // namespace

const std::vector<DebtColumn>& DebtCompareModel::comparedColumns() {
  static const std::vector<DebtColumn> kColumns = {
      DebtColumn::Coverage,   DebtColumn::Duplication, DebtColumn::VulnerabilityDensity,
      DebtColumn::CodeSmells, DebtColumn::DebtMinutes, DebtColumn::Churn,
  };
  return kColumns;
}

DebtCompareModel::DebtCompareModel(QObject* parent)
    : VectorTableModel<DebtServiceChange>(1 + 2 * static_cast<int>(comparedColumns().size()),
                                          parent) {}

std::optional<int> DebtCompareModel::direction(DebtColumn column, const DebtServiceChange& change) {
  const std::optional<double> delta = debtChange(column, change.baseline, change.target);
  if (!delta)
    return std::nullopt;
  if (std::abs(*delta) < kEpsilon)
    return 0;
  const bool up = *delta > 0;
  return up == debtHigherIsBetter(column) ? 1 : -1;
}

QVariant DebtCompareModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const DebtServiceChange& row = rowAt(index);
  if (index.column() == kServiceColumn) {
    if (role == Qt::DisplayRole || role == SortRole)
      return QString::fromStdString(row.service);
    return {};
  }
  const int figure = (index.column() - 1) / 2;
  const bool isChange = index.column() == changeColumn(figure);
  const DebtColumn column = comparedColumns()[static_cast<std::size_t>(figure)];
  const std::optional<double> delta = debtChange(column, row.baseline, row.target);
  const std::optional<int> dir = direction(column, row);
  switch (role) {
    case Qt::DisplayRole:
      if (isChange)
        return delta ? debtChangeText(column, *delta) : debtAbsentText();
      return QString(debtCellText(column, row.baseline) + QStringLiteral(" → ") +
                     debtCellText(column, row.target));
    case SortRole:
      if (isChange)
        return delta ? QVariant(*delta) : QVariant();
      {
        const std::optional<double> value = debtColumnValue(column, row.target);
        return value ? QVariant(*value) : QVariant();
      }
    case DirectionRole:
      return dir ? QVariant(*dir) : QVariant();
    case Qt::TextAlignmentRole:
      return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
      if (!dir || *dir == 0)
        return isChange ? QVariant(QBrush(debt_colors::mutedText())) : QVariant();
      return QBrush(*dir > 0 ? debt_colors::betterText() : debt_colors::worseText());
    case Qt::BackgroundRole:
      if (!isChange || !dir || *dir == 0)
        return {};
      return QBrush(*dir > 0 ? debt_colors::betterFill() : debt_colors::worseFill());
    case Qt::FontRole:
      if (isChange && dir && *dir != 0) {
        QFont font;
        font.setBold(true);
        return font;
      }
      return {};
    default:
      return {};
  }
}

QVariant DebtCompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal)
    return {};
  if (section == kServiceColumn)
    return role == Qt::DisplayRole ? QVariant(tr("Service")) : QVariant();
  const int figure = (section - 1) / 2;
  if (figure < 0 || figure >= static_cast<int>(comparedColumns().size()))
    return {};
  const DebtColumn column = comparedColumns()[static_cast<std::size_t>(figure)];
  const bool isChange = section == changeColumn(figure);
  if (role == Qt::DisplayRole)
    return isChange ? QStringLiteral("Δ") : QString::fromUtf8(debtColumnTitle(column));
  if (role == Qt::ToolTipRole) {
    return isChange ? tr("Change of %1 from before to after; green when it improved")
                          .arg(QString::fromUtf8(debtColumnTitle(column)))
                    : tr("before → after");
  }
  return {};
}

}  // namespace sightline
