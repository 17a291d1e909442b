// planted.json: every bottleneck planted in the demo, measured on the spans the SDK
// recorded (and what the profile and metric producers were told), with the ids a diagnosis
// test needs. Generation fails if a planted bottleneck is not in the data.
//
// For the after run (planted-after.json) the same for the bottlenecks that remain, and
// under "fixed" those its builds fixed (planted_after.mjs).
import {
  dbShare,
  depth,
  isDb,
  isErrorSpan,
  nPlusOneRuns,
  operationStats,
  sequentialCalls,
} from './rules.mjs';
import { fixedBottlenecks } from './planted_after.mjs';

const S = (ns) => String(ns);

function check(condition, message) {
  if (!condition) throw new Error(`planted bottleneck missing: ${message}`);
}

function rootOp(trace) {
  return `${trace.root.service} ${trace.root.name}`;
}

function countBy(list, key) {
  const out = {};
  for (const x of list) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort());
}

// 2026-11-20T14:06:30Z: a scrape's time as the snapshot lists name it.
function iso(t) {
  return new Date(Number(t / 1_000_000n)).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function buildPlanted({ shop, timeline, traces, records, metrics, run, file, spansCount }) {
  const bottlenecks = [];
  const window = { start_unix_nano: S(timeline.start), end_unix_nano: S(timeline.end) };
  const profile = (kind) => `profiles/${run.profilePrefix}${kind}.pb.gz`;
  // The scrapes that show the incidents.
  const burstScrape = iso(timeline.snapshots.find((t) => t >= timeline.poolExhausted[0]));
  const lastBeforeRestart = iso(timeline.snapshots.findLast((t) => t < timeline.inventoryDown[0]));
  const firstAfterRestart = iso(timeline.snapshots.find((t) => t >= timeline.inventoryDown[1]));
  const reconcileScrape = iso(timeline.snapshots.find((t) => t >= timeline.reconcileAt));

  // 1. An operation whose p99 is over a second.
  const stats = operationStats(records);
  const fraud = stats.find((s) => s.service === 'payment' && s.operation === 'fraud check');
  const slowFraud = records.filter((r) => r.name === 'fraud check' && r.end - r.start > 1_000_000_000n);
  if (!shop.fixes.has('fraud-feature-cache')) {
    check(fraud.p99_ns > 1_000_000_000n, 'fraud check p99 > 1 s');
    bottlenecks.push({
      id: 'slow-operation',
      rule: 'slow operation (p99 of a service/operation > 1 s)',
      service: 'payment',
      operation: 'fraud check',
      count: fraud.count,
      p50_ns: S(fraud.p50_ns),
      p95_ns: S(fraud.p95_ns),
      p99_ns: S(fraud.p99_ns),
      max_ns: S(fraud.max_ns),
      slow_spans: slowFraud.map((r) => ({ trace_id: r.traceId, span_id: r.spanId, duration_ns: S(r.end - r.start) })),
      cause: 'since 14:03 the fraud model computes graph features; carts of 4 or more items take 1.05-1.85 s of CPU in main.computeFraudScore',
      // Their callers contain the fraud check, so their p99 is over a second as well.
      also_over_1s: stats
        .filter((s) => s.p99_ns > 1_000_000_000n && !(s.service === 'payment' && s.operation === 'fraud check'))
        .map((s) => ({ service: s.service, operation: s.operation, p99_ns: S(s.p99_ns) })),
      metric: {
        family: 'fraud_check_duration_seconds',
        labels: { job: 'payment', graph_features: 'true' },
        note: 'fed the same durations as the spans; histogram_quantile(0.99) over the window is above 1 s',
      },
    });
  }

  // 2. A burst of HTTP 5xx and gRPC errors on inventory.
  const inventoryErrors = records.filter((r) => r.service === 'inventory' && isErrorSpan(r));
  const first = inventoryErrors.reduce((m, r) => (r.start < m ? r.start : m), inventoryErrors[0].start);
  const last = inventoryErrors.reduce((m, r) => (r.end > m ? r.end : m), 0n);
  check(first >= timeline.poolExhausted[0] && last <= timeline.poolExhausted[1] + 1_000_000_000n, 'inventory errors inside the window');
  const refused = records.filter((r) => r.attributes['error.type'] === 'ECONNREFUSED' ||
    (r.kind === 'CLIENT' && r.attributes['rpc.grpc.status_code'] === 14 && !records.some((c) => c.parentId === r.spanId)));
  const burstTraces = [...new Set(inventoryErrors.map((r) => r.traceId))];
  bottlenecks.push({
    id: 'error-burst',
    rule: 'error span (HTTP >= 500, gRPC status != OK, status ERROR), here a burst on one service',
    service: 'inventory',
    first_error_start_unix_nano: S(first),
    last_error_end_unix_nano: S(last),
    error_spans: inventoryErrors.length,
    http_5xx_server_spans: inventoryErrors.filter((r) => r.kind === 'SERVER' && r.attributes['http.response.status_code'] >= 500).length,
    grpc_error_server_spans: inventoryErrors.filter((r) => r.kind === 'SERVER' && (r.attributes['rpc.grpc.status_code'] ?? 0) !== 0).length,
    by_operation: countBy(inventoryErrors, (r) => r.name),
    inventory_error_spans_outside_burst: 0,
    trace_ids: burstTraces,
    cause: 'a traffic spike at 14:06 leaks inventory\'s PostgreSQL connections (pool 20/20); requests time out acquiring one (pg pool acquire, 250 ms) and answer 503 / UNAVAILABLE (14)',
    after: {
      note: 'inventory is killed by its liveness probe at 14:06:38 and back at 14:06:44: calls in between are refused (client spans only, ERROR)',
      refused_client_spans: refused.map((r) => ({ trace_id: r.traceId, span_id: r.spanId, service: r.service, name: r.name })),
    },
    metrics: {
      snapshot_with_burst: burstScrape,
      series: [
        'http_requests_total{job="inventory",code="503"}',
        'grpc_server_handled_total{job="inventory",grpc_code="Unavailable"}',
        'db_client_connections_usage{job="inventory",state="used"} = db_client_connections_max = 20',
        'db_client_connections_pending_requests{job="inventory"} > 0',
      ],
    },
  });

  // 3. A call chain deeper than 8.
  const depths = traces.map((t) => ({ t, d: depth(t) }));
  const deep = depths.filter((x) => x.d > 8);
  check(deep.length > 0, 'a trace deeper than 8');
  const deepOps = countBy(deep, (x) => rootOp(x.t));
  bottlenecks.push({
    id: 'deep-chain',
    rule: 'deep chain (call depth > 8; the root is depth 1)',
    root_operation: 'frontend GET /api/orders/:id/invoice',
    depth: Math.max(...deep.map((x) => x.d)),
    chain: [
      'frontend GET /api/orders/:id/invoice (SERVER)', 'frontend GET (CLIENT)',
      'checkout GET /orders/:id/invoice (SERVER)', 'checkout render invoice',
      'checkout GET (CLIENT)', 'payment GET /payments/:order/receipt (SERVER)', 'payment build receipt',
      'payment shop.inventory.v1.Inventory/GetProducts (CLIENT)',
      'inventory shop.inventory.v1.Inventory/GetProducts (SERVER)', 'inventory resolve catalog',
      'inventory SELECT shop.products (CLIENT, db)',
    ],
    traces_by_root_operation: deepOps,
    max_depth_of_other_root_operations: Math.max(
      ...depths.filter((x) => rootOp(x.t) !== 'frontend GET /api/orders/:id/invoice').map((x) => x.d),
    ),
    trace_ids: deep.map((x) => x.t.traceId),
  });

  // 4. The database owns >= 70 % of a trace's critical path.
  const shares = traces.map((t) => ({ t, share: dbShare(t) }));
  const dominated = shares.filter((x) => x.share >= 0.7);
  const history = shares.filter((x) => rootOp(x.t) === 'frontend GET /api/account/orders');
  check(history.length > 0 && history.every((x) => x.share >= 0.7), 'order history is database-bound');
  const round = (x) => Math.round(x * 1000) / 1000;
  bottlenecks.push({
    id: 'db-dominant',
    rule: 'dominant service: the database (spans with db.system) owns >= 70 % of the critical path',
    root_operation: 'frontend GET /api/account/orders',
    statement: 'SELECT o.id, o.created_at, o.total, i.sku, i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 50',
    cause: 'no index on orders.customer_id: the join takes 560-880 ms',
    min_share: round(Math.min(...history.map((x) => x.share))),
    max_share: round(Math.max(...history.map((x) => x.share))),
    trace_ids: history.map((x) => x.t.traceId),
    all_traces_at_or_over_70_percent_by_root_operation: countBy(dominated, (x) => rootOp(x.t)),
    db_share_by_root_operation: Object.fromEntries(
      [...new Set(shares.map((x) => rootOp(x.t)))].sort().map((op) => {
        const v = shares.filter((x) => rootOp(x.t) === op).map((x) => x.share);
        return [op, { min: round(Math.min(...v)), max: round(Math.max(...v)) }];
      }),
    ),
  });

  // 5a. N+1 queries.
  const nPlusOne = traces.flatMap((t) => nPlusOneRuns(t).map((run) => ({ t, run })));
  if (!shop.fixes.has('stock-batch')) {
    check(nPlusOne.length > 0, 'an N+1 run');
    bottlenecks.push({
      id: 'n-plus-one',
      rule: 'N+1 queries (>= 5 consecutive sibling DB spans, same statement modulo literals, together >= 50 ms)',
      service: 'inventory',
      parent_operation: 'GET /inventory',
      root_operation: 'frontend GET /api/products',
      statement_example: records.find((r) => r.name === 'SELECT shop.stock' && r.attributes['db.statement'].includes("'")).attributes['db.statement'],
      statement_normalised: nPlusOne[0].run.statement,
      runs: nPlusOne.length,
      min_count: Math.min(...nPlusOne.map((x) => x.run.spans.length)),
      max_count: Math.max(...nPlusOne.map((x) => x.run.spans.length)),
      min_total_ns: S(nPlusOne.reduce((m, x) => (x.run.total_ns < m ? x.run.total_ns : m), nPlusOne[0].run.total_ns)),
      runs_by_root_operation: countBy(nPlusOne, (x) => rootOp(x.t)),
      trace_ids: nPlusOne.map((x) => x.t.traceId),
      parent_span_ids: nPlusOne.map((x) => x.run.parentId),
    });
  }

  // 5b. Sequential calls that could run in parallel.
  const parallel = traces.flatMap((t) =>
    sequentialCalls(t)
      .filter((r) => r.saved_ns >= 100_000_000n && Number(r.saved_ns) >= 0.1 * Number(r.parent_ns))
      .map((r) => ({ t, r })),
  );
  const preview = parallel.filter((x) => rootOp(x.t) === 'frontend GET /api/checkout/preview');
  check(preview.length > 0, 'parallelisable calls');
  const withDb = traces.flatMap((t) =>
    sequentialCalls(t, { includeDb: true })
      .filter((r) => r.saved_ns >= 100_000_000n && Number(r.saved_ns) >= 0.1 * Number(r.parent_ns))
      .map((r) => ({ t, r })),
  );
  bottlenecks.push({
    id: 'parallelisable-calls',
    rule: 'parallelisable calls (sequential independent sibling calls, sum - longest >= 100 ms and >= 10 %)',
    root_operation: 'frontend GET /api/checkout/preview',
    calls: ['checkout GET /cart/:id', 'inventory GET /inventory/availability', 'payment GET /payment-methods', 'checkout GET /shipping/quote'],
    min_saved_ns: S(preview.reduce((m, x) => (x.r.saved_ns < m ? x.r.saved_ns : m), preview[0].r.saved_ns)),
    min_saved_fraction: round(Math.min(...preview.map((x) => Number(x.r.saved_ns) / Number(x.r.parent_ns)))),
    http_rpc_runs_by_root_operation: countBy(parallel, (x) => rootOp(x.t)),
    note: shop.fixes.has('stock-batch')
      ? 'counting DB client spans as calls too: see runs_including_db_by_root_operation (no product list any more)'
      : 'counting DB client spans as calls too, the N+1 runs (and the reconcile job) qualify as well: see runs_including_db_by_root_operation',
    runs_including_db_by_root_operation: countBy(withDb, (x) => rootOp(x.t)),
    trace_ids: preview.map((x) => x.t.traceId),
  });

  // 6a. A CPU-hot function inside the slow spans, through the span_id label.
  if (!shop.fixes.has('fraud-feature-cache')) {
    const fraudWork = shop.paymentWork.filter((w) => w.kind === 'fraud' && w.slow);
    bottlenecks.push({
      id: 'cpu-hotspot',
      rule: 'self-time hotspot: a function >= 5 % flat of a profile, joined to spans by the span_id label',
      profile: profile('cpu'),
      function: 'main.computeFraudScore',
      callers: ['main.handleCharge', 'main.runFraudCheck'],
      labels: ['span_id', 'trace_id'],
      spans: fraudWork.map((w) => ({
        trace_id: w.span.traceId,
        span_id: w.span.spanId,
        duration_ns: S(w.span.endTime - w.span.start),
        cpu_ns_replayed: S(w.cpuNs),
      })),
      expectation: 'each of these spans has CPU samples for about 90 % of its duration (100 Hz sampling: >= 80 samples per span), nearly all in main.computeFraudScore',
    });
  }

  // 6b. A slow span that waits on a lock and uses almost no CPU.
  const waits = shop.paymentWork.filter((w) => w.kind === 'append' && w.waitNs >= 100_000_000n);
  check(waits.length >= 5, 'ledger appends waiting on the lock');
  bottlenecks.push({
    id: 'lock-contention',
    rule: 'a slow span with (almost) no CPU samples, waiting on a sync.Mutex (mutex and block profiles)',
    service: 'payment',
    operation: 'ledger append',
    spans: waits.map((w) => ({
      trace_id: w.span.traceId,
      span_id: w.span.spanId,
      duration_ns: S(w.span.endTime - w.span.start),
      wait_ns: S(w.waitNs),
      held_by_batch: w.hold,
    })),
    holder: {
      trace_id: timeline.ledgerHolds[0].batch.traceId,
      operation: 'reconcile batch',
      span_ids: timeline.ledgerHolds.map((h) => h.batch.spanId),
      note: 'holds the ledger lock ~0.8 s per batch: recompute balances (CPU, ~100 ms) then write checkpoint (fsync, no CPU)',
    },
    profiles: {
      mutex: { file: profile('mutex'), function: 'main.(*Ledger).reconcileBatch', note: 'Go charges the delay to the unlocker\'s stack' },
      block: { file: profile('block'), function: 'main.(*Ledger).Append', frame: 'sync.(*Mutex).Lock' },
      goroutine: { file: profile('goroutine'), note: 'taken during batch 14: goroutines parked in sync.(*Mutex).Lock under main.(*Ledger).Append, labelled with their span ids' },
      cpu: { file: profile('cpu'), expectation: 'these spans have at most 2 CPU samples each' },
    },
    metric: { family: 'ledger_lock_wait_seconds', labels: { job: 'payment' }, snapshot: reconcileScrape },
  });

  // 7. A counter reset: inventory restarted.
  const inv = metrics.processes.filter((p) => p.job === 'inventory');
  bottlenecks.push({
    id: 'counter-reset',
    rule: 'counter rate with a reset (value drop and changed process_start_time_seconds)',
    job: 'inventory',
    instance: inv[0].instance,
    last_snapshot_before: lastBeforeRestart,
    first_snapshot_after: firstAfterRestart,
    process_start_time_seconds_before: Number(BigInt(inv[0].start_unix_nano) / 1_000_000n) / 1000,
    process_start_time_seconds_after: Number(BigInt(inv[1].start_unix_nano) / 1_000_000n) / 1000,
    counters: ['http_requests_total', 'grpc_server_handled_total', 'process_cpu_seconds_total'],
    traces: 'spans of inventory after 14:06:44 come from a second resource (k8s.container.restart_count 1, service.instance.id inventory-2b7e9-1)',
  });

  // A saturation the metrics show (the cause of the burst).
  bottlenecks.push({
    id: 'pool-saturation',
    rule: 'saturation (pool usage >= 0.8, pending requests > 0)',
    job: 'inventory',
    snapshot: burstScrape,
    series: ['db_client_connections_usage{state="used"} 20', 'db_client_connections_max 20', 'db_client_connections_pending_requests >= 1'],
  });

  const after = shop.fixes.size > 0;
  const errorTraces = new Set(records.filter((r) => r.error).map((r) => r.traceId));
  const planted = {
    comment: after
      ? 'Written by resources/demo/generator (planted.mjs) for the after run: the scenario of planted.json a day later, with inventory 0.9.8 and payment 3.1.1. Facts measured on the spans the OpenTelemetry JS SDK recorded; "fixed" lists the bottlenecks of planted.json that are gone, with their numbers now; ids are lowercase hex; times are Unix nanoseconds as decimal strings.'
      : 'Written by resources/demo/generator (planted.mjs). Facts measured on the spans the OpenTelemetry JS SDK recorded; ids are lowercase hex; times are Unix nanoseconds as decimal strings.',
    window,
    files: {
      traces: file,
      profiles: ['cpu', 'heap', 'mutex', 'block', 'goroutine'].map(profile),
      metrics: timeline.snapshots.map((t) => `metrics/${snapshotName(t)}`),
    },
    counts: {
      traces: traces.length,
      spans: spansCount,
      traces_with_error_status: errorTraces.size,
      traces_by_root_operation: countBy(traces, rootOp),
      db_spans: records.filter(isDb).length,
    },
    bottlenecks,
    ...(after ? { fixed: fixedBottlenecks({ shop, timeline, traces, records, stats, nPlusOne, profile }) } : {}),
  };

  const digest = {
    comment: after
      ? 'Written by resources/demo/generator: what the SDK recorded for the traces of the demo\'s after run.'
      : 'Written by resources/demo/generator: what the SDK recorded for the demo traces (checked by tests/importers/core/tst_demo_data.cpp).',
    files: [file],
    trace_count: traces.length,
    span_count: spansCount,
    error_trace_count: errorTraces.size,
    services: [...new Set(records.map((r) => r.service))].sort(),
    largest: [...traces]
      .sort((a, b) => b.spans.length - a.spans.length || (a.root.start < b.root.start ? -1 : 1))
      .slice(0, 3)
      .map((t) => {
        const end = t.spans.reduce((m, s) => (s.end > m ? s.end : m), 0n);
        return {
          trace_id: t.traceId,
          span_count: t.spans.length,
          error_count: t.spans.filter((s) => s.error).length,
          root_service: t.root.service,
          root_name: t.root.name,
          root_span_id: t.root.spanId,
          root_parent_missing: t.root.parentId !== '',
          start_unix_nano: S(t.root.start),
          duration_ns: S(end - t.root.start),
          services: [...new Set(t.spans.map((s) => s.service))].sort(),
        };
      }),
  };
  return { planted, digest };
}

// 2026-11-20T14:00:30Z -> shop-2026-11-20T14-00-30Z.prom (no colons: portable file names).
export function snapshotName(t) {
  const iso = new Date(Number(t / 1_000_000n)).toISOString().replace(/\.\d+Z$/, 'Z');
  return `shop-${iso.replace(/:/g, '-')}.prom`;
}
