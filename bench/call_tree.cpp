// Benchmark of the profile analysis (DESIGN.md budget: re-focus of a flame graph of 1M
// samples / 100k distinct stacks ≤ 150 ms, filters included). Builds a synthetic profile in
// memory with ProfileBuilder — shaped like bench/make_large_profile's Go profile: 5,000
// Go-like functions (50 per package) with 3 frames each, stacks drawn along a random call
// graph from 20 roots (shared prefixes, some recursion, some inlined calls), 1M samples
// Zipf-distributed over the stacks — then times buildCallTree with and without filters,
// computeTop, buildDiffCallTree against a second profile and the sandwich trees.
//
//   bench_call_tree [--samples N] [--stacks S] [--depth D] [--seed X] [--repeat R]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "bench/stopwatch.h"
#include "model/profiles/call_tree.h"
#include "model/profiles/call_tree_refocus.h"
#include "model/profiles/profile_builder.h"

using namespace sightline;

namespace {

constexpr int kFunctions = 5000;
constexpr int kFunctionsPerPackage = 50;
constexpr int kFramesPerFunction = 3;
constexpr int kRoots = 20;
constexpr int kCallees = 6;  // out-degree of the random call graph

struct Options {
  std::size_t samples = 1000000;
  std::size_t stacks = 100000;
  std::size_t depth = 30;
  std::uint64_t seed = 1;
  int repeat = 5;
};

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--samples N] [--stacks S] [--depth D] [--seed X] [--repeat R]\n",
               program);
  std::exit(2);
}

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc)
      usage(argv[0]);
    const std::string flag = argv[i];
    const auto value = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--samples")
      o.samples = value;
    else if (flag == "--stacks")
      o.stacks = std::max<std::size_t>(1, value);
    else if (flag == "--depth")
      o.depth = std::max<std::size_t>(2, value);
    else if (flag == "--seed")
      o.seed = value;
    else if (flag == "--repeat")
      o.repeat = std::max(1, static_cast<int>(value));
    else
      usage(argv[0]);
  }
  return o;
}

using sightline::bench::Elapsed;
using sightline::bench::Stopwatch;

// Fastest of `repeat` runs: the least disturbed by the other jobs of a shared machine.
template <typename Work>
Elapsed fastestOf(int repeat, Work&& work) {
  Elapsed best{1e300, 1e300};
  for (int r = 0; r < repeat; ++r) {
    const Stopwatch watch;
    work();
    const Elapsed e = watch.elapsed();
    best = {std::min(best.wallMs, e.wallMs), std::min(best.cpuMs, e.cpuMs)};
  }
  return best;
}

void printRow(const char* label, const Elapsed& e, const char* note = "") {
  std::printf("%-44s %9.1f ms wall %9.1f ms cpu  %s\n", label, e.wallMs, e.cpuMs, note);
}

class ProfileGenerator {
 public:
  explicit ProfileGenerator(std::uint64_t seed) : m_rng(seed) {}

