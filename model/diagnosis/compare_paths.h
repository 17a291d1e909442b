#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sightline {

// Ancestral paths of spans (root service/operation → … → service/operation), interned: a
// path is its parent path plus one (service id, name id) step, so a span's path is found from
// its parent's with one lookup. Ids are dense, from 0.
class SpanPathTable {
 public:
  static constexpr std::uint32_t kNoPath = UINT32_MAX;

  struct Step {
    std::uint32_t parent = kNoPath;  // kNoPath for a root
    std::int64_t serviceId = 0;
    std::int64_t nameId = 0;
  };

  std::uint32_t intern(std::uint32_t parent, std::int64_t serviceId, std::int64_t nameId);
  const Step& step(std::uint32_t path) const { return m_steps[path]; }
  std::uint32_t root(std::uint32_t path) const;
  std::size_t size() const { return m_steps.size(); }

 private:
  struct StepHash {
    std::size_t operator()(const Step& s) const;
  };
  struct StepEqual {
    bool operator()(const Step& a, const Step& b) const {
      return a.parent == b.parent && a.serviceId == b.serviceId && a.nameId == b.nameId;
    }
  };
  std::vector<Step> m_steps;
  std::unordered_map<Step, std::uint32_t, StepHash, StepEqual> m_ids;
};

// How the spans of one path changed, per trace (see PathComparison).
enum class PathChange { Added, Removed, More, Fewer, Same };

// One step of a path with its names resolved.
struct PathStep {
  std::string service;
  std::string operation;
};

// One ancestral path compared over the two sides, aggregated as Jaeger's trace diff compares
// two traces. "Per trace" means per trace having the path's root (the same root service and
// operation), so that a change in the mix of requests does not read as a change of shape.
struct PathComparison {
  PathStep step;    // the path's last step; the steps before it are its parent's path
  int parent = -1;  // index of the parent path in the list, -1 for a root
  int depth = 0;    // 0 for a root
  std::uint64_t baselineSpans = 0;
  std::uint64_t targetSpans = 0;
  double baselinePerTrace = 0;
  double targetPerTrace = 0;
  PathChange change = PathChange::Same;
};

// Paths whose means differ by at most this share of the larger one are "same".
inline constexpr double kPathSameTolerance = 0.1;

// The paths of both sides in depth-first order (siblings by service, then operation), each
// classified: added (no span in the baseline), removed (none in the target), more / fewer
// (the target's mean per trace is above / below the baseline's by more than `tolerance` of the
// larger), else same. `nameOf` turns string ids into text.
std::vector<PathComparison> comparePaths(const SpanPathTable& paths,
                                         const std::vector<std::uint64_t>& baselineSpans,
                                         const std::vector<std::uint64_t>& baselineRootTraces,
                                         const std::vector<std::uint64_t>& targetSpans,
                                         const std::vector<std::uint64_t>& targetRootTraces,
                                         const std::function<std::string(std::int64_t)>& nameOf,
                                         double tolerance = kPathSameTolerance);

// The whole path of paths[index], from the root.
std::vector<PathStep> fullPath(const std::vector<PathComparison>& paths, std::size_t index);

// "added", "removed", "more", "fewer", "same".
const char* pathChangeName(PathChange change);

}  // namespace sightline
