#include "ui/report/pdf/report_pdf_document.h"

#include <QTextTable>

namespace sightline::report_pdf {

QSizeF FigureObjects::intrinsicSize(QTextDocument*, int, const QTextFormat& format) {
  const Figure* figure = figureOf(format);
  if (!figure)
    return {};
  return {pointsToDots(figure->sizePoints.width()), pointsToDots(figure->sizePoints.height())};
}

void FigureObjects::drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int,
                               const QTextFormat& format) {
  const Figure* figure = figureOf(format);
  if (!figure)
    return;
  painter->save();
  painter->translate(rect.topLeft());
  painter->scale(kResolution / 72.0, kResolution / 72.0);
  figure->paint(*painter, QRectF(QPointF(0, 0), figure->sizePoints));
  painter->restore();
}

const Figure* FigureObjects::figureOf(const QTextFormat& format) const {
  const int index = format.property(kFigureIndex).toInt();
  return index >= 0 && index < static_cast<int>(figures.size())
             ? &figures[static_cast<std::size_t>(index)]
             : nullptr;
}

PdfDocumentBuilder::PdfDocumentBuilder(QTextDocument& document, FigureObjects& figures,
                                       double widthPoints)
    : m_cursor(&document), m_figures(figures), m_width(widthPoints) {
  m_body.setFontPointSize(8.5);
  m_body.setForeground(kInk);
}

void PdfDocumentBuilder::heading(const QString& text, int level) {
  QTextBlockFormat block;
  block.setTopMargin(pointsToDots(level == 1 ? 0 : (level == 2 ? 14 : 8)));
  block.setBottomMargin(pointsToDots(4));
  if (level == 2)
    block.setPageBreakPolicy(QTextFormat::PageBreak_Auto);
  QTextCharFormat chars = m_body;
  chars.setFontPointSize(level == 1 ? 20 : (level == 2 ? 14 : (level == 3 ? 10.5 : 9)));
  chars.setFontWeight(QFont::Bold);
  newBlock(block, chars);
  m_cursor.insertText(text, chars);
}

void PdfDocumentBuilder::paragraph(const QString& text, const QColor& colour, double size) {
  QTextBlockFormat block;
  block.setBottomMargin(pointsToDots(3));
  QTextCharFormat chars = m_body;
  chars.setForeground(colour);
  chars.setFontPointSize(size);
  newBlock(block, chars);
  m_cursor.insertText(text, chars);
}

void PdfDocumentBuilder::table(const std::vector<QString>& heads,
                               const std::vector<std::vector<ReportCell>>& rows,
                               const std::vector<bool>& numeric) {
  QTextTableFormat format;
  format.setBorder(0.5);
  format.setBorderBrush(QColor(0xd8, 0xdd, 0xe6));
  format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
  format.setCellPadding(pointsToDots(2));
  format.setCellSpacing(0);
  format.setHeaderRowCount(1);
  format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
  newBlock(QTextBlockFormat(), m_body);
  QTextTable* table = m_cursor.insertTable(static_cast<int>(rows.size()) + 1,
                                           static_cast<int>(heads.size()), format);
  QTextCharFormat head = m_body;
  head.setFontWeight(QFont::Bold);
  head.setFontPointSize(7.5);
  for (std::size_t c = 0; c < heads.size(); ++c)
    cell(table, 0, c, heads[c], head, numeric[c]);
  QTextCharFormat body = m_body;
  body.setFontPointSize(7.5);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size() && c < heads.size(); ++c) {
      QTextCharFormat chars = body;
      if (rows[r][c].tone == ChangeTone::Better)
        chars.setForeground(kBetter);
      else if (rows[r][c].tone == ChangeTone::Worse)
        chars.setForeground(kWorse);
      const QString text = rows[r][c].note.isEmpty()
                               ? rows[r][c].text
                               : rows[r][c].note + QChar(QChar::LineSeparator) + rows[r][c].text;
      cell(table, r + 1, c, text, chars, numeric[c]);
    }
  }
  m_cursor.movePosition(QTextCursor::End);
}

void PdfDocumentBuilder::figure(QSizeF sizePoints,
                                std::function<void(QPainter&, const QRectF&)> paint) {
  QTextCharFormat object;
  object.setObjectType(kFigureType);
  object.setProperty(kFigureIndex, static_cast<int>(m_figures.figures.size()));
  m_figures.figures.push_back({sizePoints, std::move(paint)});
  newBlock(QTextBlockFormat(), m_body);
  m_cursor.insertText(QString(QChar::ObjectReplacementCharacter), object);
}

void PdfDocumentBuilder::newBlock(const QTextBlockFormat& block, const QTextCharFormat& chars) {
  if (m_first) {
    m_cursor.setBlockFormat(block);
    m_cursor.setBlockCharFormat(chars);
    m_first = false;
  } else {
    m_cursor.insertBlock(block, chars);
  }
}

void PdfDocumentBuilder::cell(QTextTable* table, std::size_t row, std::size_t column,
                              const QString& text, const QTextCharFormat& chars, bool numeric) {
  QTextCursor at =
      table->cellAt(static_cast<int>(row), static_cast<int>(column)).firstCursorPosition();
  QTextBlockFormat block;
  block.setAlignment(numeric ? Qt::AlignRight : Qt::AlignLeft);
  at.setBlockFormat(block);
  at.insertText(text, chars);
}

}  // namespace sightline::report_pdf
