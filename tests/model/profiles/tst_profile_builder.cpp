#include <QtTest>

#include <map>
#include <random>
#include <vector>

#include "model/profiles/profile_builder.h"

using namespace sightline;

class TestProfileBuilder : public QObject {
  Q_OBJECT

 private slots:
  // The open-addressing trie must behave like a map from (parent, key) to node through many
  // table growths: same node for the same pair, new nodes numbered in insertion order.
  void trieMatchesReferenceMap() {
    StackTrie trie;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> reference;
    std::mt19937 rng(11);
    for (int i = 0; i < 200000; ++i) {
      const auto parent = static_cast<std::uint32_t>(rng() % trie.size());
      const auto key = static_cast<std::uint32_t>(rng() % 64);
      const std::uint32_t node = trie.child(parent, key);
      const auto [it, inserted] = reference.try_emplace({parent, key}, node);
      if (inserted)
        QCOMPARE(node, static_cast<std::uint32_t>(trie.size() - 1));
      else
        QCOMPARE(node, it->second);
    }
    QCOMPARE(trie.size(), reference.size() + 1);
    for (std::size_t n = 1; n < trie.nodes().size(); ++n)
      QVERIFY(trie.nodes()[n].parent < n);
  }

  void keysNearTheEmptyMarkerAreStored() {
    StackTrie trie;
    const std::uint32_t a = trie.child(0, 0xfffffffeu);
    const std::uint32_t b = trie.child(a, 0xffffffffu);
    QCOMPARE(trie.child(0, 0xfffffffeu), a);
    QCOMPARE(trie.child(a, 0xffffffffu), b);
    QCOMPARE(trie.size(), std::size_t{3});
  }

  void takeNodesLeavesAnEmptyTrie() {
    StackTrie trie;
    trie.child(0, 1);
    trie.child(1, 2);
    const std::vector<StackNode> nodes = trie.takeNodes();
    QCOMPARE(nodes.size(), std::size_t{3});
    QCOMPARE(trie.size(), std::size_t{1});
    QCOMPARE(trie.child(0, 1), 1u);
  }

  // Identical stacks and label sets merge by adding values; different label sets do not.
  void samplesMergeByStackAndLabels() {
    ProfileBuilder builder;
    builder.data().sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
    const std::uint32_t main = builder.internFunction({"main", "main", "main.go", 1});
    const std::uint32_t work = builder.internFunction({"work", "work", "main.go", 9});
    QCOMPARE(builder.internFunction({"main", "main", "main.go", 1}), main);
    const std::uint32_t fMain = builder.internFrame({main, 3, 0x10, kNoMapping, false});
    const std::uint32_t fWork = builder.internFrame({work, 12, 0x20, kNoMapping, false});
    const std::vector<std::uint32_t> stack = {fWork, fMain};  // leaf first
    const std::uint32_t leaf = builder.stackFromLeaf(stack);
    const std::uint32_t labelled = builder.internLabelSet({{"span_id", "00f0", 0, "", false}});
    const std::int64_t one[] = {1, 10};
    builder.addSample(leaf, 0, one);
    builder.addSample(leaf, 0, one);
    builder.addSample(leaf, labelled, one);
    const ProfileData data = builder.finish();
    QCOMPARE(data.nodes.size(), std::size_t{3});
    QCOMPARE(data.samples.size(), std::size_t{2});
    QCOMPARE(data.value(0, 0), std::int64_t{2});
    QCOMPARE(data.value(0, 1), std::int64_t{20});
    QCOMPARE(data.value(1, 1), std::int64_t{10});
    QCOMPARE(data.labelSets.size(), std::size_t{2});
    QCOMPARE(data.frames[data.nodes[leaf].frame].function, work);
  }
};

QTEST_APPLESS_MAIN(TestProfileBuilder)
#include "tst_profile_builder.moc"
