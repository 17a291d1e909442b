// Generates the diagnosis-rule fixtures (traces.otlp.pb, expected.json) with the real
// OpenTelemetry JS SDK: one BasicTracerProvider per service (each with its own Resource),
// finished spans collected by an InMemorySpanExporter, then sent once through the real
// OTLP/protobuf OTLPTraceExporter to a local HTTP sink that keeps the request body as it
// arrived. Ids come from a seeded generator and every span has explicit start/end times,
// so a re-run writes the same bytes.
//
// Each case is one trace rooted at a SERVER span `case <id>` of `shop-api`. Positive cases
// must fire their rule; near misses must stay silent for it. The rule semantics follow
// Sentry's performance issue detectors (N+1 queries, N+1 API calls, consecutive calls,
// slow DB query) plus an error rule; `RULES` below holds the thresholds the cases are built
// around, and `detect()` is a small reference implementation that the generator runs on the
// SDK's own ReadableSpans to derive expected.json and to check every case does what it says.
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------
// Time: BigInt nanoseconds since the epoch.

const MS = 1_000_000n;
const ms = (v) => BigInt(Math.round(v * 1_000_000)); // milliseconds (may be fractional) -> ns
const kBase = BigInt(Date.UTC(2026, 10, 21, 10, 0, 0)) * MS; // 2026-11-21T10:00:00Z
const kCaseSpacing = 10_000n * MS; // one case every 10 s

const toHr = (ns) => [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
const fromHr = (hr) => BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1]);

// ---------------------------------------------------------------------------------------
// Deterministic ids: SplitMix64 over BigInt, seeded.

function seededIds(seed) {
  let state = BigInt.asUintN(64, BigInt(seed));
  const next64 = () => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const hex64 = () => {
    let v = next64();
    while (v === 0n) v = next64(); // an all-zero id is invalid
    return v.toString(16).padStart(16, '0');
  };
  return {
    generateTraceId: () => hex64() + hex64(),
    generateSpanId: () => hex64(),
  };
}

// ---------------------------------------------------------------------------------------
// Services: one provider (and Resource) each, as separate processes would have.

const HTTP_SCOPE = ['@opentelemetry/instrumentation-http', '0.57.1'];
const PG_SCOPE = ['@opentelemetry/instrumentation-pg', '0.50.0'];
const GRPC_SCOPE = ['@opentelemetry/instrumentation-grpc', '0.57.1'];

class World {
  constructor(seed) {
    this.ids = seededIds(seed);
    this.collected = new InMemorySpanExporter();
    this.providers = [];
  }

  service(name, version, host) {
    const resource = defaultResource().merge(
      resourceFromAttributes({
        'service.name': name,
        'service.namespace': 'shop',
        'service.version': version,
        'service.instance.id': `${host}-1`,
        'deployment.environment.name': 'production',
        'host.name': host,
      }),
    );
    const provider = new BasicTracerProvider({
      resource,
      idGenerator: this.ids,
      spanProcessors: [new SimpleSpanProcessor(this.collected)],
    });
    this.providers.push(provider);
    return {
      name,
      http: provider.getTracer(...HTTP_SCOPE),
      pg: provider.getTracer(...PG_SCOPE),
      grpc: provider.getTracer(...GRPC_SCOPE),
      app: provider.getTracer(name, version),
    };
  }

  async finish() {
    for (const p of this.providers) await p.forceFlush();
    return this.collected.getFinishedSpans();
  }
}

