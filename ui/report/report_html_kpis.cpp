#include "ui/report/report_html_parts.h"
#include "ui/report/report_rows.h"

namespace sightline::report_html {

namespace {

QString cellClass(const ReportCell& cell, bool number) {
  QString cls = number ? QStringLiteral("num") : QStringLiteral("name");
  if (cell.tone == ChangeTone::Better)
    cls += QStringLiteral(" better");
  else if (cell.tone == ChangeTone::Worse)
    cls += QStringLiteral(" worse");
  return cls;
}

}  // namespace

void writeKpis(HtmlWriter& html, const ReportContent& content) {
  html.start("section", {{"id", QStringLiteral("kpis")}});
  html.element("h2", content.hasBaseline ? QStringLiteral("Verdict: before → after")
                                         : QStringLiteral("Verdict and key figures"));
  html.start("div", {{"class", QStringLiteral("verdict")}});
  html.start("ul");
  for (const QString& line : verdictLines(content))
    html.element("li", line);
  html.end();
  html.end();
  html.element("h3", QStringLiteral("Endpoints (%1)").arg(content.endpoints.size()));
  html.element("p",
               QStringLiteral("Per entry point (the root operation of traces): the requests "
                              "behind each figure, latency percentiles (nearest rank), error "
                              "rate and throughput over the side's time window."),
               {{"class", QStringLiteral("muted")}});
  html.start("table", {{"class", QStringLiteral("kpis")}});
  html.start("thead");
  html.start("tr");
  const std::vector<QString> heads = endpointHeads();
  for (std::size_t i = 0; i < heads.size(); ++i)
    html.element("th", heads[i],
                 {{"class", i < 2 ? QStringLiteral("name") : QStringLiteral("num")}});
  html.end();
  html.end();
  html.start("tbody");
  for (const ReportEndpoint& endpoint : content.endpoints) {
    html.start("tr");
    const std::vector<ReportCell> cells = endpointCells(endpoint, content.hasBaseline);
    for (std::size_t i = 0; i < cells.size(); ++i)
      html.element("td", cells[i].text, {{"class", cellClass(cells[i], i >= 2)}});
    html.end();
  }
  html.end();
  html.end();
  html.end();
}

}  // namespace sightline::report_html
