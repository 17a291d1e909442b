#include "ui/report/export/report_pdf_preview.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <algorithm>

#include "ui/report/pdf/report_pdf.h"

namespace sightline {

ReportPdfPages renderPdfReportPages(const ReportContent& content,
                                    const ReportRenderOptions& options, int maxPages,
                                    int widthPixels, double devicePixelRatio) {
  ReportPdfPages result;
  // The layout measures text on a PDF writer, as the file's does; nothing is painted on it.
  QBuffer scratch;
  scratch.open(QIODevice::WriteOnly);
  QPdfWriter writer(&scratch);
  layOutPdfReport(content, options, writer, [&](QTextDocument& document) {
    result.pageCount = document.pageCount();
    const int resolution = writer.resolution();
    const QRectF paper = writer.pageLayout().fullRectPixels(resolution);
    const QRectF body = writer.pageLayout().paintRectPixels(resolution);
    const QSizeF page = document.pageSize();
    const double scale = widthPixels * devicePixelRatio / paper.width();
    const int pages = std::min(maxPages, result.pageCount);
    for (int index = 0; index < pages; ++index) {
      QImage image(qRound(paper.width() * scale), qRound(paper.height() * scale),
                   QImage::Format_RGB32);
      image.fill(Qt::white);
      {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        painter.scale(scale, scale);
        // What QTextDocument::print does for a paginated document: the page's slice of the
        // layout, at the paper's margins.
        painter.translate(body.left(), body.top() - index * page.height());
        const QRectF view(0, index * page.height(), page.width(), page.height());
        painter.setClipRect(view);
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = view;
        context.palette.setColor(QPalette::Text, Qt::black);
        document.documentLayout()->draw(&painter, context);
      }
      image.setDevicePixelRatio(devicePixelRatio);
      result.pages.push_back(std::move(image));
    }
  });
  return result;
}

}  // namespace sightline