// A started span: `ctx` parents children, `end(ns)` closes it.
function open(tracer, name, { kind = SpanKind.INTERNAL, parent, at, attributes }) {
  const parentCtx = parent ? parent.ctx : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { kind, startTime: toHr(at), attributes }, parentCtx);
  return {
    span,
    ctx: trace.setSpan(parentCtx, span),
    id: span.spanContext().spanId,
    traceId: span.spanContext().traceId,
    set(attrs) {
      span.setAttributes(attrs);
      return this;
    },
    error(message) {
      span.setStatus(message ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR });
      return this;
    },
    end(ns) {
      span.end(toHr(ns));
      return ns;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Span builders with OpenTelemetry semantic conventions (the pre-1.26 database attributes
// db.system / db.name / db.statement / db.operation / db.sql.table, as instrumentation-pg
// 0.50 writes them; stable HTTP and the RPC attributes).

class Shop {
  constructor(world) {
    this.api = world.service('shop-api', '4.2.0', 'shop-api-7c9d2');
    this.pricing = world.service('pricing', '1.8.3', 'pricing-5f1a7');
    this.catalog = world.service('catalog', '2.0.1', 'catalog-3b6e4');
  }

  root(caseId, at) {
    return open(this.api.http, `case ${caseId}`, {
      kind: SpanKind.SERVER,
      at,
      attributes: {
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'url.path': `/cases/${caseId}`,
        'http.route': '/cases/:case',
        'server.address': 'shop-api.shop.svc',
        'server.port': 8080,
        'client.address': '10.42.0.17',
        'user_agent.original': 'k6/0.49.0',
      },
    });
  }

  // A PostgreSQL query of `durationMs`; returns the handle (already ended).
  db(parent, at, durationMs, { table, statement, operation = 'SELECT' }) {
    const h = open(this.api.pg, `${operation} shop.${table}`, {
      kind: SpanKind.CLIENT,
      parent,
      at,
      attributes: {
        'db.system': 'postgresql',
        'db.name': 'shop',
        'db.user': 'shop_api',
        'db.statement': statement,
        'db.operation': operation,
        'db.sql.table': table,
        'server.address': 'pg-primary.shop.svc',
        'server.port': 5432,
      },
    });
    h.end(at + ms(durationMs));
    return h;
  }

  // An HTTP GET client span of `durationMs` (`http.route` on the client = the route template
  // of the callee). `server` (optional) = { svc, offsetMs, trailMs } adds the callee's
  // SERVER span as the client span's child. Returns { client, server } (both ended).
  httpGet(parent, at, durationMs, { host, route, path, status = 200, server }) {
    const client = open(this.api.http, 'GET', {
      kind: SpanKind.CLIENT,
      parent,
      at,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `http://${host}:8080${path}`,
        'server.address': host,
        'server.port': 8080,
        'network.protocol.version': '1.1',
        'http.route': route,
      },
    });
    const end = at + ms(durationMs);
    let serverSpan = null;
    if (server) {
      const sStart = at + ms(server.offsetMs);
      serverSpan = open(server.svc.http, `GET ${route}`, {
        kind: SpanKind.SERVER,
        parent: client,
        at: sStart,
        attributes: {
          'http.request.method': 'GET',
          'http.route': route,
          'url.scheme': 'http',
          'url.path': path,
          'server.address': host,
          'server.port': 8080,
          'client.address': '10.42.0.23',
          'network.protocol.version': '1.1',
        },
      });
      serverSpan.set({ 'http.response.status_code': status });
      // Server spans: only 5xx is an error (4xx is the client's fault).
      if (status >= 500) serverSpan.error();
      serverSpan.end(end - ms(server.trailMs));
    }
    client.set({ 'http.response.status_code': status });
    // Client spans: semconv says 4xx and 5xx are errors; the 404 near miss deliberately keeps
    // status UNSET (the rule under test only counts HTTP >= 500), so only 5xx sets ERROR here.
    if (status >= 500) client.error();
    client.end(end);
    return { client, server: serverSpan };
  }

  // A gRPC client span (name `{service}/{method}`), rpc.grpc.status_code `code`.
  grpc(parent, at, durationMs, { service, method, code = 0, message }) {
    const h = open(this.api.grpc, `${service}/${method}`, {
      kind: SpanKind.CLIENT,
      parent,
      at,
      attributes: {
        'rpc.system': 'grpc',
        'rpc.service': service,
        'rpc.method': method,
        'server.address': 'inventory.shop.svc',
        'server.port': 50051,
      },
    });
    h.set({ 'rpc.grpc.status_code': code });
    if (code !== 0) h.error(message);
    h.end(at + ms(durationMs));
    return h;
  }
}

// ---------------------------------------------------------------------------------------
// The cases. Each builder gets the shop, the root handle and the root's start time, builds
// the children and returns { end, spans, parent? } where `spans` are the handles the rule
// looks at (offending spans for a positive case, the near-miss candidates otherwise) and
// `end` is when the last child ends (the root ends 2 ms later).

const PRODUCT_IDS = [1001, 1017, 1023, 1042, 1058, 1064, 1079, 1085];
const SKUS = Array.from({ length: 12 }, (_, i) => `SKU-${2001 + i * 13}`);
const LETTERS = 'abcdefghijkl'.split('');

// `count` sibling queries under an INTERNAL `load cart`, `eachMs` long, 1 ms apart.
function perProductQueries(count, eachMs) {
  return (shop, root, t0) => {
    const loadCart = open(shop.api.app, 'load cart', { parent: root, at: t0 + ms(1) });
    const spans = [];
    let t = t0 + ms(2);
    for (let i = 0; i < count; ++i) {
      spans.push(
        shop.db(loadCart, t, eachMs, {
          table: 'products',
          statement: `SELECT price FROM products WHERE id = ${PRODUCT_IDS[i]}`,
        }),
      );
      t += ms(eachMs + 1);
    }
    const end = loadCart.end(t);
    return { end, spans, parent: loadCart };
  };
}

// 12 sibling GETs directly under the root, `stepMs` apart, 40 ms each.
function priceBurst(stepMs, { sameRoute }) {
  return (shop, root, t0) => {
    const spans = [];
    let end = t0;
    for (let i = 0; i < 12; ++i) {
      const at = t0 + ms(2 + i * stepMs);
      const target = sameRoute
        ? { host: 'pricing.shop.svc', route: '/api/prices/:id', path: `/api/prices/${SKUS[i]}` }
        : { host: `svc-${LETTERS[i]}.shop.svc`, route: `/api/${LETTERS[i]}`, path: `/api/${LETTERS[i]}` };
      spans.push(shop.httpGet(root, at, 40, target).client);
      end = at + ms(40);
    }
    return { end, spans, parent: root };
  };
}

// Three calls to different services: 150, 120 and 100 ms; `starts` in ms after the root.
function threeCalls(starts) {
  return (shop, root, t0) => {
    const calls = [
      [150, { host: 'cart.shop.svc', route: '/api/carts/:id', path: '/api/carts/C-40017' }],
      [120, { host: 'inventory.shop.svc', route: '/api/availability/:sku', path: '/api/availability/SKU-2001' }],
      [100, { host: 'shipping.shop.svc', route: '/api/quotes/:zip', path: '/api/quotes/10115' }],
    ];
    const spans = calls.map(([d, target], i) => shop.httpGet(root, t0 + ms(starts[i]), d, target).client);
    const end = t0 + ms(starts[2] + 100);
    return { end, spans, parent: root };
  };
}

function ordersQuery(durationMs) {
  return (shop, root, t0) => {
    const q = shop.db(root, t0 + ms(2), durationMs, {
      table: 'orders',
      statement: "SELECT * FROM orders WHERE status = 'open' ORDER BY created_at",
    });
    return { end: t0 + ms(2 + durationMs), spans: [q], parent: root };
  };
}

const CASES = [
  {
    id: 'n-plus-one-db',
    rule: 'n-plus-one-db',
    positive: true,
    about: '8 sequential `SELECT price FROM products WHERE id = <n>` under `load cart`, 9 ms each, 1 ms gaps (72 ms together)',
    build: perProductQueries(8, 9),
  },
  {
    id: 'near-miss-n-plus-one-db-4',
    rule: 'n-plus-one-db',
    positive: false,
    about: 'only 4 such queries (20 ms each, 80 ms together): fewer than 5 repetitions',
    build: perProductQueries(4, 20),
  },
  {
    id: 'near-miss-n-plus-one-db-fast',
    rule: 'n-plus-one-db',
    positive: false,
    about: '6 such queries of 5 ms: 30 ms together, under 50 ms',
    build: perProductQueries(6, 5),
  },
  {
    id: 'n-plus-one-http',
    rule: 'n-plus-one-http',
    positive: true,
    about: '12 GETs to `/api/prices/:id` (one id each), started 3 ms apart, 40 ms each, overlapping (480 ms together)',
    build: priceBurst(3, { sameRoute: true }),
  },
  {
    id: 'near-miss-n-plus-one-http-6ms',
    rule: 'n-plus-one-http',
    positive: false,
    about: 'the same 12 GETs started 6 ms apart: over the 5 ms burst window',
    build: priceBurst(6, { sameRoute: true }),
  },
  {
    id: 'near-miss-n-plus-one-http-routes',
    rule: 'n-plus-one-http',
    positive: false,
    about: '12 GETs 3 ms apart but to 12 different routes and hosts (`/api/a` on svc-a … `/api/l` on svc-l)',
    build: priceBurst(3, { sameRoute: false }),
  },
  {
    id: 'parallelizable-calls',
    rule: 'parallelizable-calls',
    positive: true,
    about: 'cart (150 ms), inventory (120 ms), shipping (100 ms) called one after the other with 2 ms gaps: 220 ms could be saved',
    build: threeCalls([2, 154, 276]),
  },
  {
    id: 'near-miss-parallelizable-overlapping',
    rule: 'parallelizable-calls',
    positive: false,
    about: 'the same three calls, each starting 10 ms before the previous one ends',
    build: threeCalls([2, 142, 252]),
  },
  {
    id: 'slow-query',
    rule: 'slow-query',
    positive: true,
    about: "one 750 ms `SELECT * FROM orders WHERE status = 'open' ORDER BY created_at`",
    build: ordersQuery(750),
  },
  {
    id: 'near-miss-slow-query',
    rule: 'slow-query',
    positive: false,
    about: 'the same query taking 450 ms',
    build: ordersQuery(450),
  },
  {
    id: 'errors-http-500',
    rule: 'error-spans',
    positive: true,
    about: 'a 3 ms cart query, then GET pricing `/api/prices/:id` answered 503 (client and pricing SERVER span ERROR), 180 ms, on the critical path',
    build: (shop, root, t0) => {
      shop.db(root, t0 + ms(1), 3, {
        table: 'carts',
        statement: "SELECT sku, quantity FROM cart_items WHERE cart_id = 'C-40017'",
      });
      const { client, server } = shop.httpGet(root, t0 + ms(5), 180, {
        host: 'pricing.shop.svc',
        route: '/api/prices/:id',
        path: '/api/prices/SKU-2001',
        status: 503,
        server: { svc: shop.pricing, offsetMs: 0.4, trailMs: 0.6 },
      });
      return { end: t0 + ms(185), spans: [client, server], parent: root };
    },
  },
  {
    id: 'errors-grpc',
    rule: 'error-spans',
    positive: true,
    about: 'gRPC `shop.inventory.v1.Inventory/ReserveStock` failing with rpc.grpc.status_code 14 (UNAVAILABLE), status ERROR',
    build: (shop, root, t0) => {
      const call = shop.grpc(root, t0 + ms(2), 25, {
        service: 'shop.inventory.v1.Inventory',
        method: 'ReserveStock',
        code: 14,
        message: '14 UNAVAILABLE: No connection established',
      });
      return { end: t0 + ms(27), spans: [call], parent: root };
    },
  },
  {
    id: 'near-miss-errors-404',
    rule: 'error-spans',
    positive: false,
    about: 'GET catalog `/api/products/:sku` answered 404 (client and catalog SERVER span status UNSET), then gRPC `Inventory/GetStock` with rpc.grpc.status_code 0',
    build: (shop, root, t0) => {
      const { client, server } = shop.httpGet(root, t0 + ms(2), 12, {
        host: 'catalog.shop.svc',
        route: '/api/products/:sku',
        path: '/api/products/SKU-0000',
        status: 404,
        server: { svc: shop.catalog, offsetMs: 0.4, trailMs: 0.5 },
      });
      const call = shop.grpc(root, t0 + ms(16), 6, {
        service: 'shop.inventory.v1.Inventory',
        method: 'GetStock',
        code: 0,
      });
      return { end: t0 + ms(22), spans: [client, server, call], parent: root };
    },
  },
];

// ---------------------------------------------------------------------------------------
// Rule thresholds (Sentry's detectors where they have one) and a reference detector over
// ReadableSpans.

const RULES = {
  'n-plus-one-db': {
    min_count: 5,
    min_total_ns: 50n * MS,
    text: '>= 5 consecutive sibling DB spans whose statements are equal once literals become ?, together >= 50 ms',
  },
  'n-plus-one-http': {
    min_count: 10,
    min_total_ns: 300n * MS,
    max_start_gap_ns: 5n * MS,
    text: '>= 10 consecutive sibling HTTP CLIENT spans with the same method, server.address and route (http.route, else the URL with ids as ?), each starting <= 5 ms after the previous, together >= 300 ms',
  },
  'parallelizable-calls': {
    min_count: 2,
    min_saved_ns: 100n * MS,
    min_saved_fraction: 0.1,
    text: '>= 2 consecutive non-overlapping sibling calls (HTTP, gRPC or DB CLIENT spans); saved = sum - longest >= 100 ms and >= 10 % of the trace',
  },
  'slow-query': {
    min_duration_ns: 500n * MS,
    text: 'a DB span of >= 500 ms (any threshold in (450 ms, 750 ms] separates the cases)',
  },
  'error-spans': {
    text: 'status ERROR, or http.response.status_code >= 500, or rpc.grpc.status_code present and != 0',
  },
};

const dur = (s) => fromHr(s.endTime) - fromHr(s.startTime);
const start = (s) => fromHr(s.startTime);
const end = (s) => fromHr(s.endTime);
const attr = (s, k) => s.attributes[k];
const isDb = (s) => attr(s, 'db.system') !== undefined;
const isHttpClient = (s) => s.kind === SpanKind.CLIENT && attr(s, 'http.request.method') !== undefined;
const isCall = (s) => s.kind === SpanKind.CLIENT && (isDb(s) || isHttpClient(s) || attr(s, 'rpc.system') !== undefined);
const normalizeSql = (q) => q.replace(/'(?:[^']|'')*'/g, '?').replace(/\b\d+(?:\.\d+)?\b/g, '?');
const httpKey = (s) => {
  const route = attr(s, 'http.route') ?? String(attr(s, 'url.full')).replace(/\/\d+|\/[A-Z]+-\d+/g, '/?');
  return `${attr(s, 'http.request.method')} ${attr(s, 'server.address')} ${route}`;
};

