#include "model/traces/trace_statistics.h"

#include <algorithm>
#include <functional>

#include "model/traces/self_time.h"

namespace sightline {

namespace {

const std::string& serviceOf(const LoadedTrace& trace, const LoadedSpan& span) {
  static const std::string kUnknown;
  return span.serviceIndex < trace.services.size() ? trace.services[span.serviceIndex] : kUnknown;
}

std::uint64_t traceDurationNs(const LoadedTrace& trace) {
  if (trace.spans.empty())
    return 0;
  std::uint64_t first = UINT64_MAX;
  std::uint64_t last = 0;
  for (const LoadedSpan& span : trace.spans) {
    first = std::min(first, span.startUnixNano);
    last = std::max({last, span.endUnixNano, span.startUnixNano});
  }
  return last - first;
}

void addTrace(OperationStatisticsAccumulator& acc, const LoadedTrace& trace,
              const std::vector<std::uint64_t>& selfTimes) {
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const LoadedSpan& span = trace.spans[i];
    acc.add(serviceOf(trace, span), span.name, span.durationNs(), selfTimes[i]);
  }
  acc.addTraceDuration(traceDurationNs(trace));
}

// 1-based nearest rank ceil(percent/100 * n), kept within [1, n].
std::size_t nearestRank(std::size_t n, unsigned percent) {
  const std::size_t rank = (n * percent + 99) / 100;
  return std::clamp<std::size_t>(rank, 1, n);
}

struct SelfTimes {
  std::uint64_t total = 0;
  std::uint64_t min = UINT64_MAX;
  std::uint64_t max = 0;

  void add(std::uint64_t ns) {
    total += ns;
    min = std::min(min, ns);
    max = std::max(max, ns);
  }
};

// The figures of one non-empty group; reorders durations.
OperationStatistics summarise(const std::string& service, const std::string& operation,
                              std::vector<std::uint64_t>& d, const SelfTimes& self,
                              std::uint64_t traceTimeNs) {
  OperationStatistics s;
  s.service = service;
  s.operation = operation;
  s.count = d.size();
  s.minDurationNs = UINT64_MAX;
  for (std::uint64_t v : d) {
    s.totalDurationNs += v;
    s.minDurationNs = std::min(s.minDurationNs, v);
    s.maxDurationNs = std::max(s.maxDurationNs, v);
  }
  s.avgDurationNs = static_cast<double>(s.totalDurationNs) / static_cast<double>(s.count);
  s.totalSelfTimeNs = self.total;
  s.minSelfTimeNs = self.min;
  s.maxSelfTimeNs = self.max;
  s.avgSelfTimeNs = static_cast<double>(s.totalSelfTimeNs) / static_cast<double>(s.count);
  if (traceTimeNs > 0) {
    s.percentOfTrace =
        100.0 * static_cast<double>(s.totalSelfTimeNs) / static_cast<double>(traceTimeNs);
  }
  // Highest rank first: each later nth_element only needs the prefix left of the last.
  const std::size_t r99 = nearestRank(d.size(), 99);
  const std::size_t r95 = nearestRank(d.size(), 95);
  const std::size_t r50 = nearestRank(d.size(), 50);
  auto at = [&d](std::size_t rank) { return d.begin() + static_cast<std::ptrdiff_t>(rank - 1); };
  std::nth_element(d.begin(), at(r99), d.end());
  std::nth_element(d.begin(), at(r95), at(r99) + 1);
  std::nth_element(d.begin(), at(r50), at(r95) + 1);
  s.p99DurationNs = *at(r99);
  s.p95DurationNs = *at(r95);
  s.p50DurationNs = *at(r50);
  return s;
}

void sortBySelfTime(std::vector<OperationStatistics>& stats) {
  std::sort(stats.begin(), stats.end(),
            [](const OperationStatistics& a, const OperationStatistics& b) {
              if (a.totalSelfTimeNs != b.totalSelfTimeNs)
                return a.totalSelfTimeNs > b.totalSelfTimeNs;
              if (a.service != b.service)
                return a.service < b.service;
              return a.operation < b.operation;
            });
}

}  // namespace

