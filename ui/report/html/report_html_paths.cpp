#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_figures.h"
#include "ui/report/report_path_bars.h"

namespace sightline::report_html {

namespace {

constexpr double kWidth = 940;
constexpr double kLabelWidth = 120;
constexpr double kValueWidth = 80;
constexpr double kBarsWidth = kWidth - kLabelWidth - kValueWidth;
constexpr double kRowHeight = 20;
constexpr double kBarHeight = 14;

QString n(double value) {
  return QString::number(value, 'f', 1);
}

QString duration(double ns) {
  return reportDuration(static_cast<std::uint64_t>(ns + 0.5));
}

void writeGroup(HtmlWriter& html, const PathBarGroup& group) {
  html.start("div", {{"class", QStringLiteral("path-group")}});
  html.start("p");
  html.element("strong", group.endpoint);
  html.text(QStringLiteral(" — ") + pathBarSummary(group));
  html.end();
  const double height = kRowHeight * static_cast<double>(group.bars.size()) + 2;
  html.start("svg", {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
                     {"viewBox", QStringLiteral("0 0 %1 %2").arg(n(kWidth), n(height))},
                     {"width", n(kWidth)},
                     {"height", n(height)},
                     {"class", QStringLiteral("path-bars")},
                     {"role", QStringLiteral("img")},
                     {"font-size", QStringLiteral("11")}});
  html.element("title", group.endpoint + QStringLiteral(": critical path per request by service"));
  double y = 1;
  for (const PathBar& bar : group.bars) {
    const QString label =
        (bar.side.isEmpty() ? QStringLiteral("all") : bar.side) +
        QStringLiteral(" (%1 %2)")
            .arg(bar.traces)
            .arg(bar.traces == 1 ? QStringLiteral("trace") : QStringLiteral("traces"));
    html.element("text", label,
                 {{"x", QStringLiteral("0")},
                  {"y", n(y + kBarHeight - 3)},
                  {"fill", QStringLiteral("#5b6475")}});
    double x = kLabelWidth;
    for (const PathBarSegment& segment : bar.segments) {
      const double width = group.scaleNs > 0 ? kBarsWidth * segment.meanNs / group.scaleNs : 0;
      html.start("rect", {{"x", n(x)},
                          {"y", n(y)},
                          {"width", n(std::max(width, 0.5))},
                          {"height", n(kBarHeight)},
                          {"fill", segment.colour.name()},
                          {"stroke", QStringLiteral("#ffffff")},
                          {"stroke-width", QStringLiteral("0.5")}});
      html.element("title",
                   QStringLiteral("%1: %2 per request on the critical path (%3 %)")
                       .arg(segment.service, duration(segment.meanNs))
                       .arg(bar.meanNs > 0 ? 100.0 * segment.meanNs / bar.meanNs : 0.0, 0, 'f', 0));
      html.end();
      x += width;
    }
    html.element(
        "text", bar.traces ? duration(bar.meanNs) : QStringLiteral("no traces"),
        {{"x", n(x + 4)}, {"y", n(y + kBarHeight - 3)}, {"fill", QStringLiteral("#1d2330")}});
    y += kRowHeight;
  }
  html.end();  // svg
  html.end();  // div
}

}  // namespace

void writeCriticalPaths(HtmlWriter& html, const ReportContent& content) {
  html.start("section", {{"id", QStringLiteral("paths")}});
  html.element("h2", QStringLiteral("Critical path per endpoint"));
  const PathBarChart chart = pathBarChart(content);
  if (chart.groups.empty()) {
    html.element("p", QStringLiteral("No traces."), {{"class", QStringLiteral("muted")}});
    html.end();
    return;
  }
  html.element("p", QStringLiteral("Each bar is the mean request of an endpoint (the root "
                                   "operation of a trace), split into the time each service "
                                   "owns on the trace's critical path: the chain of spans the "
                                   "request's end waited for. Work in parallel with it is not "
                                   "counted. Bars of one endpoint share a scale."));
  html.start("ul", {{"class", QStringLiteral("legend")}});
  for (const auto& [service, colour] : chart.legend) {
    html.start("li");
    html.start("svg", {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
                       {"width", QStringLiteral("10")},
                       {"height", QStringLiteral("10")},
                       {"class", QStringLiteral("swatch")}});
    html.empty("rect", {{"width", QStringLiteral("10")},
                        {"height", QStringLiteral("10")},
                        {"fill", colour.name()}});
    html.end();
    html.text(QStringLiteral(" ") + service);
    html.end();
  }
  html.end();
  for (const PathBarGroup& group : chart.groups)
    writeGroup(html, group);
  if (chart.omittedEndpoints > 0) {
    html.element("p",
                 QStringLiteral("%1 more endpoints with fewer traces are not drawn.")
                     .arg(chart.omittedEndpoints),
                 {{"class", QStringLiteral("muted")}});
  }
  html.end();
}

}  // namespace sightline::report_html
