// The Node half of the demo generator: simulates ten minutes of the shop with the
// OpenTelemetry JS SDK, writes the trace file (the real OTLP/protobuf exporter's request
// body), and for the Go producers the plans they replay: payment's work per span
// (payment-plan.json, for runtime/pprof) and every metric observation and gauge value per
// scrape (metrics-plan.json, for client_golang). Also writes planted.json (the planted
// bottlenecks, measured on the recorded spans) and demo-expected.json (a digest for tests).
//
// With --after it writes the after run instead: the same ten minutes a day later, with
// inventory's N+1 and payment's slow fraud check fixed (RUNS below).
//
//   node main.mjs [--after] OUT_DIR WORK_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ms, World } from './world.mjs';
import { Shop } from './shop.mjs';
import {
  checkout,
  checkoutPreview,
  invoice,
  ledgerReconcile,
  orderHistory,
  productDetail,
  productList,
} from './flows.mjs';
import { buildPlanted, snapshotName } from './planted.mjs';
import { metricsPlan } from './metrics_plan.mjs';
import { exportThroughOtlp } from './sink.mjs';
import { groupTraces, spanRecords } from './rules.mjs';

// The two runs of the shop. "before" is the recorded ten minutes; "after" replays the same
// scenario a day later (the same seed, so the same requests, sizes, jitter and incidents)
// against the two fixed builds, so that what differs between the runs is what the fixes
// changed. The after run's ids are its own (idSalt), so both runs fit in one workspace.
const RUNS = {
  before: {
    day: 20,
    traces: 'shop-traces.otlp.pb.gz',
    profilePrefix: 'payment-',
    planted: 'planted.json',
    expected: 'demo-expected.json',
    idSalt: null,
    versions: { inventory: '0.9.7', payment: '3.1.0' },
    fixes: [],
    profileComment: "sightline demo: payment's work in the demo traces (2026-11-20 14:00-14:10 UTC), replayed",
  },
  after: {
    day: 21,
    traces: 'shop-after-traces.otlp.pb.gz',
    profilePrefix: 'payment-after-',
    planted: 'planted-after.json',
    expected: 'demo-after-expected.json',
    idSalt: 20261121,
    versions: { inventory: '0.9.8', payment: '3.1.1' },
    // inventory 0.9.8 reads the stock of a product page in one query; payment 3.1.1 scores
    // the features it keeps per customer instead of computing them for every check.
    fixes: ['stock-batch', 'fraud-feature-cache'],
    profileComment: "sightline demo: payment 3.1.1's work in the demo's after run (2026-11-21 14:00-14:10 UTC), replayed",
  },
};

const args = process.argv.slice(2);
const run = args[0] === '--after' ? RUNS.after : RUNS.before;
const [outDir, workDir] = args.slice(run === RUNS.after ? 1 : 0).map((p) => path.resolve(p));
if (!outDir || !workDir) {
  console.error('usage: node main.mjs [--after] OUT_DIR WORK_DIR');
  process.exit(2);
}

// 2026-11-20T14:00:00Z (the after run: 2026-11-21): the demo's ten minutes.
const T0 = BigInt(Date.UTC(2026, 10, run.day, 14, 0, 0)) * 1_000_000n;
const at = (secondsAfter) => T0 + ms(secondsAfter * 1000);

const timeline = {
  start: T0,
  end: at(600),
  // The graph-features flag of the fraud model is switched on at 14:03.
  fraudGraphFrom: at(180),
  // A traffic spike at 14:06 exhausts inventory's connection pool; the liveness probe
  // then kills inventory, which is back 6 s later.
  spike: [at(360), at(400)],
  poolExhausted: [at(365), at(395)],
  inventoryDown: [at(398), at(404)],
  // payment's ledger reconciliation runs at 14:08 for 30 batches.
  reconcileAt: at(480),
  reconcileBatches: 30,
  ledgerHolds: [],
  // Scrapes at :30 of every minute.
  snapshots: Array.from({ length: 10 }, (_, k) => at(30 + 60 * k)),
};

const processes = [
  {
    name: 'frontend', version: '2.4.1', runtime: 'nodejs', pod: 'frontend-7f9c4', ip: '10.42.0.11', port: 8080,
    extra: { 'cloud.region': 'eu-west-1' },
    processes: [{ pid: 1, restarts: 0, start: at(-108), rssBytes: 182e6, idleCores: 0.015 }],
  },
  {
    name: 'checkout', version: '1.12.0', runtime: 'go', pod: 'checkout-5d8b1', ip: '10.42.0.17', port: 8080,
    processes: [{ pid: 1, restarts: 0, start: at(-100), rssBytes: 46e6, idleCores: 0.004, baseGoroutines: 23 }],
  },
  {
    name: 'payment', version: run.versions.payment, runtime: 'go', pod: 'payment-66c2a', ip: '10.42.0.23', port: 8080,
    extra: { 'payment.pci_scope': true },
    processes: [{ pid: 1, restarts: 0, start: at(-55), rssBytes: 88e6, idleCores: 0.004, baseGoroutines: 31 }],
  },
  {
    name: 'inventory', version: run.versions.inventory, runtime: 'go', pod: 'inventory-2b7e9', ip: '10.42.0.31', port: 8080,
    processes: [
      { pid: 1, restarts: 0, start: at(-89), end: timeline.inventoryDown[0], rssBytes: 61e6, idleCores: 0.005, baseGoroutines: 27 },
      { pid: 1, restarts: 1, start: timeline.inventoryDown[1], rssBytes: 58e6, idleCores: 0.005, baseGoroutines: 27 },
    ],
  },
  {
    name: 'orders-worker', version: '1.12.0', runtime: 'go', pod: 'orders-worker-0a1f3', ip: '10.42.0.8', port: 9102,
    processes: [{ pid: 1, restarts: 0, start: at(-80), rssBytes: 39e6, idleCores: 0.003, baseGoroutines: 19 }],
  },
];

