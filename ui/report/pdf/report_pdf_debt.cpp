#include <QFontMetricsF>
#include <memory>

#include "ui/report/pdf/report_pdf_painters.h"
#include "ui/report/pdf/report_pdf_parts.h"
#include "ui/report/report_debt_grid.h"

namespace sightline::report_pdf {

namespace {

constexpr double kNameWidth = 78;
constexpr double kHeadHeight = 18;
constexpr double kRowHeight = 12;
constexpr double kGap = 0.4;
constexpr double kLegendHeight = 11;

// `points` on paper: the painter draws in points scaled to the device (report_pdf_painters).
QFont gridFont(const QPainter& painter, double points, bool bold = false) {
  QFont font = reportPdfFont();
  const double dpi = painter.device() ? painter.device()->logicalDpiY() : 72.0;
  font.setPointSizeF(points * 72.0 / dpi);
  font.setBold(bold);
  return font;
}

QSizeF gridSize(const DebtGrid& grid, double width) {
  return {width, kHeadHeight + kRowHeight * static_cast<double>(grid.rows.size()) + 1};
}

void paintGrid(QPainter& painter, const QRectF& rect, const DebtGrid& grid) {
  painter.save();
  const double columnWidth = (rect.width() - kNameWidth) /
                             static_cast<double>(std::max<std::size_t>(grid.columns.size(), 1));
  painter.setFont(gridFont(painter, 5.4, true));
  painter.setPen(kInk);
  for (std::size_t c = 0; c < grid.columns.size(); ++c) {
    const DebtGridColumn& column = grid.columns[c];
    const QRectF head(rect.left() + kNameWidth + columnWidth * static_cast<double>(c), rect.top(),
                      columnWidth, kHeadHeight - 2);
    const QString text =
        column.head2.isEmpty() ? column.head : column.head + QLatin1Char('\n') + column.head2;
    painter.drawText(head, Qt::AlignHCenter | Qt::AlignBottom, text);
  }
  const QFont nameFont = gridFont(painter, 6.5);
  const QFont cellFont = gridFont(painter, 6);
  double y = rect.top() + kHeadHeight;
  for (const DebtGridRow& row : grid.rows) {
    painter.setFont(nameFont);
    painter.setPen(kInk);
    const QString name =
        QFontMetricsF(nameFont).elidedText(row.name, Qt::ElideRight, kNameWidth - 4);
    painter.drawText(QRectF(rect.left(), y, kNameWidth - 4, kRowHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, name);
    painter.setFont(cellFont);
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      const DebtGridCell& cell = row.cells[c];
      const QRectF box(rect.left() + kNameWidth + columnWidth * static_cast<double>(c) + kGap,
                       y + kGap, columnWidth - 2 * kGap, kRowHeight - 2 * kGap);
      painter.fillRect(box, cell.fill);
      painter.setPen(cell.ink);
      painter.drawText(box, Qt::AlignCenter, cell.text);
    }
    y += kRowHeight;
  }
  // The line between the code columns and the runtime ones, as on the Tech debt page.
  painter.setPen(QPen(QColor(0x42, 0x42, 0x42), 0.8));
  for (std::size_t c = 0; c < grid.columns.size(); ++c) {
    if (!grid.columns[c].runtime)
      continue;
    const double x = rect.left() + kNameWidth + columnWidth * static_cast<double>(c);
    painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x, y));
  }
  painter.restore();
}

void paintLegend(QPainter& painter, const QRectF& rect, const DebtGrid& grid) {
  painter.save();
  painter.setFont(gridFont(painter, 6.5));
  const double columnWidth =
      rect.width() / static_cast<double>(std::max<std::size_t>(grid.legend.size(), 1));
  for (std::size_t i = 0; i < grid.legend.size(); ++i) {
    const double x = rect.left() + columnWidth * static_cast<double>(i);
    painter.setPen(QPen(QColor(0xb0, 0xb6, 0xc0), 0.3));
    painter.setBrush(debtStatusFill(grid.legend[i].second));
    painter.drawRect(QRectF(x, rect.top() + 1.5, 7, 7));
    painter.setPen(kInk);
    painter.drawText(QRectF(x + 10, rect.top(), columnWidth - 12, kLegendHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, grid.legend[i].first);
  }
  painter.restore();
}

}  // namespace

void writeDebtHeatmap(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Tech-debt heatmap"), 2);
  if (!content.debt) {
    pdf.paragraph(noDebtDataText(), kMuted);
    return;
  }
  auto grid = std::make_shared<DebtGrid>(debtGrid(*content.debt));
  for (const QString& note : debtGridNotes(content, false))
    pdf.paragraph(note);
  if (grid->rows.empty()) {
    pdf.paragraph(QStringLiteral("No service: no rule maps the inputs' code to a service."),
                  kMuted);
    return;
  }
  pdf.figure(QSizeF(pdf.width(), kLegendHeight),
             [grid](QPainter& painter, const QRectF& rect) { paintLegend(painter, rect, *grid); });
  pdf.figure(gridSize(*grid, pdf.width()),
             [grid](QPainter& painter, const QRectF& rect) { paintGrid(painter, rect, *grid); });
  if (const QString omitted = debtGridOmittedText(*grid); !omitted.isEmpty())
    pdf.paragraph(omitted, kMuted);
}

}  // namespace sightline::report_pdf
