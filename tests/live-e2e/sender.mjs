// One OTLP client process for the live end-to-end test: one real OpenTelemetry JS exporter
// (trace-proto, trace-json, trace-grpc or metrics-proto) sending a bounded amount of telemetry
// to one endpoint, then forceFlush + shutdown. It writes what it did to a JSON file:
// the (trace id, span id) of every span it ended and of every span whose export was
// acknowledged, or for metrics the data points of the acknowledged exports.
//
//   node sender.mjs --kind K --endpoint URL --out FILE [--name N] [--spans N] [--seconds S]
//                   [--exports N] [--api-key KEY]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { context, diag, trace, DiagLogLevel, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { countPoints } from './points.mjs';

const { values: args } = parseArgs({
  options: {
    kind: { type: 'string' },
    endpoint: { type: 'string' },
    out: { type: 'string' },
    name: { type: 'string', default: 'sender' },
    spans: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '20' },
    exports: { type: 'string', default: '20' },
    'api-key': { type: 'string' },
  },
});
const kinds = ['trace-proto', 'trace-json', 'trace-grpc', 'metrics-proto'];
if (!kinds.includes(args.kind) || !args.endpoint || !args.out) {
  console.error(`usage: sender.mjs --kind (${kinds.join('|')}) --endpoint URL --out FILE`);
  process.exit(2);
}
const seconds = Number(args.seconds);
const headers = args['api-key'] ? { Authorization: `Bearer ${args['api-key']}` } : undefined;
// Long enough for the HTTP exporters' own retries (ECONNREFUSED, 503) to outlast a restart.
const exportTimeoutMillis = 15000;
// The gRPC exporter takes its headers as @grpc/grpc-js Metadata; loaded only for that kind.
const grpc = args.kind === 'trace-grpc' ? await import('@grpc/grpc-js') : null;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function traceExporter() {
  if (args.kind === 'trace-proto') {
    return new ProtoTraceExporter({ url: `${args.endpoint}/v1/traces`, headers, timeoutMillis: exportTimeoutMillis });
  }
  if (args.kind === 'trace-json') {
    return new JsonTraceExporter({ url: `${args.endpoint}/v1/traces`, headers, timeoutMillis: exportTimeoutMillis });
  }
  const metadata = new grpc.Metadata();
  if (args['api-key']) metadata.set('authorization', `Bearer ${args['api-key']}`);
  return new GrpcTraceExporter({ url: args.endpoint, metadata, timeoutMillis: exportTimeoutMillis });
}

