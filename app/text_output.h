#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>

#include "model/traces/trace_records.h"

namespace sightline::cli {

// A duration for people: "850ns", "12.3µs", "45.67ms", "1.234s", "2m05.1s".
QString formatDuration(std::uint64_t ns);

// A Unix time in nanoseconds as ISO 8601 UTC with milliseconds: "2026-11-22T07:28:34.123Z".
QString formatTimestamp(std::uint64_t unixNano);

// OTLP names as the specification spells them: "SERVER", "CLIENT", …, "UNSPECIFIED".
QString spanKindName(SpanKind kind);
// "UNSET", "OK", "ERROR".
QString statusCodeName(StatusCode code);

// Lays out rows under a header as aligned columns separated by two spaces; columns whose
// `rightAligned` entry is true are padded on the left. The last column is never padded.
QString formatTable(const QStringList& header, const QList<QStringList>& rows,
                    const QList<bool>& rightAligned);

}  // namespace sightline::cli
