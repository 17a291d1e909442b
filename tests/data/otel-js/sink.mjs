// A minimal OTLP/HTTP receiver on 127.0.0.1 (random free port) that keeps every POSTed body
// exactly as it arrived, plus helpers that push spans through the real OTLP exporters.
import http from 'node:http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';

export async function startSink() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push({
        contentType: req.headers['content-type'] ?? '',
        contentEncoding: req.headers['content-encoding'] ?? '',
        body: Buffer.concat(chunks),
      });
      // An empty ExportTraceServiceResponse: zero bytes in protobuf, {} in JSON.
      const json = String(req.headers['content-type']).includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/v1/traces`;
  return {
    url,
    // Returns the bodies received since the last call.
    take() {
      return bodies.splice(0, bodies.length);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// Sends `requests` (arrays of ReadableSpans), one export call each, through the real
// exporter for `protocol` ('proto' or 'json'); returns the bodies as they reached the sink.
export async function exportRequests(sink, protocol, requests, { gzip = false } = {}) {
  const Exporter = protocol === 'proto' ? ProtoExporter : JsonExporter;
  const exporter = new Exporter({ url: sink.url, compression: gzip ? 'gzip' : 'none' });
  for (const spans of requests) {
    await new Promise((resolve, reject) => {
      exporter.export(spans, (result) => {
        if (result.code === 0) resolve();
        else reject(result.error ?? new Error('export failed'));
      });
    });
  }
  await exporter.shutdown();
  const bodies = sink.take();
  if (bodies.length !== requests.length) {
    throw new Error(`expected ${requests.length} requests, the sink got ${bodies.length}`);
  }
  for (const b of bodies) {
    if (gzip !== (b.contentEncoding === 'gzip')) throw new Error('unexpected content-encoding');
  }
  return bodies.map((b) => b.body);
}

// Protobuf's length-delimited framing (varint byte length, then the message), as
// writeDelimitedTo / parseDelimitedFrom use it.
export function lengthDelimited(messages) {
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