const world = new World(20261120, { idSalt: run.idSalt });
const shop = new Shop(world, processes, { fixes: run.fixes });
const rng = shop.rng;

// The reconcile job first: its lock holds decide which ledger appends wait.
const reconcile = ledgerReconcile(shop, timeline, timeline.reconcileAt, timeline.reconcileBatches);

// Arrivals: ~0.9 requests/s all along, 3/s more during the spike, and a few checkouts
// placed right after the start of some ledger lock holds.
const arrivals = [];
const base = 540;
const step = 600 / base;
const mix = [
  [0.36, 'detail'], [0.52, 'list'], [0.77, 'checkout'], [0.86, 'preview'], [0.93, 'history'], [1, 'invoice'],
];
for (let n = 0; n < base; ++n) {
  const r = rng.next();
  arrivals.push({ at: at(0.2 + n * step + rng.next() * step * 0.9), type: mix.find(([p]) => r < p)[1] });
}
for (let n = 0; n < 120; ++n) {
  const r = rng.next();
  arrivals.push({
    at: at(360 + n / 3 + rng.next() * 0.3),
    type: r < 0.5 ? 'detail' : r < 0.75 ? 'list' : 'checkout',
  });
}
for (const k of [1, 5, 9, 14, 19, 24]) {
  arrivals.push({ at: timeline.ledgerHolds[k].start + ms(120), type: 'checkout', smallOnly: true });
}
arrivals.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

let orderId = 0;
const roots = { reconcile };
for (const a of arrivals) {
  switch (a.type) {
    case 'detail': productDetail(shop, timeline, a.at); break;
    case 'list': productList(shop, timeline, a.at); break;
    case 'checkout': checkout(shop, timeline, a.at, { orderId: ++orderId, smallOnly: !!a.smallOnly }); break;
    case 'preview': checkoutPreview(shop, timeline, a.at); break;
    case 'history': orderHistory(shop, timeline, a.at); break;
    case 'invoice': invoice(shop, timeline, a.at); break;
    default: throw new Error(a.type);
  }
}

const spans = await world.finish();
const records = spanRecords(spans);
const traces = groupTraces(records);

mkdirSync(outDir, { recursive: true });
mkdirSync(workDir, { recursive: true });
const body = await exportThroughOtlp(spans);
writeFileSync(path.join(outDir, run.traces), body);
console.log(`${run.traces}: ${traces.length} traces, ${spans.length} spans, ${body.length} bytes`);

// payment's work per span, for the runtime/pprof replay.
const hex = (h) => ({ trace_id: h.traceId, span_id: h.spanId, span_name: h.name });
const paymentPlan = {
  comment: 'Written by main.mjs: what payment did per span; the payment replay runs it under pprof labels.',
  profile_prefix: run.profilePrefix,
  profile_comment: run.profileComment,
  // payment 3.1.1 reads the features of a check from its cache.
  fraud_feature_cache: shop.fixes.has('fraud-feature-cache'),
  window_start_unix_nano: String(timeline.start),
  window_end_unix_nano: String(timeline.end),
  work: shop.paymentWork
    .filter((w) => w.kind !== 'append')
    .map((w) => ({
      ...hex(w.span),
      start_unix_nano: String(w.span.start),
      kind: w.kind,
      cpu_ns: Number(w.cpuNs ?? 0n),
      slow: !!w.slow,
    })),
  // Work that starts while the reconcile job runs is replayed alongside its lock holds.
  reconcile_start_unix_nano: String(reconcile.start),
  reconcile_end_unix_nano: String(reconcile.endTime),
  holds: timeline.ledgerHolds.map((h) => ({
    ...hex(h.batch),
    index: h.index,
    hold_ns: Number(h.end - h.start),
    cpu_ns: Number(h.cpuNs),
    waiters: h.waiters.map((w) => ({ ...hex(w.span), wait_ns: Number(w.waitNs) })),
  })),
  // When the profiles are said to be taken (their time fields): a profile of the whole
  // window for CPU, the goroutine profile during the reconcile job, the others at the end.
  cpu_time_unix_nano: String(timeline.start),
  cpu_duration_ns: String(timeline.end - timeline.start),
  goroutine_time_unix_nano: String(timeline.ledgerHolds[14].start + ms(400)),
  end_time_unix_nano: String(timeline.snapshots[timeline.snapshots.length - 1]),
};
writeFileSync(path.join(workDir, 'payment-plan.json'), JSON.stringify(paymentPlan, null, 1) + '\n');

const metrics = metricsPlan(shop, timeline, records);
for (const s of metrics.snapshots) s.file = snapshotName(BigInt(s.time_unix_nano));
writeFileSync(path.join(workDir, 'metrics-plan.json'), JSON.stringify(metrics, null, 1) + '\n');

const { planted, digest } = buildPlanted({
  shop, timeline, traces, records, metrics, run, file: run.traces, spansCount: spans.length,
});
writeFileSync(path.join(outDir, run.planted), JSON.stringify(planted, null, 1) + '\n');
writeFileSync(path.join(outDir, run.expected), JSON.stringify(digest, null, 1) + '\n');
console.log(`${run.planted}: ${planted.bottlenecks.length} bottlenecks` +
  (planted.fixed ? `, ${planted.fixed.length} fixed` : ''));
