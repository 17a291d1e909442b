#pragma once

#include "model/report/report_trace_excerpt.h"
#include "ui/report/html/html_writer.h"

namespace sightline {

// Draws a trace excerpt as an inline SVG waterfall: one row per kept span (label indented by
// depth on the left, its bar on the trace's time axis), the critical path dark, the finding's
// evidence red, a <title> tooltip per row; then a line saying what was left out.
void writeSvgWaterfall(HtmlWriter& html, const TraceExcerpt& excerpt);

}  // namespace sightline
