// The simulated shop: five services (frontend on Node.js, checkout, payment, inventory and
// orders-worker in Go) with PostgreSQL and Kafka, and the calls between them. Every helper
// takes a start time (BigInt ns) and returns when it finished, so flows chain calls
// sequentially or run them in parallel by reusing a start time.
//
// Besides spans, the shop records what the other producers need: every server request,
// RPC and fraud check as a metric observation (metricsgen turns them into Prometheus
// counters and histograms), and payment's work per span (the payment replay runs it under
// pprof labels).
import { ms, open, seconds, SpanKind } from './world.mjs';

const SCOPES = {
  nodejs: {
    http: ['@opentelemetry/instrumentation-http', '0.57.1'],
    pg: ['@opentelemetry/instrumentation-pg', '0.50.0'],
  },
  go: {
    http: ['go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', '0.46.1'],
    grpc: ['go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', '0.46.1'],
    pg: ['github.com/XSAM/otelsql', '0.26.0'],
    kafka: ['go.opentelemetry.io/contrib/instrumentation/github.com/IBM/sarama/otelsarama', '0.46.1'],
  },
};

// gRPC status codes used here, and the names go-grpc-prometheus gives them.
export const GRPC_OK = 0;
export const GRPC_UNAVAILABLE = 14;
const GRPC_CODE_NAMES = { 0: 'OK', 14: 'Unavailable' };

function resourceAttributes(svc, proc) {
  const attributes = {
    'service.namespace': 'shop',
    'service.version': svc.version,
    'service.instance.id': `${svc.pod}-${proc.restarts}`,
    'deployment.environment.name': 'production',
    'host.name': svc.pod,
    'host.arch': 'amd64',
    'os.type': 'linux',
    'k8s.namespace.name': 'shop',
    'k8s.pod.name': svc.pod,
    'k8s.container.restart_count': proc.restarts,
    'process.pid': proc.pid,
    ...(svc.runtime === 'go'
      ? { 'process.runtime.name': 'go', 'process.runtime.version': 'go1.19.8' }
      : { 'process.runtime.name': 'nodejs', 'process.runtime.version': '20.20.2' }),
    ...svc.extra,
  };
  return attributes;
}

// What the metric producer needs: observations in time order, CPU use, in-flight requests.
export class MetricsRecorder {
  constructor() {
    this.events = [];
    this.inflight = [];
  }
  observe(proc, at, family, labels, value) {
    this.events.push({ at, proc: proc.id, family, labels, value });
  }
  cpu(proc, at, cpuSeconds) {
    this.events.push({ at, proc: proc.id, family: 'process_cpu_seconds_total', labels: {}, value: cpuSeconds });
  }
  request(proc, start, end) {
    this.inflight.push({ proc: proc.id, start, end });
  }
}

export class Shop {
  // `fixes` names the fixed bottlenecks of the services' builds in this run (the flows ask
  // `shop.fixes.has(...)`): 'stock-batch' (inventory), 'fraud-feature-cache' (payment).
  constructor(world, processesPlan, { fixes = [] } = {}) {
    this.world = world;
    this.rng = world.rng;
    this.fixes = new Set(fixes);
    this.metrics = new MetricsRecorder();
    this.paymentWork = []; // what payment did per span (the profile replay)
    this.processes = [];
    this.services = {};
    for (const plan of processesPlan) this.addService(plan);
    this.frontend = this.services.frontend;
    this.checkout = this.services.checkout;
    this.payment = this.services.payment;
    this.inventory = this.services.inventory;
    this.worker = this.services['orders-worker'];
  }

