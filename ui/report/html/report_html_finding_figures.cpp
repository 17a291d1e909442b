#include "model/text/timestamp_text.h"
#include "ui/report/html/flame_svg.h"
#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_sparkline.h"
#include "ui/report/report_text.h"

namespace sightline::report_html {

namespace {

QString n(double value) {
  return QString::number(value, 'f', 1);
}

}  // namespace

void writeFindingFlame(HtmlWriter& html, const FindingFlame& flame) {
  FlameSvgOptions options;
  options.title =
      (flame.callers ? QStringLiteral("Who calls %1") : QStringLiteral("Where %1 spends its time"))
          .arg(reportText(flame.function, 120));
  options.subtitle =
      QStringLiteral("profile %1, %2").arg(flame.profileId).arg(reportText(flame.sampleType));
  options.width = 940;
  options.minWidth = 0.5;
  writeFlameSvg(html, flame.tree, options);
  if (flame.nodesCut > 0) {
    html.element("p",
                 QStringLiteral("%1 levels drawn; %2 deeper call-tree nodes are not (their time "
                                "is in the boxes above them).")
                     .arg(kFindingFlameDepth)
                     .arg(flame.nodesCut),
                 {{"class", QStringLiteral("muted")}});
  }
}

void writeFindingSparkline(HtmlWriter& html, const FindingSparkline& line) {
  const SparklineGeometry g = sparklineGeometry(line, 420, 56);
  html.start("svg", {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
                     {"viewBox", QStringLiteral("0 0 %1 %2").arg(n(g.width), n(g.height))},
                     {"width", n(g.width)},
                     {"height", n(g.height)},
                     {"class", QStringLiteral("sparkline")},
                     {"role", QStringLiteral("img")},
                     {"font-size", QStringLiteral("10")}});
  html.element("title", QStringLiteral("%1 from %2 to %3; the evidence's range shaded")
                            .arg(reportText(line.series),
                                 formatUtcTimestamp(line.points.front().first * 1'000'000LL),
                                 formatUtcTimestamp(line.points.back().first * 1'000'000LL)));
  html.empty("rect", {{"x", n(g.highlight.left())},
                      {"y", n(g.highlight.top())},
                      {"width", n(std::max(1.0, g.highlight.width()))},
                      {"height", n(g.highlight.height())},
                      {"fill", QStringLiteral("#fde2e2")}});
  QString points;
  for (const QPointF& p : g.points)
    points += n(p.x()) + QLatin1Char(',') + n(p.y()) + QLatin1Char(' ');
  html.empty("polyline", {{"points", points.trimmed()},
                          {"fill", QStringLiteral("none")},
                          {"stroke", QStringLiteral("#4e79a7")},
                          {"stroke-width", QStringLiteral("1.5")}});
  html.element("text", g.maxLabel,
               {{"x", n(g.width)},
                {"y", QStringLiteral("9")},
                {"text-anchor", QStringLiteral("end")},
                {"fill", QStringLiteral("#5b6475")}});
  html.element("text", g.minLabel,
               {{"x", n(g.width)},
                {"y", n(g.height - 1)},
                {"text-anchor", QStringLiteral("end")},
                {"fill", QStringLiteral("#5b6475")}});
  html.end();
  html.element("p",
               reportText(line.series, 200) +
                   (line.pointsThinned > 0
                        ? QStringLiteral(" (%1 points thinned out)").arg(line.pointsThinned)
                        : QString()),
               {{"class", QStringLiteral("muted")}});
}

}  // namespace sightline::report_html
