#include "ui/report/report_html_parts.h"

namespace sightline::report_html {

// Being written (issue 14): until then the section writes nothing.
void writeDebtHeatmap(HtmlWriter&, const ReportContent&) {}

}  // namespace sightline::report_html
