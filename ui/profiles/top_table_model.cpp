#include "ui/profiles/top_table_model.h"

#include "model/text/profile_value_text.h"

namespace sightline {

TopTableModel::TopTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TopTableModel::setReport(std::shared_ptr<const TopReport> report) {
  beginResetModel();
  m_report = std::move(report);
  m_runningFlat.clear();
  m_names.clear();
  if (m_report) {
    m_runningFlat.reserve(m_report->rows.size());
    m_names.reserve(m_report->rows.size());
    std::int64_t sum = 0;
    for (const TopRow& row : m_report->rows) {
      // As pprof: a plain running sum, shown as |sum| / total (so in -diff_base mode it can
      // shrink when a row's flat is negative).
      sum += row.flat;
      m_runningFlat.push_back(sum);
      m_names.push_back(QString::fromStdString(row.function));
    }
  }
  endResetModel();
}

int TopTableModel::rowOfFunction(const QString& function) const {
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    if (m_names[i] == function)
      return static_cast<int>(i);
  }
  return -1;
}

QString TopTableModel::functionAt(int row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= m_names.size())
    return {};
  return m_names[static_cast<std::size_t>(row)];
}

int TopTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !m_report ? 0 : static_cast<int>(m_report->rows.size());
}

int TopTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const auto row = static_cast<std::size_t>(index.row());
  const TopRow& top = m_report->rows[row];
  const std::int64_t total = m_report->total;
  const std::string& unit = m_report->sampleType.unit;
  switch (role) {
    case FunctionRole:
      return m_names[row];
    case Qt::TextAlignmentRole:
      return index.column() == NameColumn
                 ? QVariant()
                 : QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      return index.column() == NameColumn ? QVariant(m_names[row]) : QVariant();
    case SortRole:
      switch (index.column()) {
        case FlatColumn:
        case FlatPercentColumn:
          return QVariant::fromValue<qlonglong>(top.flat);
        case SumPercentColumn:
          return QVariant::fromValue<qlonglong>(m_runningFlat[row]);
        case CumColumn:
        case CumPercentColumn:
          return QVariant::fromValue<qlonglong>(top.cum);
        case NameColumn:
          return m_names[row];
        default:
          return {};
      }
    case Qt::DisplayRole:
      switch (index.column()) {
        case FlatColumn:
          return formatProfileValue(top.flat, unit);
        case FlatPercentColumn:
          return formatProfilePercent(top.flat, total);
        case SumPercentColumn:
          return formatProfilePercent(m_runningFlat[row], total);
        case CumColumn:
          return formatProfileValue(top.cum, unit);
        case CumPercentColumn:
          return formatProfilePercent(top.cum, total);
        case NameColumn:
          // pprof marks functions reached only (or partly) through inlined calls.
          switch (top.inlined) {
            case TopInline::kInline:
              return QString(m_names[row] + QStringLiteral(" (inline)"));
            case TopInline::kPartialInline:
              return QString(m_names[row] + QStringLiteral(" (partial-inline)"));
            case TopInline::kNone:
              break;
          }
          return m_names[row];
        default:
          return {};
      }
    default:
      return {};
  }
}

QVariant TopTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case FlatColumn:
      return tr("flat");
    case FlatPercentColumn:
      return tr("flat%");
    case SumPercentColumn:
      return tr("sum%");
    case CumColumn:
      return tr("cum");
    case CumPercentColumn:
      return tr("cum%");
    case NameColumn:
      return tr("name");
    default:
      return {};
  }
}

}  // namespace sightline
