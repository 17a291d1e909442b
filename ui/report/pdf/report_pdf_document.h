#pragma once

#include <QColor>
#include <QObject>
#include <QPainter>
#include <QSizeF>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextObjectInterface>
#include <functional>
#include <vector>

#include "ui/report/report_rows.h"

class QTextTable;

// The PDF report's document: QTextDocument built through a cursor, with vector figures where
// the text flows. report_pdf.cpp lays it out and prints it; each section writes into it
// (report_pdf_parts.h).
namespace sightline::report_pdf {

inline constexpr int kResolution = 300;  // dots per inch of the layout
inline constexpr int kFigureType = QTextFormat::UserObject + 17;
inline constexpr int kFigureIndex = QTextFormat::UserProperty + 17;

inline const QColor kInk(0x1d, 0x23, 0x30);
inline const QColor kMuted(0x5b, 0x64, 0x75);
inline const QColor kBetter(0x1b, 0x7f, 0x3b);
inline const QColor kWorse(0xc6, 0x28, 0x28);

inline double pointsToDots(double points) {
  return points * kResolution / 72.0;
}

// A figure painted as vectors where the text flows: its size in points and how to paint it.
struct Figure {
  QSizeF sizePoints;
  std::function<void(QPainter&, const QRectF&)> paint;
};

// Paints the figures QTextDocument places as objects (QTextObjectInterface), scaled from
// points to the layout's dots, so that the PDF gets vector paths, not images.
class FigureObjects : public QObject, public QTextObjectInterface {
  Q_OBJECT
  Q_INTERFACES(QTextObjectInterface)

 public:
  std::vector<Figure> figures;

  QSizeF intrinsicSize(QTextDocument*, int, const QTextFormat& format) override;
  void drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int,
                  const QTextFormat& format) override;

 private:
  const Figure* figureOf(const QTextFormat& format) const;
};

// Builds the document through a cursor: every string is inserted as text, never parsed.
class PdfDocumentBuilder {
 public:
  PdfDocumentBuilder(QTextDocument& document, FigureObjects& figures, double widthPoints);

  // Level 1 (title), 2 (section, may start a page), 3 and 4 (within a section).
  void heading(const QString& text, int level);
  void paragraph(const QString& text, const QColor& colour = kInk, double size = 8.5);
  void bullet(const QString& text) { paragraph(QStringLiteral("•  ") + text); }
  // A table with a bold head row; `numeric[i]` right-aligns column i. Cells carry a tone.
  void table(const std::vector<QString>& heads, const std::vector<std::vector<ReportCell>>& rows,
             const std::vector<bool>& numeric);
  // A vector figure `sizePoints` large; `paint` runs when the page is printed, so whatever it
  // captures must outlive the document (the ReportContent, or a shared_ptr).
  void figure(QSizeF sizePoints, std::function<void(QPainter&, const QRectF&)> paint);

  double width() const { return m_width; }

 private:
  void newBlock(const QTextBlockFormat& block, const QTextCharFormat& chars);
  void cell(QTextTable* table, std::size_t row, std::size_t column, const QString& text,
            const QTextCharFormat& chars, bool numeric);

  QTextCursor m_cursor;
  FigureObjects& m_figures;
  QTextCharFormat m_body;
  double m_width;
  bool m_first = true;
};

}  // namespace sightline::report_pdf
