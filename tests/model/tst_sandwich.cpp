// The sandwich view: callers (inverted) and callees trees of one function.

#include <QTest>

#include "model/call_tree.h"
#include "tests/model/tst_profile_spec.h"

using namespace sightline;
using test::lines;

namespace {

const std::vector<std::string> kStacks = {
    "main;a;f;g 5",    // f called from a
    "main;b;f 3",      // f is the leaf
    "main;f;x;f;y 2",  // recursion through x: counts once, from the outer f
    "main;h 1",        // no f at all
    "f;z 4",           // f is the outermost frame
};

void checkRoot(const CallTree& tree, std::int64_t total, std::int64_t self) {
  QVERIFY(!tree.nodes.empty());
  QCOMPARE(tree.names[tree.nodes[0].name], std::string("f"));
  QCOMPARE(tree.nodes[0].total, total);
  QCOMPARE(tree.nodes[0].self, self);
}

std::int64_t cumOf(const TopReport& top, const std::string& function) {
  for (const TopRow& row : top.rows)
    if (row.function == function)
      return row.cum;
  return -1;
}

}  // namespace

class TestSandwich : public QObject {
  Q_OBJECT

 private slots:
  void callees() {
    const ProfileData profile = test::profileOf(kStacks);
    const CallTree tree = buildCalleesTree(profile, 0, "f");
    checkRoot(tree, 14, 3);
    QCOMPARE(test::dumpTree(tree), lines({"g 5/5", "x 2/0", "  f 2/0", "    y 2/2", "z 4/4"}));
  }

  void callers() {
    const ProfileData profile = test::profileOf(kStacks);
    const CallTree tree = buildCallersTree(profile, 0, "f");
    // The root's self: stacks where f itself is the outermost frame.
    checkRoot(tree, 14, 4);
    QCOMPARE(test::dumpTree(tree),
             lines({"a 5/0", "  main 5/5", "b 3/0", "  main 3/3", "main 2/2"}));
  }

  void rootTotalsEqualCum() {
    const ProfileData profile = test::profileOf(kStacks);
    const TopReport top = computeTop(profile, 0);
    for (const char* function : {"f", "main", "x", "a"}) {
      QCOMPARE(buildCallersTree(profile, 0, function).total(), cumOf(top, function));
      QCOMPARE(buildCalleesTree(profile, 0, function).total(), cumOf(top, function));
    }
  }

  void filtersApply() {
    const ProfileData profile = test::profileOf(kStacks);
    const ProfileFilter hideB{{}, {}, "^b$", {}};
    QCOMPARE(test::dumpTree(buildCallersTree(profile, 0, "f", hideB)),
             lines({"a 5/0", "  main 5/5", "main 5/5"}));
    const ProfileFilter ignoreX{{}, "^x$", {}, {}};
    const CallTree callees = buildCalleesTree(profile, 0, "f", ignoreX);
    checkRoot(callees, 12, 3);
    QCOMPARE(test::dumpTree(callees), lines({"g 5/5", "z 4/4"}));
  }

  void hiddenFunctionHasNoSandwich() {
    const ProfileData profile = test::profileOf(kStacks);
    const ProfileFilter hideF{{}, {}, "^f$", {}};
    checkRoot(buildCallersTree(profile, 0, "f", hideF), 0, 0);
    checkRoot(buildCalleesTree(profile, 0, "f", hideF), 0, 0);
  }

  void unknownFunction() {
    const ProfileData profile = test::profileOf(kStacks);
    const CallTree tree = buildCallersTree(profile, 0, "nope");
    QCOMPARE(tree.nodes.size(), std::size_t{1});
    QCOMPARE(tree.names[tree.nodes[0].name], std::string("nope"));
    QCOMPARE(tree.total(), std::int64_t{0});
  }

  void inlinedFrames() {
    // f inlined into a: the callers tree still shows a as its caller.
    const ProfileData profile = test::profileOf({"main;a+f;g 2", "main;a 1"});
    QCOMPARE(test::dumpTree(buildCallersTree(profile, 0, "f")), lines({"a 2/0", "  main 2/2"}));
    QCOMPARE(test::dumpTree(buildCalleesTree(profile, 0, "f")), lines({"g 2/2"}));
  }
};

QTEST_GUILESS_MAIN(TestSandwich)
#include "tst_sandwich.moc"
