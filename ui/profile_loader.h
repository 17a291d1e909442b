#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QObject>
#include <QString>

#include "model/profile_queries.h"
#include "ui/profile_latest_job.h"

namespace sightline {

// Reads the profile list and whole profiles from the workspace on the thread pool, each job
// with its own read-only connection. Listing, the current profile and the base profile are
// separate streams; a newer request of a stream drops the older one's result.
class ProfileLoader : public QObject {
  Q_OBJECT
 public:
  enum class Slot { Current, Base };

  struct Loaded {
    Slot slot = Slot::Current;
    std::int64_t profileId = 0;
    std::shared_ptr<const ProfileData> profile;
    QString error;
  };
  struct Listed {
    std::vector<ProfileSummary> profiles;
    QString error;
  };

  explicit ProfileLoader(QObject* parent = nullptr);

  // Drops everything pending; later jobs read this workspace.
  void setWorkspacePath(const QString& path);
  void listProfiles();
  // Loads profile `id`; with `labels`, only samples carrying one of those labels are kept.
  void loadProfile(Slot slot, std::int64_t id,
                   const std::optional<SampleLabelFilter>& labels = std::nullopt);
  // Forgets a pending load of `slot` (e.g. the base was set back to none).
  void cancel(Slot slot);
  bool isBusy() const;

  static Listed list(const QString& path);
  static Loaded load(const QString& path, Slot slot, std::int64_t id,
                     const std::optional<SampleLabelFilter>& labels);

 signals:
  void profilesListed(const std::vector<sightline::ProfileSummary>& profiles);
  void profileLoaded(const sightline::ProfileLoader::Loaded& loaded);
  void failed(const QString& message);

 private:
  LatestJob& job(Slot slot) { return slot == Slot::Current ? m_current : m_base; }

  QString m_path;
  LatestJob m_list;
  LatestJob m_current;
  LatestJob m_base;
};

}  // namespace sightline
