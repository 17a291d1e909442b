// A profile shown straight from its import: on screen before the workspace holds it, then
// the stored profile of the same id (not loaded again), or gone when the import fails.
#include <QComboBox>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>

#include "importers/core/file_importer.h"
#include "importers/pprof/profile_prefetch.h"
#include "model/profiles/profile_queries.h"
#include "model/store/workspace.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/profile_page.h"
#include "ui/shell/import_controller.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"

using namespace sightline;
using Outcome = FileImportResult::Outcome;

namespace {

const QString kPprofDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof");
constexpr int kWaitMs = 10000;

std::string fixture(const char* name) {
  return QString(kPprofDir + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

}  // namespace

class TstDecodedProfile : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();
  void showsTheProfileBeforeItIsStoredThenAdoptsItsId();
  void failedImportClearsTheProfile();
  void profileOpenedMeanwhileIsKept();
  void mainWindowShowsTheDecodedProfile();
  void mainWindowShowsAPrefetchedProfile();

 private:
  // Imports `file`, showing its profile from the callback and waiting there for its trees;
  // `cancel` makes the import fail after the profile was shown.
  FileImportResult importShowing(const std::string& file, bool cancel = false);
  bool refreshAndWait();

  std::unique_ptr<QTemporaryDir> m_dir;
  std::unique_ptr<Workspace> m_workspace;
  std::unique_ptr<ProfilePage> m_page;
  std::shared_ptr<const ProfileData> m_decoded;
  bool m_shownWhileImporting = false;
  std::size_t m_storedWhileShown = 0;
};

void TstDecodedProfile::init() {
  m_dir = std::make_unique<QTemporaryDir>();
  QVERIFY(m_dir->isValid());
  const QString path = m_dir->filePath(QStringLiteral("w.sightline"));
  Status status;
  m_workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_workspace, status.message().c_str());
  m_page = std::make_unique<ProfilePage>();
  m_page->resize(1000, 700);
  m_page->show();
  QSignalSpy listed(m_page.get(), &ProfilePage::profilesListed);
  m_page->setWorkspacePath(path);
  QVERIFY(listed.wait(kWaitMs));
  m_decoded.reset();
  m_shownWhileImporting = false;
  m_storedWhileShown = 0;
}

void TstDecodedProfile::cleanup() {
  m_page.reset();
  m_workspace.reset();
  m_dir.reset();
}

FileImportResult TstDecodedProfile::importShowing(const std::string& file, bool cancel) {
  std::atomic<bool> cancelled{false};
  ImportOptions options;
  options.cancel = &cancelled;
  options.onProfileDecoded = [&](std::shared_ptr<const ProfileData> profile) {
    m_decoded = profile;
    QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
    QSignalSpy painted(m_page->flameGraph(), &FlameGraphView::firstFramePainted);
    m_page->showDecodedProfile(std::move(profile), QString::fromStdString(file));
    m_shownWhileImporting = shown.wait(kWaitMs) && m_page->flameGraph()->callTree() &&
                            (!painted.isEmpty() || painted.wait(kWaitMs));
    m_storedWhileShown = listProfiles(*m_workspace).size();
    if (cancel)
      cancelled = true;
  };
  return importFile(*m_workspace, file, options);
}

bool TstDecodedProfile::refreshAndWait() {
  QSignalSpy listed(m_page.get(), &ProfilePage::profilesListed);
  m_page->refresh();
  return listed.wait(kWaitMs);
}

void TstDecodedProfile::showsTheProfileBeforeItIsStoredThenAdoptsItsId() {
  const std::string file = fixture("cpu.pb.gz");
  const FileImportResult result = importShowing(file);
  QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
  QVERIFY(m_shownWhileImporting);
  QCOMPARE(m_storedWhileShown, std::size_t(0));
  QCOMPARE(m_page->profile(), m_decoded);
  QCOMPARE(m_page->currentProfileId(), std::int64_t(0));
  QVERIFY(m_page->showsDecodedProfile());
  QVERIFY(m_page->flameGraph()->callTree()->total() > 0);
  QVERIFY(m_page->sampleTypeBox()->count() > 0);
  QCOMPARE(m_page->profileBox()->currentIndex(), -1);
  QVERIFY(m_page->profileBox()->placeholderText().contains(QStringLiteral("cpu.pb.gz")));

  QCOMPARE(result.profileIds.size(), std::size_t(1));
  const std::int64_t id = result.profileIds.front();
  m_page->adoptStoredProfile(QString::fromStdString(file), id);
  // Until the list holds the id, the page keeps showing the decoded profile as such.
  QCOMPARE(m_page->currentProfileId(), std::int64_t(0));
  const CallTree* tree = m_page->flameGraph()->callTree();
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  QVERIFY(refreshAndWait());
  QCOMPARE(m_page->currentProfileId(), id);
  QVERIFY(!m_page->showsDecodedProfile());
  QCOMPARE(m_page->profileBox()->currentIndex(), m_page->profileList()->rowOfProfile(id));
  QVERIFY(m_page->profileBox()->placeholderText().isEmpty());
  // Not loaded again: no load is pending and the same data and trees stay on screen.
  QVERIFY(!m_page->isBusy());
  QTest::qWait(200);
  QCOMPARE(shown.count(), 0);
  QCOMPARE(m_page->profile(), m_decoded);
  QCOMPARE(m_page->flameGraph()->callTree(), tree);
}

