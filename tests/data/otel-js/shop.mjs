// A small e-commerce system (frontend, checkout, payment, inventory, orders-worker, all
// talking to PostgreSQL and Kafka) expressed as span-producing request flows. Every flow
// takes a start time in BigInt nanoseconds and returns the time it ends, so callers can
// chain calls sequentially or run them in parallel by reusing a start time.
import { ms, open, SpanKind, US } from './world.mjs';

const HTTP_SCOPE = ['@opentelemetry/instrumentation-http', '0.57.1'];
const PG_SCOPE = ['@opentelemetry/instrumentation-pg', '0.50.0'];
const KAFKA_SCOPE = ['@opentelemetry/instrumentation-kafkajs', '0.7.0'];

function serviceResource(version, host, pid, extra = {}) {
  return {
    'service.namespace': 'shop',
    'service.version': version,
    'service.instance.id': `${host}-${pid}`,
    'deployment.environment.name': 'production',
    'host.name': host,
    'host.arch': 'amd64',
    'os.type': 'linux',
    'process.pid': pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': '20.20.2',
    ...extra,
  };
}

export class Shop {
  constructor(world) {
    this.world = world;
    this.rng = world.rng;
    const svc = (name, version, host, pid, extra) => {
      const s = world.service(name, serviceResource(version, host, pid, extra));
      return {
        name,
        http: s.tracer(...HTTP_SCOPE),
        pg: s.tracer(...PG_SCOPE),
        kafka: s.tracer(...KAFKA_SCOPE),
        app: s.tracer(name, version),
      };
    };
    this.frontend = svc('frontend', '2.4.1', 'web-7f9c4', 4242, {
      'cloud.region': 'eu-west-1',
      'host.cpu.count': 4,
      // The API types resource attributes like span attributes, but the SDK passes nested
      // objects and byte arrays through to OTLP as kvlistValue and bytesValue: the only
      // way the JS SDK emits those two AnyValue types.
      'k8s.pod.labels': { app: 'frontend', tier: 'web', canary: false, replicas: 3 },
      'app.build.digest': new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x7f, 0x80]),
    });
    this.checkout = svc('checkout', '1.12.0', 'checkout-5d8b1', 17);
    this.payment = svc('payment', '3.0.2', 'payment-66c2a', 23, { 'payment.pci_scope': true });
    this.inventory = svc('inventory', '0.9.7', 'inventory-2b7e9', 31);
    this.worker = svc('orders-worker', '1.12.0', 'worker-0a1f3', 8);
  }

  jitter(baseMs, spreadMs) {
    return ms(baseMs + this.rng.next() * spreadMs);
  }

  // A PostgreSQL client span.
  db(svc, parent, at, { operation, table, statement, rows = 1, durationMs }) {
    const h = open(svc.pg, `${operation} shop.${table}`, {
      kind: SpanKind.CLIENT,
      at,
      parent,
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': 'shop',
        'db.operation.name': operation,
        'db.collection.name': table,
        'db.query.text': statement,
        'server.address': 'pg-primary.shop.svc',
        'server.port': 5432,
        'db.response.returned_rows': rows,
      },
    });
    return h.end(at + ms(durationMs));
  }

  // An HTTP call: a CLIENT span in `from`, a SERVER span in `to` as its child. `handler`
  // receives the server span handle and its start time and returns when the handler is done.
  http(from, to, parent, at, { method, route, path, status = 200, handler, failMessage }) {
    const client = open(from.http, method, {
      kind: SpanKind.CLIENT,
      at,
      parent,
      attributes: {
        'http.request.method': method,
        'url.full': `http://${to.name}.shop.svc:8080${path}`,
        'server.address': `${to.name}.shop.svc`,
        'server.port': 8080,
        'network.protocol.version': '1.1',
      },
    });
    const serverStart = at + this.jitter(0.3, 0.4);
    const server = open(to.http, `${method} ${route}`, {
      kind: SpanKind.SERVER,
      at: serverStart,
      parent: client.ctx,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': path,
        'url.scheme': 'http',
        'server.address': `${to.name}.shop.svc`,
        'client.address': '10.42.0.17',
        'user_agent.original': 'node-fetch/3.3.2',
      },
    });
    const handlerStart = serverStart + this.jitter(0.05, 0.1);
    const handlerEnd = handler ? handler(server, handlerStart) : serverStart;
    const serverEnd = handlerEnd + this.jitter(0.1, 0.3);
    server.set({ 'http.response.status_code': status });
    if (status >= 500) server.error(failMessage ?? `HTTP ${status}`);
    server.end(serverEnd);
    client.set({ 'http.response.status_code': status });
    if (status >= 500) client.error(`HTTP ${status} from ${to.name}`);
    return client.end(serverEnd + this.jitter(0.2, 0.4));
  }

  stockLookup(parent, at, sku, dbMs) {
    return this.http(this.checkout, this.inventory, parent, at, {
      method: 'GET',
      route: '/inventory/:sku',
      path: `/inventory/${sku}`,
      handler: (server, t) => {
        server.set({ 'app.sku': sku });
        return this.db(this.inventory, server.ctx, t, {
          operation: 'SELECT',
          table: 'stock',
          statement: 'SELECT quantity, reserved FROM stock WHERE sku = $1',
          durationMs: dbMs,
        });
      },
    });
  }

  charge(parent, at, { amount, fail, slowMs = 0 }) {
    return this.http(this.checkout, this.payment, parent, at, {
      method: 'POST',
      route: '/charge',
      path: '/charge',
      status: fail ? 502 : 200,
      failMessage: fail ? 'card declined by issuer' : undefined,
      handler: (server, t) => {
        server.set({ 'app.payment.amount': amount, 'app.payment.currency': 'EUR' });
        const fraud = open(this.payment.app, 'fraud check', { at: t, parent: server.ctx });
        fraud.set({
          'app.fraud.score': Math.round(this.rng.next() * 1000) / 1000 + 0.0005,
          'app.fraud.rules_evaluated': 37,
          'app.fraud.rule_hits': [false, false, fail, false],
          'app.fraud.signals': [0.12, 0.5, fail ? 0.97 : 0.08],
        });
        let t2 = fraud.end(t + this.jitter(4 + slowMs, 3));
        if (fail) {
          const issuer = open(this.payment.app, 'issuer authorize', {
            kind: SpanKind.CLIENT,
            at: t2,
            parent: server.ctx,
            attributes: { 'app.issuer': 'acme-bank', 'app.issuer.response_code': 51 },
          });
          t2 = t2 + this.jitter(35, 15);
          issuer.error('issuer declined: insufficient funds', {
            name: 'CardDeclinedError',
            message: 'issuer declined the card (code 51)',
            stack:
              'CardDeclinedError: issuer declined the card (code 51)\n' +
              '    at authorize (/srv/payment/src/issuer.js:88:11)\n' +
              '    at async charge (/srv/payment/src/charge.js:41:5)',
          }, t2 - 200n * US);
          issuer.end(t2);
          return t2;
        }
        return this.db(this.payment, server.ctx, t2, {
          operation: 'INSERT',
          table: 'payments',
          statement: 'INSERT INTO payments (order_id, amount, currency) VALUES ($1, $2, $3)',
          durationMs: 2 + this.rng.next() * 3,
        });
      },
    });
  }
}
