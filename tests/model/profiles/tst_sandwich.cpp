// The sandwich view: callers (inverted) and callees trees of one function.

#include <QTest>

#include <map>
#include <string>
#include <vector>

#include "model/profiles/call_tree.h"
#include "tests/model/profiles/tst_profile_spec.h"

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

// Every node's path from the root ("f/a/main") with its total, or its base total.
std::map<std::string, std::int64_t> totalsByPath(const CallTree& tree, bool base = false) {
  std::map<std::string, std::int64_t> totals;
  std::vector<std::string> paths(tree.nodes.size());
  for (std::uint32_t i = 0; i < tree.nodes.size(); ++i) {
    const CallTreeNode& node = tree.nodes[i];
    paths[i] = (i == 0 ? std::string() : paths[node.parent] + "/") + tree.names[node.name];
    const std::int64_t value = base ? tree.baseTotalOf(i) : node.total;
    if (value != 0)
      totals[paths[i]] = value;
  }
  return totals;
}

const std::vector<std::string> kBaseStacks = {
    "main;a;f;g 1",  // fewer through a
    "main;c;f 6",    // a caller the current profile does not have
    "f;z 4",         // the same
    "main;h 9",
};

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

  // Against a base: one tree per half whose values are the current profile's half and whose
  // base values are the base's half, path by path.
  void differentialHalves() {
    const ProfileData current = test::profileOf(kStacks);
    const ProfileData base = test::profileOf(kBaseStacks);
    using Build = CallTree (*)(const ProfileData&, int, const std::string&, const ProfileFilter&);
    using BuildDiff = CallTree (*)(const ProfileData&, const ProfileData&, int, const std::string&,
                                   const ProfileFilter&);
    const std::pair<Build, BuildDiff> halves[] = {{buildCallersTree, buildDiffCallersTree},
                                                  {buildCalleesTree, buildDiffCalleesTree}};
    for (const auto& [single, diff] : halves) {
      const CallTree tree = diff(current, base, 0, "f", {});
      QVERIFY(tree.differential);
      QCOMPARE(tree.names[tree.nodes[0].name], std::string("f"));
      QCOMPARE(totalsByPath(tree), totalsByPath(single(current, 0, "f", {})));
      QCOMPARE(totalsByPath(tree, /*base=*/true), totalsByPath(single(base, 0, "f", {})));
      // Shares are of the whole profiles, as in the differential flame graph.
      const CallTree whole = buildDiffCallTree(current, base, 0);
      QCOMPARE(tree.shareTotal(), whole.total());
      QCOMPARE(tree.baseShareTotal(), whole.baseTotal());
    }
    // With a filter, of what the filter keeps.
    ProfileFilter hideMain;
    hideMain.hide = "^main$";
    const CallTree filtered = buildDiffCalleesTree(current, base, 0, "f", hideMain);
    const CallTree wholeFiltered = buildDiffCallTree(current, base, 0, hideMain);
    QCOMPARE(filtered.shareTotal(), wholeFiltered.total());
    QCOMPARE(filtered.baseShareTotal(), wholeFiltered.baseTotal());
    // A caller only the base has is in the tree, with nothing in the current profile.
    const auto callers = totalsByPath(buildDiffCallersTree(current, base, 0, "f"), true);
    QCOMPARE(callers.at("f/c"), std::int64_t{6});
    QCOMPARE(totalsByPath(buildDiffCallersTree(current, base, 0, "f")).count("f/c"),
             std::size_t(0));
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