  addService({ name, version, runtime, pod, ip, port, extra = {}, processes }) {
    const svc = { name, version, runtime, pod, ip, port, extra, procs: [] };
    for (const p of processes) {
      const proc = {
        id: this.processes.length,
        service: name,
        job: name,
        instance: `${ip}:${port}`,
        runtime,
        pid: p.pid,
        restarts: p.restarts,
        start: p.start,
        end: p.end ?? null,
        baseGoroutines: p.baseGoroutines ?? 0,
        rssBytes: p.rssBytes,
        idleCores: p.idleCores,
      };
      const tracer = this.world.process(name, resourceAttributes(svc, proc));
      const scopes = SCOPES[runtime];
      proc.tracers = {
        app: tracer(name, version),
        ...Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, tracer(...v)])),
      };
      svc.procs.push(proc);
      this.processes.push(proc);
    }
    this.services[name] = svc;
  }

  // The process of `svc` that runs at `at` (null while a restarting service is down).
  proc(svc, at) {
    return svc.procs.find((p) => p.start <= at && (p.end === null || at < p.end)) ?? null;
  }

  tracer(svc, scope, at) {
    const p = this.proc(svc, at);
    if (!p) throw new Error(`${svc.name} is down at ${at}`);
    return p.tracers[scope];
  }

  jitter(baseMs, spreadMs) {
    return ms(baseMs + this.rng.next() * spreadMs);
  }

  // A span of the service's own code.
  internal(svc, parent, name, at, durationMs, attributes) {
    const h = open(this.tracer(svc, 'app', at), name, { at, parent, attributes });
    return h.end(at + ms(durationMs));
  }

  // CPU time a process spent, spread over [start, end] (for process_cpu_seconds_total).
  cpu(svc, at, cpuSeconds) {
    const p = this.proc(svc, at);
    if (p) this.metrics.cpu(p, at, cpuSeconds);
  }

  // A PostgreSQL client span. The instrumentation runs with
  // OTEL_SEMCONV_STABILITY_OPT_IN=database/dup: old and stable attribute names side by side.
  db(svc, parent, at, { operation, table, statement, rows = 1, durationMs }) {
    const h = open(this.tracer(svc, 'pg', at), `${operation} shop.${table}`, {
      kind: SpanKind.CLIENT,
      at,
      parent,
      attributes: {
        'db.system': 'postgresql',
        'db.system.name': 'postgresql',
        'db.name': 'shop',
        'db.namespace': 'shop',
        'db.operation': operation,
        'db.operation.name': operation,
        'db.sql.table': table,
        'db.collection.name': table,
        'db.statement': statement,
        'db.query.text': statement,
        'server.address': 'pg-primary.shop.svc',
        'server.port': 5432,
        'db.response.returned_rows': rows,
      },
    });
    this.cpu(svc, at, 0.00015);
    return h.end(at + ms(durationMs));
  }

  // A root SERVER span of the frontend (the browser's request). `finish` records it.
  frontendRequest(name, route, at, attributes = {}) {
    const h = open(this.tracer(this.frontend, 'http', at), name, {
      kind: SpanKind.SERVER,
      at,
      attributes: {
        'http.request.method': name.split(' ')[0],
        'http.route': route,
        'url.path': attributes['url.path'] ?? route,
        'url.scheme': 'https',
        'server.address': 'shop.example.com',
        'client.address': `203.0.113.${this.rng.int(2, 250)}`,
        'user_agent.original': this.rng.pick([
          'Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0',
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15',
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0',
        ]),
        ...attributes,
      },
    });
    h.method = name.split(' ')[0];
    h.route = route;
    return h;
  }

  finishFrontend(h, end, status) {
    h.set({ 'http.response.status_code': status });
    if (status >= 500) h.error(`HTTP ${status}`);
    h.end(end);
    this.serverDone(this.frontend, h, status);
    return end;
  }

  // Metrics of a finished HTTP server span: the counter and the duration histogram
  // get exactly the span's duration, so the histograms' quantiles agree with the traces.
  serverDone(svc, h, status) {
    const p = this.proc(svc, h.start);
    const secs = seconds(h.endTime - h.start);
    this.metrics.observe(p, h.endTime, 'http_requests_total', {
      method: h.method,
      route: h.route,
      code: String(status),
    }, 1);
    this.metrics.observe(p, h.endTime, 'http_server_request_duration_seconds', {
      http_request_method: h.method,
      http_route: h.route,
      http_response_status_code: String(status),
    }, secs);
    this.metrics.request(p, h.start, h.endTime);
    // Request handling itself (routing, (de)serialisation) costs a little CPU.
    this.cpu(svc, h.start, svc.runtime === 'nodejs' ? 0.0012 : 0.0004);
  }

  // An HTTP call: a CLIENT span in `from`, a SERVER span in `to` as its child. `handler`
  // gets the server span and the time its code starts and returns when it is done — or
  // { end, status, message } to answer with another status than 200. When `to` is down
  // (restarting), the connection is refused and only the CLIENT span exists.
  http(from, to, parent, at, { method, route, path, handler }) {
    const client = open(this.tracer(from, 'http', at), method, {
      kind: SpanKind.CLIENT,
      at,
      parent,
      attributes: {
        'http.request.method': method,
        'url.full': `http://${to.name}.shop.svc:${to.port}${path}`,
        'server.address': `${to.name}.shop.svc`,
        'server.port': to.port,
        'network.protocol.version': '1.1',
      },
    });
    const serverStart = at + this.jitter(0.25, 0.4);
    if (!this.proc(to, serverStart)) {
      const end = at + this.jitter(0.8, 1.5);
      client.set({ 'error.type': 'ECONNREFUSED' });
      client.error(`connect ECONNREFUSED ${to.ip}:${to.port}`);
      client.end(end);
      return { end, status: 0 };
    }
    const server = open(this.tracer(to, 'http', serverStart), `${method} ${route}`, {
      kind: SpanKind.SERVER,
      at: serverStart,
      parent: client,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': path,
        'url.scheme': 'http',
        'server.address': `${to.name}.shop.svc`,
        'server.port': to.port,
        'client.address': from.ip,
        'user_agent.original': from.runtime === 'go' ? 'Go-http-client/1.1' : 'node-fetch/3.3.2',
      },
    });
    server.method = method;
    server.route = route;
    const handlerStart = serverStart + this.jitter(0.04, 0.08);
    let result = handler ? handler(server, handlerStart) : handlerStart;
    if (typeof result === 'bigint') result = { end: result, status: 200 };
    const serverEnd = result.end + this.jitter(0.08, 0.25);
    server.set({ 'http.response.status_code': result.status });
    if (result.status >= 500) server.error(result.message ?? `HTTP ${result.status}`);
    server.end(serverEnd);
    this.serverDone(to, server, result.status);
    client.set({ 'http.response.status_code': result.status });
    if (result.status >= 400) client.error(`HTTP ${result.status} from ${to.name}`);
    return { end: client.end(serverEnd + this.jitter(0.15, 0.35)), status: result.status };
  }

  // A unary gRPC call; `handler` returns when it is done, or { end, code, message }.
  grpc(from, to, parent, at, { service, method, handler }) {
    const name = `${service}/${method}`;
    const rpcAttributes = {
      'rpc.system': 'grpc',
      'rpc.service': service,
      'rpc.method': method,
      'server.address': `${to.name}.shop.svc`,
      'server.port': 9090,
    };
    const client = open(this.tracer(from, 'grpc', at), name, {
      kind: SpanKind.CLIENT,
      at,
      parent,
      attributes: rpcAttributes,
    });
    const serverStart = at + this.jitter(0.15, 0.3);
    if (!this.proc(to, serverStart)) {
      const end = at + this.jitter(0.6, 1.2);
      client.set({ 'rpc.grpc.status_code': GRPC_UNAVAILABLE });
      client.error('connection error: desc = "transport: Error while dialing: connection refused"');
      client.end(end);
      return { end, code: GRPC_UNAVAILABLE };
    }
    const server = open(this.tracer(to, 'grpc', serverStart), name, {
      kind: SpanKind.SERVER,
      at: serverStart,
      parent: client,
      attributes: { ...rpcAttributes, 'client.address': from.ip },
    });
    const handlerStart = serverStart + this.jitter(0.03, 0.05);
    let result = handler ? handler(server, handlerStart) : handlerStart;
    if (typeof result === 'bigint') result = { end: result, code: GRPC_OK };
    const serverEnd = result.end + this.jitter(0.05, 0.15);
    server.set({ 'rpc.grpc.status_code': result.code });
    if (result.code !== GRPC_OK) server.error(result.message);
    server.end(serverEnd);
    const p = this.proc(to, serverStart);
    this.metrics.observe(p, serverEnd, 'grpc_server_handled_total', {
      grpc_type: 'unary',
      grpc_service: service,
      grpc_method: method,
      grpc_code: GRPC_CODE_NAMES[result.code],
    }, 1);
    this.metrics.observe(p, serverEnd, 'rpc_server_call_duration_seconds', {
      rpc_system: 'grpc',
      rpc_service: service,
      rpc_method: method,
      rpc_grpc_status_code: String(result.code),
    }, seconds(serverEnd - serverStart));
    this.metrics.request(p, serverStart, serverEnd);
    this.cpu(to, serverStart, 0.0003);
    client.set({ 'rpc.grpc.status_code': result.code });
    if (result.code !== GRPC_OK) client.error(result.message);
    return { end: client.end(serverEnd + this.jitter(0.1, 0.2)), code: result.code };
  }
}
