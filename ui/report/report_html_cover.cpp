#include <QFileInfo>

#include "model/text/byte_size_text.h"
#include "model/text/timestamp_text.h"
#include "ui/report/report_html_parts.h"
#include "ui/report/report_rows.h"
#include "ui/report/report_text.h"

namespace sightline::report_html {

namespace {

void writeSources(HtmlWriter& html, const std::vector<ReportSource>& sources) {
  html.element("h3", QStringLiteral("Sources (%1)").arg(sources.size()));
  html.start("table", {{"class", QStringLiteral("sources")}});
  html.start("thead");
  html.start("tr");
  html.element("th", QStringLiteral("#"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("File"));
  html.element("th", QStringLiteral("Format"));
  html.element("th", QStringLiteral("Size"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("Contents"));
  html.element("th", QStringLiteral("SHA-256"));
  html.end();
  html.end();
  html.start("tbody");
  for (const ReportSource& source : sources) {
    const QString path = reportText(source.path, 2000);
    html.start("tr");
    html.element("td", QString::number(source.id), {{"class", QStringLiteral("num")}});
    html.start("td", {{"class", QStringLiteral("name")}, {"title", path}});
    html.text(reportText(QFileInfo(QString::fromStdString(source.path)).fileName()));
    if (source.status != "ok")
      html.element("div", reportText(source.status), {{"class", QStringLiteral("worse")}});
    html.end();
    html.element("td", reportText(source.kind));
    html.element("td", formatFileSize(source.bytes), {{"class", QStringLiteral("num")}});
    html.element("td", sourceContents(source));
    html.element("td", reportText(source.sha256, 80), {{"class", QStringLiteral("id")}});
    html.end();
  }
  html.end();
  html.end();
}

}  // namespace

void writeCover(HtmlWriter& html, const ReportContent& content, const HtmlReportOptions& options) {
  html.start("header", {{"id", QStringLiteral("cover")}});
  html.element(
      "h1", content.title.empty() ? QStringLiteral("Performance review") : dataText(content.title));
  QString meta = options.generator;
  if (options.generatedAtUnixNano > 0)
    meta += QStringLiteral(" · generated ") + formatUtcTimestamp(options.generatedAtUnixNano);
  html.element("p", meta, {{"class", QStringLiteral("meta")}});
  html.start("dl", {{"class", QStringLiteral("numbers")}});
  if (content.hasBaseline) {
    html.element("dt", QStringLiteral("Before (baseline)"));
    html.element("dd", reportText(describeCompareSide(content.baselineSide.side)) +
                           QStringLiteral(": ") + sideWindow(content.baselineSide));
    html.element("dt", QStringLiteral("After (target)"));
    html.element("dd", reportText(describeCompareSide(content.targetSide.side)) +
                           QStringLiteral(": ") + sideWindow(content.targetSide));
  } else {
    html.element("dt", QStringLiteral("Time window"));
    html.element("dd", sideWindow(content.targetSide));
  }
  html.end();
  writeSources(html, content.sources);
  html.end();
}

}  // namespace sightline::report_html
