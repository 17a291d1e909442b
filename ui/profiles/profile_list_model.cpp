#include "ui/profiles/profile_list_model.h"

#include <QFileInfo>
#include <QStringList>

#include "model/text/duration_text.h"
#include "model/text/profile_value_text.h"
#include "model/text/timestamp_text.h"

namespace sightline {

namespace {

QString sourceName(const ProfileSummary& profile) {
  const QString path = QString::fromStdString(profile.sourcePath);
  const QString name = QFileInfo(path).fileName();
  return name.isEmpty() ? path : name;
}

QString timeText(const ProfileSummary& profile) {
  if (profile.timeNanos <= 0)
    return {};
  return formatLocalTimestamp(static_cast<std::uint64_t>(profile.timeNanos));
}

QString sampleTypesText(const ProfileSummary& profile) {
  QStringList types;
  for (const ProfileValueType& type : profile.sampleTypes)
    types << QString::fromStdString(type.type);
  return types.join(QStringLiteral(", "));
}

QString totalsText(const ProfileSummary& profile) {
  QStringList totals;
  for (std::size_t i = 0; i < profile.sampleTypes.size() && i < profile.totals.size(); ++i) {
    totals << formatProfileValue(profile.totals[i], profile.sampleTypes[i].unit);
  }
  return totals.join(QStringLiteral(", "));
}

}  // namespace

ProfileListModel::ProfileListModel(QObject* parent)
    : VectorTableModel<ProfileSummary>(ColumnCount, parent) {}

int ProfileListModel::rowOfProfile(std::int64_t id) const {
  for (std::size_t i = 0; i < profiles().size(); ++i) {
    if (profiles()[i].id == id)
      return static_cast<int>(i);
  }
  return -1;
}

QString ProfileListModel::describe(const ProfileSummary& profile) {
  QStringList parts{sourceName(profile)};
  const QString time = timeText(profile);
  if (!time.isEmpty())
    parts << time;
  parts << sampleTypesText(profile);
  const QString totals = totalsText(profile);
  if (!totals.isEmpty())
    parts << totals;
  return parts.join(QStringLiteral(" · "));
}

QVariant ProfileListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const ProfileSummary& profile = rowAt(index);
  if (role == ProfileIdRole)
    return QVariant::fromValue<qlonglong>(profile.id);
  if (role == Qt::ToolTipRole)
    return QString::fromStdString(profile.sourcePath);
  if (role != Qt::DisplayRole)
    return {};
  switch (index.column()) {
    case SourceColumn:
      // A combo box shows column 0 only, so it carries the whole description.
      return describe(profile);
    case TimeColumn:
      return timeText(profile);
    case SampleTypesColumn:
      return sampleTypesText(profile);
    case TotalsColumn:
      return totalsText(profile);
    case SamplesColumn:
      return QVariant::fromValue<qulonglong>(profile.sampleCount);
    default:
      return {};
  }
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case SourceColumn:
      return tr("Profile");
    case TimeColumn:
      return tr("Time");
    case SampleTypesColumn:
      return tr("Sample types");
    case TotalsColumn:
      return tr("Totals");
    case SamplesColumn:
      return tr("Samples");
    default:
      return {};
  }
}

}  // namespace sightline
