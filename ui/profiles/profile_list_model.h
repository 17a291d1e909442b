#pragma once

#include <cstdint>
#include <vector>

#include "model/profiles/profile_queries.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The workspace's profiles as a table (source file, time, sample types, totals, samples), the
// model behind the page's profile selector.
class ProfileListModel : public VectorTableModel<ProfileSummary> {
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

  void setProfiles(std::vector<ProfileSummary> profiles) { replaceRows(std::move(profiles)); }
  const std::vector<ProfileSummary>& profiles() const { return rows(); }
  // Row of the profile with `id`, or -1.
  int rowOfProfile(std::int64_t id) const;
  // One line naming a profile, e.g.
  // "cpu.pb.gz · 2024-05-01 10:00:00.000 · samples, cpu · 1200, 12s".
  static QString describe(const ProfileSummary& profile);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline
