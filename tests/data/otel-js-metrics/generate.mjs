// Generates Sightline's OTLP metrics fixtures with the OpenTelemetry JS SDK. Instruments are
// fed known values, collected twice by a manual reader (cumulative, then delta temporality)
// and sent through the real OTLP/protobuf and OTLP/JSON exporters to a local HTTP sink; the
// files hold the request bodies as sent, expected.json what the instruments were fed.
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';

const here = path.dirname(fileURLToPath(import.meta.url));

async function startSink() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      const json = String(req.headers['content-type']).includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/metrics`,
    take: () => bodies.splice(0, bodies.length),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

class ManualReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

function lengthDelimited(messages) {
  const parts = [];
  for (const m of messages) {
    let n = m.length;
    const prefix = [];
    do {
      let byte = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) byte |= 0x80;
      prefix.push(byte);
    } while (n > 0);
    parts.push(Buffer.from(prefix), m);
  }
  return Buffer.concat(parts);
}

async function exportOnce(sink, Exporter, resourceMetrics) {
  const exporter = new Exporter({ url: sink.url });
  await new Promise((resolve, reject) =>
    exporter.export(resourceMetrics, (r) => (r.code === 0 ? resolve() : reject(r.error))),
  );
  await exporter.shutdown();
  const bodies = sink.take();
  if (bodies.length !== 1) throw new Error(`expected one request, got ${bodies.length}`);
  return bodies[0];
}

const kBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
// Two rounds of measurements; each round is collected and exported once.
const kRounds = [
  {
    requests: [['GET', 200, 5], ['POST', 201, 2], ['GET', 500, 1]],
    bytes: [['rx', 1500], ['tx', 640]],
    queue: [7, -2],
    memory: 52428800,
    cpu: 0.25,
    durations: [0.003, 0.007, 0.02, 0.02, 0.04, 0.09, 0.3, 0.7, 1.8, 4.2],
    dbMs: [0.8, 1.5, 2.5, 3, 7, 12, 40, 90, 250],
    widgets: [['small', 3]],
  },
  {
    requests: [['GET', 200, 4], ['POST', 201, 1]],
    bytes: [['rx', 500], ['tx', 2000]],
    queue: [3],
    memory: 62914560,
    cpu: 0.75,
    durations: [0.004, 0.06, 0.12, 0.2, 0.45],
    dbMs: [1.1, 5, 18, 600],
    widgets: [['small', 1], ['large', 2]],
  },
];

async function run(sink, temporality) {
  const reader = new ManualReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.namespace': 'shop',
      'service.instance.id': 'checkout-1',
      'deployment.environment': 'test',
      'host.name': 'fixture-host',
    }),
    readers: [reader],
    views: [
      {
        instrumentName: 'db.client.operation.duration',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } },
      },
    ],
  });
  const meter = provider.getMeter('fixture.meter', '1.2.3');
  const requests = meter.createCounter('http.server.requests', { unit: '{request}' });
  const bytes = meter.createCounter('network.io', { unit: 'By' });
  const queue = meter.createUpDownCounter('queue.depth', { unit: '{item}' });
  const widgets = meter.createCounter('widgets-made', { unit: '1' });
  const durations = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: kBounds },
  });
  const dbMs = meter.createHistogram('db.client.operation.duration', { unit: 'ms' });
  let memory = 0;
  let cpu = 0;
  meter
    .createObservableGauge('process.memory.usage', { unit: 'By' })
    .addCallback((r) => r.observe(memory));
  meter
    .createObservableGauge('system.cpu.utilization', { unit: '1' })
    .addCallback((r) => r.observe(cpu, { 'cpu.mode': 'user' }));

  const proto = [];
  const json = [];
  for (const round of kRounds) {
    for (const [method, status, n] of round.requests) {
      for (let i = 0; i < n; ++i)
        requests.add(1, { 'http.request.method': method, 'http.response.status_code': status });
    }
    for (const [direction, n] of round.bytes) bytes.add(n, { 'network.io.direction': direction });
    for (const q of round.queue) queue.add(q);
    for (const [size, n] of round.widgets) widgets.add(n, { 'widget.size': size });
    for (const d of round.durations) durations.record(d, { 'http.route': '/checkout' });
    for (const d of round.dbMs) dbMs.record(d, { 'db.system': 'postgresql' });
    memory = round.memory;
    cpu = round.cpu;
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length) throw errors[0];
    proto.push(await exportOnce(sink, ProtoExporter, resourceMetrics));
    json.push(await exportOnce(sink, JsonExporter, resourceMetrics));
  }
  await provider.shutdown();
  return { proto, json };
}

function write(name, bytes) {
  writeFileSync(path.join(here, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}

// What a Prometheus reader of the data should see after each round: cumulative totals.
function expectedRounds() {
  const out = [];
  const acc = { requests: {}, bytes: {}, queue: 0, widgets: {}, durations: [], dbMs: [] };
  for (const round of kRounds) {
    for (const [method, status, n] of round.requests) {
      const key = `${method} ${status}`;
      acc.requests[key] = (acc.requests[key] ?? 0) + n;
    }
    for (const [direction, n] of round.bytes) acc.bytes[direction] = (acc.bytes[direction] ?? 0) + n;
    for (const q of round.queue) acc.queue += q;
    for (const [size, n] of round.widgets) acc.widgets[size] = (acc.widgets[size] ?? 0) + n;
    acc.durations.push(...round.durations);
    acc.dbMs.push(...round.dbMs);
    out.push({
      requests: { ...acc.requests },
      bytes: { ...acc.bytes },
      queue: acc.queue,
      widgets: { ...acc.widgets },
      memory: round.memory,
      cpu: round.cpu,
      durations: [...acc.durations],
      dbMs: [...acc.dbMs],
    });
  }
  return out;
}

const sink = await startSink();
try {
  const cumulative = await run(sink, AggregationTemporality.CUMULATIVE);
  write('metrics.cumulative.otlp.pb', cumulative.proto[0]);
  write('metrics.cumulative.otlp.json', cumulative.json[0]);
  write('metrics.cumulative.delimited.otlp.pb', lengthDelimited(cumulative.proto));
  write('metrics.cumulative.otlp.jsonl', Buffer.concat(cumulative.json.flatMap((b) => [b, Buffer.from('\n')])));
  const delta = await run(sink, AggregationTemporality.DELTA);
  write('metrics.delta.delimited.otlp.pb', lengthDelimited(delta.proto));
  write('metrics.delta.otlp.jsonl', Buffer.concat(delta.json.flatMap((b) => [b, Buffer.from('\n')])));
  const expected = {
    resource: { job: 'shop/checkout', instance: 'checkout-1' },
    scope: { name: 'fixture.meter', version: '1.2.3' },
    bounds: kBounds,
    rounds: expectedRounds(),
  };
  write('expected.json', Buffer.from(JSON.stringify(expected, null, 1) + '\n'));
} finally {
  await sink.close();
}
