// buildCallTree: the flame graph's tree (pprof function granularity, merged by name along
// the path, children by name), with the filters applied as pprof applies them.

#include <QTest>

#include "model/profiles/call_tree.h"
#include "tests/model/profiles/tst_profile_spec.h"

using namespace sightline;
using test::lines;

namespace {

std::vector<std::string> toStd(const QStringList& list) {
  std::vector<std::string> out;
  for (const QString& item : list)
    out.push_back(item.toStdString());
  return out;
}

// Every node: total = self + Σ children, depth = parent's + 1, children contiguous and
// sorted by name, and maxDepth the deepest node.
void checkInvariants(const CallTree& tree) {
  QVERIFY(!tree.nodes.empty());
  QCOMPARE(tree.nodes[0].parent, kNoNode);
  QCOMPARE(tree.nodes[0].depth, 0u);
  std::uint32_t deepest = 0;
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    const CallTreeNode& node = tree.nodes[i];
    std::int64_t childTotal = 0;
    std::int64_t childBase = 0;
    deepest = std::max(deepest, node.depth);
    for (std::uint32_t c = node.firstChild; c < node.firstChild + node.childCount; ++c) {
      QCOMPARE(tree.nodes[c].parent, static_cast<std::uint32_t>(i));
      QCOMPARE(tree.nodes[c].depth, node.depth + 1);
      childTotal += tree.nodes[c].total;
      childBase += tree.baseTotalOf(c);
      if (c > node.firstChild)
        QVERIFY(tree.names[tree.nodes[c - 1].name] < tree.names[tree.nodes[c].name]);
    }
    QCOMPARE(node.total, node.self + childTotal);
    const auto index = static_cast<std::uint32_t>(i);
    QCOMPARE(tree.baseTotalOf(index), tree.baseSelfOf(index) + childBase);
  }
  QCOMPARE(tree.maxDepth, deepest);
}

}  // namespace

class TestCallTree : public QObject {
  Q_OBJECT

 private slots:
  // A profile built by hand without even a root node: an empty tree, no crash.
  void profileWithoutNodes() {
    ProfileData profile;
    profile.sampleTypes.push_back({"cpu", "nanoseconds"});
    const CallTree tree = buildCallTree(profile, 0);
    QCOMPARE(tree.nodes.size(), std::size_t(1));
    QCOMPARE(tree.total(), std::int64_t(0));
    QVERIFY(computeTop(profile, 0).rows.empty());
    ProfileFilter focus;
    focus.focus = "x";
    QCOMPARE(buildCallTree(profile, 0, focus).total(), std::int64_t(0));
  }

  void sameCallTreeComparesEveryNode() {
    const ProfileData profile = test::profileOf({"main;a;b 3", "main;a 2", "main;c 1"});
    const CallTree tree = buildCallTree(profile, 0);
    QVERIFY(sameCallTree(tree, buildCallTree(profile, 0)));
    CallTree changed = tree;
    changed.nodes.back().self += 1;
    QVERIFY(!sameCallTree(tree, changed));
    CallTree renamed = tree;
    renamed.names[renamed.nodes.back().name] += "x";
    QVERIFY(!sameCallTree(tree, renamed));
    ProfileFilter focus;
    focus.focus = "^b$";
    QVERIFY(!sameCallTree(tree, buildCallTree(profile, 0, focus)));
  }