// Splits `list` (sorted by start) into maximal runs where `joins(prev, cur)` holds.
function runs(list, joins) {
  const out = [];
  for (const s of list) {
    const last = out[out.length - 1];
    if (last && joins(last[last.length - 1], s)) last.push(s);
    else out.push([s]);
  }
  return out;
}

function numbers(spans, rootSpan) {
  const total = spans.reduce((a, s) => a + dur(s), 0n);
  const longest = spans.reduce((a, s) => (dur(s) > a ? dur(s) : a), 0n);
  const first = spans.reduce((a, s) => (start(s) < a ? start(s) : a), start(spans[0]));
  const last = spans.reduce((a, s) => (end(s) > a ? end(s) : a), end(spans[0]));
  return { count: spans.length, total, longest, wall: last - first, rootDuration: dur(rootSpan) };
}

// Returns, per rule, the list of findings ({ spans, parent }) in one trace.
function detect(traceSpans) {
  const rootSpan = traceSpans.find((s) => !s.parentSpanContext);
  const children = new Map();
  for (const s of traceSpans) {
    const p = s.parentSpanContext?.spanId;
    if (!p) continue;
    if (!children.has(p)) children.set(p, []);
    children.get(p).push(s);
  }
  for (const list of children.values()) list.sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
  const found = { 'n-plus-one-db': [], 'n-plus-one-http': [], 'parallelizable-calls': [], 'slow-query': [], 'error-spans': [] };

  for (const [parent, kids] of children) {
    // N+1 DB: consecutive siblings, all DB, same normalized statement.
    const dbRuns = runs(kids, (a, b) => isDb(a) && isDb(b) && normalizeSql(attr(a, 'db.statement')) === normalizeSql(attr(b, 'db.statement')));
    for (const r of dbRuns) {
      if (!isDb(r[0])) continue;
      const n = numbers(r, rootSpan);
      const rule = RULES['n-plus-one-db'];
      if (n.count >= rule.min_count && n.total >= rule.min_total_ns) found['n-plus-one-db'].push({ spans: r, parent });
    }
    // N+1 HTTP: a burst of calls to the same endpoint.
    const h = RULES['n-plus-one-http'];
    const httpRuns = runs(kids, (a, b) =>
      isHttpClient(a) && isHttpClient(b) && httpKey(a) === httpKey(b) && start(b) - start(a) <= h.max_start_gap_ns);
    for (const r of httpRuns) {
      if (!isHttpClient(r[0])) continue;
      const n = numbers(r, rootSpan);
      if (n.count >= h.min_count && n.total >= h.min_total_ns) found['n-plus-one-http'].push({ spans: r, parent });
    }
    // Parallelizable: calls one after the other (each starts once the previous has ended).
    const p = RULES['parallelizable-calls'];
    const seqRuns = runs(kids.filter(isCall), (a, b) => start(b) >= end(a));
    for (const r of seqRuns) {
      const n = numbers(r, rootSpan);
      const saved = n.total - n.longest;
      if (n.count >= p.min_count && saved >= p.min_saved_ns && Number(saved) >= p.min_saved_fraction * Number(n.rootDuration)) {
        found['parallelizable-calls'].push({ spans: r, parent });
      }
    }
  }
  for (const s of traceSpans) {
    if (isDb(s) && dur(s) >= RULES['slow-query'].min_duration_ns) found['slow-query'].push({ spans: [s] });
  }
  const errors = traceSpans.filter((s) => {
    const http = attr(s, 'http.response.status_code');
    const grpc = attr(s, 'rpc.grpc.status_code');
    return s.status.code === SpanStatusCode.ERROR || (http !== undefined && http >= 500) || (grpc !== undefined && grpc !== 0);
  });
  if (errors.length) found['error-spans'].push({ spans: errors.sort((a, b) => (start(a) < start(b) ? -1 : 1)) });
  return found;
}

