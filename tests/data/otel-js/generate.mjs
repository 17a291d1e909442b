// Generates Sightline's OTLP trace fixtures with the OpenTelemetry JS SDK (the demo data set
// has its own generator, resources/demo/generator/). Spans go through the real OTLP/protobuf
// and OTLP/JSON exporters to a local HTTP sink; the files hold the request bodies as sent.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { World, ms } from './world.mjs';
import { Shop } from './shop.mjs';
import {
  checkoutFlow,
  orderStatusFlow,
  productDetailFlow,
  productListFlow,
  recommendationsFlow,
  reportFlow,
} from './flows.mjs';
import { buildExpected } from './expected.mjs';
import { exportRequests, lengthDelimited, startSink } from './sink.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// 2026-11-20T09:00:00Z
const kFixtureStart = BigInt(Date.UTC(2026, 10, 20, 9, 0, 0)) * 1_000_000n;

function at(seconds) {
  return kFixtureStart + ms(seconds * 1000);
}

// 16 traces, one per request flow, a couple of seconds apart.
function buildFixture(shop) {
  const c1 = checkoutFlow(shop, at(0), { items: 3, orderId: 1 });
  productDetailFlow(shop, at(2.1), { dbMs: 3 });
  const c2 = checkoutFlow(shop, at(4.3), { items: 4, orderId: 2 });
  productListFlow(shop, at(6), { queries: 10, queryMs: 6 });
  checkoutFlow(shop, at(8.2), { items: 2, orderId: 3, fail: true });
  productDetailFlow(shop, at(9.9), { dbMs: 12 });
  orderStatusFlow(shop, at(11.5), { orderId: 2 });
  const c4 = checkoutFlow(shop, at(13), { items: 5, orderId: 4, slowMs: 120 });
  recommendationsFlow(shop, at(15.7));
  productListFlow(shop, at(17), { queries: 10, queryMs: 9 });
  checkoutFlow(shop, at(19), { items: 3, orderId: 5, fail: true });
  productDetailFlow(shop, at(21), { dbMs: 30, status: 503 });
  productDetailFlow(shop, at(23), { dbMs: 2 });
  reportFlow(shop, at(25), [c1.root, c2.root, c4.root]);
  checkoutFlow(shop, at(27.4), { items: 6, orderId: 6 });
  productListFlow(shop, at(30.2), { queries: 12, queryMs: 5 });
}

function chunk(list, parts) {
  const size = Math.ceil(list.length / parts);
  return Array.from({ length: parts }, (_, i) => list.slice(i * size, (i + 1) * size));
}

// The exporters only gzip; zstd (a Collector option) comes from the zstd command line tool.
function zstd(bytes) {
  const run = spawnSync('zstd', ['-q', '-19', '-c'], { input: bytes, maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`zstd failed: ${run.stderr}`);
  return run.stdout;
}

function write(dir, name, bytes) {
  writeFileSync(path.join(dir, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}

async function generateFixtures(sink) {
  const world = new World(20261120);
  buildFixture(new Shop(world));
  const spans = await world.finish();
  const split = chunk(spans, 3);

  const [pb] = await exportRequests(sink, 'proto', [spans]);
  write(here, 'traces.otlp.pb', pb);
  const pbParts = await exportRequests(sink, 'proto', split);
  write(here, 'traces.delimited.otlp.pb', lengthDelimited(pbParts));
  write(here, 'traces.delimited.otlp.pb.zst', zstd(lengthDelimited(pbParts)));
  const [pbGz] = await exportRequests(sink, 'proto', [spans], { gzip: true });
  write(here, 'traces.otlp.pb.gz', pbGz);

  const [json] = await exportRequests(sink, 'json', [spans]);
  write(here, 'traces.otlp.json', json);
  const jsonParts = await exportRequests(sink, 'json', split);
  if (jsonParts.some((b) => b.includes(0x0a))) throw new Error('a JSON body spans lines');
  write(here, 'traces.otlp.jsonl', Buffer.concat(jsonParts.flatMap((b) => [b, Buffer.from('\n')])));
  const [jsonGz] = await exportRequests(sink, 'json', [spans], { gzip: true });
  write(here, 'traces.otlp.json.gz', jsonGz);

  const files = [
    'traces.otlp.pb',
    'traces.delimited.otlp.pb',
    'traces.delimited.otlp.pb.zst',
    'traces.otlp.pb.gz',
    'traces.otlp.json',
    'traces.otlp.jsonl',
    'traces.otlp.json.gz',
  ];
  const expected = buildExpected(spans, files);
  write(here, 'expected.json', Buffer.from(JSON.stringify(expected, null, 1) + '\n'));
}

const sink = await startSink();
try {
  await generateFixtures(sink);
} finally {
  await sink.close();
}