void TstDecodedProfile::failedImportClearsTheProfile() {
  const std::string file = fixture("cpu.pb.gz");
  const FileImportResult result = importShowing(file, true);
  QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
  QVERIFY(m_shownWhileImporting);
  m_page->dropDecodedProfile(QString::fromStdString(file), QStringLiteral("cancelled"));
  QVERIFY(!m_page->showsDecodedProfile());
  QVERIFY(!m_page->profile());
  QVERIFY(!m_page->flameGraph()->callTree());
  QCOMPARE(m_page->sampleTypeBox()->count(), 0);
  QVERIFY(m_page->profileBox()->placeholderText().isEmpty());
  QVERIFY(refreshAndWait());
  QCOMPARE(m_page->profileCount(), 0);
  QVERIFY(!m_page->profile());
}

void TstDecodedProfile::profileOpenedMeanwhileIsKept() {
  const FileImportResult heap = importFile(*m_workspace, fixture("heap.pb.gz"));
  QVERIFY2(heap.outcome == Outcome::Imported, heap.error.c_str());
  const std::string file = fixture("cpu.pb.gz");
  const FileImportResult cpu = importShowing(file);
  QVERIFY2(cpu.outcome == Outcome::Imported, cpu.error.c_str());
  QVERIFY(m_shownWhileImporting);

  // The user picks the stored heap profile before the cpu one is listed.
  QVERIFY(refreshAndWait());
  QVERIFY(m_page->showsDecodedProfile());
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  m_page->openProfile(heap.profileIds.front());
  QVERIFY(shown.wait(kWaitMs));
  QVERIFY(!m_page->showsDecodedProfile());

  m_page->adoptStoredProfile(QString::fromStdString(file), cpu.profileIds.front());
  QVERIFY(refreshAndWait());
  QCOMPARE(m_page->currentProfileId(), heap.profileIds.front());
  QVERIFY(m_page->profile() != m_decoded);
}

void TstDecodedProfile::mainWindowShowsTheDecodedProfile() {
  RecentFiles recent;
  MainWindow window(&recent);
  window.resize(1200, 800);
  QString error;
  QVERIFY2(window.openScratchWorkspace(&error), qPrintable(error));
  window.show();
  QSignalSpy decoded(window.importController(), &ImportController::profileDecoded);
  QSignalSpy finished(&window, &MainWindow::importsFinished);
  ProfilePage* page = window.profilePage();
  window.importFiles({QString::fromStdString(fixture("cpu.pb.gz"))});
  QVERIFY(finished.wait(60000));
  QCOMPARE(decoded.count(), 1);
  const auto profile = decoded.first().at(1).value<std::shared_ptr<const ProfileData>>();
  QVERIFY(profile);
  QCOMPARE(window.pages()->currentWidget(), page);
  QTRY_VERIFY_WITH_TIMEOUT(page->currentProfileId() != 0, kWaitMs);
  QCOMPARE(page->profile(), profile);
  QTRY_VERIFY_WITH_TIMEOUT(page->flameGraph()->callTree() != nullptr, kWaitMs);
  QCOMPARE(page->profileBox()->currentIndex(),
           page->profileList()->rowOfProfile(page->currentProfileId()));

  // A file that fails decodes nothing and leaves the page as it was.
  QFile good(QString::fromStdString(fixture("heap.pb.gz")));
  QVERIFY(good.open(QIODevice::ReadOnly));
  const QByteArray bytes = good.readAll();
  QTemporaryDir dir;
  const QString bad = dir.filePath(QStringLiteral("cut.pb.gz"));
  QFile out(bad);
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(bytes.left(bytes.size() / 2));
  out.close();
  const std::int64_t shownId = page->currentProfileId();
  window.importFiles({bad});
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.last().at(0).toBool(), false);
  QCOMPARE(decoded.count(), 1);
  QCOMPARE(page->currentProfileId(), shownId);
  QCOMPARE(page->profile(), profile);
}

// As runGui() sets it up for the command line's files: the profile decoded ahead is the one
// the page shows and the workspace stores; a file given twice is decoded once and skipped
// the second time.
void TstDecodedProfile::mainWindowShowsAPrefetchedProfile() {
  const std::string file =
      QFileInfo(QString::fromStdString(fixture("cpu.pb.gz"))).absoluteFilePath().toStdString();
  auto prefetch = std::make_shared<ProfilePrefetch>(std::vector<std::string>{file, file});
  RecentFiles recent;
  MainWindow window(&recent);
  window.resize(1200, 800);
  QString error;
  QVERIFY2(window.openScratchWorkspace(&error), qPrintable(error));
  window.importController()->setPrefetch(prefetch);
  window.show();
  QSignalSpy decoded(window.importController(), &ImportController::profileDecoded);
  QSignalSpy files(window.importController(), &ImportController::fileFinished);
  QSignalSpy finished(&window, &MainWindow::importsFinished);
  window.importFiles({QString::fromStdString(file), QString::fromStdString(file)});
  QVERIFY(finished.wait(60000));
  QCOMPARE(files.count(), 2);
  const auto first = files.at(0).at(0).value<FileImportResult>();
  const auto second = files.at(1).at(0).value<FileImportResult>();
  QVERIFY2(first.outcome == Outcome::Imported, first.error.c_str());
  QVERIFY(second.outcome == Outcome::Skipped);
  QCOMPARE(decoded.count(), 1);
  const auto profile = decoded.first().at(1).value<std::shared_ptr<const ProfileData>>();
  QVERIFY(profile);
  // Handed over, not decoded again: the prefetch has nothing left for the file.
  QVERIFY(!prefetch->take(file));
  ProfilePage* page = window.profilePage();
  QTRY_VERIFY_WITH_TIMEOUT(page->currentProfileId() != 0, kWaitMs);
  QCOMPARE(page->profile(), profile);
  QCOMPARE(std::vector<std::int64_t>{page->currentProfileId()}, first.profileIds);
}

QTEST_MAIN(TstDecodedProfile)
#include "tst_decoded_profile.moc"
