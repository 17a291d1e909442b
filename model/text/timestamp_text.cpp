#include "model/text/timestamp_text.h"

#include <QDateTime>
#include <QTimeZone>

namespace sightline {

QString formatLocalTimestamp(std::uint64_t unixNano) {
  return formatLocalTimestampMs(static_cast<std::int64_t>(unixNano / 1000000));
}

QString formatLocalTimestampMs(std::int64_t unixMs) {
  return QDateTime::fromMSecsSinceEpoch(unixMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString formatUtcTimestamp(std::uint64_t unixNano) {
  const auto ms = static_cast<qint64>(unixNano / 1000000);
  return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

}  // namespace sightline
