#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <cstddef>

#include "model/profiles/call_tree.h"
#include "ui/report/html/html_writer.h"

namespace sightline {

struct FlameSvgOptions {
  QString title;     // the heading; written escaped like every string from the data
  QString subtitle;  // a second line, e.g. the sample type and the total
  int width = 1200;  // pixels
  // Nodes narrower than this are not drawn one by one: a run of such siblings is drawn as
  // one grey "(N small functions)" box when the run is at least this wide, and is left out
  // otherwise. Widths always come from the tree, so every drawn box keeps its true width.
  double minWidth = 0.1;
};

// What was written, for the command's summary and for tests.
struct FlameSvgStats {
  std::size_t frames = 0;   // boxes of single call-tree nodes (the root included)
  std::size_t merged = 0;   // grey boxes standing for several narrow siblings
  std::size_t omitted = 0;  // call-tree nodes without a box of their own
};

// Writes `tree` as a standalone SVG flame graph (root at the bottom, children left to right
// in the tree's order), for the `flame` verb and the report: one <g> per box with a <rect>, a
// <title> tooltip (name, total, self and their shares; for differential trees also the base's share
// and the change) and a <text> label when the box is wide enough (a long name elided from the
// front, as in the view). Colours: the view's (functionShade: hue by package, shade by function),
// or for differential trees by the change of the function's self share of its profile's total (red
// grew, blue shrank, white unchanged). No scripts; every name goes through reportText() (control
// and direction characters made visible, cut at kFlameNameLimit characters) and the writer's
// escaping, so any function name gives a well-formed file. Values are printed in pprof's units for
// the tree's sample type.
FlameSvgStats writeFlameSvg(QIODevice& out, const CallTree& tree, const FlameSvgOptions& options);
// The same as an element of a page (no XML declaration).
FlameSvgStats writeFlameSvg(HtmlWriter& svg, const CallTree& tree, const FlameSvgOptions& options);

// Function names longer than this are cut with "…" (C++ templates can be kilobytes long).
constexpr qsizetype kFlameNameLimit = 1000;

}  // namespace sightline
