#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include "model/profiles/call_tree_blob.h"
#include "model/profiles/profile_queries.h"
#include "model/profiles/profile_writer.h"
#include "model/store/schema.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "tests/model/profiles/tst_call_tree_blob_support.h"
#include "tests/model/profiles/tst_profile_spec.h"
#include "tests/model/profiles/tst_profile_store_fixture.h"
#include "tests/model/store/older_workspace.h"

using namespace sightline;
using namespace sightline::test;

namespace {

CallTree smallTree() {
  return buildCallTree(profileOf({"main;a;b 3", "main;a;c 2", "main;d 5", "main 1", "x;y 4"}), 0);
}

}  // namespace

class TstCallTreeBlob : public QObject {
  Q_OBJECT
 private slots:
  void roundTrips_data();
  void roundTrips();
  void roundTripsEveryType();
  void roundTripsLargeTree();
  void roundTripsEmptyTree();
  void refusesDifferentialTrees();
  void refusesDamagedBlobs();
  void refusesBrokenLayouts_data();
  void refusesBrokenLayouts();
  void importStoresTheDefaultTree();
  void workspaceWithoutCacheRows();
  void corruptRowIsAnError();
};

// Samples separated by '|', in tst_profile_spec.h's notation.
void TstCallTreeBlob::roundTrips_data() {
  QTest::addColumn<QString>("spec");
  QTest::newRow("one sample") << QStringLiteral("a 1");
  QTest::newRow("empty stack") << QStringLiteral(" 5");
  QTest::newRow("branches") << QStringLiteral("main;a;b 3|main;a;c 2|main;d 5|x 1");
  QTest::newRow("recursion") << QStringLiteral("a;a;a;a 2|a;b;a 1");
  QTest::newRow("inlined") << QStringLiteral("main;work+helper;leaf 10|main;work 3");
  QTest::newRow("negative and zero")
      << QStringLiteral("main;a -3|main;b 0|main;c 9223372036854775|z -1");
  QTest::newRow("unicode names") << QStringLiteral("main;Größe;日本 7|main;ok 1");
}

void TstCallTreeBlob::roundTrips() {
  QFETCH(QString, spec);
  checkRoundTrip(buildCallTree(profileOf(splitOn(spec.toStdString(), '|')), 0));
}

void TstCallTreeBlob::roundTripsEveryType() {
  const ProfileData profile = profileOf(
      {"main;a;b 3,300", "main;a;c 2,0", "main;d 5,-20", "other 0,7"}, {"samples", "cpu"});
  for (int type : {-1, 0, 1}) {
    checkRoundTrip(buildCallTree(profile, type));
    if (QTest::currentTestFailed())
      return;
  }
  checkRoundTrip(buildCallTree(handBuiltProfile(0), -1));
}

void TstCallTreeBlob::roundTripsLargeTree() {
  const CallTree tree = buildCallTree(syntheticProfile(200000, 100000), -1);
  QVERIFY(tree.nodes.size() > 10000);
  checkRoundTrip(tree);
}

void TstCallTreeBlob::roundTripsEmptyTree() {
  checkRoundTrip(CallTree{});
  checkRoundTrip(buildCallTree(profileOf({}), -1));
}

void TstCallTreeBlob::refusesDifferentialTrees() {
  const ProfileData current = profileOf({"a;b 1"});
  const ProfileData base = profileOf({"a;c 1"});
  QVERIFY(encodeCallTree(buildDiffCallTree(current, base, 0)).empty());
}

void TstCallTreeBlob::refusesDamagedBlobs() {
  checkDamagedBlobs(encodeCallTree(smallTree()));
  std::string error;
  QVERIFY(!decodeCallTree({}, &error));
  QVERIFY(!decodeCallTree("not a tree at all", nullptr));
  std::string newer = encodeCallTree(smallTree());
  newer[4] = 2;
  QVERIFY(!decodeCallTree(newer, &error));
  QVERIFY2(error.find("format version 2") != std::string::npos, error.c_str());
}

// The encoder writes what it is given; trees that break CallTree's invariants must not
// decode into something the views would index out of bounds with.
void TstCallTreeBlob::refusesBrokenLayouts_data() {
  QTest::addColumn<int>("damage");
  QTest::addColumn<QString>("message");
  QTest::newRow("parent after the node") << 0 << QStringLiteral("bad parent of node 2");
  QTest::newRow("node is its own parent") << 1 << QStringLiteral("bad parent of node 3");
  QTest::newRow("name out of range") << 2 << QStringLiteral("bad name of node");
  QTest::newRow("children not adjacent") << 3 << QStringLiteral("are not adjacent");
  QTest::newRow("wrong depth") << 4 << QStringLiteral("depth does not match");
  QTest::newRow("values overflow") << 5 << QStringLiteral("values overflow");
}

