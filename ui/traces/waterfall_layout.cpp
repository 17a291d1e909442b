#include "ui/traces/waterfall_layout.h"

#include <algorithm>

namespace sightline {

namespace {

char lowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool containsFolded(std::string_view haystack, std::string_view foldedNeedle) {
  if (foldedNeedle.size() > haystack.size())
    return false;
  auto it = std::search(haystack.begin(), haystack.end(), foldedNeedle.begin(), foldedNeedle.end(),
                        [](char h, char n) { return lowerAscii(h) == n; });
  return it != haystack.end();
}

std::size_t at(std::int32_t i) {
  return static_cast<std::size_t>(i);
}

}  // namespace

std::vector<std::int32_t> visibleSpanRows(const TraceTree& tree,
                                          const std::vector<std::uint8_t>& collapsed) {
  std::vector<std::int32_t> rows;
  rows.reserve(tree.preorder.size());
  int skipDeeperThan = -1;
  for (std::int32_t span : tree.preorder) {
    const int depth = tree.depth[at(span)];
    if (skipDeeperThan >= 0) {
      if (depth > skipDeeperThan)
        continue;
      skipDeeperThan = -1;
    }
    rows.push_back(span);
    if (at(span) < collapsed.size() && collapsed[at(span)] != 0 && tree.childCount[at(span)] > 0) {
      skipDeeperThan = depth;
    }
  }
  return rows;
}

void indexSpanRows(const std::vector<std::int32_t>& rows, std::size_t spanCount,
                   std::vector<std::int32_t>& rowOfSpan) {
  rowOfSpan.assign(spanCount, -1);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    rowOfSpan[at(rows[row])] = static_cast<std::int32_t>(row);
  }
}

bool expandAncestors(const TraceTree& tree, std::vector<std::uint8_t>& collapsed,
                     std::int32_t span) {
  bool changed = false;
  if (span < 0 || at(span) >= tree.size())
    return false;
  for (std::int32_t p = tree.parent[at(span)]; p >= 0; p = tree.parent[at(p)]) {
    if (at(p) < collapsed.size() && collapsed[at(p)] != 0) {
      collapsed[at(p)] = 0;
      changed = true;
    }
  }
  return changed;
}

std::vector<std::int32_t> findSpans(const LoadedTrace& trace, const TraceTree& tree,
                                    std::string_view query) {
  std::vector<std::int32_t> found;
  if (query.empty())
    return found;
  std::string folded(query);
  std::transform(folded.begin(), folded.end(), folded.begin(), lowerAscii);

  // A service either matches for all its spans or for none: decide once per service.
  std::vector<std::uint8_t> serviceMatches(trace.services.size(), 0);
  for (std::size_t i = 0; i < trace.services.size(); ++i) {
    serviceMatches[i] = containsFolded(trace.services[i], folded) ? 1 : 0;
  }
  const bool mayBeHex =
      folded.size() <= 16 && std::all_of(folded.begin(), folded.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  for (std::int32_t span : tree.preorder) {
    const LoadedSpan& s = trace.spans[at(span)];
    bool match = s.serviceIndex < serviceMatches.size() && serviceMatches[s.serviceIndex] != 0;
    match = match || containsFolded(s.name, folded);
    match = match || (mayBeHex && s.spanId.toHex().find(folded) != std::string::npos);
    if (match)
      found.push_back(span);
  }
  return found;
}

int toggleLeft(int depth, const WaterfallMetrics& metrics) {
  return metrics.padding + std::min(depth, metrics.maxIndentDepth) * metrics.indent;
}

int swatchLeft(int depth, const WaterfallMetrics& metrics) {
  return toggleLeft(depth, metrics) + metrics.toggleSize + metrics.padding / 2;
}

int labelTextLeft(int depth, const WaterfallMetrics& metrics) {
  return swatchLeft(depth, metrics) + metrics.swatchSize + metrics.padding;
}

BarExtent barExtent(const TimeAxis& axis, double startNs, double endNs, double minWidth) {
  BarExtent bar{axis.timeToX(startNs), axis.timeToX(endNs)};
  if (bar.right - bar.left < minWidth)
    bar.right = bar.left + minWidth;
  return bar;
}

WaterfallHit hitTestWaterfall(int x, int y, int scrollY, const WaterfallMetrics& metrics,
                              const TimeAxis& axis, const std::vector<std::int32_t>& rows,
                              const TraceTree& tree, const LoadedTrace& trace,
                              std::uint64_t traceStartNs) {
  WaterfallHit hit;
  hit.row = rowAt(y, metrics.rowHeight, scrollY, static_cast<int>(rows.size()));
  if (hit.row < 0 || x < 0)
    return {};
  hit.span = rows[static_cast<std::size_t>(hit.row)];
  if (x < metrics.labelWidth) {
    const int toggle = toggleLeft(tree.depth[at(hit.span)], metrics);
    const bool onToggle = x >= toggle && x < toggle + metrics.toggleSize;
    hit.part = onToggle && tree.childCount[at(hit.span)] > 0 ? WaterfallPart::Toggle
                                                             : WaterfallPart::Label;
    return hit;
  }
  const LoadedSpan& s = trace.spans[at(hit.span)];
  const double start =
      static_cast<double>(s.startUnixNano - std::min(s.startUnixNano, traceStartNs));
  const BarExtent bar = barExtent(axis, start, start + static_cast<double>(s.durationNs()));
  constexpr double kSlop = 2.0;
  const bool onBar = x >= bar.left - kSlop && x <= bar.right + kSlop;
  hit.part = onBar ? WaterfallPart::Bar : WaterfallPart::RowBackground;
  return hit;
}

}  // namespace sightline
