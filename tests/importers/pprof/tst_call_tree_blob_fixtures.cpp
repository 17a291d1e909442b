// The stored flame graph (model/call_tree_blob.h) of real profiles: every Go runtime/pprof
// fixture, every sample type, decodes to exactly the tree it was encoded from; and a
// damaged blob of a real tree is refused, never decoded into something out of bounds.

#include <QTest>

#include "model/profiles/call_tree_blob.h"
#include "tests/importers/pprof/profile_test_support.h"
#include "tests/model/profiles/tst_call_tree_blob_support.h"

using namespace sightline;
using sightline::test::readGoProfile;

namespace {

const char* const kGoProfiles[] = {"cpu",   "cpu_labels", "heap",       "allocs",   "goroutine",
                                   "mutex", "block",      "cpu_before", "cpu_after"};

}  // namespace

class TstCallTreeBlobFixtures : public QObject {
  Q_OBJECT
 private slots:
  void roundTrips_data();
  void roundTrips();
  void refusesDamagedBlobOfARealTree();
};

void TstCallTreeBlobFixtures::roundTrips_data() {
  QTest::addColumn<QString>("name");
  for (const char* name : kGoProfiles)
    QTest::newRow(name) << QString::fromLatin1(name);
}

void TstCallTreeBlobFixtures::roundTrips() {
  QFETCH(QString, name);
  const ProfileData profile = readGoProfile(name.toLatin1().constData());
  QVERIFY(profile.typeCount() > 0);
  for (int type = -1; type < static_cast<int>(profile.typeCount()); ++type) {
    const CallTree tree = buildCallTree(profile, type);
    QVERIFY(tree.nodes.size() > 1);
    test::checkRoundTrip(tree);
    if (QTest::currentTestFailed()) {
      qWarning("sample type %d", type);
      return;
    }
  }
}

void TstCallTreeBlobFixtures::refusesDamagedBlobOfARealTree() {
  const std::string blob = encodeCallTree(buildCallTree(readGoProfile("cpu"), -1));
  QVERIFY(blob.size() > 100);
  test::checkDamagedBlobs(blob, 512);
}

QTEST_GUILESS_MAIN(TstCallTreeBlobFixtures)
#include "tst_call_tree_blob_fixtures.moc"