  void tree_data() {
    QTest::addColumn<QStringList>("spec");
    QTest::addColumn<QStringList>("filter");  // focus, ignore, hide, show
    QTest::addColumn<QString>("expected");

    const QStringList none{QString(), QString(), QString(), QString()};
    QTest::newRow("paths merge, children by name")
        << QStringList{QStringLiteral("main;b 2"), QStringLiteral("main;a;x 3"),
                       QStringLiteral("main;a 1"), QStringLiteral("other 4")}
        << none
        << QString::fromStdString(
               lines({"main 6/0", "  a 4/1", "    x 3/3", "  b 2/2", "other 4/4"}));
    QTest::newRow("frames of one function merge (lines, addresses)")
        << QStringList{QStringLiteral("main:10;f:1 2"), QStringLiteral("main:12;f:2 3"),
                       QStringLiteral("main:12;f:2;g 1")}
        << none << QString::fromStdString(lines({"main 6/0", "  f 6/5", "    g 1/1"}));
    QTest::newRow("recursion keeps its levels")
        << QStringList{QStringLiteral("a;b;a;b 5"), QStringLiteral("a;a 2")} << none
        << QString::fromStdString(
               lines({"a 7/0", "  a 2/2", "  b 5/0", "    a 5/0", "      b 5/5"}));
    QTest::newRow("inlined calls are frames of their own")
        << QStringList{QStringLiteral("main;a+b+c 4"), QStringLiteral("main;a 1")} << none
        << QString::fromStdString(lines({"main 5/0", "  a 5/1", "    b 4/0", "      c 4/4"}));
    QTest::newRow("zero and labelled samples")
        << QStringList{QStringLiteral("main;a 0"), QStringLiteral("main;b 1 #span=1"),
                       QStringLiteral("main;b 2 #span=2")}
        << none << QString::fromStdString(lines({"main 3/0", "  b 3/3"}));
    QTest::newRow("focus keeps whole stacks")
        << QStringList{QStringLiteral("main;a;b 2"), QStringLiteral("main;c 3")}
        << QStringList{QStringLiteral("^a$"), QString(), QString(), QString()}
        << QString::fromStdString(lines({"main 2/0", "  a 2/0", "    b 2/2"}));
    QTest::newRow("focus on an inlined line keeps its location")
        << QStringList{QStringLiteral("main;a+c 2"), QStringLiteral("main;a 3")}
        << QStringList{QStringLiteral("^c$"), QString(), QString(), QString()}
        << QString::fromStdString(lines({"main 2/0", "  a 2/0", "    c 2/2"}));
    QTest::newRow("ignore drops stacks")
        << QStringList{QStringLiteral("main;a;b 2"), QStringLiteral("main;c 3")}
        << QStringList{QString(), QStringLiteral("b"), QString(), QString()}
        << QString::fromStdString(lines({"main 3/0", "  c 3/3"}));
    QTest::newRow("hide removes frames and moves self to the caller")
        << QStringList{QStringLiteral("main;a;b 2"), QStringLiteral("main;b;c 3")}
        << QStringList{QString(), QString(), QStringLiteral("^b$"), QString()}
        << QString::fromStdString(lines({"main 5/0", "  a 2/2", "  c 3/3"}));
    QTest::newRow("hiding every frame drops the sample")
        << QStringList{QStringLiteral("x;y 2"), QStringLiteral("main 3")}
        << QStringList{QString(), QString(), QStringLiteral("x|y"), QString()}
        << QString::fromStdString(lines({"main 3/3"}));
    QTest::newRow("show keeps matching frames only")
        << QStringList{QStringLiteral("main;a;b 2"), QStringLiteral("main;z 3")}
        << QStringList{QString(), QString(), QString(), QStringLiteral("^(main|b)$")}
        << QString::fromStdString(lines({"main 5/3", "  b 2/2"}));
    QTest::newRow("filters on file and mapping names")
        << QStringList{QStringLiteral("main@m.go;parse@json/d.go 2"),
                       QStringLiteral("main@m.go;write^libnet.so 3"),
                       QStringLiteral("main@m.go;gc 1")}
        << QStringList{QString(), QStringLiteral("json/"), QStringLiteral("libnet"), QString()}
        << QString::fromStdString(lines({"main 4/3", "  gc 1/1"}));
  }

  void tree() {
    QFETCH(QStringList, spec);
    QFETCH(QStringList, filter);
    QFETCH(QString, expected);
    const ProfileData profile = test::profileOf(toStd(spec));
    const CallTree tree =
        buildCallTree(profile, 0,
                      ProfileFilter{filter[0].toStdString(), filter[1].toStdString(),
                                    filter[2].toStdString(), filter[3].toStdString()});
    QCOMPARE(QString::fromStdString(test::dumpTree(tree)), expected);
    checkInvariants(tree);
    QCOMPARE(tree.names[tree.nodes[0].name], std::string("root"));
    QVERIFY(!tree.differential);
  }