// Critical path from the root: walk back from the end, each time into the child that ended
// last before the cursor (the usual Jaeger-style definition).
function criticalPath(traceSpans) {
  const byParent = new Map();
  for (const s of traceSpans) {
    const p = s.parentSpanContext?.spanId;
    if (p) (byParent.get(p) ?? byParent.set(p, []).get(p)).push(s);
  }
  const path = [];
  const visit = (s) => {
    path.push(s.spanContext().spanId);
    let cursor = end(s);
    const kids = (byParent.get(s.spanContext().spanId) ?? []).slice().sort((a, b) => (end(a) > end(b) ? -1 : 1));
    for (const k of kids) {
      if (end(k) <= cursor && start(k) >= start(s)) {
        visit(k);
        cursor = start(k);
      }
    }
  };
  visit(traceSpans.find((s) => !s.parentSpanContext));
  return path;
}

// ---------------------------------------------------------------------------------------
// Building the fixture, exporting it, expected.json.

async function build() {
  const world = new World(20261121);
  const shop = new Shop(world);
  const built = CASES.map((c, i) => {
    const t0 = kBase + BigInt(i) * kCaseSpacing;
    const root = shop.root(c.id, t0);
    const r = c.build(shop, root, t0);
    root.set({ 'http.response.status_code': 200 });
    root.end(r.end + ms(2));
    return { c, t0, root, ...r };
  });
  const spans = await world.finish();
  return { built, spans };
}

