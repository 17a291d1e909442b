#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_rows.h"

namespace sightline::report_html {

namespace {

// A cell; "a → b, ↓x %" is written as two unbreakable parts, so that a narrow column breaks
// it after the comma and nowhere else.
void writeCell(HtmlWriter& html, const ReportCell& cell, bool number) {
  html.start("td", {{"class", cellClass(cell, number)}});
  if (!cell.note.isEmpty())
    html.element("div", cell.note, {{"class", QStringLiteral("note")}});
  const qsizetype comma = cell.text.lastIndexOf(QStringLiteral(", "));
  if (number && comma > 0) {
    html.element("span", cell.text.left(comma + 1), {{"class", QStringLiteral("nb")}});
    html.text(QStringLiteral(" "));
    html.element("span", cell.text.mid(comma + 2), {{"class", QStringLiteral("nb")}});
  } else if (number) {
    html.element("span", cell.text, {{"class", QStringLiteral("nb")}});
  } else {
    html.text(cell.text);
  }
  html.end();
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
                 {{"class", i < 1 ? QStringLiteral("name") : QStringLiteral("num")}});
  html.end();
  html.end();
  html.start("tbody");
  for (const ReportEndpoint& endpoint : content.endpoints) {
    html.start("tr");
    const std::vector<ReportCell> cells = endpointCells(endpoint, content.hasBaseline);
    for (std::size_t i = 0; i < cells.size(); ++i)
      writeCell(html, cells[i], i >= 1);
    html.end();
  }
  html.end();
  html.end();
  html.end();
}

}  // namespace sightline::report_html
