// Opening a stored profile shows the flame graph stored at import first, then the profile's
// own trees; a cached tree never replaces a newer one, and requests that would not show the
// default tree (a filter, a span's samples) do not use it.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "importers/core/file_importer.h"
#include "model/profiles/profile_queries.h"
#include "model/profiles/profile_writer.h"
#include "model/store/workspace.h"
#include "tests/model/profiles/tst_call_tree_blob_support.h"
#include "tests/model/profiles/tst_profile_store_fixture.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/profile_loader.h"
#include "ui/profiles/profile_page.h"

using namespace sightline;

namespace {

const QString kDataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof");
constexpr int kWaitMs = 10000;

}  // namespace

class TstProfilePageCache : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void loaderReadsTheStoredTree();
  void newerLoadDropsTheCachedTree();
  void pageShowsTheCachedTreeFirst();
  void filteredOpenDoesNotUseTheCache();

 private:
  std::int64_t firstProfileId() const;

  QTemporaryDir m_dir;
  QString m_path;
};

void TstProfilePageCache::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(QStringLiteral("profiles.sightline"));
  Status status;
  auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(workspace, status.message().c_str());
  {
    // Opened first, and large enough that reading it takes longer than its cached tree.
    ProfileWriter writer(*workspace, test::profileSource("synthetic"));
    QVERIFY(writer.consume(test::syntheticProfile(150000, 100000)).isOk());
    QVERIFY(writer.finish().isOk());
  }
  for (const char* name : {"heap.pb.gz", "cpu.pb.gz"}) {
    const FileImportResult result = importFile(
        *workspace, QString(kDataDir + QLatin1Char('/') + QLatin1String(name)).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  }
}

std::int64_t TstProfilePageCache::firstProfileId() const {
  const ProfileLoader::Listed listed = ProfileLoader::list(m_path);
  return listed.profiles.empty() ? 0 : listed.profiles.front().id;
}

void TstProfilePageCache::loaderReadsTheStoredTree() {
  const std::int64_t id = firstProfileId();
  QVERIFY(id != 0);
  const ProfileLoader::Cached cached = ProfileLoader::loadCached(m_path, id);
  QVERIFY(cached.tree);
  const ProfileLoader::Loaded loaded =
      ProfileLoader::load(m_path, ProfileLoader::Slot::Current, id, std::nullopt);
  QVERIFY(loaded.profile);
  QCOMPARE(cached.sampleType, loaded.profile->effectiveDefaultSampleType());
  test::compareCallTrees(*cached.tree, buildCallTree(*loaded.profile, -1));
  QVERIFY(!ProfileLoader::loadCached(m_path, 999).tree);
}

void TstProfilePageCache::newerLoadDropsTheCachedTree() {
  const std::int64_t id = firstProfileId();
  ProfileLoader loader;
  loader.setWorkspacePath(m_path);
  QSignalSpy cached(&loader, &ProfileLoader::cachedTreeLoaded);
  QSignalSpy loaded(&loader, &ProfileLoader::profileLoaded);
  const int type = ProfileLoader::loadCached(m_path, id).sampleType;
  loader.loadProfile(ProfileLoader::Slot::Current, id, std::nullopt, type);
  loader.loadProfile(ProfileLoader::Slot::Current, id);
  QVERIFY(loaded.wait(kWaitMs));
  QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), kWaitMs);
  QCOMPARE(cached.count(), 0);

  // Not superseded it arrives; for another sample type it does not.
  loader.loadProfile(ProfileLoader::Slot::Current, id, std::nullopt, type);
  QVERIFY(cached.wait(kWaitMs));
  QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), kWaitMs);
  loader.loadProfile(ProfileLoader::Slot::Current, id, std::nullopt, 12345);
  QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), kWaitMs);
  QCOMPARE(cached.count(), 1);
  // cancel() drops it too.
  loader.loadProfile(ProfileLoader::Slot::Current, id, std::nullopt, type);
  loader.cancel(ProfileLoader::Slot::Current);
  QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), kWaitMs);
  QCOMPARE(cached.count(), 1);
}

void TstProfilePageCache::pageShowsTheCachedTreeFirst() {
  ProfilePage page;
  ProfileLoader* loader = page.findChild<ProfileLoader*>();
  QVERIFY(loader);
  // Connected after the page's own slot, so this sees what the page made of the tree.
  std::shared_ptr<const CallTree> cachedShown;
  bool shownBeforeProfile = false;
  connect(loader, &ProfileLoader::cachedTreeLoaded, this, [&](const ProfileLoader::Cached& cached) {
    if (page.flameGraph()->callTree() == cached.tree.get()) {
      cachedShown = cached.tree;
      shownBeforeProfile = page.sampleType() == cached.sampleType;
    }
  });
  QSignalSpy shown(&page, &ProfilePage::treesShown);
  page.setWorkspacePath(m_path);
  QVERIFY(shown.wait(kWaitMs));
  QVERIFY(page.profile());
  const CallTree* built = page.flameGraph()->callTree();
  QVERIFY(built);
  // The profiles are small, so the full load may win the race; then the cache is dropped.
  if (cachedShown) {
    QVERIFY(shownBeforeProfile);
    // The tree built from the loaded profile is the same, so the view keeps the one on
    // screen (and with it any zoom or selection made meanwhile).
    QVERIFY(built == cachedShown.get());
    test::compareCallTrees(*built, buildCallTree(*page.profile(), page.sampleType()));
  } else {
    qInfo("the profile loaded before its cached tree");
  }
  QCOMPARE(page.sampleType(), page.profile()->effectiveDefaultSampleType());
}

void TstProfilePageCache::filteredOpenDoesNotUseTheCache() {
  ProfilePage page;
  QSignalSpy listed(&page, &ProfilePage::profilesListed);
  QSignalSpy shown(&page, &ProfilePage::treesShown);
  page.setWorkspacePath(m_path);
  QVERIFY(listed.wait(kWaitMs));
  QVERIFY(shown.wait(kWaitMs));
  ProfileLoader* loader = page.findChild<ProfileLoader*>();
  QSignalSpy cached(loader, &ProfileLoader::cachedTreeLoaded);
  const std::int64_t id = page.currentProfileId();

  page.openProfile(id, SampleLabelFilter{{"span_id"}, {"00f067aa0ba902b7"}},
                   QStringLiteral("one span"));
  QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), kWaitMs);
  QCOMPARE(cached.count(), 0);

  page.filterBar()->setFilter(ProfileFilter{"main", {}, {}, {}});
  page.openProfile(id);
  QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), kWaitMs);
  QCOMPARE(cached.count(), 0);
}

QTEST_MAIN(TstProfilePageCache)
#include "tst_profile_page_cache.moc"
