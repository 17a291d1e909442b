#include "ui/report/html/report_html.h"

#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace report_html {

QString cellClass(const ReportCell& cell, bool number) {
  QString cls = number ? QStringLiteral("num") : QStringLiteral("name");
  if (cell.tone == ChangeTone::Better)
    cls += QStringLiteral(" better");
  else if (cell.tone == ChangeTone::Worse)
    cls += QStringLiteral(" worse");
  return cls;
}

QString dataText(const std::string& utf8) {
  return reportText(utf8);
}

}  // namespace report_html

QString renderHtmlReport(const ReportContent& content, const ReportRenderOptions& options) {
  using namespace report_html;
  QString out;
  HtmlWriter html(out);
  html.doctype();
  html.start("html", {{"lang", QStringLiteral("en")}});
  html.start("head");
  html.empty("meta", {{"charset", QStringLiteral("utf-8")}});
  // No script, no request of any kind: styles only inline, images only data: URLs.
  html.empty("meta", {{"http-equiv", QStringLiteral("Content-Security-Policy")},
                      {"content", QStringLiteral("default-src 'none'; style-src 'unsafe-inline'; "
                                                 "img-src data:")}});
  html.empty("meta", {{"name", QStringLiteral("viewport")},
                      {"content", QStringLiteral("width=device-width, initial-scale=1")}});
  html.element("title", content.title.empty() ? QStringLiteral("Sightline report")
                                              : dataText(content.title));
  html.start("style");
  html.raw(styleSheet());
  html.end();
  html.end();  // head
  html.start("body");
  html.start("main");
  const auto wanted = [&](ReportSection s) { return options.sections.contains(s); };
  if (wanted(ReportSection::Cover))
    writeCover(html, content, options);
  if (wanted(ReportSection::Kpis))
    writeKpis(html, content);
  if (wanted(ReportSection::Findings))
    writeFindings(html, content);
  if (wanted(ReportSection::Paths))
    writeCriticalPaths(html, content);
  if (wanted(ReportSection::Flame))
    writeDiffFlame(html, content);
  if (wanted(ReportSection::Health))
    writeServiceHealth(html, content);
  if (wanted(ReportSection::Debt))
    writeDebtHeatmap(html, content);
  if (wanted(ReportSection::Appendix))
    writeAppendix(html, content, options);
  html.finish();
  out += QLatin1Char('\n');
  return out;
}

}  // namespace sightline
