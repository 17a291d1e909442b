#include "app/text_output.h"

#include <algorithm>

namespace sightline::cli {

namespace {

// Whether a code point takes two terminal columns (East Asian Wide and Fullwidth: CJK,
// Hangul, fullwidth forms, the CJK extension planes).
bool isWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace

qsizetype displayWidth(const QString& text) {
  qsizetype width = 0;
  for (const char32_t c : text.toUcs4()) {
    const QChar::Category category = QChar::category(c);
    if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing ||
        category == QChar::Other_Format)
      continue;  // combining marks and zero-width characters
    width += isWide(c) ? 2 : 1;
  }
  return width;
}

QString formatTable(const QStringList& header, const QList<QStringList>& rows,
                    const QList<bool>& rightAligned) {
  const qsizetype columns = header.size();
  QList<qsizetype> widths(columns, 0);
  auto measure = [&](const QStringList& row) {
    for (qsizetype c = 0; c < columns && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], displayWidth(row.at(c)));
    }
  };
  measure(header);
  for (const QStringList& row : rows)
    measure(row);

  QString out;
  auto appendRow = [&](const QStringList& row) {
    QString line;
    for (qsizetype c = 0; c < columns; ++c) {
      const QString cell = row.value(c);
      if (c > 0)
        line += QLatin1String("  ");
      // Padded by display width, so CJK names (two columns a character) keep the columns.
      const QString padding(std::max<qsizetype>(0, widths[c] - displayWidth(cell)),
                            QLatin1Char(' '));
      if (rightAligned.value(c)) {
        line += padding + cell;
      } else if (c + 1 < columns) {
        line += cell + padding;
      } else {
        line += cell;
      }
    }
    // Right-aligned last columns are already exact; a padded middle never trails.
    while (line.endsWith(QLatin1Char(' ')))
      line.chop(1);
    out += line + QLatin1Char('\n');
  };
  appendRow(header);
  for (const QStringList& row : rows)
    appendRow(row);
  return out;
}

}  // namespace sightline::cli
