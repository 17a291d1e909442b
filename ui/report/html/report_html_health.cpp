#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_health_charts.h"

namespace sightline::report_html {

namespace {

constexpr double kWidth = 940;
constexpr double kGap = 20;
constexpr double kPanelWidth = (kWidth - 2 * kGap) / 3;
constexpr double kHeight = 150;
constexpr double kLeft = 52;    // the y axis' labels
constexpr double kTop = 20;     // the chart's title
constexpr double kBottom = 18;  // the x axis' labels
constexpr double kRight = 8;

QString n(double value) {
  return QString::number(value, 'f', 1);
}

const QString kSvgNs = QStringLiteral("http://www.w3.org/2000/svg");
const QString kMutedInk = QStringLiteral("#5b6475");

struct Plot {
  double left, top, width, height, axisSeconds, yMax;
  double x(double seconds) const {
    return left + (axisSeconds > 0 ? width * seconds / axisSeconds : 0);
  }
  double y(double value) const {
    return top + height - (yMax > 0 ? height * std::min(value, yMax) / yMax : 0);
  }
};

void writeAxes(HtmlWriter& html, const HealthCharts& charts, const HealthChart& chart,
               const Plot& plot) {
  for (double tick : chart.yTicks) {
    const double y = plot.y(tick);
    html.empty("line", {{"x1", n(plot.left)},
                        {"x2", n(plot.left + plot.width)},
                        {"y1", n(y)},
                        {"y2", n(y)},
                        {"stroke", QStringLiteral("#e3e7ee")},
                        {"stroke-width", QStringLiteral("1")}});
    html.element("text", healthAxisValue(tick, chart.unit),
                 {{"x", n(plot.left - 4)},
                  {"y", n(y + 3.5)},
                  {"text-anchor", QStringLiteral("end")},
                  {"fill", kMutedInk}});
  }
  for (double tick : charts.xTicks) {
    const double x = plot.x(tick);
    html.empty("line", {{"x1", n(x)},
                        {"x2", n(x)},
                        {"y1", n(plot.top + plot.height)},
                        {"y2", n(plot.top + plot.height + 3)},
                        {"stroke", kMutedInk},
                        {"stroke-width", QStringLiteral("1")}});
    // The axis' end label ends at the axis, not past the panel.
    const bool last = x > plot.left + plot.width - 12;
    html.element("text", healthOffset(tick),
                 {{"x", n(last ? plot.left + plot.width : x)},
                  {"y", n(plot.top + plot.height + 14)},
                  {"text-anchor", last ? QStringLiteral("end") : QStringLiteral("middle")},
                  {"fill", kMutedInk}});
  }
  html.empty("line", {{"x1", n(plot.left)},
                      {"x2", n(plot.left + plot.width)},
                      {"y1", n(plot.top + plot.height)},
                      {"y2", n(plot.top + plot.height)},
                      {"stroke", kMutedInk},
                      {"stroke-width", QStringLiteral("1")}});
}

void writeLine(HtmlWriter& html, const HealthLine& line, const Plot& plot) {
  for (const std::vector<HealthMark>& run : line.runs) {
    QString points;
    for (const HealthMark& mark : run)
      points +=
          n(plot.x(mark.at.x())) + QLatin1Char(',') + n(plot.y(mark.at.y())) + QLatin1Char(' ');
    html.start("polyline", {{"points", points.trimmed()},
                            {"fill", QStringLiteral("none")},
                            {"stroke", line.colour.name()},
                            // the baseline wider, so that it shows where the two coincide
                            {"stroke-width", line.colour == kHealthBefore ? QStringLiteral("2.6")
                                                                          : QStringLiteral("1.4")},
                            {"stroke-linejoin", QStringLiteral("round")}});
    html.element("title", line.side.isEmpty() ? QStringLiteral("the whole workspace") : line.side);
    html.end();
    // A point each, for its tooltip: visible dots for the sparse metric readings and a
    // bucket between two empty ones, an invisible target for the others.
    const bool dots = line.dots || run.size() == 1;
    for (const HealthMark& mark : run) {
      html.start("circle", {{"cx", n(plot.x(mark.at.x()))},
                            {"cy", n(plot.y(mark.at.y()))},
                            {"r", dots ? QStringLiteral("2.5") : QStringLiteral("3")},
                            {"fill", line.colour.name()},
                            {"fill-opacity", dots ? QStringLiteral("1") : QStringLiteral("0")}});
      html.element("title", mark.tip);
      html.end();
    }
  }
}

void writeChart(HtmlWriter& html, const HealthCharts& charts, const HealthChart& chart, double x0) {
  html.element("text", chart.title,
               {{"x", n(x0 + 4)},
                {"y", QStringLiteral("12")},
                {"font-weight", QStringLiteral("600")},
                {"fill", QStringLiteral("#1d2330")}});
  const Plot plot{
      x0 + kLeft,         kTop,      kPanelWidth - kLeft - kRight, kHeight - kTop - kBottom,
      charts.axisSeconds, chart.yMax};
  if (chart.empty()) {
    html.element("text", QStringLiteral("no data in the window"),
                 {{"x", n(plot.left + plot.width / 2)},
                  {"y", n(plot.top + plot.height / 2)},
                  {"text-anchor", QStringLiteral("middle")},
                  {"fill", kMutedInk}});
    return;
  }
  writeAxes(html, charts, chart, plot);
  for (const HealthRule& rule : chart.rules) {
    const double y = plot.y(rule.y);
    html.start("line", {{"x1", n(plot.left)},
                        {"x2", n(plot.left + plot.width)},
                        {"y1", n(y)},
                        {"y2", n(y)},
                        {"stroke", kHealthRule.name()},
                        {"stroke-width", QStringLiteral("1")},
                        {"stroke-dasharray", QStringLiteral("4 3")}});
    html.element("title", rule.label);
    html.end();
    // Above its line, or below when the line runs along the top.
    html.element("text", rule.label,
                 {{"x", n(plot.left + plot.width - 2)},
                  {"y", n(y - 3 < plot.top + 8 ? y + 10 : y - 3)},
                  {"text-anchor", QStringLiteral("end")},
                  {"font-size", QStringLiteral("9")},
                  {"fill", kMutedInk}});
  }
  for (const HealthLine& line : chart.lines)
    writeLine(html, line, plot);
  if (!chart.offScale.isEmpty()) {
    html.element("text", chart.offScale,
                 {{"x", n(plot.left + plot.width)},
                  {"y", QStringLiteral("12")},
                  {"text-anchor", QStringLiteral("end")},
                  {"font-size", QStringLiteral("9")},
                  {"fill", kMutedInk}});
  }
}

void writeRow(HtmlWriter& html, const HealthCharts& charts, const HealthRow& row) {
  html.start("div", {{"class", QStringLiteral("health-row")}});
  html.start("p");
  html.element("strong", row.heading);
  html.end();
  html.start("svg", {{"xmlns", kSvgNs},
                     {"viewBox", QStringLiteral("0 0 %1 %2").arg(n(kWidth), n(kHeight))},
                     {"width", n(kWidth)},
                     {"height", n(kHeight)},
                     {"class", QStringLiteral("health-charts")},
                     {"role", QStringLiteral("img")},
                     {"font-size", QStringLiteral("10")}});
  html.element("title", row.heading);
  for (std::size_t i = 0; i < row.charts.size(); ++i)
    writeChart(html, charts, row.charts[i], static_cast<double>(i) * (kPanelWidth + kGap));
  html.end();  // svg
  html.end();  // div
}

void writeLegend(HtmlWriter& html, const HealthCharts& charts) {
  html.start("ul", {{"class", QStringLiteral("legend")}});
  for (const auto& [label, colour] : charts.legend) {
    html.start("li");
    html.start("svg", {{"xmlns", kSvgNs},
                       {"width", QStringLiteral("18")},
                       {"height", QStringLiteral("10")},
                       {"class", QStringLiteral("swatch")}});
    html.empty("line", {{"x1", QStringLiteral("0")},
                        {"x2", QStringLiteral("18")},
                        {"y1", QStringLiteral("5")},
                        {"y2", QStringLiteral("5")},
                        {"stroke", colour.name()},
                        {"stroke-width", QStringLiteral("2.5")}});
    html.end();
    html.text(QStringLiteral(" ") + label);
    html.end();
  }
  html.end();
}

}  // namespace

void writeServiceHealth(HtmlWriter& html, const ReportContent& content) {
  html.start("section", {{"id", QStringLiteral("health")}});
  html.element("h2", QStringLiteral("Service health over time"));
  const HealthCharts charts = healthCharts(content);
  if (content.health.axisNs == 0) {
    html.element("p", QStringLiteral("No traces or metric snapshots with a time window."),
                 {{"class", QStringLiteral("muted")}});
    html.end();
    return;
  }
  html.element(
      "p", (content.hasBaseline
                ? QStringLiteral("Both sides on one time axis: the time since each side's start "
                                 "(its first span). ")
                : QStringLiteral(
                      "The time since the first span (without traces: the first snapshot). ")) +
               QStringLiteral("Requests are the root spans of the traces (RED: their rate, the "
                              "share in error — status ERROR, or an HTTP status ≥ 500 or a gRPC "
                              "status other than OK on a server span — and their p95 "
                              "duration) in ") +
               charts.bucketText +
               QStringLiteral("; processes are the Prometheus snapshots taken in the window, "
                              "every instance of a job summed (CPU as the rate of "
                              "process_cpu_seconds_total; memory as the Go heap in use, or the "
                              "resident memory of a job without it)."));
  if (charts.legend.size() > 1)
    writeLegend(html, charts);
  html.element("p", charts.sloText, {{"class", QStringLiteral("muted")}});
  html.element("h3", QStringLiteral("Requests"));
  if (charts.requests.empty()) {
    html.element("p", QStringLiteral("No traces in the window: no requests to chart."),
                 {{"class", QStringLiteral("muted")}});
  }
  for (const HealthRow& row : charts.requests)
    writeRow(html, charts, row);
  html.element("h3", QStringLiteral("Processes"));
  if (charts.processes.empty()) {
    html.element("p",
                 QStringLiteral("No process metrics (process_cpu_seconds_total, go_goroutines, "
                                "heap or resident memory) in the window."),
                 {{"class", QStringLiteral("muted")}});
  }
  for (const HealthRow& row : charts.processes)
    writeRow(html, charts, row);
  for (const QString& line : charts.omitted)
    html.element("p", line, {{"class", QStringLiteral("muted")}});
  html.end();
}

}  // namespace sightline::report_html
