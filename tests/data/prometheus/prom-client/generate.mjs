// Writes Prometheus snapshots of a simulated Node service instrumented with prom-client.
//
// One run of this program is one process lifetime of the service: it registers its
// metrics, drives a deterministic workload (seeded generator) and, every --interval-ms,
// writes the registry in the Prometheus text format 0.0.4 and in OpenMetrics 1.0 to
// OUT_DIR/<name>.prom and OUT_DIR/<name>.om.txt, one pair per --snapshot name.
// generate.sh runs it twice, so that the last snapshot comes from a restarted process
// (all counters back at zero, a new process_start_time_seconds).
//
// Usage: node generate.mjs --out DIR --seed N --snapshot NAME [--snapshot NAME...]
//        [--interval-ms MS] [--reset-jobs-before NAME]
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import client from 'prom-client';

const { Registry, Counter, Gauge, Histogram, Summary, collectDefaultMetrics } = client;

function parseArgs(argv) {
  const args = { snapshots: [], intervalMs: 2000, seed: 1, out: '.', resetJobsBefore: null };
  for (let i = 2; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--out') args.out = value;
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--snapshot') args.snapshots.push(value);
    else if (flag === '--interval-ms') args.intervalMs = Number(value);
    else if (flag === '--reset-jobs-before') args.resetJobsBefore = value;
    else throw new Error(`unknown argument ${flag}`);
  }
  if (args.snapshots.length === 0) throw new Error('at least one --snapshot NAME is needed');
  return args;
}

// mulberry32: small, seeded, good enough to make the workload repeatable.
function makeRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

// Log-normal latency in seconds around a route's median, with a slow tail.
function latency(random, medianSeconds) {
  const u1 = Math.max(random(), 1e-12);
  const u2 = random();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  const value = medianSeconds * Math.exp(0.6 * normal);
  // Round to microseconds so that sums print as short decimals.
  return Math.round(value * 1e6) / 1e6;
}

function registerMetrics(register) {
  const registers = [register];
  return {
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by method, route and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request received to response sent.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      enableExemplars: true,
      registers,
    }),
    dbDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Database query time by operation and table.',
      labelNames: ['operation', 'table'],
      buckets: [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256],
      registers,
    }),
    payload: new Histogram({
      name: 'upload_payload_bytes',
      help: 'Size of uploaded request bodies.',
      buckets: [256, 1024, 4096, 16384, 65536, 262144, 1048576],
      registers,
    }),
    responseSize: new Summary({
      name: 'http_response_size_bytes',
      help: 'Response body size by route.',
      labelNames: ['route'],
      percentiles: [0.5, 0.9, 0.99],
      registers,
    }),
    queueWait: new Summary({
      name: 'job_queue_wait_seconds',
      help: 'Time a job waited in its queue before a worker took it.',
      percentiles: [0.01, 0.1, 0.5, 0.9, 0.99, 0.999],
      registers,
    }),
    jobs: new Counter({
      name: 'jobs_processed_total',
      help: 'Background jobs processed, by queue and outcome.',
      labelNames: ['queue', 'outcome'],
      registers,
    }),
    rawPaths: new Counter({
      name: 'raw_path_hits_total',
      help: 'Hits by raw request path. Help text with a backslash \\ and a\nsecond line.',
      labelNames: ['path'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'job_queue_depth',
      help: 'Jobs waiting per queue.',
      labelNames: ['queue'],
      registers,
    }),
    temperature: new Gauge({
      name: 'cold_storage_temperature_celsius',
      help: 'Temperature of the cold storage rooms.',
      labelNames: ['room'],
      registers,
    }),
    cacheRatio: new Gauge({
      name: 'cache_hit_ratio',
      help: 'Hits divided by lookups since start; NaN before the first lookup.',
      labelNames: ['cache'],
      registers,
    }),
    lastBackup: new Gauge({
      name: 'seconds_since_last_backup',
      help: 'Age of the newest backup; +Inf when there has never been one.',
      labelNames: ['volume'],
      registers,
    }),
    buildInfo: new Gauge({
      name: 'shop_build_info',
      help: 'Build information; the value is always 1.',
      labelNames: ['version', 'commit', 'node_version'],
      registers,
    }),
  };
}