void TstCallTreeBlob::refusesBrokenLayouts() {
  QFETCH(int, damage);
  QFETCH(QString, message);
  CallTree tree = smallTree();
  QVERIFY(tree.nodes.size() >= 6);
  switch (damage) {
    case 0:
      tree.nodes[2].parent = 4;
      break;
    case 1:
      tree.nodes[3].parent = 3;
      break;
    case 2:
      tree.names.resize(1);
      break;
    case 3: {
      // A node under the root after the root's block of children has ended.
      const std::uint32_t last = static_cast<std::uint32_t>(tree.nodes.size() - 1);
      QVERIFY(tree.nodes[last].parent != 0);
      tree.nodes[last].parent = 0;
      break;
    }
    case 4:
      ++tree.maxDepth;
      break;
    default:
      tree.nodes[1].self = std::numeric_limits<std::int64_t>::max();
      tree.nodes[2].self = std::numeric_limits<std::int64_t>::max();
      break;
  }
  std::string error;
  QVERIFY(!decodeCallTree(encodeCallTree(tree), &error));
  QVERIFY2(error.find(message.toStdString()) != std::string::npos, error.c_str());
}

void TstCallTreeBlob::importStoresTheDefaultTree() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  ProfileData multi = profileOf({"main;a 3,30", "main;b 1,0"}, {"samples", "cpu"});
  multi.defaultSampleType = 0;
  ProfileWriteStats stats;
  QVERIFY(storeProfiles(*ws, "two", {handBuiltProfile(0), multi}, &stats).isOk());
  QCOMPARE(stats.profileIds.size(), 2u);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM profile_flame_cache"), 2);

  const std::vector<int> expectedTypes = {handBuiltProfile(0).effectiveDefaultSampleType(), 0};
  const std::vector<ProfileData> originals = {handBuiltProfile(0), multi};
  for (std::size_t i = 0; i < 2; ++i) {
    int type = -2;
    Status status;
    const std::optional<CallTree> cached =
        loadCachedCallTree(*ws, stats.profileIds[i], &type, &status);
    QVERIFY2(cached, status.message().c_str());
    QCOMPARE(type, expectedTypes[i]);
    compareCallTrees(*cached, buildCallTree(originals[i], -1));
    QCOMPARE(scalar(ws->db(), "SELECT node_count FROM profile_flame_cache WHERE profile_id = " +
                                  std::to_string(stats.profileIds[i])),
             static_cast<std::int64_t>(cached->nodes.size()));
  }
}

void TstCallTreeBlob::workspaceWithoutCacheRows() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("v3.sightline")).toStdString();
  {
    // A profile stored by a version-3 Sightline: the writer of today, minus the cache row.
    auto ws = openWorkspace(path);
    QVERIFY(ws);
    QVERIFY(storeProfiles(*ws, "old", {handBuiltProfile(0)}).isOk());
  }
  // Everything migration steps 4 and later add is dropped, the cache table with it.
  QVERIFY(test::downgradeWorkspace(path, 3).isOk());
  auto ws = openWorkspace(path);
  QVERIFY(ws);
  QCOMPARE(ws->schemaVersion(), kSchemaVersion);
  const std::int64_t id = scalar(ws->db(), "SELECT id FROM profiles");
  int type = -2;
  Status status = Status::error("untouched");
  QVERIFY(!loadCachedCallTree(*ws, id, &type, &status));
  QVERIFY(status.isOk());
  QCOMPARE(type, -2);
  QVERIFY(loadProfile(*ws, id).has_value());
  // New imports into the migrated workspace get their row.
  QVERIFY(storeProfiles(*ws, "new", {handBuiltProfile(1)}).isOk());
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM profile_flame_cache"), 1);
}

void TstCallTreeBlob::corruptRowIsAnError() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  QVERIFY(storeProfiles(*ws, "one", {handBuiltProfile(0)}).isOk());
  const std::int64_t id = scalar(ws->db(), "SELECT id FROM profiles");
  QVERIFY(execSql(ws->db(), "UPDATE profile_flame_cache SET tree = substr(tree, 1, 20)").isOk());
  Status status;
  QVERIFY(!loadCachedCallTree(*ws, id, nullptr, &status));
  QVERIFY(!status.isOk());
  QVERIFY2(status.message().find("flame graph cache") != std::string::npos,
           status.message().c_str());
  // A node count that disagrees with the blob: the row belongs to another tree.
  QVERIFY(storeProfiles(*ws, "two", {handBuiltProfile(1)}).isOk());
  const std::int64_t second = scalar(ws->db(), "SELECT max(id) FROM profiles");
  QVERIFY(execSql(ws->db(),
                  "UPDATE profile_flame_cache SET node_count = node_count + 1 WHERE "
                  "profile_id = " +
                      std::to_string(second))
              .isOk());
  QVERIFY(!loadCachedCallTree(*ws, second, nullptr, &status));
  QVERIFY2(status.message().find("node count") != std::string::npos, status.message().c_str());
}

QTEST_GUILESS_MAIN(TstCallTreeBlob)
#include "tst_call_tree_blob.moc"
