#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// pprof's -focus/-ignore/-hide/-show, as regular expressions (QRegularExpression/PCRE2, matched
// anywhere in the string like Go's regexp.MatchString). Empty = not set. A location matches
// when any of its lines' function name or file name, or its mapping's file, matches.
//  focus: keep only samples with a matching location in their stack
//  ignore: drop samples with a matching location in their stack
//  hide: remove matching frames from every stack (the sample is kept)
//  show: keep only matching frames in every stack
struct ProfileFilter {
  std::string focus;
  std::string ignore;
  std::string hide;
  std::string show;
  // pprof's -tagfocus/-tagignore on string labels: "key=regex[,regex…]" or "regex" matched
  // against "key:value" (see CompiledTagFilter).
  std::string tagFocus;
  std::string tagIgnore;
  bool isEmpty() const {
    return focus.empty() && ignore.empty() && hide.empty() && show.empty() && tagFocus.empty() &&
           tagIgnore.empty();
  }
  // Only chooses samples (focus, ignore, tags): every stack keeps its path.
  bool onlyChoosesSamples() const { return hide.empty() && show.empty(); }
};

// Checks the filter's regexes; an invalid one gives an error naming it.
Status validateFilter(const ProfileFilter& filter);

inline constexpr std::uint32_t kNoNode = 0xffffffffu;

// One node of a call tree: a path of function names from the root. Node 0 is the root
// ("all samples"). Children of a node are contiguous (firstChild .. firstChild+childCount)
// and sorted by name, which is the flame graph's left-to-right order.
struct CallTreeNode {
  std::uint32_t parent = kNoNode;
  std::uint32_t firstChild = 0;
  std::uint32_t childCount = 0;
  std::uint32_t depth = 0;  // root = 0
  std::uint32_t name = 0;   // index into CallTree::names
  std::int64_t total = 0;   // value of samples whose stack passes through this node
  std::int64_t self = 0;    // value of samples whose leaf is this node
};
// 40 bytes: trees of large profiles have millions of nodes, and every pass over them
// (build, refocus, layout) is bound by memory traffic. Base values live beside the nodes.

// Call tree at pprof's default granularity (functions: frames merged by function name).
// Built on a worker thread; immutable afterwards and shared with views.
struct CallTree {
  std::vector<CallTreeNode> nodes;  // nodes[0] is the root
  std::vector<std::string> names;   // distinct function names
  // Differential trees only (else empty): per node, the base profile's values on the same
  // path.
  std::vector<std::int64_t> baseTotals;
  std::vector<std::int64_t> baseSelfs;
  ProfileValueType sampleType;
  bool differential = false;
  // What a differential tree's shares are of: the whole profiles' totals when the tree is
  // a part of them (the halves of a sandwich), 0 when it is the root's.
  std::int64_t shareDenominator = 0;
  std::int64_t baseShareDenominator = 0;
  std::int64_t total() const { return nodes.empty() ? 0 : nodes[0].total; }
  std::int64_t baseTotal() const { return baseTotals.empty() ? 0 : baseTotals[0]; }
  std::int64_t shareTotal() const { return shareDenominator != 0 ? shareDenominator : total(); }
  std::int64_t baseShareTotal() const {
    return baseShareDenominator != 0 ? baseShareDenominator : baseTotal();
  }
  std::int64_t baseTotalOf(std::uint32_t node) const {
    return node < baseTotals.size() ? baseTotals[node] : 0;
  }
  std::int64_t baseSelfOf(std::uint32_t node) const {
    return node < baseSelfs.size() ? baseSelfs[node] : 0;
  }
  std::uint32_t maxDepth = 0;
};

// Whether two trees are the same node for node (names compared as text).
bool sameCallTree(const CallTree& a, const CallTree& b);

// Flame graph tree of one sample type after the filter. Identical stacks were merged when
// the profile was built, so this is one pass over the trie.
CallTree buildCallTree(const ProfileData& profile, int sampleType,
                       const ProfileFilter& filter = {});

// Differential tree: both profiles on one set of paths; `total`/`self` from `current`,
// `baseTotals`/`baseSelfs` from `base`, each in its own units (callers normalise by
// total() and baseTotal() for colouring). The sample type is matched by name
// (falls back to the same index).
CallTree buildDiffCallTree(const ProfileData& current, const ProfileData& base, int sampleType,
                           const ProfileFilter& filter = {});

// Sandwich view of `function` (a name in the profile): the callers tree has the function at
// the root and its callers as children (inverted stacks); the callees tree has the function
// at the root and what it calls below. Recursive stacks count once, from the outermost call.
CallTree buildCallersTree(const ProfileData& profile, int sampleType, const std::string& function,
                          const ProfileFilter& filter = {});
CallTree buildCalleesTree(const ProfileData& profile, int sampleType, const std::string& function,
                          const ProfileFilter& filter = {});
// The same against a base profile, as buildDiffCallTree: one tree with both profiles' paths,
// the base's values as base values (differential), the base pruned with the current
// profile's drop_frames and its sample type matched by name.
CallTree buildDiffCallersTree(const ProfileData& current, const ProfileData& base, int sampleType,
                              const std::string& function, const ProfileFilter& filter = {});
CallTree buildDiffCalleesTree(const ProfileData& current, const ProfileData& base, int sampleType,
                              const std::string& function, const ProfileFilter& filter = {});

// How callers reach a function (pprof's "(inline)" / "(partial-inline)" after the name):
// kInline when every caller's calls to it were inlined, kPartialInline when some were.
enum class TopInline { kNone, kInline, kPartialInline };

// pprof -top: one row per function, flat = value where it is the leaf, cum = value of samples
// with the function anywhere in the stack (counted once per sample).
struct TopRow {
  std::string function;
  std::int64_t flat = 0;
  std::int64_t cum = 0;
  TopInline inlined = TopInline::kNone;
};

struct TopReport {
  ProfileValueType sampleType;
  std::int64_t total = 0;    // the denominator of flat% and cum%, as pprof computes it
  std::vector<TopRow> rows;  // in pprof's order (flat desc, then name, then cum desc)
  // Rows before nodeCount cut the list (pprof's "Showing top N nodes out of M").
  std::size_t rowsBeforeLimit = 0;
};

// Same rows, order and total as `go tool pprof -top -nodefraction=0` for the sample type.
// With `base`, the semantics of pprof's -diff_base (base values subtracted; total from the
// base as pprof computes it). nodeCount 0 = all rows.
TopReport computeTop(const ProfileData& profile, int sampleType, const ProfileFilter& filter = {},
                     const ProfileData* base = nullptr, std::size_t nodeCount = 0);

// The package a function belongs to, from its name and the language it looks like (Go
// "net/http.(*conn).serve" → "net/http", Java "com.foo.Bar.baz" → "com.foo", C++
// "std::vector<int>::push_back" → "std", Python "module.py:func"/"pkg.mod.func" → "pkg",
// JS "lib/x.js:fn" → "lib"). The flame graph colours by it.
std::string packageOfFunction(const std::string& name);

// pprof's report total for a sample type (computeTotal): the sum of absolute values of all
// samples before any filter; with `base`, the base profile's sum when it is not zero.
std::int64_t profileReportTotal(const ProfileData& profile, int sampleType,
                                const ProfileData* base = nullptr);

}  // namespace sightline
