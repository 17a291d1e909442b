#include "ui/report/export/report_file.h"

#include <QFileInfo>
#include <QSaveFile>
#include <chrono>

#include "model/report/report_findings_json.h"
#include "ui/report/html/report_html.h"
#include "ui/report/pdf/report_pdf.h"

#ifndef SIGHTLINE_VERSION
#define SIGHTLINE_VERSION "0.0.0"
#endif

namespace sightline {

std::optional<ReportFormat> reportFormatOf(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("pdf"))
    return ReportFormat::Pdf;
  if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
    return ReportFormat::Html;
  return std::nullopt;
}

QString reportFormatExtension(ReportFormat format) {
  return format == ReportFormat::Pdf ? QStringLiteral(".pdf") : QStringLiteral(".html");
}

QString withReportFormat(const QString& path, ReportFormat format) {
  QString base = path;
  if (reportFormatOf(path))
    base.chop(QFileInfo(path).suffix().size() + 1);
  return base + reportFormatExtension(format);
}

void stampReportOptions(const ReportContent& content, ReportRenderOptions* options) {
  options->generator = QStringLiteral("Sightline ") + QStringLiteral(SIGHTLINE_VERSION);
  options->generatedAtUnixNano =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  options->findingsJson = reportFindingsJson(content.findings);
}

Status writeReportFile(const ReportContent& content, const ReportRenderOptions& options,
                       const QString& path) {
  if (reportFormatOf(path) == ReportFormat::Pdf)
    return writePdfReport(content, options, path);
  const QByteArray bytes = renderHtmlReport(content, options).toUtf8();
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    return Status::error("cannot write " + path.toStdString() + ": " +
                         file.errorString().toStdString());
  }
  return Status::ok();
}

}  // namespace sightline
