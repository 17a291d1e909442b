#include "model/traces/trace_record_names.h"

namespace sightline {

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

}  // namespace sightline
