#pragma once

#include <cstdint>
#include <vector>

#include <QAbstractTableModel>

#include "model/profiles/profile_queries.h"

namespace sightline {

// The workspace's profiles as a table (source file, time, sample types, totals, samples), the
// model behind the page's profile selector.
class ProfileListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    SourceColumn,
    TimeColumn,
    SampleTypesColumn,
    TotalsColumn,
    SamplesColumn,
    ColumnCount
  };
  enum Role { ProfileIdRole = Qt::UserRole + 1 };

  explicit ProfileListModel(QObject* parent = nullptr);

  void setProfiles(std::vector<ProfileSummary> profiles);
  const std::vector<ProfileSummary>& profiles() const { return m_profiles; }
  // Row of the profile with `id`, or -1.
  int rowOfProfile(std::int64_t id) const;
  // One line naming a profile, e.g.
  // "cpu.pb.gz · 2024-05-01 10:00:00.000 · samples, cpu · 1200, 12s".
  static QString describe(const ProfileSummary& profile);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<ProfileSummary> m_profiles;
};

}  // namespace sightline
