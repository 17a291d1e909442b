#pragma once

#include <QString>
#include <cstddef>
#include <memory>
#include <set>
#include <vector>

#include "model/diagnosis/compare_side.h"
#include "model/report/report_content.h"
#include "ui/report/export/report_pdf_preview.h"
#include "ui/report/report_sections.h"

namespace sightline {

// What the export dialog asks of a workspace, and the jobs it runs on the thread pool: list
// the trace sources, lay out a preview, write the file. Plain functions of value structs, no
// widget; each opens its own read-only connection to the workspace.

struct ReportRequest {
  QString workspacePath;
  QString title;  // empty: the report's default ("Performance review")
  std::set<ReportSection> sections;
  // Both empty (the whole workspace), or both set: the sides as `sightline compare` takes
  // them (a source id as text is one).
  QString baseline;
  QString target;
};

struct ReportSourceList {
  std::vector<CompareSourceChoice> sources;  // the sources with spans, by id
  QString error;
};

ReportSourceList listReportSources(const QString& workspacePath);

// A preview: the first pages of the PDF the request would give, and the content read for it.
struct ReportPreview {
  ReportRequest request;
  std::shared_ptr<const ReportContent> content;  // null when it could not be read
  ReportPdfPages pages;
  QString error;
};

// Lays out the preview of `request`. The content of `previous` is reused when it was read
// for the same workspace and sides (a new title or set of sections only lays it out again).
ReportPreview previewReport(const ReportRequest& request, const ReportPreview& previous,
                            int maxPages, int widthPixels, double devicePixelRatio);

struct ReportExport {
  QString path;
  qint64 bytes = 0;
  std::size_t sources = 0;
  std::size_t endpoints = 0;
  std::size_t findings = 0;
  qint64 elapsedMs = 0;
  QString error;  // empty when the file was written
};

// Reads the content afresh and writes the report to `path` (HTML or PDF by its extension),
// replacing the file only when complete.
ReportExport exportReport(const ReportRequest& request, const QString& path);

}  // namespace sightline
