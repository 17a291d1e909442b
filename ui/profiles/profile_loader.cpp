#include "ui/profiles/profile_loader.h"

#include "model/store/workspace.h"

namespace sightline {

ProfileLoader::ProfileLoader(QObject* parent) : QObject(parent) {}

void ProfileLoader::setWorkspacePath(const QString& path) {
  m_path = path;
  m_list.invalidate();
  m_current.invalidate();
  m_cached.invalidate();
  m_base.invalidate();
}

bool ProfileLoader::isBusy() const {
  return m_list.isRunning() || m_current.isRunning() || m_cached.isRunning() || m_base.isRunning();
}

ProfileLoader::Listed ProfileLoader::list(const QString& path) {
  Listed listed;
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    listed.error = QString::fromStdString(status.message());
    return listed;
  }
  listed.profiles = sightline::listProfiles(*workspace, &status);
  if (!status)
    listed.error = QString::fromStdString(status.message());
  return listed;
}

ProfileLoader::Loaded ProfileLoader::load(const QString& path, Slot slot, std::int64_t id,
                                          const std::optional<SampleLabelFilter>& labels) {
  Loaded loaded;
  loaded.slot = slot;
  loaded.profileId = id;
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    loaded.error = QString::fromStdString(status.message());
    return loaded;
  }
  auto profile = sightline::loadProfile(*workspace, id, &status, labels ? &*labels : nullptr);
  if (!profile) {
    loaded.error = status ? tr("Profile %1 is not in the workspace").arg(id)
                          : QString::fromStdString(status.message());
    return loaded;
  }
  loaded.profile = std::make_shared<const ProfileData>(std::move(*profile));
  return loaded;
}

ProfileLoader::Cached ProfileLoader::loadCached(const QString& path, std::int64_t id) {
  Cached cached;
  cached.profileId = id;
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace)
    return cached;
  // A missing or unreadable cache is not an error to show: the full load follows anyway
  // and reports real problems.
  if (auto tree = loadCachedCallTree(*workspace, id, &cached.sampleType, &status)) {
    cached.tree = std::make_shared<const CallTree>(std::move(*tree));
    cached.flame = prepareFlameGraph(cached.tree);
  }
  return cached;
}

void ProfileLoader::listProfiles() {
  m_list.run(
      this, [path = m_path] { return list(path); },
      [this](Listed listed) {
        if (!listed.error.isEmpty())
          emit failed(listed.error);
        emit profilesListed(listed.profiles);
      });
}

void ProfileLoader::loadProfile(Slot slot, std::int64_t id,
                                const std::optional<SampleLabelFilter>& labels,
                                std::optional<int> cachedTreeType) {
  if (slot == Slot::Current && cachedTreeType) {
    // Queued before the full load, so that it is not left waiting for a free pool thread.
    m_cached.run(
        this, [path = m_path, id] { return loadCached(path, id); },
        [this, type = *cachedTreeType](Cached cached) {
          if (cached.tree && cached.sampleType == type)
            emit cachedTreeLoaded(cached);
        });
  } else if (slot == Slot::Current) {
    m_cached.invalidate();
  }
  job(slot).run(
      this, [path = m_path, slot, id, labels] { return load(path, slot, id, labels); },
      [this](Loaded loaded) {
        if (!loaded.error.isEmpty())
          emit failed(loaded.error);
        emit profileLoaded(loaded);
      });
}

void ProfileLoader::cancel(Slot slot) {
  job(slot).invalidate();
  if (slot == Slot::Current)
    m_cached.invalidate();
}

}  // namespace sightline
