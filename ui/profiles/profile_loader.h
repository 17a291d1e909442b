#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QObject>
#include <QString>

#include "model/profiles/profile_queries.h"
#include "ui/profiles/flame_graph_data.h"
#include "ui/widgets/latest_job.h"

namespace sightline {

// Reads the profile list and whole profiles from the workspace on the thread pool, each job
// with its own read-only connection. Listing, the current profile and the base profile are
// separate streams; a newer request of a stream drops the older one's result. The stored
// flame graph of the current profile is a stream of its own that the current one cancels.
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
  // The flame graph tree stored at import for a profile's default view.
  struct Cached {
    std::int64_t profileId = 0;
    int sampleType = -1;
    std::shared_ptr<const CallTree> tree;         // null: no usable cache row
    std::shared_ptr<const FlameGraphData> flame;  // the view's data for `tree`
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
  // With `cachedTreeType` (Current only), first reads the profile's stored default flame graph
  // (one row, quick) and emits cachedTreeLoaded if it is for that sample type; the next load
  // of the slot, or cancel(), drops it.
  void loadProfile(Slot slot, std::int64_t id,
                   const std::optional<SampleLabelFilter>& labels = std::nullopt,
                   std::optional<int> cachedTreeType = std::nullopt);
  // Forgets a pending load of `slot` (e.g. the base was set back to none).
  void cancel(Slot slot);
  bool isBusy() const;

  static Listed list(const QString& path);
  static Loaded load(const QString& path, Slot slot, std::int64_t id,
                     const std::optional<SampleLabelFilter>& labels);
  static Cached loadCached(const QString& path, std::int64_t id);

 signals:
  void profilesListed(const std::vector<sightline::ProfileSummary>& profiles);
  void profileLoaded(const sightline::ProfileLoader::Loaded& loaded);
  void cachedTreeLoaded(const sightline::ProfileLoader::Cached& cached);
  void failed(const QString& message);

 private:
  LatestJob& job(Slot slot) { return slot == Slot::Current ? m_current : m_base; }

  QString m_path;
  LatestJob m_list;
  LatestJob m_current;
  LatestJob m_cached;
  LatestJob m_base;
};

}  // namespace sightline
