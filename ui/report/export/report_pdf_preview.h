#pragma once

#include <QImage>
#include <vector>

#include "model/report/report_content.h"
#include "ui/report/report_sections.h"

namespace sightline {

// The first pages of a PDF report as pictures: laid out and painted exactly as writePdfReport
// does (the same QTextDocument, the same vector painters), the margins included.
struct ReportPdfPages {
  std::vector<QImage> pages;  // at most the number asked for
  int pageCount = 0;          // of the whole report
};

// Pages `widthPixels` wide (times `devicePixelRatio`, for a sharp picture on a high-DPI
// screen). Runs on any thread: it paints on QImages, and measures text on a QPdfWriter.
ReportPdfPages renderPdfReportPages(const ReportContent& content,
                                    const ReportRenderOptions& options, int maxPages,
                                    int widthPixels, double devicePixelRatio = 1.0);

}  // namespace sightline