const nsStr = (v) => v.toString();

function buildExpected(built, spans) {
  const cases = [];
  for (const { c, root, spans: handles, parent } of built) {
    const traceSpans = spans.filter((s) => s.spanContext().traceId === root.traceId);
    const rootSpan = traceSpans.find((s) => !s.parentSpanContext);
    if (rootSpan.spanContext().spanId !== root.id) throw new Error(`${c.id}: root mismatch`);
    const found = detect(traceSpans);
    const declared = handles.map((h) => h.id);

    // Check the case does what it claims: its rule fires exactly on the declared spans (or
    // not at all for a near miss), and no other rule fires in its trace.
    const mine = found[c.rule];
    if (c.positive) {
      if (mine.length !== 1) throw new Error(`${c.id}: ${c.rule} found ${mine.length} times`);
      const got = mine[0].spans.map((s) => s.spanContext().spanId);
      if (JSON.stringify(got) !== JSON.stringify(declared)) throw new Error(`${c.id}: fired on ${got} not ${declared}`);
    } else if (mine.length !== 0) {
      throw new Error(`${c.id}: near miss fired ${c.rule}`);
    }
    const others = Object.keys(found).filter((r) => r !== c.rule && found[r].length > 0);
    if (others.length) throw new Error(`${c.id}: also fires ${others}`);

    const candidates = declared.map((id) => traceSpans.find((s) => s.spanContext().spanId === id));
    const n = numbers(candidates, rootSpan);
    const figures = { count: n.count, total_ns: nsStr(n.total), longest_ns: nsStr(n.longest), wall_ns: nsStr(n.wall) };
    if (['n-plus-one-db', 'n-plus-one-http', 'parallelizable-calls'].includes(c.rule)) {
      // saved = sum - longest: for N+1, the call time one batched call would not spend; for
      // parallelizable calls, the wall time running them concurrently would save.
      figures.saved_ns = nsStr(n.total - n.longest);
      if (c.rule === 'parallelizable-calls') {
        figures.saved_fraction_of_trace = Math.round((Number(n.total - n.longest) / Number(n.rootDuration)) * 1e4) / 1e4;
      }
    } else {
      figures.saved_ns = null;
    }
    if (c.rule === 'n-plus-one-http') {
      const starts = candidates.map(start);
      figures.max_start_gap_ns = nsStr(starts.slice(1).reduce((a, t, i) => (t - starts[i] > a ? t - starts[i] : a), 0n));
    }

    const entry = {
      case: c.id,
      kind: c.positive ? 'positive' : 'near-miss',
      rule: c.rule,
      about: c.about,
      trace_id: root.traceId,
      root_span_id: root.id,
      root_name: `case ${c.id}`,
      start_unix_nano: nsStr(start(rootSpan)),
      duration_ns: nsStr(dur(rootSpan)),
      span_count: traceSpans.length,
      services: [...new Set(traceSpans.map((s) => s.resource.attributes['service.name']))].sort(),
    };
    if (['n-plus-one-db', 'n-plus-one-http', 'parallelizable-calls'].includes(c.rule)) {
      entry.parent_span_id = parent.id;
    }
    entry[c.positive ? 'offending_span_ids' : 'candidate_span_ids'] = declared;
    entry[c.positive ? 'numbers' : 'candidate_numbers'] = figures;
    if (c.id === 'errors-http-500') entry.critical_path_span_ids = criticalPath(traceSpans);
    cases.push(entry);
  }
  const rules = Object.fromEntries(
    Object.entries(RULES).map(([k, v]) => [
      k,
      Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, typeof vv === 'bigint' ? nsStr(vv) : vv])),
    ]),
  );
  return {
    file: 'traces.otlp.pb',
    base_time_unix_nano: nsStr(kBase),
    case_spacing_ns: nsStr(kCaseSpacing),
    span_count: spans.length,
    rules,
    cases,
  };
}