std::uint64_t nearestRankPercentile(std::vector<std::uint64_t>& values, unsigned percent) {
  if (values.empty())
    return 0;
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(nearestRank(values.size(), percent) - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

std::size_t OperationStatisticsAccumulator::KeyHash::operator()(const KeyView& k) const {
  const std::size_t a = std::hash<std::string_view>{}(k.service);
  const std::size_t b = std::hash<std::string_view>{}(k.operation);
  return a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2));
}

std::uint32_t OperationStatisticsAccumulator::groupId(std::string_view service,
                                                      std::string_view operation) {
  auto it = m_ids.find(KeyView{service, operation});
  if (it != m_ids.end())
    return it->second;
  auto group = std::make_unique<Group>();
  group->service = std::string(service);
  group->operation = std::string(operation);
  const auto id = static_cast<std::uint32_t>(m_groups.size());
  m_ids.emplace(KeyView{group->service, group->operation}, id);
  m_groups.push_back(std::move(group));
  return id;
}

void OperationStatisticsAccumulator::add(std::uint32_t group, std::uint64_t durationNs,
                                         std::uint64_t selfTimeNs) {
  Group& g = *m_groups[group];
  g.durations.push_back(durationNs);
  g.totalSelfNs += selfTimeNs;
  g.minSelfNs = std::min(g.minSelfNs, selfTimeNs);
  g.maxSelfNs = std::max(g.maxSelfNs, selfTimeNs);
}

std::vector<OperationStatistics> OperationStatisticsAccumulator::finish() {
  std::vector<OperationStatistics> out;
  out.reserve(m_groups.size());
  for (const auto& group : m_groups) {
    if (group->durations.empty())
      continue;
    out.push_back(summarise(group->service, group->operation, group->durations,
                            {group->totalSelfNs, group->minSelfNs, group->maxSelfNs},
                            m_traceTimeNs));
  }
  sortBySelfTime(out);
  m_ids.clear();
  m_groups.clear();
  m_traceTimeNs = 0;
  return out;
}

std::vector<OperationStatistics> computeTraceStatistics(const LoadedTrace& trace,
                                                        const TraceTree& tree) {
  const std::vector<LoadedSpan>& spans = trace.spans;
  std::vector<std::uint64_t> computed;
  if (tree.selfTimeNs.size() != spans.size())
    computed = computeSelfTimes(trace, tree);
  const std::vector<std::uint64_t>& self = computed.empty() ? tree.selfTimeNs : computed;
  const std::uint64_t traceNs = traceDurationNs(trace);

  // Sorting by (service, operation) makes each group a run: no hashing, no per-group
  // allocation, which matters when the statistics of thousands of traces are computed.
  std::vector<std::int32_t> order(spans.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = static_cast<std::int32_t>(i);
  auto keyOf = [&spans](std::int32_t i) {
    const LoadedSpan& s = spans[static_cast<std::size_t>(i)];
    return std::pair<std::uint32_t, std::string_view>(s.serviceIndex, s.name);
  };
  std::sort(order.begin(), order.end(),
            [&keyOf](std::int32_t a, std::int32_t b) { return keyOf(a) < keyOf(b); });

  std::vector<OperationStatistics> out;
  std::vector<std::uint64_t> durations;
  for (std::size_t begin = 0; begin < order.size();) {
    const auto key = keyOf(order[begin]);
    SelfTimes selfTimes;
    durations.clear();
    std::size_t end = begin;
    for (; end < order.size() && keyOf(order[end]) == key; ++end) {
      const auto i = static_cast<std::size_t>(order[end]);
      durations.push_back(spans[i].durationNs());
      selfTimes.add(self[i]);
    }
    const LoadedSpan& first = spans[static_cast<std::size_t>(order[begin])];
    out.push_back(summarise(serviceOf(trace, first), first.name, durations, selfTimes, traceNs));
    begin = end;
  }
  sortBySelfTime(out);
  return out;
}

std::vector<OperationStatistics> computeOperationStatistics(
    const std::vector<LoadedTrace>& traces) {
  OperationStatisticsAccumulator acc;
  for (const LoadedTrace& trace : traces) {
    const TraceTree tree = buildTraceStructure(trace);
    addTrace(acc, trace, computeSelfTimes(trace, tree));
  }
  return acc.finish();
}

}  // namespace sightline