  void sampleTypes() {
    const ProfileData profile = test::profileOf(
        {"main;alloc 3,300", "main;free 0,50", "main;idle 2,0"}, {"alloc_objects", "alloc_space"});
    const CallTree space = buildCallTree(profile, 1);
    QCOMPARE(space.sampleType.type, std::string("alloc_space"));
    QCOMPARE(test::dumpTree(space), lines({"main 350/0", "  alloc 300/300", "  free 50/50"}));
    const CallTree objects = buildCallTree(profile, 0);
    QCOMPARE(test::dumpTree(objects), lines({"main 5/0", "  alloc 3/3", "  idle 2/2"}));
    // -1 is the profile's default: the last type.
    QCOMPARE(test::dumpTree(buildCallTree(profile, -1)), test::dumpTree(space));
    // A type the profile does not have gives an empty tree.
    const CallTree missing = buildCallTree(profile, 7);
    QCOMPARE(missing.nodes.size(), std::size_t{1});
    QCOMPARE(missing.total(), std::int64_t{0});
  }

  void rootAndDepth() {
    const ProfileData profile = test::profileOf({"a;b;c;d 1", "a;b 2", "e 4"});
    const CallTree tree = buildCallTree(profile, 0);
    QCOMPARE(tree.total(), std::int64_t{7});
    QCOMPARE(tree.maxDepth, 4u);
    QCOMPARE(tree.nodes.size(), std::size_t{6});
    checkInvariants(tree);
  }

  void dropFramesFromTheProfile() {
    const ProfileData profile = test::ProfileSpecBuilder()
                                    .dropFrames("lib\\..*")
                                    .samples({"main;wrap;lib.run;deep 4", "lib.start;main;x 2"})
                                    .build();
    QCOMPARE(test::dumpTree(buildCallTree(profile, 0)),
             lines({"lib.start 2/0", "  main 2/0", "    x 2/2", "main 4/0", "  wrap 4/4"}));
  }

  void invalidFilterGivesAnEmptyTree() {
    const ProfileData profile = test::profileOf({"a 1"});
    const CallTree tree = buildCallTree(profile, 0, ProfileFilter{{}, {}, "[", {}});
    QVERIFY(tree.nodes.empty());
    QCOMPARE(tree.total(), std::int64_t{0});
  }

  void deepStackHasNoRecursionLimit() {
    // 50k frames deep: nothing in the build may recurse per level.
    std::string stack;
    for (int i = 0; i < 50000; ++i)
      stack += (i ? ";f" : "f") + std::to_string(i % 7);
    const ProfileData profile = test::profileOf({stack + " 1"});
    const CallTree tree = buildCallTree(profile, 0);
    QCOMPARE(tree.maxDepth, 50000u);
    QCOMPARE(tree.nodes.size(), std::size_t{50001});
    const TopReport top = computeTop(profile, 0);
    QCOMPARE(top.rows.size(), std::size_t{7});
    QCOMPARE(top.rows[0].cum, std::int64_t{1});
  }

  void wideNodeUsesTheIndex() {
    // More children than a list walk handles: all must still merge by name.
    std::vector<std::string> spec;
    for (int round = 0; round < 2; ++round)
      for (int i = 0; i < 100; ++i)
        spec.push_back("main;f" + std::to_string(i) + ":" + std::to_string(round) + " 1");
    const CallTree tree = buildCallTree(test::profileOf(spec), 0);
    QCOMPARE(tree.nodes.size(), std::size_t{102});
    QCOMPARE(tree.nodes[1].childCount, 100u);
    for (std::uint32_t c = 0; c < 100; ++c)
      QCOMPARE(tree.nodes[tree.nodes[1].firstChild + c].total, std::int64_t{2});
    checkInvariants(tree);
  }

  void namelessFunctionsAreNamedAfterTheBinary() {
    ProfileBuilder builder;
    builder.data().sampleTypes.push_back({"samples", "count"});
    ProfileMapping mapping;
    mapping.fileName = "/usr/lib/libc.so.6";
    const std::uint32_t libc = builder.addMapping(mapping);
    const std::uint32_t nameless = builder.internFunction(ProfileFunction{});
    const std::uint32_t inLibc = builder.internFrame(ProfileFrame{nameless, 0, 0x10, libc});
    const std::uint32_t unknown = builder.internFrame(ProfileFrame{nameless, 0, 0x20});
    const std::uint32_t leafFirst[] = {inLibc, unknown};
    const std::int64_t one[] = {1};
    builder.addSample(builder.stackFromLeaf(leafFirst), 0, one);
    const CallTree tree = buildCallTree(builder.finish(), 0);
    QCOMPARE(test::dumpTree(tree), lines({"<unknown> 1/0", "  [libc.so.6] 1/1"}));
  }
};

QTEST_GUILESS_MAIN(TestCallTree)
#include "tst_call_tree.moc"
