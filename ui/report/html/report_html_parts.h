#pragma once

#include "ui/report/html/html_writer.h"
#include "ui/report/html/report_html.h"
#include "ui/report/report_rows.h"

// The sections of the HTML report, one file each; report_html.cpp puts them together.
namespace sightline::report_html {

void writeCover(HtmlWriter& html, const ReportContent& content, const ReportRenderOptions& options);
void writeKpis(HtmlWriter& html, const ReportContent& content);
void writeFindings(HtmlWriter& html, const ReportContent& content);
void writeCriticalPaths(HtmlWriter& html, const ReportContent& content);
// A finding card's flame excerpt and metric sparkline (report_html_finding_figures.cpp).
void writeFindingFlame(HtmlWriter& html, const FindingFlame& flame);
void writeFindingSparkline(HtmlWriter& html, const FindingSparkline& line);
void writeDiffFlame(HtmlWriter& html, const ReportContent& content);
void writeServiceHealth(HtmlWriter& html, const ReportContent& content);  // report_html_health.cpp
void writeDebtHeatmap(HtmlWriter& html, const ReportContent& content);    // report_html_debt.cpp
void writeAppendix(HtmlWriter& html, const ReportContent& content,
                   const ReportRenderOptions& options);

// The report's stylesheet (constant; screen and print).
const char* styleSheet();

// The class of a table cell: "num" or "name", plus "better"/"worse" by its tone.
QString cellClass(const ReportCell& cell, bool number);

// A data string for element text: reportText() of it.
QString dataText(const std::string& utf8);

}  // namespace sightline::report_html