  ProfileData make(const Options& o) {
    ProfileBuilder builder;
    ProfileData& header = builder.data();
    header.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
    header.periodType = {"cpu", "nanoseconds"};
    header.period = 10000000;
    ProfileMapping binary;
    binary.fileName = "/srv/bin/server";
    binary.hasFunctions = binary.hasFilenames = binary.hasLineNumbers = true;
    const std::uint32_t mapping = builder.addMapping(binary);

    // Frames: every function has kFramesPerFunction call sites; every tenth function is
    // also inlined somewhere (one extra frame with inlined = true).
    std::vector<std::uint32_t> frames;
    std::vector<std::uint32_t> inlinedFrame(kFunctions, 0xffffffffu);
    for (int f = 0; f < kFunctions; ++f) {
      const int package = f / kFunctionsPerPackage;
      ProfileFunction function;
      function.name = "example.com/svc/pkg" + std::to_string(package) + "/cache.(*Type" +
                      std::to_string(f % 7) + ").method" + std::to_string(f);
      function.systemName = function.name;
      function.fileName = "/src/pkg" + std::to_string(package) + "/cache.go";
      const std::uint32_t id = builder.internFunction(function);
      for (int line = 0; line < kFramesPerFunction; ++line) {
        frames.push_back(builder.internFrame(ProfileFrame{
            id, 10 + line * 7, 0x400000u + static_cast<std::uint64_t>(f) * 64 + line, mapping}));
      }
      if (f % 10 == 0)
        inlinedFrame[f] = builder.internFrame(ProfileFrame{id, 99, 0, mapping, true});
    }

    // A random call graph; stacks are walks on it from a root, so prefixes repeat.
    std::vector<std::vector<int>> callees(kFunctions);
    for (auto& list : callees)
      for (int c = 0; c < kCallees; ++c)
        list.push_back(static_cast<int>(m_rng() % kFunctions));

    std::vector<std::uint32_t> nodes;
    std::vector<std::uint32_t> leafFirst;
    std::uniform_int_distribution<std::size_t> depthOf(o.depth / 2, o.depth * 3 / 2);
    for (std::size_t s = 0; s < o.stacks; ++s) {
      std::vector<std::uint32_t> rootFirst;
      int function = static_cast<int>(m_rng() % kRoots);
      const std::size_t depth = depthOf(m_rng);
      for (std::size_t d = 0; d < depth; ++d) {
        const int site = static_cast<int>(m_rng() % kFramesPerFunction);
        rootFirst.push_back(frames[static_cast<std::size_t>(function * kFramesPerFunction + site)]);
        const int next = callees[static_cast<std::size_t>(function)][m_rng() % kCallees];
        // The callee may be inlined into this frame's location.
        if (inlinedFrame[static_cast<std::size_t>(next)] != 0xffffffffu && m_rng() % 2 == 0 &&
            d + 1 < depth) {
          rootFirst.push_back(inlinedFrame[static_cast<std::size_t>(next)]);
          ++d;
        }
        function = next;
      }
      leafFirst.assign(rootFirst.rbegin(), rootFirst.rend());
      nodes.push_back(builder.stackFromLeaf(leafFirst));
    }

    // Every stack once, then Zipf(1.1) over the stacks for the rest of the samples.
    std::vector<double> cumulative(nodes.size());
    double sum = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i)
      cumulative[i] = sum += 1.0 / std::pow(static_cast<double>(i + 1), 1.1);
    std::uniform_real_distribution<double> uniform(0, sum);
    const std::int64_t one[] = {1, 10000000};
    for (std::size_t i = 0; i < o.samples; ++i) {
      const std::size_t stack =
          i < nodes.size()
              ? i
              : static_cast<std::size_t>(
                    std::lower_bound(cumulative.begin(), cumulative.end(), uniform(m_rng)) -
                    cumulative.begin());
      builder.addSample(nodes[std::min(stack, nodes.size() - 1)], 0, one);
    }
    return builder.finish();
  }

 private:
  std::mt19937_64 m_rng;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = parseOptions(argc, argv);
  const Stopwatch generation;
  const ProfileData profile = ProfileGenerator(o.seed).make(o);
  const ProfileData base = ProfileGenerator(o.seed + 1).make(o);
  std::printf(
      "profile: %zu samples in %zu merged rows, %zu trie nodes, %zu frames "
      "(generated in %.0f ms, with a base profile of %zu trie nodes)\n",
      o.samples, profile.samples.size(), profile.nodes.size(), profile.frames.size(),
      generation.elapsed().wallMs, base.nodes.size());

  const int cpu = 1;
  CallTree tree;
  printRow("buildCallTree", fastestOf(o.repeat, [&] { tree = buildCallTree(profile, cpu); }),
           "(budget: re-focus <= 150 ms)");
  std::printf("  -> %zu call-tree nodes, max depth %u, total %lld\n", tree.nodes.size(),
              tree.maxDepth, static_cast<long long>(tree.total()));

  const ProfileFilter focus{"pkg1[0-9]/", {}, {}, {}};
  printRow("buildCallTree, focus=pkg1[0-9]/",
           fastestOf(o.repeat, [&] { tree = buildCallTree(profile, cpu, focus); }));
  std::printf("  -> %zu nodes, total %lld\n", tree.nodes.size(),
              static_cast<long long>(tree.total()));

  // What the GUI does on a new focus or ignore: answer it from the tree on screen.
  RefocusableCallTree refocusable;
  printRow("buildRefocusableCallTree (first frame)",
           fastestOf(o.repeat, [&] { refocusable = buildRefocusableCallTree(profile, cpu, {}); }));
  printRow("addParentIndex (after the first frame)",
           fastestOf(o.repeat, [&] { addParentIndex(refocusable); }));
  printRow("re-focus: refocusCallTree, focus=pkg1[0-9]/",
           fastestOf(o.repeat, [&] { tree = *refocusCallTree(refocusable, profile, cpu, focus); }),
           "(budget: re-focus <= 150 ms)");
  std::printf("  -> %zu nodes, total %lld\n", tree.nodes.size(),
              static_cast<long long>(tree.total()));
  const ProfileFilter narrow{"pkg1/", "method[0-9]*7$", {}, {}};
  printRow("re-focus: refocusCallTree, focus=pkg1/ ignore",
           fastestOf(o.repeat, [&] { tree = *refocusCallTree(refocusable, profile, cpu, narrow); }),
           "(budget: re-focus <= 150 ms)");
  std::printf("  -> %zu nodes, total %lld\n", tree.nodes.size(),
              static_cast<long long>(tree.total()));

  const ProfileFilter hide{{}, "pkg9[0-9]/", "method[0-9]*5$", {}};
  printRow("buildCallTree, ignore + hide",
           fastestOf(o.repeat, [&] { tree = buildCallTree(profile, cpu, hide); }));
  std::printf("  -> %zu nodes, total %lld\n", tree.nodes.size(),
              static_cast<long long>(tree.total()));

  TopReport top;
  printRow("computeTop", fastestOf(o.repeat, [&] { top = computeTop(profile, cpu); }));
  std::printf("  -> %zu rows; first %s flat %lld cum %lld\n", top.rows.size(),
              top.rows.empty() ? "-" : top.rows[0].function.c_str(),
              static_cast<long long>(top.rows.empty() ? 0 : top.rows[0].flat),
              static_cast<long long>(top.rows.empty() ? 0 : top.rows[0].cum));
  printRow("computeTop, focus",
           fastestOf(o.repeat, [&] { top = computeTop(profile, cpu, focus); }));
  printRow("computeTop -diff_base",
           fastestOf(o.repeat, [&] { top = computeTop(profile, cpu, {}, &base); }));

  printRow("buildDiffCallTree",
           fastestOf(o.repeat, [&] { tree = buildDiffCallTree(profile, base, cpu); }));
  std::printf("  -> %zu nodes, totals %lld / base %lld\n", tree.nodes.size(),
              static_cast<long long>(tree.total()), static_cast<long long>(tree.baseTotal()));

  // The sandwich of the hottest function by cum below the roots.
  const TopReport byCum = computeTop(profile, cpu);
  std::string function = byCum.rows.empty() ? std::string() : byCum.rows.back().function;
  std::int64_t bestCum = 0;
  for (const TopRow& row : byCum.rows) {
    if (row.flat > 0 && row.cum > bestCum) {
      bestCum = row.cum;
      function = row.function;
    }
  }
  printRow("buildCallersTree",
           fastestOf(o.repeat, [&] { tree = buildCallersTree(profile, cpu, function); }));
  std::printf("  -> %s: %zu nodes\n", function.c_str(), tree.nodes.size());
  printRow("buildCalleesTree",
           fastestOf(o.repeat, [&] { tree = buildCalleesTree(profile, cpu, function); }));
  std::printf("  -> %zu nodes\n", tree.nodes.size());
  return 0;
}
