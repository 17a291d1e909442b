#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "model/metrics/metric_series_table.h"

namespace sightline {

// Rate, errors and duration of one service in one interval between consecutive snapshots.
// NaN means "cannot be told": no requests in the interval (error ratio), no status label on
// the request series (error ratio), no latency histogram or no observations (latency).
struct RedInterval {
  std::int64_t startMs = 0;
  std::int64_t endMs = 0;
  double requests = std::numeric_limits<double>::quiet_NaN();  // increase in the interval
  double requestsPerSecond = std::numeric_limits<double>::quiet_NaN();
  double errorRatio = std::numeric_limits<double>::quiet_NaN();      // 0…1
  double latencySeconds = std::numeric_limits<double>::quiet_NaN();  // RedOptions::quantile
};

// One service serving one protocol (a service can serve HTTP and gRPC).
struct RedServiceOverview {
  std::string service;
  std::string protocol;                // "HTTP server" or "RPC server"
  std::string requestSeries;           // sample name the rate and errors come from
  std::string latencySeries;           // histogram family behind the latency; empty if none
  bool errorsKnown = false;            // the request series carry a status label
  std::vector<RedInterval> intervals;  // one per pair of consecutive snapshots
};

struct RedOptions {
  double quantile = 0.99;
  // Service name for series without a service_name / service / job label (e.g. the file's
  // name for a bare exposition file).
  std::string defaultService;
};

// The RED overview of every service found in `table` under the usual conventions, pooled
// per protocol because real services mix them (a Prometheus-client counter next to an
// OpenTelemetry-named histogram). HTTP: http_requests_total (Prometheus clients; status in
// code / status / status_code), OpenTelemetry http_server_request_duration_seconds and the
// older http_server_duration[_milliseconds] (milliseconds), http_request_duration_seconds,
// Micrometer's http_server_requests_seconds. RPC: go-grpc-prometheus'
// grpc_server_handled_total (grpc_code) and grpc_server_handling_seconds, OpenTelemetry
// rpc_server_call_duration_seconds and rpc_server_duration[_milliseconds]
// (rpc_grpc_status_code).
//
// The service is the first non-empty of the labels service_name, service, job. Requests come
// from the first counter present, else the first histogram's _count, else its +Inf buckets;
// latency from the first histogram present (orders as listed above). Per interval: requests
// = Σ over the request series of their increase (counterDelta: a drop is a restart); errors
// = the same over series whose status is 5xx (HTTP) or not OK (gRPC), or whose OpenTelemetry
// error_type is set; latency = histogramQuantile over the bucket increases summed per `le`
// (as `sum by (le) (increase(…))`), scaled to seconds. A series missing from (or NaN in)
// either snapshot of an interval is left out of that interval. Sorted by service, then
// protocol (HTTP first).
std::vector<RedServiceOverview> computeRedOverview(const MetricSeriesTable& table,
                                                   const RedOptions& options = {});

}  // namespace sightline
