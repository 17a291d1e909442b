// Captures what the real OpenTelemetry JS OTLP/gRPC trace exporter sends: a few spans of two
// services go through OTLPTraceExporter (plain and gzip) to a bare HTTP/2 server on 127.0.0.1
// that keeps each request's headers and gRPC-framed body exactly as they arrived and answers
// with an empty ExportTraceServiceResponse. Deterministic: fixed ids and explicit times.
import http2 from 'node:http2';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';

const here = path.dirname(fileURLToPath(import.meta.url));
// 2026-12-01T10:00:00Z, in milliseconds.
const kStartMs = Date.UTC(2026, 11, 1, 10, 0, 0);

// Ids counted up from fixed prefixes, so that every run makes the same ones.
let nextId = 0;
const idGenerator = {
  generateTraceId: () => `5eed0000000000000000${(++nextId).toString(16).padStart(12, '0')}`,
  generateSpanId: () => `5eed${(++nextId).toString(16).padStart(12, '0')}`,
};

const collected = new InMemorySpanExporter();
function service(name) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': name, 'service.version': '1.4.2' }),
    idGenerator,
    spanProcessors: [new SimpleSpanProcessor(collected)],
  });
  return { provider, tracer: provider.getTracer(`${name}-instrumentation`, '0.9.0') };
}

const api = service('api');
const db = service('orders-db');

// One request: a SERVER span in `api`, a CLIENT query in `orders-db`'s process (as if the
// database reported its own span), an event, and an error status for odd requests.
function request(i, startMs, previous) {
  const links = previous ? [{ context: previous.spanContext(), attributes: { 'link.kind': 'retry' } }] : [];
  const root = api.tracer.startSpan(
    `GET /orders/${i}`,
    {
      kind: SpanKind.SERVER,
      startTime: startMs,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': i % 2 ? 500 : 200 },
      links,
    },
    ROOT_CONTEXT,
  );
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const query = db.tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      startTime: startMs + 2.5,
      attributes: { 'db.system': 'postgresql', 'db.rows': i * 3, 'db.cached': i % 3 === 0 },
    },
    ctx,
  );
  query.addEvent('rows fetched', { 'rows.bytes': 1024 * i }, startMs + 9);
  query.end(startMs + 11.25);
  if (i % 2) root.setStatus({ code: SpanStatusCode.ERROR, message: `order ${i} failed` });
  root.end(startMs + 14 + i);
  return root;
}

// A bare gRPC endpoint: keeps what arrives, answers OK with an empty response message.
async function startCapture() {
  const requests = [];
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const kept = {};
      for (const key of [':path', 'content-type', 'grpc-encoding', 'grpc-accept-encoding', 'te']) {
        if (headers[key] !== undefined) kept[key] = headers[key];
      }
      requests.push({ headers: kept, body: Buffer.concat(chunks) });
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.alloc(5)); // not compressed, 0 bytes long
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, requests, close: () => new Promise((r) => server.close(r)) };
}

async function exportThrough(capture, spans, compression) {
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${capture.port}`, compression });
  const result = await new Promise((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  if (result.code !== 0) throw new Error(`export failed: ${result.error}`);
  return capture.requests.splice(0, capture.requests.length);
}

let previous = null;
for (let i = 1; i <= 6; ++i) previous = request(i, kStartMs + i * 1000, previous);
await api.provider.forceFlush();
await db.provider.forceFlush();
const spans = collected.getFinishedSpans();

const capture = await startCapture();
const files = {};
try {
  for (const [name, compression] of [['traces.grpc', 'none'], ['traces.gzip.grpc', 'gzip']]) {
    const requests = await exportThrough(capture, spans, compression);
    if (requests.length !== 1) throw new Error(`${requests.length} requests for ${name}`);
    writeFileSync(path.join(here, name), requests[0].body);
    files[name] = requests[0].headers;
    console.log(`${name}: ${requests[0].body.length} bytes, ${JSON.stringify(requests[0].headers)}`);
  }
} finally {
  await capture.close();
}

const expected = {
  files,
  spans: spans
    .map((s) => `${s.spanContext().traceId} ${s.spanContext().spanId} ${s.name}`)
    .sort(),
};
writeFileSync(path.join(here, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