// Wraps the real exporter to learn which spans the server acknowledged.
class RecordingSpanExporter {
  constructor(inner, report) {
    this.inner = inner;
    this.report = report;
  }
  export(spans, done) {
    this.report.exports++;
    this.inner.export(spans, (result) => {
      const ids = spans.map((s) => s.spanContext().traceId + s.spanContext().spanId);
      if (result.code === 0) {
        this.report.acked.push(...ids);
      } else {
        this.report.failedExports++;
        this.report.failed.push(...ids);
        this.report.errors.push(String(result.error?.message ?? result.error).slice(0, 200));
      }
      done(result);
    });
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
  shutdown() {
    return this.inner.shutdown();
  }
}

// Records every span that ended, before the batch processor sees it.
class EndedSpans {
  constructor(report) {
    this.report = report;
  }
  onStart() {}
  onEnd(span) {
    this.report.ended.push(span.spanContext().traceId + span.spanContext().spanId);
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

const routes = ['/api/cart', '/api/checkout', '/api/products', '/api/orders', '/api/search'];

// One trace of the shape of the demo's requests: a server span, a few client and internal
// children (one of them with a grandchild), about 8 attributes each.
function oneTrace(tracer, n) {
  const route = routes[n % routes.length];
  const root = tracer.startSpan(`GET ${route}`, {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': 'GET',
      'http.route': route,
      'http.response.status_code': n % 50 === 0 ? 500 : 200,
      'url.scheme': 'http',
      'server.address': 'shop.local',
      'server.port': 8080,
      'user_agent.original': 'e2e/1.0',
      'client.address': '10.0.0.7',
    },
  });
  if (n % 50 === 0) root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
  const parent = trace.setSpan(context.active(), root);
  let ended = 1;
  for (let c = 0; c < 3; c++) {
    const child = tracer.startSpan(
      c === 0 ? 'SELECT shop.items' : `call backend-${c}`,
      {
        kind: c === 0 ? SpanKind.CLIENT : SpanKind.INTERNAL,
        attributes: {
          'db.system.name': 'postgresql',
          'db.namespace': 'shop',
          'db.operation.name': 'SELECT',
          'db.query.text': `SELECT * FROM items WHERE id = $${c}`,
          'server.address': 'db.local',
          'server.port': 5432,
          'e2e.sequence': n,
          'e2e.child': c,
        },
      },
      parent,
    );
    if (c === 2) {
      const grand = tracer.startSpan('render', { attributes: { 'e2e.sequence': n } }, trace.setSpan(parent, child));
      grand.addEvent('rendered', { bytes: 1024 });
      grand.end();
      ended++;
    }
    child.end();
    ended++;
  }
  root.end();
  return ended;
}

async function sendTraces(report) {
  const total = Number(args.spans);
  const exporter = new RecordingSpanExporter(traceExporter(), report);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': `e2e-${args.name}`,
      'service.instance.id': `${args.name}-${process.pid}`,
      'deployment.environment.name': 'e2e',
    }),
    spanProcessors: [
      new EndedSpans(report),
      // A queue that never drops (the test bounds the spans), 512-span requests as the SDK's
      // default, and a short delay so that requests keep coming during the run.
      new BatchSpanProcessor(exporter, {
        maxQueueSize: Math.max(4096, total + 1024),
        maxExportBatchSize: 512,
        scheduledDelayMillis: 200,
        exportTimeoutMillis: 4 * exportTimeoutMillis,
      }),
    ],
  });
  const tracer = provider.getTracer('sightline-live-e2e', '1.0.0');
  const tickMs = 50;
  const perTick = Math.max(1, Math.ceil(total / ((seconds * 1000) / tickMs)));
  const start = Date.now();
  let made = 0;
  let n = 0;
  for (let tick = 0; made < total; tick++) {
    let thisTick = 0;
    while (thisTick < perTick && made < total) {
      const madeNow = oneTrace(tracer, n++);
      made += madeNow;
      thisTick += madeNow;
    }
    const due = start + (tick + 1) * tickMs;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await provider.forceFlush().catch((e) => report.errors.push(`forceFlush: ${e?.message ?? e}`));
  await provider.shutdown().catch((e) => report.errors.push(`shutdown: ${e?.message ?? e}`));
}

// Wraps the metric exporter to count the data points of the acknowledged exports.
class RecordingMetricExporter {
  constructor(inner, report) {
    this.inner = inner;
    this.report = report;
  }
  export(metrics, done) {
    this.report.exports++;
    this.inner.export(metrics, (result) => {
      const counted = countPoints(metrics);
      if (result.code === 0) {
        this.report.ackedPoints += counted.dataPoints;
        this.report.ackedSamples += counted.samples;
        this.report.ackedExports++;
      } else {
        this.report.failedExports++;
        this.report.failedPoints += counted.dataPoints;
        this.report.failedSamples += counted.samples;
        this.report.errors.push(String(result.error?.message ?? result.error).slice(0, 200));
      }
      done(result);
    });
  }
  forceFlush() {
    return this.inner.forceFlush();
  }
  shutdown() {
    return this.inner.shutdown();
  }
  selectAggregationTemporality(kind) {
    return this.inner.selectAggregationTemporality(kind);
  }
  selectAggregation(kind) {
    return this.inner.selectAggregation?.(kind);
  }
}

