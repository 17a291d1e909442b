#include "ui/report/report_pdf_parts.h"

namespace sightline::report_pdf {

// Being written (issue 14): until then the section writes nothing.
void writeServiceHealth(PdfDocumentBuilder&, const ReportContent&) {}

}  // namespace sightline::report_pdf
