#include "ui/report/html/report_svg_waterfall.h"

#include "ui/report/report_figures.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace {

constexpr double kWidth = 940;
constexpr double kLabelWidth = 330;
constexpr double kBarsLeft = kLabelWidth + 10;
constexpr double kBarsWidth = kWidth - kBarsLeft - 10;
constexpr double kRowHeight = 17;
constexpr double kBarHeight = 12;
constexpr double kAxisHeight = 22;
constexpr double kIndent = 10;
constexpr int kLabelChars = 48;
constexpr int kTicks = 4;

QString n(double value) {
  return QString::number(value, 'f', 1);
}

}  // namespace

void writeSvgWaterfall(HtmlWriter& html, const TraceExcerpt& excerpt) {
  const double height = kAxisHeight + kRowHeight * static_cast<double>(excerpt.rows.size()) + 6;
  const std::uint64_t duration =
      excerpt.endUnixNano > excerpt.startUnixNano ? excerpt.endUnixNano - excerpt.startUnixNano : 1;
  auto xOf = [&](std::uint64_t t) {
    const std::uint64_t offset = t > excerpt.startUnixNano ? t - excerpt.startUnixNano : 0;
    return kBarsLeft + kBarsWidth * static_cast<double>(offset) / static_cast<double>(duration);
  };
  html.start("svg", {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
                     {"viewBox", QStringLiteral("0 0 %1 %2").arg(n(kWidth), n(height))},
                     {"width", n(kWidth)},
                     {"height", n(height)},
                     {"class", QStringLiteral("waterfall")},
                     {"role", QStringLiteral("img")},
                     {"font-size", QStringLiteral("11")}});
  html.element("title", QStringLiteral("Trace %1: critical path and evidence")
                            .arg(QString::fromStdString(excerpt.traceId.toHex())));
  // Time axis.
  for (int t = 0; t <= kTicks; ++t) {
    const double x = kBarsLeft + kBarsWidth * t / kTicks;
    html.empty("line", {{"x1", n(x)},
                        {"y1", n(kAxisHeight - 4)},
                        {"x2", n(x)},
                        {"y2", n(height)},
                        {"stroke", QStringLiteral("#d8dde6")}});
    html.element(
        "text", reportDuration(duration * static_cast<std::uint64_t>(t) / kTicks),
        {{"x", n(x)},
         {"y", n(kAxisHeight - 8)},
         {"text-anchor", t == 0 ? QStringLiteral("start")
                                : (t == kTicks ? QStringLiteral("end") : QStringLiteral("middle"))},
         {"fill", QStringLiteral("#5b6475")}});
  }
  double y = kAxisHeight;
  for (const TraceExcerptRow& row : excerpt.rows) {
    const QString service = reportText(row.service, kLabelChars);
    const QString name = reportText(row.name, kLabelChars);
    const std::uint64_t spanNs =
        row.endUnixNano > row.startUnixNano ? row.endUnixNano - row.startUnixNano : 0;
    html.start("g");
    html.element("title",
                 QStringLiteral("%1: %2 — %3 (starts at +%4)%5%6")
                     .arg(reportText(row.service), reportText(row.name), reportDuration(spanNs),
                          reportDuration(row.startUnixNano - excerpt.startUnixNano),
                          row.onCriticalPath ? QStringLiteral(", critical path") : QString(),
                          row.evidence ? QStringLiteral(", evidence") : QString()));
    const double indent = std::min(kIndent * row.depth, kLabelWidth / 2);
    html.element("text", service + QStringLiteral(": ") + name,
                 {{"x", n(4 + indent)},
                  {"y", n(y + kBarHeight - 2)},
                  {"fill", row.error ? QStringLiteral("#c62828") : QStringLiteral("#1d2330")}});
    const double x = xOf(row.startUnixNano);
    const double width = std::max(1.0, xOf(row.endUnixNano) - x);
    const QString fill =
        row.evidence ? QStringLiteral("#c62828")
                     : (row.onCriticalPath ? QStringLiteral("#2f5597") : QStringLiteral("#b8c2d1"));
    html.empty(
        "rect",
        {{"x", n(x)}, {"y", n(y)}, {"width", n(width)}, {"height", n(kBarHeight)}, {"fill", fill}});
    html.end();
    y += kRowHeight;
  }
  html.end();
  QString note = QStringLiteral("Dark: the critical path; red: the finding's spans.");
  if (excerpt.notDrawn > 0)
    note += QStringLiteral(" %1 of the trace's %2 spans not drawn.")
                .arg(excerpt.notDrawn)
                .arg(excerpt.spans);
  if (excerpt.criticalPathApproximate)
    note += QStringLiteral(" The critical path is approximate (children outside their parent).");
  html.element("p", note, {{"class", QStringLiteral("muted")}});
}

}  // namespace sightline
