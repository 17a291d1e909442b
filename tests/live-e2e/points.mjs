// Counts what one metrics export (the SDK's ResourceMetrics) holds, in two units:
//  - dataPoints: OTLP data points, as the exporter sends them;
//  - samples: the Prometheus sample lines they become under the OpenTelemetry → Prometheus
//    compatibility rules (a sum or gauge point is one sample; an explicit-bucket histogram
//    point is one `_bucket` per bound plus `+Inf`, `_sum` and `_count`).
import { DataPointType } from '@opentelemetry/sdk-metrics';

export function countPoints(resourceMetrics) {
  let dataPoints = 0;
  let samples = 0;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        dataPoints++;
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          samples += point.value.buckets.boundaries.length + 1 + 2;
        } else if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
          samples += 2; // _sum and _count; the buckets are stored apart
        } else {
          samples += 1;
        }
      }
    }
  }
  return { dataPoints, samples };
}
