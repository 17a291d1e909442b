#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "importers/otlp/otlp_delta_totals.h"
#include "model/common/status.h"
#include "model/metrics/metric_records.h"
#include "model/traces/trace_records.h"

namespace sightline {

enum class OtlpEncoding { Protobuf, Json };

// Decodes one OTLP/HTTP ExportTraceServiceRequest body (already decompressed) through the
// file importers' readers (importers/otlp/), into one batch whose resources and scopes are
// numbered within the request. An error names what was wrong, for a 400 answer.
Status decodeOtlpTraceRequest(std::string body, OtlpEncoding encoding, TraceBatch* batch);

// What one ExportMetricsServiceRequest body became.
struct OtlpMetricsRequest {
  // The converter's records, family indexes the request's own (a LiveMetricSubmission's).
  std::vector<MetricBatch> batches;
  std::uint64_t points = 0;  // data points converted
  // Metrics the converter refused (a histogram whose bucket counts do not match its bounds,
  // a metric without data, ...) are left out, the rest of the request is kept: their data
  // points, and what was wrong, for the answer's partial_success.
  std::uint64_t rejectedPoints = 0;
  std::string rejectedMessage;
  // The delta series' running totals with this request's points added: for
  // OtlpDeltaTotals::save() once the writer accepted the request.
  std::map<std::string, double> deltaSums;
  std::map<std::string, OtlpHistogramTotals> deltaHistograms;
};

// Decodes one OTLP/HTTP ExportMetricsServiceRequest body (already decompressed; one message,
// not the files' length-delimited sequences) through the file importers' decoder and
// OtlpMetricsConverter, named and labelled as a file import of the body would be. Each request
// is converted on its own; delta series add up from `deltaTotals` (the receiver's earlier
// requests, read while the caller holds its lock) when given, else within the request only.
// A point without a time (time_unix_nano 0) is left without a timestamp (the writer gives it
// the request's arrival). An error (the body does not decode) names what was wrong, for a 400.
Status decodeOtlpMetricsRequest(const std::string& body, OtlpEncoding encoding,
                                OtlpMetricsRequest* request,
                                const OtlpDeltaTotals* deltaTotals = nullptr);

// The number of log records in an ExportLogsServiceRequest body, for the answer that rejects
// them all; 0 when the body does not decode.
std::uint64_t countOtlpLogRecords(const std::string& body, OtlpEncoding encoding);

}  // namespace sightline
