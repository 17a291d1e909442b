// What metricsgen replays into client_golang: every observation the shop recorded (request
// counters and the durations of the very spans in the traces, fraud checks, lock waits,
// consumed orders, CPU seconds) in time order, and per scrape the gauge values of every
// process that is up (goroutines, memory, connection pool, consumer lag, start time).
import { seededRandom } from './world.mjs';

const POOL_MAX = 20;

// gRPC's status codes by the names go-grpc-prometheus gives them.
const GRPC_CODES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

export function metricsPlan(shop, timeline, records) {
  const rng = seededRandom(7);
  const events = [...shop.metrics.events];
  // The services create their request counters at start-up with 0, as Prometheus advises
  // (and go-grpc-prometheus' InitializeMetrics does for every gRPC code): otherwise a
  // series' first errors would not count in a rate, since it had no sample before.
  for (const p of shop.processes) {
    const routes = new Set();
    const methods = new Set();
    for (const e of shop.metrics.events) {
      if (e.proc !== p.id) continue;
      if (e.family === 'http_requests_total') routes.add(`${e.labels.method} ${e.labels.route}`);
      if (e.family === 'grpc_server_handled_total') methods.add(`${e.labels.grpc_service} ${e.labels.grpc_method}`);
    }
    for (const r of [...routes].sort()) {
      const [method, route] = r.split(' ');
      for (const code of ['500', '503']) {
        events.push({ at: p.start, proc: p.id, family: 'http_requests_total', labels: { method, route, code }, value: 0 });
      }
    }
    for (const m of [...methods].sort()) {
      const [service, method] = m.split(' ');
      for (const code of GRPC_CODES) {
        events.push({
          at: p.start,
          proc: p.id,
          family: 'grpc_server_handled_total',
          labels: { grpc_type: 'unary', grpc_service: service, grpc_method: method, grpc_code: code },
          value: 0,
        });
      }
    }
  }
  for (const p of shop.processes) {
    // Start-up work, then an idle trickle (GC, timers, health checks) between scrapes.
    events.push({ at: p.start, proc: p.id, family: 'process_cpu_seconds_total', labels: {}, value: p.runtime === 'go' ? 0.41 : 1.37 });
    let last = p.start;
    for (const t of timeline.snapshots) {
      if (t < p.start || (p.end !== null && t >= p.end)) continue;
      events.push({ at: t, proc: p.id, family: 'process_cpu_seconds_total', labels: {}, value: (p.idleCores * Number(t - last)) / 1e9 });
      last = t;
    }
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const inflight = (p, t) =>
    shop.metrics.inflight.filter((r) => r.proc === p.id && r.start <= t && t < r.end).length;
  const inventoryDb = records.filter((r) => r.service === 'inventory' && r.attributes['db.system']);
  const dbBusy = (t) => inventoryDb.filter((r) => r.start <= t && t < r.end).length;
  const leaking = (t) => t >= timeline.poolExhausted[0];

  const snapshots = timeline.snapshots.map((t) => {
    const gauges = [];
    const g = (p, family, labels, value) => gauges.push({ proc: p.id, family, labels, value });
    for (const p of shop.processes) {
      if (t < p.start || (p.end !== null && t >= p.end)) continue;
      const busy = inflight(p, t);
      g(p, 'process_start_time_seconds', {}, Number(p.start) / 1e9);
      g(p, 'process_open_fds', {}, 14 + busy + rng.int(0, 3));
      let rss = p.rssBytes * (1 + 0.02 * rng.next());
      if (p.service === 'payment' && t >= timeline.fraudGraphFrom) rss += 64e6; // graph features cache
      if (p.service === 'inventory' && p.restarts === 0 && leaking(t)) rss *= 1.45;
      g(p, 'process_resident_memory_bytes', {}, Math.round(rss / 4096) * 4096);
      if (p.runtime === 'nodejs') {
        g(p, 'nodejs_eventloop_lag_seconds', {}, Math.round((0.002 + rng.next() * 0.004) * 1e6) / 1e6);
        g(p, 'nodejs_active_handles', {}, 22 + busy);
        continue;
      }
      let goroutines = p.baseGoroutines + 2 * busy + rng.int(0, 2);
      if (p.service === 'inventory') {
        const pool = { pool_name: 'shop-primary' };
        const exhausted = p.restarts === 0 && leaking(t);
        const used = exhausted ? POOL_MAX : dbBusy(t);
        g(p, 'db_client_connections_usage', { ...pool, state: 'used' }, used);
        g(p, 'db_client_connections_usage', { ...pool, state: 'idle' }, exhausted ? 0 : Math.max(2, 5 - used));
        g(p, 'db_client_connections_max', pool, POOL_MAX);
        g(p, 'db_client_connections_pending_requests', pool, exhausted ? Math.max(1, busy) : 0);
        if (exhausted) goroutines += POOL_MAX;
      }
      if (p.service === 'orders-worker') {
        g(p, 'kafka_consumergroup_lag', { topic: 'orders', partition: '0' }, rng.int(0, 2));
      }
      g(p, 'go_goroutines', {}, goroutines);
    }
    return { time_unix_nano: String(t), gauges };
  });

  return {
    comment: 'Written by main.mjs: the observations and gauge values metricsgen turns into Prometheus snapshots.',
    processes: shop.processes.map((p) => ({
      id: p.id,
      job: p.job,
      instance: p.instance,
      runtime: p.runtime,
      start_unix_nano: String(p.start),
      end_unix_nano: p.end === null ? null : String(p.end),
    })),
    events: events.map((e) => ({ ...e, at: String(e.at) })),
    snapshots,
  };
}
