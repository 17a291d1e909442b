#include "app/text_output.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

namespace sightline::cli {

QString formatDuration(std::uint64_t ns) {
  if (ns < 1000)
    return QString::number(ns) + QLatin1String("ns");
  const double value = static_cast<double>(ns);
  if (ns < 1000000)
    return QString::number(value / 1e3, 'f', ns < 10000 ? 2 : 1) + QStringLiteral("µs");
  if (ns < 1000000000)
    return QString::number(value / 1e6, 'f', 2) + QLatin1String("ms");
  if (ns < 60000000000ull)
    return QString::number(value / 1e9, 'f', 3) + QLatin1String("s");
  const std::uint64_t minutes = ns / 60000000000ull;
  const double seconds = static_cast<double>(ns % 60000000000ull) / 1e9;
  return QString::number(minutes) + QLatin1Char('m') +
         QStringLiteral("%1s").arg(seconds, 4, 'f', 1, QLatin1Char('0'));
}

QString formatTimestamp(std::uint64_t unixNano) {
  const auto ms = static_cast<qint64>(unixNano / 1000000);
  return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QString spanKindName(SpanKind kind) {
  switch (kind) {
    case SpanKind::Internal:
      return QStringLiteral("INTERNAL");
    case SpanKind::Server:
      return QStringLiteral("SERVER");
    case SpanKind::Client:
      return QStringLiteral("CLIENT");
    case SpanKind::Producer:
      return QStringLiteral("PRODUCER");
    case SpanKind::Consumer:
      return QStringLiteral("CONSUMER");
    case SpanKind::Unspecified:
      break;
  }
  return QStringLiteral("UNSPECIFIED");
}

QString statusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::Ok:
      return QStringLiteral("OK");
    case StatusCode::Error:
      return QStringLiteral("ERROR");
    case StatusCode::Unset:
      break;
  }
  return QStringLiteral("UNSET");
}

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
