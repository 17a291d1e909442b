// End-to-end request flows of the simulated shop. Each returns { root, end } where root is
// the handle of the first span it opened (for links) and end the BigInt time it finished.
import { ms, open, SpanKind, US } from './world.mjs';

const SKUS = ['SKU-1001', 'SKU-1002', 'SKU-2040', 'SKU-3177', 'SKU-4090', 'SKU-5123', 'SKU-6001'];

function frontendServer(shop, name, route, at, parent, attributes = {}) {
  return open(shop.frontend.http, name, {
    kind: SpanKind.SERVER,
    at,
    parent,
    attributes: {
      'http.request.method': name.split(' ')[0],
      'http.route': route,
      'url.path': route,
      'url.scheme': 'https',
      'server.address': 'shop.example.com',
      'client.address': '203.0.113.24',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0',
      ...attributes,
    },
  });
}

// POST /api/checkout: stock lookups (sequential), a charge, and on success an order event
// published to Kafka and consumed by orders-worker (a CONSUMER child of the PRODUCER).
export function checkoutFlow(shop, at, { items = 3, fail = false, slowMs = 0, orderId = 1 }) {
  const rng = shop.rng;
  const skus = Array.from({ length: items }, (_, i) => SKUS[(orderId + i) % SKUS.length]);
  const amount = Math.round((19.99 * items + rng.next() * 40) * 100) / 100 + 0.005;
  const root = frontendServer(shop, 'POST /api/checkout', '/api/checkout', at, null, {
    'app.cart.items': items,
    'app.cart.total': amount,
    'app.cart.skus': skus,
    'app.cart.quantities': skus.map((_, i) => 1 + (i % 3)),
    'app.express_shipping': orderId % 2 === 0,
    'app.experiments': ['new-checkout', 'one-click'],
    'app.session.tags': ['returning', null, 'eu'],
    'enduser.pseudo.id': `u-${1000 + orderId}`,
  });
  let t = at + shop.jitter(0.5, 0.5);
  const end = shop.http(shop.frontend, shop.checkout, root.ctx, t, {
    method: 'POST',
    route: '/checkout',
    path: '/checkout',
    status: fail ? 502 : 201,
    failMessage: fail ? 'payment failed' : undefined,
    handler: (server, t0) => {
      const validate = open(shop.checkout.app, 'validate cart', { at: t0, parent: server.ctx });
      let tc = validate.end(t0 + shop.jitter(1.2, 0.8));
      server.event('cart.validated', tc, {
        'app.cart.items': items,
        'app.cart.valid': true,
        'app.cart.total': amount,
        'app.cart.skus': skus,
      });
      for (const sku of skus) {
        tc = shop.stockLookup(server.ctx, tc + 50n * US, sku, 3 + rng.next() * 4);
      }
      tc = shop.charge(server.ctx, tc + 80n * US, { amount, fail, slowMs });
      if (fail) {
        server.event('checkout.aborted', tc, { 'app.reason': 'payment', 'app.retryable': false });
        return tc;
      }
      const publish = open(shop.checkout.kafka, 'orders publish', {
        kind: SpanKind.PRODUCER,
        at: tc,
        parent: server.ctx,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': 'orders',
          'messaging.kafka.message.key': `order-${orderId}`,
          'messaging.kafka.offset': 1234567890123 + orderId,
        },
      });
      const published = publish.end(tc + shop.jitter(1.5, 1));
      consumeOrder(shop, publish.ctx, published + shop.jitter(20, 30), orderId);
      return published;
    },
  });
  root.set({ 'http.response.status_code': fail ? 502 : 201 });
  if (fail) root.error('checkout failed: payment declined');
  else root.ok();
  return { root, end: root.end(end + shop.jitter(0.3, 0.3)) };
}

// The asynchronous consumer of an order: starts after the producer returned, so it sticks
// out of its parent (as real messaging traces do).
function consumeOrder(shop, parent, at, orderId) {
  const consume = open(shop.worker.kafka, 'orders process', {
    kind: SpanKind.CONSUMER,
    at,
    parent,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'orders',
      'messaging.consumer.group.name': 'orders-worker',
      'messaging.kafka.offset': 1234567890123 + orderId,
    },
  });
  let t = shop.db(shop.worker, consume.ctx, at + 100n * US, {
    operation: 'INSERT',
    table: 'orders',
    statement: 'INSERT INTO orders (id, customer, total) VALUES ($1, $2, $3)',
    durationMs: 2 + shop.rng.next() * 2,
  });
  t = shop.db(shop.worker, consume.ctx, t + 50n * US, {
    operation: 'UPDATE',
    table: 'stock',
    statement: 'UPDATE stock SET reserved = reserved + $2 WHERE sku = $1',
    rows: 3,
    durationMs: 1.5 + shop.rng.next() * 2,
  });
  consume.event('order.stored', t, { 'app.order.id': orderId });
  return consume.end(t + 200n * US);
}