const routes = [
  { method: 'GET', route: '/api/products', median: 0.03 },
  { method: 'GET', route: '/api/products/:id', median: 0.012 },
  { method: 'POST', route: '/api/cart', median: 0.045 },
  { method: 'POST', route: '/api/checkout', median: 0.35 },
  { method: 'GET', route: '/healthz', median: 0.001 },
];

// Label values that need every escape of the text format (backslash, double quote,
// newline) and some that need none but are not ASCII.
const rawPaths = [
  'C:\\inetpub\\wwwroot\\index.html',
  '/search?q="running shoes"',
  '/multi\nline',
  '/caf\u00e9/\u2615',
  '/trailing\\',
  '',
];

function traceId(random) {
  let hex = '';
  for (let i = 0; i < 16; i++) hex += Math.floor(random() * 256).toString(16).padStart(2, '0');
  return hex;
}

function driveWorkload(metrics, random, rounds) {
  for (let i = 0; i < rounds; i++) {
    const r = pick(random, routes);
    const status = random() < 0.04 ? '500' : r.method === 'POST' && random() < 0.05 ? '400' : '200';
    const labels = { method: r.method, route: r.route, status_code: status };
    const seconds = latency(random, r.median);
    metrics.requests.inc(labels);
    metrics.duration.observe({ labels, value: seconds, exemplarLabels: { trace_id: traceId(random) } });
    metrics.responseSize.observe({ route: r.route }, Math.round(200 + random() * 20000));
    if (r.route !== '/healthz') {
      const operation = r.method === 'GET' ? 'select' : pick(random, ['insert', 'update']);
      const table = pick(random, ['products', 'stock', 'orders']);
      metrics.dbDuration.observe({ operation, table }, latency(random, 0.004));
    }
    if (r.route === '/api/cart' && random() < 0.5) {
      metrics.payload.observe(Math.round(100 + random() * random() * 300000));
    }
    const queue = pick(random, ['email', 'invoices', 'thumbnails']);
    metrics.jobs.inc({ queue, outcome: random() < 0.03 ? 'failed' : 'ok' });
    metrics.queueWait.observe(latency(random, 0.2));
    metrics.rawPaths.inc({ path: pick(random, rawPaths) });
  }
  for (const queue of ['email', 'invoices', 'thumbnails']) {
    metrics.queueDepth.set({ queue }, Math.floor(random() * 40));
  }
  metrics.temperature.set({ room: 'north' }, -18.5 + Math.round(random() * 10) / 10);
  metrics.temperature.set({ room: 'south' }, -21.25);
}

// prom-client renames counters (drops "_total") in place when it renders OpenMetrics;
// put the names back so that the next 0.0.4 rendering shows them as registered.
async function renderBoth(register) {
  const counterNames = register
    .getMetricsAsArray()
    .filter((metric) => metric.type === 'counter')
    .map((metric) => [metric, metric.name]);
  register.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
  const text = await register.metrics();
  register.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const openMetrics = await register.metrics();
  for (const [metric, name] of counterNames) metric.name = name;
  register.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
  return { text, openMetrics };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const args = parseArgs(process.argv);
  mkdirSync(args.out, { recursive: true });
  const random = makeRandom(args.seed);
  // Exemplars can only be enabled on metrics of an OpenMetrics registry; renderBoth()
  // switches the content type for each rendering.
  const register = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
  register.setDefaultLabels({ service: 'shop-api' });
  collectDefaultMetrics({ register });
  const metrics = registerMetrics(register);

  metrics.buildInfo.set({ version: '2.7.1', commit: 'a1b2c3d', node_version: process.version }, 1);
  metrics.cacheRatio.set({ cache: 'sessions' }, NaN);
  metrics.cacheRatio.set({ cache: 'products' }, 0.875);
  metrics.lastBackup.set({ volume: 'orders' }, Infinity);
  metrics.lastBackup.set({ volume: 'media' }, 5400);

  const times = {};
  for (const [index, name] of args.snapshots.entries()) {
    if (index > 0) await sleep(args.intervalMs);
    if (name === args.resetJobsBefore) metrics.jobs.reset();
    driveWorkload(metrics, random, 300 + index * 150);
    const { text, openMetrics } = await renderBoth(register);
    times[name] = Date.now();
    writeFileSync(join(args.out, `${name}.prom`), text);
    writeFileSync(join(args.out, `${name}.om.txt`), openMetrics);
  }
  // The files carry no timestamps: the moment each was rendered is the snapshot time.
  process.stdout.write(`${JSON.stringify(times)}\n`);
}

await main();