// A minimal OTLP/HTTP receiver on 127.0.0.1 (port 0 = any free port): saves each POST body.
async function startSink() {
  const received = [];
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (chunk) => parts.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url, type: req.headers['content-type'], body: Buffer.concat(parts) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end(); // an empty ExportTraceServiceResponse is zero bytes
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/traces`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function exportOnce(sink, spans) {
  const exporter = new OTLPTraceExporter({ url: sink.url });
  await new Promise((resolve, reject) =>
    exporter.export(spans, (r) => (r.code === 0 ? resolve() : reject(r.error ?? new Error('export failed')))));
  await exporter.shutdown();
  if (sink.received.length !== 1) throw new Error(`the sink got ${sink.received.length} requests`);
  const [req] = sink.received;
  if (req.path !== '/v1/traces' || req.type !== 'application/x-protobuf') {
    throw new Error(`unexpected request ${req.path} ${req.type}`);
  }
  return req.body;
}

function write(name, bytes) {
  writeFileSync(path.join(here, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}

const { built, spans } = await build();
const expected = buildExpected(built, spans);
const sink = await startSink();
try {
  write('traces.otlp.pb', await exportOnce(sink, spans));
} finally {
  await sink.close();
}
write('expected.json', Buffer.from(JSON.stringify(expected, null, 1) + '\n'));
for (const e of expected.cases) console.log(`${e.trace_id}  ${e.kind.padEnd(9)}  ${e.case}`);