// GET /api/products: the inventory service fetches a page of products, then their stock
// one query at a time (the N+1 pattern the diagnosis rules look for).
export function productListFlow(shop, at, { queries = 10, queryMs = 6 }) {
  const root = frontendServer(shop, 'GET /api/products', '/api/products', at, null, {
    'app.page': 1,
    'app.page_size': queries,
  });
  const end = shop.http(shop.frontend, shop.inventory, root.ctx, at + shop.jitter(0.4, 0.3), {
    method: 'GET',
    route: '/inventory',
    path: `/inventory?limit=${queries}`,
    handler: (server, t0) => {
      let t = shop.db(shop.inventory, server.ctx, t0, {
        operation: 'SELECT',
        table: 'products',
        statement: 'SELECT id, sku, title, price FROM products ORDER BY id LIMIT $1',
        rows: queries,
        durationMs: 4 + shop.rng.next() * 2,
      });
      for (let i = 0; i < queries; ++i) {
        t = shop.db(shop.inventory, server.ctx, t + 30n * US, {
          operation: 'SELECT',
          table: 'stock',
          statement: 'SELECT quantity, reserved FROM stock WHERE sku = $1',
          durationMs: queryMs + shop.rng.next() * 3,
        });
      }
      return t;
    },
  });
  root.set({ 'http.response.status_code': 200 });
  return { root, end: root.end(end + shop.jitter(0.5, 0.5)) };
}

// GET /api/products/:id: frontend -> inventory -> one query.
export function productDetailFlow(shop, at, { dbMs = 3, status = 200 }) {
  const sku = shop.rng.pick(SKUS);
  const root = frontendServer(shop, 'GET /api/products/:id', '/api/products/:id', at, null, {
    'app.sku': sku,
  });
  const end = shop.http(shop.frontend, shop.inventory, root.ctx, at + shop.jitter(0.3, 0.3), {
    method: 'GET',
    route: '/inventory/:sku',
    path: `/inventory/${sku}`,
    status,
    failMessage: status >= 500 ? 'connection pool exhausted' : undefined,
    handler: (server, t0) =>
      shop.db(shop.inventory, server.ctx, t0, {
        operation: 'SELECT',
        table: 'stock',
        statement: 'SELECT quantity, reserved FROM stock WHERE sku = $1',
        durationMs: dbMs,
      }),
  });
  root.set({ 'http.response.status_code': status });
  if (status >= 500) root.error(`HTTP ${status}`);
  return { root, end: root.end(end + shop.jitter(0.4, 0.4)) };
}

// GET /orders/:id served by checkout behind an uninstrumented gateway: the parent span is
// remote and never exported, so the trace's root is missing from the data.
export function orderStatusFlow(shop, at, { orderId = 7 }) {
  const server = open(shop.checkout.http, 'GET /orders/:id', {
    kind: SpanKind.SERVER,
    at,
    parent: shop.world.remoteParent(),
    attributes: {
      'http.request.method': 'GET',
      'http.route': '/orders/:id',
      'url.path': `/orders/${orderId}`,
      'http.response.status_code': 200,
    },
  });
  let t = shop.db(shop.checkout, server.ctx, at + shop.jitter(0.2, 0.2), {
    operation: 'SELECT',
    table: 'orders',
    statement: 'SELECT * FROM orders WHERE id = $1',
    durationMs: 2.5,
  });
  t = shop.http(shop.checkout, shop.payment, server.ctx, t + 100n * US, {
    method: 'GET',
    route: '/payments/:order',
    path: `/payments/${orderId}`,
    handler: (s, t0) =>
      shop.db(shop.payment, s.ctx, t0, {
        operation: 'SELECT',
        table: 'payments',
        statement: 'SELECT status FROM payments WHERE order_id = $1',
        durationMs: 1.8,
      }),
  });
  return { root: server, end: server.end(t + 300n * US) };
}

// GET /api/recommendations whose root span never ends (the process was killed mid-request),
// so only its children are exported: three parallel stock lookups.
export function recommendationsFlow(shop, at) {
  const root = frontendServer(shop, 'GET /api/recommendations', '/api/recommendations', at, null);
  let latest = at;
  for (let i = 0; i < 3; ++i) {
    const start = at + ms(0.6 + i * 0.15);
    const end = shop.http(shop.frontend, shop.inventory, root.ctx, start, {
      method: 'GET',
      route: '/inventory/:sku',
      path: `/inventory/${SKUS[i]}`,
      handler: (server, t0) =>
        shop.db(shop.inventory, server.ctx, t0, {
          operation: 'SELECT',
          table: 'stock',
          statement: 'SELECT quantity, reserved FROM stock WHERE sku = $1',
          durationMs: 5 + i * 2,
        }),
    });
    if (end > latest) latest = end;
  }
  return { root, end: latest };
}

// A nightly revenue report in orders-worker: a new trace whose root links to the orders
// it aggregates (links across traces, with attributes).
export function reportFlow(shop, at, linkedRoots) {
  const links = linkedRoots.map((h, i) => ({
    context: h.span.spanContext(),
    attributes: { 'app.link.reason': 'aggregated-order', 'app.link.index': i },
  }));
  const root = open(shop.worker.app, 'revenue report', {
    kind: SpanKind.CONSUMER,
    at,
    links,
    attributes: { 'app.report.orders': linkedRoots.length, 'app.report.partial': false },
  });
  const aggregate = open(shop.worker.app, 'aggregate', { at: at + 200n * US, parent: root.ctx });
  const t = shop.db(shop.worker, aggregate.ctx, at + 300n * US, {
    operation: 'INSERT',
    table: 'reports',
    statement: 'INSERT INTO reports (day, revenue) VALUES ($1, $2)',
    durationMs: 3.3,
  });
  aggregate.end(t + 100n * US);
  root.event('report.published', t + 150n * US, { 'app.report.bytes': 18231 });
  return { root, end: root.end(t + 250n * US) };
}
