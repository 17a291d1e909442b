#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"
#include "ui/traces/waterfall_coordinates.h"

namespace sightline {

// The display rows of a waterfall: preorder span indices, skipping the descendants of
// collapsed spans (collapsed[i] != 0). O(n): a collapsed span's subtree is the run of
// deeper spans that follows it in preorder.
std::vector<std::int32_t> visibleSpanRows(const TraceTree& tree,
                                          const std::vector<std::uint8_t>& collapsed);

// The inverse of `rows`: rowOfSpan[span] = its row, or -1 while hidden. Reuses the buffer.
void indexSpanRows(const std::vector<std::int32_t>& rows, std::size_t spanCount,
                   std::vector<std::int32_t>& rowOfSpan);

// Clears the collapsed flag of every ancestor of `span`; true when one was collapsed.
bool expandAncestors(const TraceTree& tree, std::vector<std::uint8_t>& collapsed,
                     std::int32_t span);

// Spans whose name, service or hex span id contains `query` (ASCII case-insensitive, UTF-8),
// in display (preorder) order. An empty query matches nothing.
std::vector<std::int32_t> findSpans(const LoadedTrace& trace, const TraceTree& tree,
                                    std::string_view query);

// Fixed pixel sizes of a waterfall row; the view derives them from its font.
struct WaterfallMetrics {
  int rowHeight = 20;
  int labelWidth = 360;  // the span-tree column; the bars take the rest
  int indent = 12;       // per depth level
  int toggleSize = 12;   // the expand/collapse triangle's box
  int swatchSize = 8;
  int padding = 4;
  int maxIndentDepth = 20;  // deeper spans are drawn at this depth so their label stays visible
};

// Where the pieces of a row's label column start, relative to the view's left edge.
int toggleLeft(int depth, const WaterfallMetrics& metrics);
int swatchLeft(int depth, const WaterfallMetrics& metrics);
int labelTextLeft(int depth, const WaterfallMetrics& metrics);

// The horizontal extent of a span's bar in viewport pixels, at least minWidth wide so that
// short spans stay visible. Times are relative to the trace start.
struct BarExtent {
  double left = 0;
  double right = 0;
};
BarExtent barExtent(const TimeAxis& axis, double startNs, double endNs, double minWidth = 1.0);

enum class WaterfallPart { None, Toggle, Label, Bar, RowBackground };

struct WaterfallHit {
  int row = -1;
  std::int32_t span = -1;
  WaterfallPart part = WaterfallPart::None;
  friend bool operator==(const WaterfallHit&, const WaterfallHit&) = default;
};

// What lies under viewport point (x, y): the row, its span, and which part of the row.
// `axis` maps trace-relative times onto the bar column; a bar is hit within 2 px.
WaterfallHit hitTestWaterfall(int x, int y, int scrollY, const WaterfallMetrics& metrics,
                              const TimeAxis& axis, const std::vector<std::int32_t>& rows,
                              const TraceTree& tree, const LoadedTrace& trace,
                              std::uint64_t traceStartNs);

}  // namespace sightline
