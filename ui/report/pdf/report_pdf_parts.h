#pragma once

#include "model/report/report_content.h"
#include "ui/report/pdf/report_pdf_document.h"

// Sections of the PDF report that live in files of their own; report_pdf.cpp writes the
// others and puts them together in the report's order.
namespace sightline::report_pdf {

void writeCriticalPaths(PdfDocumentBuilder& pdf, const ReportContent& content);
void writeServiceHealth(PdfDocumentBuilder& pdf,
                        const ReportContent& content);  // report_pdf_health.cpp
void writeDebtHeatmap(PdfDocumentBuilder& pdf,
                      const ReportContent& content);  // report_pdf_debt.cpp

}  // namespace sightline::report_pdf
