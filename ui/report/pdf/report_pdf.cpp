#include "ui/report/pdf/report_pdf.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFileInfo>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <functional>

#include "model/text/byte_size_text.h"
#include "model/text/timestamp_text.h"
#include "ui/report/pdf/pdf_attachment.h"
#include "ui/report/pdf/report_pdf_document.h"
#include "ui/report/pdf/report_pdf_painters.h"
#include "ui/report/pdf/report_pdf_parts.h"
#include "ui/report/report_rows.h"
#include "ui/report/report_text.h"

namespace sightline {

using namespace report_pdf;

namespace {

// Every source with its size, contents and SHA-256 (the provenance).
void writeSources(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Sources (%1)").arg(content.sources.size()), 3);
  std::vector<std::vector<ReportCell>> rows;
  for (const ReportSource& source : content.sources) {
    rows.push_back({{QString::number(source.id)},
                    {reportText(QFileInfo(QString::fromStdString(source.path)).fileName())},
                    {reportText(source.kind)},
                    {formatFileSize(source.bytes)},
                    {sourceContents(source)},
                    {reportText(source.sha256, 80)}});
  }
  pdf.table({QStringLiteral("#"), QStringLiteral("File"), QStringLiteral("Format"),
             QStringLiteral("Size"), QStringLiteral("Contents"), QStringLiteral("SHA-256")},
            rows, {true, false, false, true, false, false});
}

void writeCover(PdfDocumentBuilder& pdf, const ReportContent& content,
                const ReportRenderOptions& options) {
  pdf.heading(
      content.title.empty() ? QStringLiteral("Performance review") : reportText(content.title), 1);
  QString meta = options.generator;
  if (options.generatedAtUnixNano > 0)
    meta += QStringLiteral(" · generated ") + formatUtcTimestamp(options.generatedAtUnixNano);
  pdf.paragraph(meta, kMuted);
  if (content.hasBaseline) {
    pdf.paragraph(QStringLiteral("Before (baseline): ") +
                  reportText(describeCompareSide(content.baselineSide.side)) +
                  QStringLiteral(": ") + sideWindow(content.baselineSide));
    pdf.paragraph(QStringLiteral("After (target): ") +
                  reportText(describeCompareSide(content.targetSide.side)) + QStringLiteral(": ") +
                  sideWindow(content.targetSide));
  } else {
    pdf.paragraph(QStringLiteral("Time window: ") + sideWindow(content.targetSide));
  }
  if (options.sections.contains(ReportSection::Appendix)) {
    pdf.paragraph(QStringLiteral("%1 sources; the appendix lists each with its size and SHA-256.")
                      .arg(content.sources.size()),
                  kMuted);
  } else {
    writeSources(pdf, content);
  }
}

void writeKpis(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(content.hasBaseline ? QStringLiteral("Verdict: before → after")
                                  : QStringLiteral("Verdict and key figures"),
              2);
  for (const QString& line : verdictLines(content))
    pdf.bullet(line);
  pdf.heading(QStringLiteral("Endpoints (%1)").arg(content.endpoints.size()), 3);
  std::vector<std::vector<ReportCell>> rows;
  for (const ReportEndpoint& endpoint : content.endpoints)
    rows.push_back(endpointCells(endpoint, content.hasBaseline));
  pdf.table(endpointHeads(), rows, {false, true, true, true, true, true, true});
}

void writeFindings(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Findings (%1)").arg(content.findings.size()), 2);
  if (content.findings.empty())
    pdf.paragraph(QStringLiteral("The rules found nothing."));
  const std::size_t cards = std::min(content.findings.size(), kReportFindingCards);
  for (std::size_t index = 0; index < cards; ++index) {
    const ReportFinding& row = content.findings[index];
    const Finding& f = row.finding;
    QString head = severityWord(f.severity).toUpper() + QStringLiteral(" · ") + reportText(f.rule);
    if (content.hasBaseline)
      head += QStringLiteral(" · ") + presenceLabel(row.presence);
    pdf.paragraph(head, f.severity >= Severity::High ? kWorse : kMuted, 7.5);
    pdf.heading(reportText(f.title), 3);
    const std::string subject = findingSubject(f, " · ");
    if (!subject.empty())
      pdf.paragraph(reportText(subject), kMuted);
    if (!f.explanation.empty())
      pdf.paragraph(reportText(f.explanation, 4000));
    for (const auto& [label, value] : findingNumbers(f))
      pdf.paragraph(label + QStringLiteral(": ") + value, kInk, 8);
    if (row.trace && !row.trace->rows.empty()) {
      const TraceExcerpt& excerpt = *row.trace;
      pdf.figure(waterfallSize(excerpt, pdf.width()),
                 [&excerpt](QPainter& painter, const QRectF& rect) {
                   paintWaterfall(painter, rect, excerpt);
                 });
      QString note = QStringLiteral("Dark: the critical path; red: the finding's spans.");
      if (excerpt.notDrawn > 0) {
        note += QStringLiteral(" %1 of the trace's %2 spans not drawn.")
                    .arg(excerpt.notDrawn)
                    .arg(excerpt.spans);
      }
      pdf.paragraph(note, kMuted, 7);
    }
    if (row.flame) {
      const FindingFlame& flame = *row.flame;
      pdf.paragraph(
          (flame.callers ? QStringLiteral("Who calls %1 (profile %2, %3)%4")
                         : QStringLiteral("Where %1 spends its time (profile %2, %3)%4"))
              .arg(reportText(flame.function, 120))
              .arg(flame.profileId)
              .arg(reportText(flame.sampleType),
                   flame.nodesCut > 0 ? QStringLiteral("; %1 levels drawn, %2 deeper nodes not")
                                            .arg(kFindingFlameDepth)
                                            .arg(flame.nodesCut)
                                      : QString()),
          kMuted, 7);
      pdf.figure(flameSize(flame.tree, pdf.width()),
                 [&flame](QPainter& painter, const QRectF& rect) {
                   paintFlame(painter, rect, flame.tree);
                 });
    }
    if (row.sparkline) {
      const FindingSparkline& line = *row.sparkline;
      pdf.paragraph(
          reportText(line.series, 200) + QStringLiteral(" (the evidence's time range shaded)"),
          kMuted, 7);
      pdf.figure(QSizeF(pdf.width() * 0.5, 36), [&line](QPainter& painter, const QRectF& rect) {
        paintSparkline(painter, rect, line);
      });
    }
    if (!f.evidence.empty()) {
      std::vector<std::vector<ReportCell>> rows;
      for (std::size_t i = 0; i < f.evidence.size() && i < kReportEvidenceRows; ++i) {
        const FindingEvidence& e = f.evidence[i];
        rows.push_back({{reportText(e.role)}, {evidenceSubject(e)}, {evidenceWhen(e)}});
      }
      pdf.table({QStringLiteral("Role"), QStringLiteral("What"), QStringLiteral("When")}, rows,
                {false, false, false});
      if (f.evidence.size() > kReportEvidenceRows) {
        pdf.paragraph(QStringLiteral("%1 more evidence rows not listed (all are in the attached "
                                     "findings.json).")
                          .arg(f.evidence.size() - kReportEvidenceRows),
                      kMuted, 7);
      }
    }
  }
  if (content.findings.size() > cards) {
    pdf.heading(QStringLiteral("Further findings (%1)").arg(content.findings.size() - cards), 3);
    std::vector<std::vector<ReportCell>> rows;
    for (std::size_t i = cards; i < content.findings.size(); ++i)
      rows.push_back(furtherFindingCells(content.findings[i], content.hasBaseline));
    const std::vector<QString> heads = furtherFindingHeads(content.hasBaseline);
    std::vector<bool> numeric(heads.size(), false);
    numeric.back() = true;
    pdf.table(heads, rows, numeric);
  }
}

void writeFlame(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Differential flame graph"), 2);
  if (!content.diffFlame) {
    pdf.paragraph(content.hasBaseline
                      ? QStringLiteral("No pair of profiles measuring the same thing was taken in "
                                       "both windows.")
                      : QStringLiteral("Needs a baseline and a target."),
                  kMuted);
    return;
  }
  const ReportDiffFlame& flame = *content.diffFlame;
  pdf.paragraph(QStringLiteral("After: profile %1, on before: profile %2; %3. Boxes as wide as in "
                               "the after profile; red: self share grew, blue: shrank. Functions "
                               "narrower than 0.6 pt are not drawn.")
                    .arg(flame.target.id)
                    .arg(flame.baseline.id)
                    .arg(reportText(flame.sampleType)));
  if (!flame.largestChanges.empty()) {
    pdf.heading(QStringLiteral("Largest changes of a function's own (self) share"), 3);
    pdf.table(flameChangeHeads(), flameChangeRows(flame), {false, true, true, true});
  }
  const CallTree& tree = flame.tree;
  pdf.figure(flameSize(tree, pdf.width()),
             [&tree](QPainter& painter, const QRectF& rect) { paintFlame(painter, rect, tree); });
}

void writeAppendix(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Appendix"), 2);
  writeSources(pdf, content);
  pdf.heading(QStringLiteral("Method"), 3);
  pdf.bullet(
      QStringLiteral("Latency figures are nearest-rank percentiles of span durations; an "
                     "endpoint is the root operation of a trace."));
  pdf.bullet(
      QStringLiteral("A span is an error when its status is ERROR, or it is a server or "
                     "client span with an HTTP status ≥ 500 or a non-zero gRPC status."));
  if (content.hasBaseline) {
    pdf.bullet(
        QStringLiteral("Each side is diagnosed on its own (its traces, and the profiles and "
                       "metric points of its time). A finding is \"gone after\" when the "
                       "target has no finding of the same rule and subject, \"new\" when "
                       "the baseline had none."));
  }
  pdf.bullet(
      QStringLiteral("The findings, with all their evidence, are attached to this PDF as "
                     "findings.json."));
  pdf.heading(QStringLiteral("Rules and thresholds"), 3);
  pdf.paragraph(reportText(content.rulesJson, 20000, true), kInk, 6.5);
}

}  // namespace

void layOutPdfReport(const ReportContent& content, const ReportRenderOptions& options,
                     QPdfWriter& writer, const std::function<void(QTextDocument&)>& use) {
  writer.setResolution(kResolution);
  writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                   QMarginsF(16, 16, 16, 18), QPageLayout::Millimeter));
  writer.setTitle(content.title.empty() ? QStringLiteral("Performance review")
                                        : reportText(content.title));
  writer.setCreator(options.generator);
  // The content first, the layout after: a layout attached while cells are inserted lays the
  // table out again on every insertion (3.4 s instead of a fraction for the demo's sources).
  QTextDocument document;
  QFont font = reportPdfFont();
  font.setPointSizeF(8.5);
  document.setDefaultFont(font);
  document.setDocumentMargin(0);
  FigureObjects figures;
  const QRectF page = writer.pageLayout().paintRectPixels(kResolution);
  const double widthPoints = page.width() * 72.0 / kResolution;
  PdfDocumentBuilder pdf(document, figures, widthPoints);
  const auto wanted = [&](ReportSection s) { return options.sections.contains(s); };
  if (wanted(ReportSection::Cover))
    writeCover(pdf, content, options);
  if (wanted(ReportSection::Kpis))
    writeKpis(pdf, content);
  if (wanted(ReportSection::Findings))
    writeFindings(pdf, content);
  if (wanted(ReportSection::Paths))
    writeCriticalPaths(pdf, content);
  if (wanted(ReportSection::Flame))
    writeFlame(pdf, content);
  if (wanted(ReportSection::Health))
    writeServiceHealth(pdf, content);
  if (wanted(ReportSection::Debt))
    writeDebtHeatmap(pdf, content);
  if (wanted(ReportSection::Appendix))
    writeAppendix(pdf, content);
  document.documentLayout()->setPaintDevice(&writer);
  document.documentLayout()->registerHandler(kFigureType, &figures);
  document.setPageSize(page.size());
  use(document);
}

Status writePdfReport(const ReportContent& content, const ReportRenderOptions& options,
                      const QString& path) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    layOutPdfReport(content, options, writer,
                    [&writer](QTextDocument& document) { document.print(&writer); });
  }
  QByteArray bytes = buffer.data();
  QString error;
  if (!attachFileToPdf(bytes, QStringLiteral("findings.json"),
                       QByteArray::fromStdString(options.findingsJson), "application/json",
                       QStringLiteral("Sightline findings"), &error)) {
    return Status::error("cannot attach the findings to the PDF: " + error.toStdString());
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    return Status::error("cannot write " + path.toStdString() + ": " +
                         file.errorString().toStdString());
  return Status::ok();
}

}  // namespace sightline
