#include "ui/compare/compare_path_model.h"

#include <QBrush>
#include <cmath>

#include "ui/compare/compare_colors.h"

namespace sightline {

namespace {

QString perTrace(double value, std::uint64_t spans) {
  return spans == 0 ? QStringLiteral("–") : QString::number(value, 'f', 2);
}

}  // namespace

ComparePathModel::ComparePathModel(QObject* parent) : QAbstractItemModel(parent) {}

void ComparePathModel::setPaths(std::vector<PathComparison> paths) {
  beginResetModel();
  m_paths = std::move(paths);
  m_roots.clear();
  m_children.assign(m_paths.size(), {});
  m_row.assign(m_paths.size(), 0);
  // Paths come depth-first, each after its parent: appending keeps the siblings' order.
  for (std::size_t i = 0; i < m_paths.size(); ++i) {
    const int parent = m_paths[i].parent;
    auto& list = parent < 0 ? m_roots : m_children[static_cast<std::size_t>(parent)];
    m_row[i] = static_cast<int>(list.size());
    list.push_back(static_cast<std::uint32_t>(i));
  }
  endResetModel();
}

QModelIndex ComparePathModel::indexOfPath(std::size_t path) const {
  if (path >= m_paths.size())
    return {};
  return createIndex(m_row[path], 0, static_cast<quintptr>(path));
}

const std::vector<std::uint32_t>& ComparePathModel::childrenOf(const QModelIndex& parent) const {
  return parent.isValid() ? m_children[parent.internalId()] : m_roots;
}

QModelIndex ComparePathModel::index(int row, int column, const QModelIndex& parent) const {
  if (column < 0 || column >= ColumnCount || row < 0 || (parent.isValid() && parent.column() != 0))
    return {};
  const auto& children = childrenOf(parent);
  if (static_cast<std::size_t>(row) >= children.size())
    return {};
  return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex ComparePathModel::parent(const QModelIndex& child) const {
  if (!child.isValid())
    return {};
  const int parent = m_paths[child.internalId()].parent;
  if (parent < 0)
    return {};
  return indexOfPath(static_cast<std::size_t>(parent));
}

int ComparePathModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0)
    return 0;
  return static_cast<int>(childrenOf(parent).size());
}

int ComparePathModel::columnCount(const QModelIndex&) const {
  return ColumnCount;
}

QVariant ComparePathModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid())
    return {};
  const std::size_t i = index.internalId();
  const PathComparison& path = m_paths[i];
  const int column = index.column();
  if (role == PathIndexRole)
    return QVariant::fromValue<qulonglong>(i);
  if (role == ChangedRole)
    return path.change == PathChange::Same ? QStringLiteral("same") : QStringLiteral("changed");
  if (role == Qt::TextAlignmentRole) {
    if (column >= BaselineColumn)
      return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  }
  if ((role == Qt::ForegroundRole || role == Qt::BackgroundRole) && column != PathColumn) {
    const bool worse = path.change == PathChange::Added || path.change == PathChange::More;
    const bool better = path.change == PathChange::Removed || path.change == PathChange::Fewer;
    if (!worse && !better)
      return role == Qt::ForegroundRole ? QVariant(QBrush(compare_colors::mutedText()))
                                        : QVariant();
    if (role == Qt::ForegroundRole)
      return QBrush(worse ? compare_colors::regressionText() : compare_colors::improvementText());
    return column == ChangeColumn
               ? QVariant(QBrush(worse ? compare_colors::regressionBackground()
                                       : compare_colors::improvementBackground()))
               : QVariant();
  }
  if (role == Qt::ToolTipRole && column == PathColumn) {
    QString text;
    for (const PathStep& step : fullPath(m_paths, i)) {
      text += (text.isEmpty() ? QString() : QStringLiteral("\n→ ")) +
              QString::fromStdString(step.service + " " + step.operation);
    }
    return QString(
        text + tr("\n%1 span(s) before, %2 after").arg(path.baselineSpans).arg(path.targetSpans));
  }
  const bool sort = role == SortRole;
  if (role != Qt::DisplayRole && !sort)
    return {};
  switch (column) {
    case PathColumn:
      return QString::fromStdString(path.step.service + " " + path.step.operation);
    case ChangeColumn:
      return sort ? QVariant(static_cast<int>(path.change))
                  : QVariant(QLatin1String(pathChangeName(path.change)));
    case BaselineColumn:
      return sort ? QVariant(path.baselinePerTrace)
                  : QVariant(perTrace(path.baselinePerTrace, path.baselineSpans));
    case TargetColumn:
      return sort ? QVariant(path.targetPerTrace)
                  : QVariant(perTrace(path.targetPerTrace, path.targetSpans));
    case DifferenceColumn: {
      const double difference = path.targetPerTrace - path.baselinePerTrace;
      if (sort)
        return difference;
      if (std::abs(difference) < 0.005)
        return QStringLiteral("0");
      return QString((difference > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
                     QString::number(std::abs(difference), 'f', 2));
    }
    default:
      return {};
  }
}

QVariant ComparePathModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal)
    return {};
  if (role == Qt::ToolTipRole && section >= BaselineColumn) {
    return tr("Spans with this path per trace with the same root (root service and operation)");
  }
  if (role != Qt::DisplayRole)
    return {};
  switch (section) {
    case PathColumn:
      return tr("Path (service operation)");
    case ChangeColumn:
      return tr("Change");
    case BaselineColumn:
      return tr("Before / trace");
    case TargetColumn:
      return tr("After / trace");
    case DifferenceColumn:
      return tr("Δ / trace");
    default:
      return {};
  }
}

}  // namespace sightline
