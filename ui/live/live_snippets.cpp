#include "ui/live/live_snippets.h"

#include <QStringList>
#include <QUrl>

namespace sightline {

namespace {

QString yamlQuoted(const QString& text) {
  QString escaped = text;
  escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
  escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
  return QLatin1Char('"') + escaped + QLatin1Char('"');
}

void appendHeaders(QStringList& lines, const QString& apiKey) {
  if (apiKey.isEmpty())
    return;
  lines << QStringLiteral("    headers:")
        << QStringLiteral("      authorization: %1")
               .arg(yamlQuoted(QStringLiteral("Bearer ") + apiKey));
}

}  // namespace

QString collectorSnippet(const LiveSnippetTarget& target) {
  QStringList lines;
  lines << QStringLiteral("# OpenTelemetry Collector: also export to Sightline.");
  lines << QStringLiteral("exporters:");
  QString exporter;
  if (!target.otlpHttpUrl.isEmpty()) {
    exporter = QStringLiteral("otlphttp/sightline");
    lines << QStringLiteral("  otlphttp/sightline:")
          << QStringLiteral("    endpoint: %1").arg(yamlQuoted(target.otlpHttpUrl));
    appendHeaders(lines, target.apiKey);
  }
  if (!target.otlpGrpcAddress.isEmpty()) {
    if (exporter.isEmpty())
      exporter = QStringLiteral("otlp/sightline");
    lines << QStringLiteral("  otlp/sightline:")
          << QStringLiteral("    endpoint: %1").arg(yamlQuoted(target.otlpGrpcAddress))
          << QStringLiteral("    tls:") << QStringLiteral("      insecure: true");
    appendHeaders(lines, target.apiKey);
  }
  if (exporter.isEmpty())
    return QStringLiteral("# Start a receiver to get a Collector configuration.\n");
  lines << QStringLiteral("service:") << QStringLiteral("  pipelines:");
  for (const char* signal : {"traces", "metrics"}) {
    lines
        << QStringLiteral("    %1:").arg(QLatin1String(signal))
        << QStringLiteral("      exporters: [%1]  # add to your existing exporters").arg(exporter);
  }
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString sdkEnvironmentSnippet(const LiveSnippetTarget& target) {
  QString endpoint;
  QString protocol;
  if (!target.otlpHttpUrl.isEmpty()) {
    endpoint = target.otlpHttpUrl;
    protocol = QStringLiteral("http/protobuf");
  } else if (!target.otlpGrpcAddress.isEmpty()) {
    endpoint = QStringLiteral("http://") + target.otlpGrpcAddress;
    protocol = QStringLiteral("grpc");
  } else {
    return QStringLiteral("# Start a receiver to get the SDK settings.\n");
  }
  QStringList lines;
  lines << QStringLiteral("export OTEL_EXPORTER_OTLP_ENDPOINT=%1").arg(endpoint)
        << QStringLiteral("export OTEL_EXPORTER_OTLP_PROTOCOL=%1").arg(protocol)
        << QStringLiteral("export OTEL_TRACES_EXPORTER=otlp")
        << QStringLiteral("export OTEL_METRICS_EXPORTER=otlp")
        << QStringLiteral("export OTEL_LOGS_EXPORTER=none  # Sightline does not store logs");
  if (!target.apiKey.isEmpty()) {
    // The specification's header list: key=value pairs, values percent-encoded.
    const QString value =
        QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("Bearer ") + target.apiKey));
    lines << QStringLiteral("export OTEL_EXPORTER_OTLP_HEADERS=authorization=%1").arg(value);
  }
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace sightline
