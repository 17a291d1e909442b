#include "ui/report/export/report_export_job.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <optional>
#include <tuple>

#include "model/store/workspace.h"
#include "ui/report/export/report_file.h"

namespace sightline {

namespace {

std::unique_ptr<Workspace> openReadOnly(const QString& path, QString* error) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace)
    *error = QString::fromStdString(status.message());
  return workspace;
}

std::optional<ReportContent> readContent(const ReportRequest& request, QString* error) {
  ReportOptions options;
  options.title = request.title.toStdString();
  if (!request.baseline.isEmpty() || !request.target.isEmpty()) {
    for (auto [name, text, side] : {std::tuple{"Before", &request.baseline, &options.baseline},
                                    std::tuple{"After", &request.target, &options.target}}) {
      std::string why;
      *side = parseCompareSide(text->toStdString(), &why);
      if (!*side) {
        *error = QStringLiteral("%1: %2").arg(QLatin1String(name), QString::fromStdString(why));
        return std::nullopt;
      }
    }
  }
  auto workspace = openReadOnly(request.workspacePath, error);
  if (!workspace)
    return std::nullopt;
  Status status;
  std::optional<ReportContent> content = readReportContent(*workspace, options, &status);
  if (!content)
    *error = QString::fromStdString(status.message());
  return content;
}

bool sameContent(const ReportRequest& a, const ReportRequest& b) {
  return a.workspacePath == b.workspacePath && a.baseline == b.baseline && a.target == b.target;
}

}  // namespace

ReportSourceList listReportSources(const QString& workspacePath) {
  ReportSourceList list;
  if (auto workspace = openReadOnly(workspacePath, &list.error))
    list.sources = listCompareSources(*workspace);
  return list;
}

ReportPreview previewReport(const ReportRequest& request, const ReportPreview& previous,
                            int maxPages, int widthPixels, double devicePixelRatio) {
  ReportPreview preview;
  preview.request = request;
  if (previous.content && sameContent(previous.request, request)) {
    preview.content = previous.content;
  } else {
    std::optional<ReportContent> content = readContent(request, &preview.error);
    if (!content)
      return preview;
    preview.content = std::make_shared<const ReportContent>(std::move(*content));
  }
  // The title is the one thing of the content a request changes without reading it again.
  const ReportContent* shown = preview.content.get();
  std::optional<ReportContent> retitled;
  if (shown->title != request.title.toStdString()) {
    retitled = *shown;
    retitled->title = request.title.toStdString();
    shown = &*retitled;
  }
  ReportRenderOptions render;
  render.sections = request.sections;
  stampReportOptions(*shown, &render);
  preview.pages = renderPdfReportPages(*shown, render, maxPages, widthPixels, devicePixelRatio);
  return preview;
}

ReportExport exportReport(const ReportRequest& request, const QString& path) {
  QElapsedTimer timer;
  timer.start();
  ReportExport result;
  result.path = path;
  if (!reportFormatOf(path)) {
    result.error = QStringLiteral("%1: not an .html or a .pdf file").arg(path);
    return result;
  }
  const std::optional<ReportContent> content = readContent(request, &result.error);
  if (!content)
    return result;
  ReportRenderOptions render;
  render.sections = request.sections;
  stampReportOptions(*content, &render);
  if (Status status = writeReportFile(*content, render, path); !status) {
    result.error = QString::fromStdString(status.message());
    return result;
  }
  result.bytes = QFileInfo(path).size();
  result.sources = content->sources.size();
  result.endpoints = content->endpoints.size();
  result.findings = content->findings.size();
  result.elapsedMs = timer.elapsed();
  return result;
}

}  // namespace sightline
