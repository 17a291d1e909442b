#include <QFileInfo>

#include "model/text/timestamp_text.h"
#include "ui/report/html/flame_svg.h"
#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_rows.h"
#include "ui/report/report_text.h"

namespace sightline::report_html {

namespace {

QString profileText(const CompareProfile& profile) {
  return QStringLiteral("profile %1 (%2, %3)")
      .arg(profile.id)
      .arg(reportText(QFileInfo(QString::fromStdString(profile.sourcePath)).fileName()),
           formatUtcTimestamp(profile.timeNs));
}

}  // namespace

void writeDiffFlame(HtmlWriter& html, const ReportContent& content) {
  html.start("section", {{"id", QStringLiteral("flame")}});
  html.element("h2", QStringLiteral("Differential flame graph"));
  if (!content.diffFlame) {
    html.element("p",
                 content.hasBaseline
                     ? QStringLiteral("No pair of profiles measuring the same thing was taken in "
                                      "both windows.")
                     : QStringLiteral("Needs a baseline and a target (--baseline, --target)."),
                 {{"class", QStringLiteral("muted")}});
    html.end();
    return;
  }
  const ReportDiffFlame& flame = *content.diffFlame;
  html.element("p", QStringLiteral("After: %1, on before: %2; %3. Boxes are as wide as in the "
                                   "after profile; red: the function's self share grew, blue: "
                                   "it shrank (the tooltip gives both).")
                        .arg(profileText(flame.target), profileText(flame.baseline),
                             reportText(flame.sampleType)));
  FlameSvgOptions options;
  options.title = QStringLiteral("Differential flame graph");
  options.subtitle = reportText(flame.sampleType);
  options.width = 1040;
  options.minWidth = 0.5;
  const FlameSvgStats stats = writeFlameSvg(html, flame.tree, options);
  html.element("p",
               QStringLiteral("%1 functions drawn; %2 grey boxes each stand for a run of "
                              "functions narrower than half a pixel; %3 call-tree nodes have no "
                              "box of their own.")
                   .arg(stats.frames)
                   .arg(stats.merged)
                   .arg(stats.omitted),
               {{"class", QStringLiteral("muted")}});
  if (!flame.largestChanges.empty()) {
    html.element("h3", QStringLiteral("Largest changes of a function's own (self) share"));
    html.start("table", {{"class", QStringLiteral("flame-changes")}});
    html.start("thead");
    html.start("tr");
    const std::vector<QString> heads = flameChangeHeads();
    for (std::size_t i = 0; i < heads.size(); ++i)
      html.element("th", heads[i],
                   {{"class", i == 0 ? QStringLiteral("name") : QStringLiteral("num")}});
    html.end();
    html.end();
    html.start("tbody");
    for (const std::vector<ReportCell>& row : flameChangeRows(flame)) {
      html.start("tr");
      for (std::size_t i = 0; i < row.size(); ++i)
        html.element("td", row[i].text, {{"class", cellClass(row[i], i > 0)}});
      html.end();
    }
    html.end();
    html.end();
  }
  html.end();
}

}  // namespace sightline::report_html