async function sendMetrics(report) {
  const exports = Number(args.exports);
  const intervalMs = Math.max(100, Math.floor((seconds * 1000) / exports));
  const exporter = new RecordingMetricExporter(
    new OTLPMetricExporter({ url: `${args.endpoint}/v1/metrics`, headers, timeoutMillis: exportTimeoutMillis }),
    report,
  );
  // Exports are driven by hand (reader.forceFlush) so that their number is exact; the
  // periodic timer is set far beyond the run.
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 3_600_000,
    exportTimeoutMillis: 4 * exportTimeoutMillis,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': `e2e-${args.name}`,
      'service.instance.id': `${args.name}-${process.pid}`,
    }),
    readers: [reader],
  });
  const meter = provider.getMeter('sightline-live-e2e', '1.0.0');
  const requests = meter.createCounter('e2e.requests', { unit: '1', description: 'requests handled' });
  const latency = meter.createHistogram('e2e.latency', {
    unit: 'ms',
    description: 'request latency',
    advice: { explicitBucketBoundaries: [5, 10, 25, 50, 100, 250] },
  });
  const inflight = meter.createUpDownCounter('e2e.inflight', { unit: '1', description: 'requests in flight' });
  let queue = 0;
  meter
    .createObservableGauge('e2e.queue', { unit: '1', description: 'queue length' })
    .addCallback((result) => result.observe(queue, { sender: args.name }));
  const start = Date.now();
  for (let e = 0; e < exports; e++) {
    for (let i = 0; i < 50; i++) {
      const route = routes[(e + i) % routes.length];
      const labels = { sender: args.name, route };
      requests.add(1, labels);
      latency.record(((e * 7 + i * 13) % 300) + 0.5, labels);
      inflight.add(i % 2 === 0 ? 1 : -1, { sender: args.name });
    }
    queue = e % 10;
    await reader.forceFlush().catch((err) => report.errors.push(`forceFlush: ${err?.message ?? err}`));
    const due = start + (e + 1) * intervalMs;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await provider.shutdown().catch((err) => report.errors.push(`shutdown: ${err?.message ?? err}`));
}

const report = {
  name: args.name,
  kind: args.kind,
  endpoint: args.endpoint,
  exports: 0,
  failedExports: 0,
  errors: [],
};
// The exporters log their retries through the diagnostics API; counting them shows whether
// the HTTP exporters' retry (ECONNREFUSED, 429/502/503/504) was what brought spans through.
report.retries = 0;
diag.setLogger(
  {
    verbose: (m) => {
      if (String(m).startsWith('Scheduling export retry')) report.retries++;
    },
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (m) => report.errors.push(`diag: ${String(m).slice(0, 200)}`),
  },
  DiagLogLevel.VERBOSE,
);
const began = Date.now();
if (args.kind.startsWith('trace-')) {
  Object.assign(report, { ended: [], acked: [], failed: [] });
  await sendTraces(report);
} else {
  Object.assign(report, {
    ackedExports: 0,
    ackedPoints: 0,
    ackedSamples: 0,
    failedPoints: 0,
    failedSamples: 0,
  });
  await sendMetrics(report);
}
report.seconds = (Date.now() - began) / 1000;
report.allSucceeded = report.failedExports === 0 && report.errors.length === 0;
writeFileSync(args.out, JSON.stringify(report));
const what = report.ended
  ? `${report.ended.length} spans ended, ${report.acked.length} acknowledged`
  : `${report.ackedPoints} data points (${report.ackedSamples} samples) acknowledged`;
console.log(
  `${args.name} (${args.kind}): ${what}, ${report.exports} exports, ${report.retries} retries, ` +
    `${report.failedExports} failed, ${report.seconds.toFixed(1)} s`,
);
// The gRPC channel or a keep-alive socket could hold the event loop; the report is written.
process.exit(0);
