#include "ui/diagnosis/findings_table_model.h"

#include <set>

#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "ui/diagnosis/finding_text.h"

namespace sightline {

namespace {

QString durationOrBlank(std::uint64_t ns) {
  return ns == 0 ? QString() : formatDuration(ns);
}

// The date is dropped from "last seen" when "first seen" shows it already.
QString lastSeenText(const Finding& finding) {
  if (finding.lastSeenUnixNano == 0)
    return {};
  const QString first = formatLocalTimestamp(finding.firstSeenUnixNano);
  const QString last = formatLocalTimestamp(finding.lastSeenUnixNano);
  constexpr qsizetype kDate = 11;  // "yyyy-MM-dd "
  return first.left(kDate) == last.left(kDate) ? last.mid(kDate) : last;
}

QStringList sortedUnique(const std::vector<Finding>& findings,
                         const std::string& (*field)(const Finding&)) {
  std::set<std::string> values;
  for (const Finding& finding : findings) {
    if (!field(finding).empty())
      values.insert(field(finding));
  }
  QStringList list;
  for (const std::string& value : values)
    list << QString::fromStdString(value);
  return list;
}

}  // namespace

FindingsTableModel::FindingsTableModel(QObject* parent)
    : VectorTableModel<Finding>(ColumnCount, parent) {}

const Finding* FindingsTableModel::findingAt(int row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= rows().size())
    return nullptr;
  return &rows()[static_cast<std::size_t>(row)];
}

QVariant FindingsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid())
    return {};
  const Finding& f = rowAt(index);
  const int column = index.column();
  if (role == SeverityRole)
    return static_cast<int>(f.severity);
  if (role == RankRole)
    return index.row();
  if (role == Qt::DisplayRole) {
    switch (column) {
      case SeverityColumn:
        return severityLabel(f.severity);
      case TitleColumn:
        return QString::fromStdString(f.title);
      case SubjectColumn:
        return findingSubject(f);
      case RuleColumn:
        return QString::fromStdString(f.rule);
      case ImpactColumn:
        return durationOrBlank(f.impactNs);
      case PerRequestColumn:
        return durationOrBlank(f.impactPerRequestNs);
      case CountColumn:
        return QString::number(f.count);
      case FirstSeenColumn:
        return f.firstSeenUnixNano == 0 ? QString() : formatLocalTimestamp(f.firstSeenUnixNano);
      case LastSeenColumn:
        return lastSeenText(f);
      default:
        return {};
    }
  }
  if (role == SortRole) {
    switch (column) {
      case SeverityColumn:
        // Ties keep the stored order (impact within a severity).
        return static_cast<int>(f.severity) * 1000000 - index.row();
      case ImpactColumn:
        return QVariant::fromValue<qulonglong>(f.impactNs);
      case PerRequestColumn:
        return QVariant::fromValue<qulonglong>(f.impactPerRequestNs);
      case CountColumn:
        return QVariant::fromValue<qulonglong>(f.count);
      case FirstSeenColumn:
        return QVariant::fromValue<qulonglong>(f.firstSeenUnixNano);
      case LastSeenColumn:
        return QVariant::fromValue<qulonglong>(f.lastSeenUnixNano);
      default:
        return data(index, Qt::DisplayRole);
    }
  }
  if (role == Qt::TextAlignmentRole) {
    if (column == ImpactColumn || column == PerRequestColumn || column == CountColumn)
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
  }
  if (role == Qt::ToolTipRole) {
    switch (column) {
      case TitleColumn:
        if (f.explanation.empty())
          return QString::fromStdString(f.title);
        return QString(QString::fromStdString(f.title) + QStringLiteral("\n\n") +
                       QString::fromStdString(f.explanation));
      case SubjectColumn:
        return findingSubject(f);
      case PerRequestColumn:
        if (f.trafficShare > 0)
          return tr("Touches %1 % of the traces").arg(f.trafficShare * 100.0, 0, 'f', 1);
        return {};
      case FirstSeenColumn:
      case LastSeenColumn:
        return findingTimeRange(f);
      default:
        return {};
    }
  }
  return {};
}

QVariant FindingsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal)
    return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case SeverityColumn:
        return tr("Severity");
      case TitleColumn:
        return tr("Finding");
      case SubjectColumn:
        return tr("Subject");
      case RuleColumn:
        return tr("Rule");
      case ImpactColumn:
        return tr("Impact");
      case PerRequestColumn:
        return tr("Per request");
      case CountColumn:
        return tr("Count");
      case FirstSeenColumn:
        return tr("First seen");
      case LastSeenColumn:
        return tr("Last seen");
      default:
        return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case ImpactColumn:
        return tr("Time that could be saved in total");
      case PerRequestColumn:
        return tr("Time that could be saved per affected request");
      case CountColumn:
        return tr("Occurrences, as the rule counts them (spans, runs, samples…)");
      default:
        return {};
    }
  }
  return {};
}

bool FindingsFilter::matches(const Finding& finding) const {
  if (minSeverity && finding.severity < *minSeverity)
    return false;
  if (!service.isEmpty() && QString::fromStdString(finding.service) != service)
    return false;
  if (!rule.isEmpty() && QString::fromStdString(finding.rule) != rule)
    return false;
  return true;
}

FindingsFilterModel::FindingsFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(FindingsTableModel::SortRole);
}

void FindingsFilterModel::setFilter(const FindingsFilter& filter) {
  m_filter = filter;
  invalidateFilter();
}

bool FindingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  if (sourceParent.isValid())
    return false;
  const auto* model = qobject_cast<const FindingsTableModel*>(sourceModel());
  const Finding* finding = model ? model->findingAt(sourceRow) : nullptr;
  return finding && m_filter.matches(*finding);
}

QStringList findingServices(const std::vector<Finding>& findings) {
  return sortedUnique(findings, [](const Finding& f) -> const std::string& { return f.service; });
}

QStringList findingRules(const std::vector<Finding>& findings) {
  return sortedUnique(findings, [](const Finding& f) -> const std::string& { return f.rule; });
}

}  // namespace sightline
