#pragma once

#include <QString>

namespace sightline {

// What the snippets point at: the receivers' addresses as the session reports them.
struct LiveSnippetTarget {
  QString otlpHttpUrl;      // "http://127.0.0.1:4318", empty when that receiver is off
  QString otlpGrpcAddress;  // "127.0.0.1:4317", empty when off
  QString apiKey;           // empty when no key is asked for
};

// An OpenTelemetry Collector configuration fragment: an `otlphttp` exporter (and an `otlp`
// one for gRPC) pointing at Sightline, with the API key header, and the pipelines that use it.
QString collectorSnippet(const LiveSnippetTarget& target);

// The SDK environment variables (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS …) that send
// an application's traces and metrics to Sightline, as shell `export` lines. Prefers OTLP/HTTP
// (every SDK speaks it); gRPC when only that receiver runs.
QString sdkEnvironmentSnippet(const LiveSnippetTarget& target);

}  // namespace sightline
