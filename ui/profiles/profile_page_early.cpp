// Flame graphs shown before the profile is loaded from the workspace:
// - a profile straight from an import, before the workspace holds it: it is on screen while
//   the writer stores it, then becomes the stored profile of the same id without a reload,
//   or goes away when the import is rolled back;
// - a stored profile's default tree, saved at import (profile_flame_cache), shown while the
//   profile itself loads.
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QSignalBlocker>

#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/profile_loader.h"
#include "ui/profiles/profile_page.h"

namespace sightline {

namespace {

std::vector<std::int64_t> sampleTypeTotals(const ProfileData& profile) {
  std::vector<std::int64_t> totals(profile.typeCount(), 0);
  for (std::size_t i = 0; i < profile.samples.size(); ++i) {
    for (std::size_t t = 0; t < totals.size(); ++t)
      totals[t] += profile.value(i, t);
  }
  return totals;
}

}  // namespace

void ProfilePage::showDecodedProfile(std::shared_ptr<const ProfileData> profile,
                                     const QString& path) {
  if (!profile)
    return;
  // Whatever was loading for the current slot would replace this profile when it arrives.
  m_loader->cancel(ProfileLoader::Slot::Current);
  m_loadingCurrent = false;
  m_worker->cancel();
  m_currentId = 0;
  m_labels.reset();
  m_labelDescription.clear();
  m_decoded = DecodedProfile{path, 0, sampleTypeTotals(*profile)};
  {
    const QSignalBlocker blocker(m_profileBox);
    m_profileBox->setCurrentIndex(-1);
  }
  fillProfileBoxPlaceholder();
  showProfile(std::move(profile));
}

void ProfilePage::adoptStoredProfile(const QString& path, std::int64_t id) {
  if (!m_decoded || m_decoded->path != path || id == 0)
    return;
  m_decoded->storedId = id;
  adoptDecodedWhenListed();
}

void ProfilePage::dropDecodedProfile(const QString& path, const QString& message) {
  if (!m_decoded || m_decoded->path != path)
    return;
  clearProfile();
  m_header->setText(message);
}

void ProfilePage::adoptDecodedWhenListed() {
  if (!m_decoded || m_decoded->storedId == 0)
    return;
  const int row = m_profileList->rowOfProfile(m_decoded->storedId);
  if (row < 0)
    return;
  m_currentId = m_decoded->storedId;
  m_decoded.reset();
  {
    const QSignalBlocker blocker(m_profileBox);
    m_profileBox->setCurrentIndex(row);
  }
  fillProfileBoxPlaceholder();
  updateHeader();
}

void ProfilePage::fillProfileBoxPlaceholder() {
  // The box has no entry for a profile the list does not hold yet; its placeholder (shown
  // with no entry selected) names the file instead.
  m_profileBox->setPlaceholderText(
      m_decoded ? tr("%1 (storing…)").arg(QFileInfo(m_decoded->path).fileName()) : QString());
}

bool ProfilePage::wantsDefaultTree() const {
  return !m_decoded && !m_labels && m_baseId == 0 && m_filterBar->filter().isEmpty();
}

int ProfilePage::initialSampleType(std::int64_t id) const {
  const int row = m_profileList->rowOfProfile(id);
  if (row < 0)
    return -1;
  const ProfileSummary& summary = m_profileList->profiles()[static_cast<std::size_t>(row)];
  // As showProfile(): the type the user chose, when the profile has one of that name.
  const std::string previous = m_sampleTypeBox->currentText().toStdString();
  for (std::size_t i = 0; i < summary.sampleTypes.size(); ++i) {
    if (summary.sampleTypes[i].type == previous)
      return static_cast<int>(i);
  }
  return summary.defaultSampleType;
}

void ProfilePage::onCachedTreeLoaded(const ProfileLoader::Cached& cached) {
  // Once the profile itself is here its own trees are on the way (or shown): a cached tree
  // arriving after that is older than they are.
  if (cached.profileId != m_currentId || !m_loadingCurrent || !wantsDefaultTree() ||
      cached.sampleType != initialSampleType(m_currentId)) {
    return;
  }
  m_sampleType = cached.sampleType;
  CallTreeResult result;
  result.tree = cached.tree;
  result.flame = cached.flame;
  showTrees(result);
  m_showingStoredTree = true;
}

}  // namespace sightline
