#include "ui/compare/compare_operations_model.h"

#include <QBrush>
#include <QFont>
#include <cmath>
#include <cstdlib>

#include "model/text/duration_text.h"
#include "ui/compare/compare_colors.h"

namespace sightline {

namespace {

// A regression or improvement must move the p95 by at least this share of the baseline.
constexpr double kRelevantRatio = 0.10;
// ... and the error rate by at least this many points.
constexpr double kRelevantErrorChange = 0.005;

const QString kArrow = QStringLiteral(" → ");
const QString kNone = QStringLiteral("–");

QString percentText(double rate) {
  return QString::number(rate * 100, 'f', 1) + QStringLiteral(" %");
}

QString signedDuration(std::int64_t ns) {
  if (ns == 0)
    return QStringLiteral("0");
  return (ns > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
         formatDuration(static_cast<std::uint64_t>(std::llabs(ns)));
}

QString signedPercent(double ratio) {
  const double percent = ratio * 100;
  const QString text = QString::number(std::abs(percent), 'f', std::abs(percent) < 10 ? 1 : 0) +
                       QStringLiteral(" %");
  if (text.startsWith(QStringLiteral("0.0 ")) || text.startsWith(QStringLiteral("0 ")))
    return text;
  return (percent > 0 ? QStringLiteral("+") : QStringLiteral("−")) + text;
}

// "baseline → target" of one figure, "–" for the side without the operation.
template <typename Text>
QString both(const OperationComparison& row, Text text) {
  return (row.baseline ? text(*row.baseline) : kNone) + kArrow +
         (row.target ? text(*row.target) : kNone);
}

// The target's figure (else the baseline's) for sorting.
template <typename Field>
QVariant sortValue(const OperationComparison& row, Field field) {
  if (row.target)
    return QVariant::fromValue(field(*row.target));
  return row.baseline ? QVariant::fromValue(field(*row.baseline)) : QVariant();
}

}  // namespace

CompareOperationsModel::CompareOperationsModel(QObject* parent)
    : VectorTableModel<OperationComparison>(ColumnCount, parent) {}

CompareOperationsModel::Verdict CompareOperationsModel::p95Verdict(const OperationComparison& row) {
  if (!row.p95ChangeNs || *row.p95ChangeNs == 0)
    return Verdict::Neutral;
  // A p95 from 0 has no ratio: any rise is relevant.
  const double ratio = row.p95ChangeRatio.value_or(1.0);
  if (*row.p95ChangeNs > 0 && ratio >= kRelevantRatio)
    return Verdict::Regression;
  if (*row.p95ChangeNs < 0 && ratio <= -kRelevantRatio)
    return Verdict::Improvement;
  return Verdict::Neutral;
}

CompareOperationsModel::Verdict CompareOperationsModel::errorVerdict(
    const OperationComparison& row) {
  const double change = row.errorRateChange.value_or(0);
  if (change >= kRelevantErrorChange)
    return Verdict::Regression;
  if (change <= -kRelevantErrorChange)
    return Verdict::Improvement;
  return Verdict::Neutral;
}

QVariant CompareOperationsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const OperationComparison& row = rowAt(index);
  const int column = index.column();
  if (role == Qt::TextAlignmentRole) {
    if (column >= CountColumn)
      return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  }
  if (role == Qt::ForegroundRole || role == Qt::BackgroundRole) {
    Verdict verdict = Verdict::Neutral;
    if (column == P95TargetColumn || column == P95ChangeColumn || column == P95RelativeColumn)
      verdict = p95Verdict(row);
    else if (column == ErrorRateColumn || column == ErrorRateChangeColumn)
      verdict = errorVerdict(row);
    else if (column == StatusColumn && row.status != OperationComparison::Status::Changed)
      return role == Qt::ForegroundRole ? QVariant(QBrush(compare_colors::mutedText()))
                                        : QVariant();
    if (verdict == Verdict::Neutral)
      return {};
    const bool worse = verdict == Verdict::Regression;
    if (role == Qt::ForegroundRole) {
      return QBrush(worse ? compare_colors::regressionText() : compare_colors::improvementText());
    }
    return QBrush(worse ? compare_colors::regressionBackground()
                        : compare_colors::improvementBackground());
  }
  if (role == Qt::FontRole && column == P95ChangeColumn && p95Verdict(row) != Verdict::Neutral) {
    QFont font;
    font.setBold(true);
    return font;
  }
  if (role == Qt::ToolTipRole && column == StatusColumn) {
    switch (row.status) {
      case OperationComparison::Status::Added:
        return tr("Only in the target");
      case OperationComparison::Status::Removed:
        return tr("Only in the baseline");
      case OperationComparison::Status::Changed:
        return tr("On both sides");
    }
  }
  const bool sort = role == SortRole;
  if (role != Qt::DisplayRole && !sort)
    return {};
  using F = OperationSideFigures;
  switch (column) {
    case ServiceColumn:
      return QString::fromStdString(row.service);
    case OperationColumn:
      return QString::fromStdString(row.operation);
    case StatusColumn:
      return sort ? QVariant(static_cast<int>(row.status))
                  : QVariant(QLatin1String(operationStatusName(row.status)));
    case CountColumn:
      if (sort)
        return sortValue(row, [](const F& f) { return qulonglong(f.count); });
      return both(row, [](const F& f) { return QString::number(f.count); });
    case P50Column:
      if (sort)
        return sortValue(row, [](const F& f) { return qulonglong(f.p50Ns); });
      return both(row, [](const F& f) { return formatDuration(f.p50Ns); });
    case P95BaselineColumn:
      if (!row.baseline)
        return sort ? QVariant() : QVariant(kNone);
      return sort ? QVariant::fromValue<qulonglong>(row.baseline->p95Ns)
                  : QVariant(formatDuration(row.baseline->p95Ns));
    case P95TargetColumn:
      if (!row.target)
        return sort ? QVariant() : QVariant(kNone);
      return sort ? QVariant::fromValue<qulonglong>(row.target->p95Ns)
                  : QVariant(formatDuration(row.target->p95Ns));
    case P95ChangeColumn:
      if (!row.p95ChangeNs)
        return sort ? QVariant() : QVariant(kNone);
      return sort ? QVariant::fromValue<qlonglong>(*row.p95ChangeNs)
                  : QVariant(signedDuration(*row.p95ChangeNs));
    case P95RelativeColumn:
      if (!row.p95ChangeRatio)
        return sort ? QVariant() : QVariant(kNone);
      return sort ? QVariant(*row.p95ChangeRatio) : QVariant(signedPercent(*row.p95ChangeRatio));
    case P99Column:
      if (sort)
        return sortValue(row, [](const F& f) { return qulonglong(f.p99Ns); });
      return both(row, [](const F& f) { return formatDuration(f.p99Ns); });
    case ErrorRateColumn:
      if (sort)
        return sortValue(row, [](const F& f) { return f.errorRate; });
      return both(row, [](const F& f) { return percentText(f.errorRate); });
    case ErrorRateChangeColumn:
      if (!row.errorRateChange)
        return sort ? QVariant() : QVariant(kNone);
      if (sort)
        return *row.errorRateChange;
      if (*row.errorRateChange == 0)
        return QStringLiteral("0");
      return QString((*row.errorRateChange > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
                     QString::number(std::abs(*row.errorRateChange) * 100, 'f', 1) +
                     QStringLiteral(" pt"));
    default:
      return {};
  }
}

QVariant CompareOperationsModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
  if (orientation != Qt::Horizontal)
    return QAbstractTableModel::headerData(section, orientation, role);
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case P95ChangeColumn:
        return tr("Target p95 − baseline p95; red when it rose by 10 % or more");
      case ErrorRateColumn:
        return tr("Spans with status ERROR, HTTP status ≥ 500 or gRPC status ≠ 0");
      case ErrorRateChangeColumn:
        return tr("Change of the error rate in percentage points");
      default:
        return {};
    }
  }
  if (role != Qt::DisplayRole)
    return {};
  switch (section) {
    case ServiceColumn:
      return tr("Service");
    case OperationColumn:
      return tr("Operation");
    case StatusColumn:
      return tr("Status");
    case CountColumn:
      return tr("Count");
    case P50Column:
      return tr("p50");
    case P95BaselineColumn:
      return tr("p95 before");
    case P95TargetColumn:
      return tr("p95 after");
    case P95ChangeColumn:
      return tr("Δ p95");
    case P95RelativeColumn:
      return tr("Δ p95 %");
    case P99Column:
      return tr("p99");
    case ErrorRateColumn:
      return tr("Errors");
    case ErrorRateChangeColumn:
      return tr("Δ errors");
    default:
      return {};
  }
}

}  // namespace sightline
