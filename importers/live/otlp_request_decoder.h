#pragma once

#include <cstdint>
#include <string>

#include "model/common/status.h"
#include "model/traces/trace_records.h"

namespace sightline {

enum class OtlpEncoding { Protobuf, Json };

// Decodes one OTLP/HTTP ExportTraceServiceRequest body (already decompressed) through the
// file importers' readers (importers/otlp/), into one batch whose resources and scopes are
// numbered within the request. An error names what was wrong, for a 400 answer.
Status decodeOtlpTraceRequest(std::string body, OtlpEncoding encoding, TraceBatch* batch);

// The number of log records in an ExportLogsServiceRequest body, for the answer that rejects
// them all; 0 when the body does not decode.
std::uint64_t countOtlpLogRecords(const std::string& body, OtlpEncoding encoding);

}  // namespace sightline
