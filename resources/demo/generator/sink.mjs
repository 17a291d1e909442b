// Sends finished spans through the real OTLP/protobuf exporter (gzip, as the exporter
// compresses it) to a throw-away HTTP receiver on 127.0.0.1 and returns the request body
// exactly as it arrived: that body is the demo's trace file.
import http from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';

export async function exportThroughOtlp(spans) {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ encoding: req.headers['content-encoding'] ?? '', body: Buffer.concat(chunks) });
      // An empty ExportTraceServiceResponse is zero bytes of protobuf.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const exporter = new OTLPTraceExporter({
      url: `http://127.0.0.1:${server.address().port}/v1/traces`,
      compression: 'gzip',
    });
    await new Promise((resolve, reject) => {
      exporter.export(spans, (result) =>
        result.code === 0 ? resolve() : reject(result.error ?? new Error('export failed')),
      );
    });
    await exporter.shutdown();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  if (received.length !== 1 || received[0].encoding !== 'gzip') {
    throw new Error(`expected one gzip request, got ${received.length}`);
  }
  return received[0].body;
}
