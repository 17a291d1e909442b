#include "app/metric_snapshot_time.h"

#include <QDateTime>
#include <QRegularExpression>
#include <cmath>

namespace sightline::cli {

std::optional<std::int64_t> parseSnapshotTime(QStringView text) {
  const QString trimmed = text.trimmed().toString();
  static const QRegularExpression kUnixSeconds(QStringLiteral("^\\d+(\\.\\d+)?$"));
  if (kUnixSeconds.match(trimmed).hasMatch()) {
    const double seconds = trimmed.toDouble();
    // Up to the year 9999; beyond that the value is a typo (or milliseconds).
    if (!std::isfinite(seconds) || seconds > 253402300799.0)
      return std::nullopt;
    return static_cast<std::int64_t>(std::llround(seconds * 1000));
  }
  static const QRegularExpression kZone(QStringLiteral("(Z|[+-]\\d\\d:?\\d\\d)$"),
                                        QRegularExpression::CaseInsensitiveOption);
  if (!trimmed.contains(QLatin1Char('T')) || !kZone.match(trimmed).hasMatch())
    return std::nullopt;
  const QDateTime time = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
  if (!time.isValid())
    return std::nullopt;
  return time.toMSecsSinceEpoch();
}

}  // namespace sightline::cli
