#include "ui/report/html/report_html_parts.h"
#include "ui/report/report_figures.h"
#include "ui/report/report_text.h"

namespace sightline::report_html {

namespace {

// JSON blocks can be large (a 1M-span workspace's findings): they are cut here, and the
// cut is stated; `sightline findings --json` gives all of it.
constexpr qsizetype kJsonChars = 2'000'000;

void jsonBlock(HtmlWriter& html, const QString& summary, const std::string& json, const char* id) {
  html.start("details", {{"id", QLatin1String(id)}});
  html.element("summary", summary);
  // Shown as text, never parsed: an inert block, escaped like any other text.
  html.element("pre", reportText(json, kJsonChars, true));
  html.end();
}

void operationsTable(HtmlWriter& html, const TraceComparison& comparison) {
  html.start("details");
  html.element(
      "summary",
      QStringLiteral("Every operation, before → after (%1)").arg(comparison.operations.size()));
  html.start("table");
  html.start("thead");
  html.start("tr");
  html.element("th", QStringLiteral("Service"));
  html.element("th", QStringLiteral("Operation"));
  html.element("th", QStringLiteral("Spans"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("p95"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("p99"), {{"class", QStringLiteral("num")}});
  html.element("th", QStringLiteral("Errors"), {{"class", QStringLiteral("num")}});
  html.end();
  html.end();
  html.start("tbody");
  for (const OperationComparison& row : comparison.operations) {
    auto get = [](const std::optional<OperationSideFigures>& side, auto field) {
      return side ? std::optional((*side).*field) : std::nullopt;
    };
    html.start("tr");
    html.element("td", dataText(row.service), {{"class", QStringLiteral("name")}});
    html.element("td", dataText(row.operation), {{"class", QStringLiteral("name")}});
    html.element("td",
                 countChange(get(row.baseline, &OperationSideFigures::count),
                             get(row.target, &OperationSideFigures::count)),
                 {{"class", QStringLiteral("num")}});
    html.element("td",
                 durationChange(get(row.baseline, &OperationSideFigures::p95Ns),
                                get(row.target, &OperationSideFigures::p95Ns)),
                 {{"class", QStringLiteral("num")}});
    html.element("td",
                 durationChange(get(row.baseline, &OperationSideFigures::p99Ns),
                                get(row.target, &OperationSideFigures::p99Ns)),
                 {{"class", QStringLiteral("num")}});
    html.element("td",
                 shareChange(get(row.baseline, &OperationSideFigures::errorRate),
                             get(row.target, &OperationSideFigures::errorRate)),
                 {{"class", QStringLiteral("num")}});
    html.end();
  }
  html.end();
  html.end();
  html.end();
}

}  // namespace

void writeAppendix(HtmlWriter& html, const ReportContent& content,
                   const ReportRenderOptions& options) {
  html.start("section", {{"id", QStringLiteral("appendix")}});
  html.element("h2", QStringLiteral("Appendix"));
  html.element("h3", QStringLiteral("Method"));
  html.start("ul");
  html.element("li", QStringLiteral("Latency figures are nearest-rank percentiles of span "
                                    "durations; an endpoint is the root operation of a trace."));
  html.element("li", QStringLiteral("A span is an error when its status is ERROR, or it is a "
                                    "server or client span with an HTTP status ≥ 500 or a "
                                    "non-zero gRPC status."));
  if (content.hasBaseline) {
    html.element("li", QStringLiteral("Each side is diagnosed on its own: its traces, and the "
                                      "profiles and metric points of its time. A finding is "
                                      "\"gone after\" when the target has no finding of the same "
                                      "rule and subject, \"new\" when the baseline had none."));
  }
  html.element("li", QStringLiteral("Every name from the data is shown as text: control and "
                                    "direction characters are made visible, and names longer "
                                    "than %1 characters are cut with \"…\".")
                         .arg(kReportNameLimit));
  html.end();
  if (content.comparison)
    operationsTable(html, *content.comparison);
  jsonBlock(html, QStringLiteral("Rules and thresholds (JSON)"), content.rulesJson, "rules-json");
  jsonBlock(html, QStringLiteral("Findings (JSON, as `sightline findings --json` prints them)"),
            options.findingsJson, "findings-json");
  html.end();
}

}  // namespace sightline::report_html
