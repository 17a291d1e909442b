#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_debt_grid.h"

namespace sightline::report_html {

namespace {

constexpr double kWidth = 940;
constexpr double kNameWidth = 160;
constexpr double kHeadHeight = 36;
constexpr double kRowHeight = 24;
constexpr double kGap = 1;  // white between cells

QString n(double value) {
  return QString::number(value, 'f', 1);
}

const QString kInk = QStringLiteral("#1d2330");

void writeHead(HtmlWriter& html, const DebtGrid& grid, double columnWidth) {
  for (std::size_t c = 0; c < grid.columns.size(); ++c) {
    const DebtGridColumn& column = grid.columns[c];
    const double x = kNameWidth + columnWidth * (static_cast<double>(c) + 0.5);
    html.start("g", {{"class", QStringLiteral("debt-head")}});
    html.element("title", column.title);
    html.element("text", column.head,
                 {{"x", n(x)},
                  {"y", n(column.head2.isEmpty() ? 26 : 14)},
                  {"text-anchor", QStringLiteral("middle")},
                  {"font-weight", QStringLiteral("600")},
                  {"fill", kInk}});
    if (!column.head2.isEmpty()) {
      html.element("text", column.head2,
                   {{"x", n(x)},
                    {"y", n(27)},
                    {"text-anchor", QStringLiteral("middle")},
                    {"font-weight", QStringLiteral("600")},
                    {"fill", kInk}});
    }
    html.end();
  }
}

void writeRow(HtmlWriter& html, const DebtGridRow& row, double y, double columnWidth) {
  html.start("g", {{"class", QStringLiteral("debt-row")}});
  html.start("g", {{"class", QStringLiteral("debt-name")}});
  html.element("title", row.tooltip);
  html.element("text", row.label,
               {{"class", QStringLiteral("debt-service")},
                {"x", n(0)},
                {"y", n(y + kRowHeight / 2 + 4)},
                {"fill", kInk}});
  html.end();
  for (std::size_t c = 0; c < row.cells.size(); ++c) {
    const DebtGridCell& cell = row.cells[c];
    const double x = kNameWidth + columnWidth * static_cast<double>(c);
    html.start("g", {{"class", QStringLiteral("debt-cell")}});
    html.element("title", cell.tooltip);
    html.empty("rect", {{"x", n(x + kGap)},
                        {"y", n(y + kGap)},
                        {"width", n(columnWidth - 2 * kGap)},
                        {"height", n(kRowHeight - 2 * kGap)},
                        {"fill", cell.fill.name()}});
    html.element("text", cell.text,
                 {{"class", QStringLiteral("debt-value")},
                  {"x", n(x + columnWidth / 2)},
                  {"y", n(y + kRowHeight / 2 + 4)},
                  {"text-anchor", QStringLiteral("middle")},
                  {"fill", cell.ink.name()}});
    html.end();
  }
  html.end();
}

void writeLegend(HtmlWriter& html, const DebtGrid& grid) {
  html.start("ul", {{"class", QStringLiteral("legend")}});
  for (const auto& [label, status] : grid.legend) {
    html.start("li");
    html.start("svg", {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
                       {"width", QStringLiteral("10")},
                       {"height", QStringLiteral("10")},
                       {"class", QStringLiteral("swatch")}});
    html.empty("rect", {{"x", QStringLiteral("0.5")},
                        {"y", QStringLiteral("0.5")},
                        {"width", QStringLiteral("9")},
                        {"height", QStringLiteral("9")},
                        {"fill", debtStatusFill(status).name()},
                        {"stroke", QStringLiteral("#b0b6c0")},
                        {"stroke-width", QStringLiteral("0.5")}});
    html.end();
    html.text(QStringLiteral(" ") + label);
    html.end();
  }
  html.end();
}

}  // namespace

void writeDebtHeatmap(HtmlWriter& html, const ReportContent& content) {
  html.start("section", {{"id", QStringLiteral("debt")}});
  html.element("h2", QStringLiteral("Tech-debt heatmap"));
  if (!content.debt) {
    html.element("p", noDebtDataText(), {{"class", QStringLiteral("muted")}});
    html.end();
    return;
  }
  const DebtGrid grid = debtGrid(*content.debt);
  for (const QString& note : debtGridNotes(content, true))
    html.element("p", note);
  if (grid.rows.empty()) {
    html.element("p", QStringLiteral("No service: no rule maps the inputs' code to a service."),
                 {{"class", QStringLiteral("muted")}});
    html.end();
    return;
  }
  writeLegend(html, grid);
  const double columnWidth = (kWidth - kNameWidth) / static_cast<double>(grid.columns.size());
  const double height = kHeadHeight + kRowHeight * static_cast<double>(grid.rows.size()) + 2;
  html.start("svg", {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
                     {"viewBox", QStringLiteral("0 0 %1 %2").arg(n(kWidth), n(height))},
                     {"width", n(kWidth)},
                     {"height", n(height)},
                     {"class", QStringLiteral("debt-heatmap")},
                     {"role", QStringLiteral("img")},
                     {"font-size", QStringLiteral("11")}});
  html.element("title", QStringLiteral("Tech-debt heatmap: services × code and runtime figures"));
  writeHead(html, grid, columnWidth);
  double y = kHeadHeight;
  for (const DebtGridRow& row : grid.rows) {
    writeRow(html, row, y, columnWidth);
    y += kRowHeight;
  }
  // The line between the code columns and the runtime ones, as on the Tech debt page.
  for (std::size_t c = 0; c < grid.columns.size(); ++c) {
    if (!grid.columns[c].runtime)
      continue;
    const double x = kNameWidth + columnWidth * static_cast<double>(c);
    html.empty("line", {{"x1", n(x)},
                        {"y1", n(4)},
                        {"x2", n(x)},
                        {"y2", n(height - 1)},
                        {"stroke", QStringLiteral("#424242")},
                        {"stroke-width", QStringLiteral("1.5")}});
  }
  html.end();  // svg
  if (const QString omitted = debtGridOmittedText(grid); !omitted.isEmpty())
    html.element("p", omitted, {{"class", QStringLiteral("muted")}});
  html.end();
}

}  // namespace sightline::report_html
