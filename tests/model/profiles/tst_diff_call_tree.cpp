// buildDiffCallTree: both profiles on the union of their paths.

#include <QTest>

#include "model/profiles/call_tree.h"
#include "tests/model/profiles/tst_profile_spec.h"

using namespace sightline;
using test::lines;

class TestDiffCallTree : public QObject {
  Q_OBJECT

 private slots:
  void unionOfPaths() {
    const ProfileData current = test::profileOf({"main;a;b 10", "main;c 5", "main;d 1"});
    const ProfileData base = test::profileOf({"main;a;b 4", "main;c 5", "main;e 3"});
    const CallTree tree = buildDiffCallTree(current, base, 0);
    QVERIFY(tree.differential);
    QCOMPARE(tree.total(), std::int64_t{16});
    QCOMPARE(tree.baseTotal(), std::int64_t{12});
    QCOMPARE(test::dumpTree(tree),
             lines({"main 16/0 base 12/0", "  a 10/0 base 4/0", "    b 10/10 base 4/4",
                    "  c 5/5 base 5/5", "  d 1/1 base 0/0", "  e 0/0 base 3/3"}));
  }

  void sampleTypeMatchedByName() {
    const ProfileData current = test::profileOf({"main;a 1,100"}, {"alloc_objects", "alloc_space"});
    const ProfileData base = test::profileOf({"main;a 40,7"}, {"alloc_space", "alloc_objects"});
    const CallTree tree = buildDiffCallTree(current, base, 1);
    QCOMPARE(tree.sampleType.type, std::string("alloc_space"));
    QCOMPARE(test::dumpTree(tree), lines({"main 100/0 base 40/0", "  a 100/100 base 40/40"}));
  }

  void sampleTypeFallsBackToTheIndex() {
    const ProfileData current = test::profileOf({"main 3"}, {"cpu"});
    const ProfileData base = test::profileOf({"main 2"}, {"samples"});
    QCOMPARE(test::dumpTree(buildDiffCallTree(current, base, 0)), lines({"main 3/3 base 2/2"}));
  }

  void filterAppliesToBothSides() {
    const ProfileData current = test::profileOf({"main;a;b 10", "main;c 5"});
    const ProfileData base = test::profileOf({"main;a;x 4", "main;c 5"});
    const CallTree tree = buildDiffCallTree(current, base, 0, ProfileFilter{"^a$", {}, {}, {}});
    QCOMPARE(test::dumpTree(tree), lines({"main 10/0 base 4/0", "  a 10/0 base 4/0",
                                          "    b 10/10 base 0/0", "    x 0/0 base 4/4"}));
  }

  void emptyBase() {
    const ProfileData current = test::profileOf({"main;a 2"});
    const ProfileData base = test::profileOf({});
    const CallTree tree = buildDiffCallTree(current, base, 0);
    QVERIFY(tree.differential);
    QCOMPARE(test::dumpTree(tree), lines({"main 2/0 base 0/0", "  a 2/2 base 0/0"}));
  }

  void onlyInBase() {
    const ProfileData current = test::profileOf({});
    const ProfileData base = test::profileOf({"gone;x 3"});
    QCOMPARE(test::dumpTree(buildDiffCallTree(current, base, 0)),
             lines({"gone 0/0 base 3/0", "  x 0/0 base 3/3"}));
  }
};

QTEST_GUILESS_MAIN(TestDiffCallTree)
#include "tst_diff_call_tree.moc"
