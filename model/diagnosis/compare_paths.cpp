#include "model/diagnosis/compare_paths.h"

#include <algorithm>
#include <cmath>

namespace sightline {

namespace {

std::uint64_t at(const std::vector<std::uint64_t>& values, std::uint32_t i) {
  return i < values.size() ? values[i] : 0;
}

double perTrace(std::uint64_t spans, std::uint64_t traces) {
  return traces == 0 ? 0.0 : static_cast<double>(spans) / static_cast<double>(traces);
}

PathChange classify(std::uint64_t baselineSpans, std::uint64_t targetSpans, double baseline,
                    double target, double tolerance) {
  if (baselineSpans == 0)
    return PathChange::Added;
  if (targetSpans == 0)
    return PathChange::Removed;
  if (std::abs(target - baseline) <= tolerance * std::max(baseline, target))
    return PathChange::Same;
  return target > baseline ? PathChange::More : PathChange::Fewer;
}

}  // namespace

std::size_t SpanPathTable::StepHash::operator()(const Step& s) const {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::uint64_t v :
       {static_cast<std::uint64_t>(s.parent), static_cast<std::uint64_t>(s.serviceId),
        static_cast<std::uint64_t>(s.nameId)}) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  }
  return static_cast<std::size_t>(h);
}

std::uint32_t SpanPathTable::intern(std::uint32_t parent, std::int64_t serviceId,
                                    std::int64_t nameId) {
  const Step step{parent, serviceId, nameId};
  const auto [it, inserted] = m_ids.try_emplace(step, static_cast<std::uint32_t>(m_steps.size()));
  if (inserted)
    m_steps.push_back(step);
  return it->second;
}

std::uint32_t SpanPathTable::root(std::uint32_t path) const {
  while (m_steps[path].parent != kNoPath)
    path = m_steps[path].parent;
  return path;
}

std::vector<PathComparison> comparePaths(const SpanPathTable& paths,
                                         const std::vector<std::uint64_t>& baselineSpans,
                                         const std::vector<std::uint64_t>& baselineRootTraces,
                                         const std::vector<std::uint64_t>& targetSpans,
                                         const std::vector<std::uint64_t>& targetRootTraces,
                                         const std::function<std::string(std::int64_t)>& nameOf,
                                         double tolerance) {
  const auto count = static_cast<std::uint32_t>(paths.size());
  std::unordered_map<std::int64_t, std::string> names;
  auto name = [&](std::int64_t id) -> const std::string& {
    auto it = names.find(id);
    if (it == names.end())
      it = names.emplace(id, nameOf(id)).first;
    return it->second;
  };

  // Children lists (roots under kNoPath), each sorted by service, then operation.
  std::vector<std::vector<std::uint32_t>> children(count);
  std::vector<std::uint32_t> roots;
  for (std::uint32_t p = 0; p < count; ++p) {
    if (at(baselineSpans, p) == 0 && at(targetSpans, p) == 0)
      continue;
    const std::uint32_t parent = paths.step(p).parent;
    (parent == SpanPathTable::kNoPath ? roots : children[parent]).push_back(p);
  }
  auto bySteps = [&](std::uint32_t a, std::uint32_t b) {
    const auto& sa = paths.step(a);
    const auto& sb = paths.step(b);
    const std::string& serviceA = name(sa.serviceId);
    const std::string& serviceB = name(sb.serviceId);
    if (serviceA != serviceB)
      return serviceA < serviceB;
    return name(sa.nameId) < name(sb.nameId);
  };
  std::sort(roots.begin(), roots.end(), bySteps);
  for (auto& list : children)
    std::sort(list.begin(), list.end(), bySteps);

  std::vector<PathComparison> out;
  // Depth-first without recursion: (path, parent index in `out`), pushed in reverse order.
  std::vector<std::pair<std::uint32_t, int>> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it)
    stack.emplace_back(*it, -1);
  while (!stack.empty()) {
    const auto [p, parent] = stack.back();
    stack.pop_back();
    const auto& step = paths.step(p);
    PathComparison row;
    row.step = {name(step.serviceId), name(step.nameId)};
    row.parent = parent;
    row.depth = parent < 0 ? 0 : out[static_cast<std::size_t>(parent)].depth + 1;
    const std::uint32_t root = paths.root(p);
    row.baselineSpans = at(baselineSpans, p);
    row.targetSpans = at(targetSpans, p);
    row.baselinePerTrace = perTrace(row.baselineSpans, at(baselineRootTraces, root));
    row.targetPerTrace = perTrace(row.targetSpans, at(targetRootTraces, root));
    row.change = classify(row.baselineSpans, row.targetSpans, row.baselinePerTrace,
                          row.targetPerTrace, tolerance);
    const int index = static_cast<int>(out.size());
    out.push_back(std::move(row));
    const auto& kids = children[p];
    for (auto it = kids.rbegin(); it != kids.rend(); ++it)
      stack.emplace_back(*it, index);
  }
  return out;
}

std::vector<PathStep> fullPath(const std::vector<PathComparison>& paths, std::size_t index) {
  std::vector<PathStep> steps;
  for (int i = static_cast<int>(index); i >= 0; i = paths[static_cast<std::size_t>(i)].parent)
    steps.push_back(paths[static_cast<std::size_t>(i)].step);
  std::reverse(steps.begin(), steps.end());
  return steps;
}

const char* pathChangeName(PathChange change) {
  switch (change) {
    case PathChange::Added:
      return "added";
    case PathChange::Removed:
      return "removed";
    case PathChange::More:
      return "more";
    case PathChange::Fewer:
      return "fewer";
    case PathChange::Same:
      break;
  }
  return "same";
}

}  // namespace sightline
