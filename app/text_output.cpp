#include "app/text_output.h"

#include <algorithm>

namespace sightline::cli {

QString formatTable(const QStringList& header, const QList<QStringList>& rows,
                    const QList<bool>& rightAligned) {
  const qsizetype columns = header.size();
  QList<qsizetype> widths(columns, 0);
  auto measure = [&](const QStringList& row) {
    for (qsizetype c = 0; c < columns && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], row.at(c).size());
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
      if (rightAligned.value(c)) {
        line += cell.rightJustified(widths[c]);
      } else if (c + 1 < columns) {
        line += cell.leftJustified(widths[c]);
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
