// The shop's request flows. Each takes the shop, the incident timeline and a start time and
// returns the root span handle (its trace id names the request in planted.json).
import { ms, open, seconds, SpanKind, US } from './world.mjs';
import { GRPC_OK, GRPC_UNAVAILABLE } from './shop.mjs';

export const INVENTORY_GRPC = 'shop.inventory.v1.Inventory';

// The catalogue: 8 categories of 18 products; a product's price comes from its number.
const CATEGORIES = ['shoes', 'jackets', 'shirts', 'bags', 'hats', 'socks', 'watches', 'belts'];
const PER_CATEGORY = 18;

function sku(category, i) {
  return `SKU-${1001 + CATEGORIES.indexOf(category) * 100 + i}`;
}

function price(skuCode) {
  const n = Number(skuCode.slice(4));
  return 9.99 + ((n * 37) % 160);
}

const kPoolTimeoutMs = 250;

// Inventory's PostgreSQL connection pool: during the incident window every request waits
// for a connection until the pool's acquire timeout and fails. Returns the failure (the
// time it gave up) or null when a connection was free.
function inventoryPool(shop, timeline, server, at) {
  if (at < timeline.poolExhausted[0] || at >= timeline.poolExhausted[1]) return null;
  const acquire = open(shop.tracer(shop.inventory, 'app', at), 'pg pool acquire', {
    at,
    parent: server,
    attributes: { 'db.client.connection.pool.name': 'shop-primary', 'app.pool.max': 20 },
  });
  const end = at + ms(kPoolTimeoutMs + shop.rng.next() * 2);
  acquire.error(`timed out after ${kPoolTimeoutMs}ms waiting for a connection`, {
    name: 'PoolTimeoutError',
    message: `pgxpool: timed out after ${kPoolTimeoutMs}ms waiting for a connection (20/20 in use)`,
    stack:
      'PoolTimeoutError: timed out waiting for a connection\n' +
      '    at github.com/jackc/pgx/v5/pgxpool.(*Pool).Acquire (pool.go:512)\n' +
      '    at main.(*stockStore).Get (store.go:88)',
  }, end);
  acquire.end(end);
  return end;
}

// Slower queries while the traffic spike fills the pool, before it is exhausted.
function loadFactor(timeline, at) {
  return at >= timeline.spike[0] && at < timeline.poolExhausted[0] ? 4 : 1;
}

function stockHandler(shop, timeline, skuCode) {
  return (server, t0) => {
    server.set({ 'app.sku': skuCode });
    const failed = inventoryPool(shop, timeline, server, t0);
    if (failed) return { end: failed, status: 503, message: 'connection pool exhausted' };
    return shop.db(shop.inventory, server, t0, {
      operation: 'SELECT',
      table: 'stock',
      statement: 'SELECT quantity, reserved FROM stock WHERE sku = $1',
      durationMs: (1.2 + shop.rng.next() * 2.5) * loadFactor(timeline, t0),
    });
  };
}

// A frontend answer for an upstream outcome: the upstream's error, or 502 when refused.
function frontendStatus(upstream, ok) {
  if (upstream === 0) return 502;
  return upstream >= 400 ? upstream : ok;
}

function render(shop, parent, name, at, durationMs) {
  const end = shop.internal(shop.frontend, parent, name, at, durationMs);
  shop.cpu(shop.frontend, end, (durationMs * 0.85) / 1000);
  return end;
}

// GET /api/products/:id: frontend -> inventory (one stock query) -> render.
export function productDetail(shop, timeline, at) {
  const rng = shop.rng;
  const category = rng.pick(CATEGORIES);
  const code = sku(category, rng.int(0, PER_CATEGORY - 1));
  const root = shop.frontendRequest('GET /api/products/:id', '/api/products/:id', at, {
    'url.path': `/api/products/${code}`,
    'app.sku': code,
  });
  const r = shop.http(shop.frontend, shop.inventory, root, at + shop.jitter(0.3, 0.3), {
    method: 'GET',
    route: '/inventory/:sku',
    path: `/inventory/${code}`,
    handler: stockHandler(shop, timeline, code),
  });
  if (r.status !== 200) {
    return finish(shop, root, r.end + shop.jitter(0.2, 0.3), frontendStatus(r.status, 200));
  }
  const t = render(shop, root, 'render product page', r.end + 60n * US, 7 + rng.next() * 7);
  return finish(shop, root, t + shop.jitter(0.2, 0.3), 200);
}

function finish(shop, root, end, status) {
  shop.finishFrontend(root, end, status);
  return root;
}

// GET /api/products: inventory lists a category, then asks for the stock of every product
// one query at a time, each with the SKU written into the SQL text (an ORM's N+1); the
// frontend renders the grid. Fixed in inventory 0.9.8 ('stock-batch'): one query for all.
export function productList(shop, timeline, at) {
  const rng = shop.rng;
  const category = rng.pick(CATEGORIES);
  const n = rng.int(12, 18);
  const root = shop.frontendRequest('GET /api/products', '/api/products', at, {
    'url.path': '/api/products',
    'url.query': `category=${category}`,
    'app.category': category,
    'app.page_size': n,
  });
  const r = shop.http(shop.frontend, shop.inventory, root, at + shop.jitter(0.3, 0.3), {
    method: 'GET',
    route: '/inventory',
    path: `/inventory?category=${category}&limit=${n}`,
    handler: (server, t0) => {
      const failed = inventoryPool(shop, timeline, server, t0);
      if (failed) return { end: failed, status: 503, message: 'connection pool exhausted' };
      const slow = loadFactor(timeline, t0);
      let t = shop.db(shop.inventory, server, t0, {
        operation: 'SELECT',
        table: 'products',
        statement: 'SELECT id, sku, title, price FROM products WHERE category = $1 ORDER BY id LIMIT $2',
        rows: n,
        durationMs: (3.5 + rng.next() * 2) * slow,
      });
      if (shop.fixes.has('stock-batch')) {
        // The page's stock in one round trip. It draws the jitter and the span ids the N+1
        // drew, so that every later request of the run is the same as without the fix.
        const jitter = Array.from({ length: n }, () => rng.next());
        t = shop.db(shop.inventory, server, t + 40n * US, {
          operation: 'SELECT',
          table: 'stock',
          statement: 'SELECT sku, quantity, reserved FROM stock WHERE sku = ANY($1)',
          rows: n,
          durationMs: (4.8 + 0.1 * n + jitter[0] * 2.5) * slow,
        });
        shop.world.skipSpanIds(n - 1);
        return t;
      }
      for (let i = 0; i < n; ++i) {
        t = shop.db(shop.inventory, server, t + 40n * US, {
          operation: 'SELECT',
          table: 'stock',
          statement: `SELECT quantity, reserved FROM stock WHERE sku = '${sku(category, i)}'`,
          durationMs: (4.5 + rng.next() * 2.5) * slow,
        });
      }
      return t;
    },
  });
  if (r.status !== 200) {
    return finish(shop, root, r.end + shop.jitter(0.2, 0.3), frontendStatus(r.status, 200));
  }
  const t = render(shop, root, 'render product grid', r.end + 80n * US, n * (5 + rng.next() * 2));
  return finish(shop, root, t + shop.jitter(0.3, 0.3), 200);
}

// payment's POST /charge: fraud check (CPU-bound; since the graph-features flag was turned
// on, high-value carts take over a second), an occasional declined card, the ledger append
// (which waits while the reconcile job holds the ledger lock) and the payments row.
// Fixed in payment 3.1.1 ('fraud-feature-cache'): a check scores the features payment keeps
// per customer, graph features included, and only computes the cart's: a few ms at most.
function chargeHandler(shop, timeline, order) {
  return (server, t0) => {
    const rng = shop.rng;
    server.set({ 'app.payment.amount': order.total, 'app.payment.currency': 'EUR' });
    const handlerCpuMs = 0.6 + rng.next() * 0.6;
    shop.paymentWork.push({ span: server, kind: 'charge', cpuNs: ms(handlerCpuMs) });

    const graph = t0 >= timeline.fraudGraphFrom && !order.smallOnly;
    // Graph features compare every pair of cart items with the customer's history: with
    // four items or more, that is over a second of CPU.
    const large = graph && order.items.length >= 4;
    const cached = shop.fixes.has('fraud-feature-cache');
    const slow = large && !cached;
    const r = rng.next();
    let fraudMs = slow ? 1050 + r * 800 : 3 + r * 6;
    if (cached) fraudMs = large ? 1.8 + r * 2.4 : 0.25 + r * 0.3;
    const score = Math.round(rng.next() * 1000) / 1000;
    const fraud = open(shop.tracer(shop.payment, 'app', t0), 'fraud check', {
      at: t0,
      parent: server,
      attributes: {
        'app.fraud.model': 'v2',
        'app.fraud.graph_features': graph,
        'app.fraud.score': score + 0.0005,
        'app.fraud.rules_evaluated': 37,
      },
    });
    let t = fraud.end(t0 + ms(fraudMs));
    // The scoring is all CPU: computeFraudScore (a little less than the span: scheduling).
    const fraudCpuNs = ms(fraudMs * (slow ? 0.94 : 0.85));
    shop.paymentWork.push({ span: fraud, kind: 'fraud', cpuNs: fraudCpuNs, slow });
    shop.cpu(shop.payment, t, Number(fraudCpuNs) / 1e9);
    const p = shop.proc(shop.payment, t0);
    shop.metrics.observe(p, t, 'fraud_check_duration_seconds', {
      model: 'v2',
      graph_features: String(graph),
    }, seconds(t - t0));

    if (order.decline) {
      const issuer = open(shop.tracer(shop.payment, 'http', t), 'POST', {
        kind: SpanKind.CLIENT,
        at: t + 50n * US,
        parent: server,
        attributes: {
          'http.request.method': 'POST',
          'url.full': 'https://api.acme-bank.example/v2/authorize',
          'server.address': 'api.acme-bank.example',
          'server.port': 443,
          'http.response.status_code': 402,
        },
      });
      const end = t + shop.jitter(30, 20);
      issuer.error('HTTP 402 from api.acme-bank.example', {
        name: 'CardDeclinedError',
        message: 'issuer declined the card (code 51: insufficient funds)',
        stack:
          'CardDeclinedError: issuer declined the card (code 51)\n' +
          '    at main.(*issuerClient).Authorize (issuer.go:88)\n' +
          '    at main.handleCharge (charge.go:41)',
      }, end - 100n * US);
      issuer.end(end);
      return { end: end + 100n * US, status: 402 };
    }

    // The ledger lock: held by the reconcile job in batches; an append waits for the hold.
    const appendStart = t + 30n * US;
    const hold = timeline.ledgerHolds.find((h) => h.start <= appendStart && appendStart < h.end);
    const waitNs = hold ? hold.end - appendStart : 0n;
    const append = open(shop.tracer(shop.payment, 'app', appendStart), 'ledger append', {
      at: appendStart,
      parent: server,
      attributes: { 'app.ledger.account': `merchant-${1 + (order.id % 3)}`, 'app.ledger.entries': 2 },
    });
    t = append.end(appendStart + waitNs + shop.jitter(0.3, 0.5));
    shop.paymentWork.push({ span: append, kind: 'append', waitNs, hold: hold ? hold.index : null });
    shop.metrics.observe(p, t, 'ledger_lock_wait_seconds', {}, seconds(waitNs));
    if (hold) hold.waiters.push({ span: append, waitNs });

    const insertStart = t + 40n * US;
    t = shop.db(shop.payment, server, insertStart, {
      operation: 'INSERT',
      table: 'payments',
      statement: 'INSERT INTO payments (order_id, amount, currency, status) VALUES ($1, $2, $3, $4)',
      durationMs: 1.5 + rng.next() * 2,
    });
    return { end: t, status: 200 };
  };
}

// The asynchronous consumer of an order in orders-worker: starts after the producer
// returned, so it sticks out of its parent (as messaging traces do).
function consumeOrder(shop, publish, at, order) {
  const consume = open(shop.tracer(shop.worker, 'kafka', at), 'orders process', {
    kind: SpanKind.CONSUMER,
    at,
    parent: publish,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'orders',
      'messaging.consumer.group.name': 'orders-worker',
      'messaging.kafka.message.key': `order-${order.id}`,
      'messaging.kafka.offset': 48211 + order.id,
    },
  });
  let t = shop.db(shop.worker, consume, at + 80n * US, {
    operation: 'INSERT',
    table: 'orders',
    statement: 'INSERT INTO orders (id, customer_id, total, created_at) VALUES ($1, $2, $3, now())',
    durationMs: 2 + shop.rng.next() * 2,
  });
  t = shop.db(shop.worker, consume, t + 50n * US, {
    operation: 'INSERT',
    table: 'order_items',
    statement: 'INSERT INTO order_items (order_id, sku, quantity) SELECT $1, unnest($2::text[]), unnest($3::int[])',
    rows: order.items.length,
    durationMs: 1.5 + shop.rng.next() * 2,
  });
  consume.event('order.stored', t, { 'app.order.id': order.id });
  const end = consume.end(t + 150n * US);
  const p = shop.proc(shop.worker, at);
  shop.metrics.observe(p, end, 'orders_processed_total', { result: 'stored' }, 1);
  shop.metrics.observe(p, end, 'messaging_process_duration_seconds', {
    messaging_destination_name: 'orders',
  }, seconds(end - at));
  shop.metrics.request(p, at, end);
  shop.cpu(shop.worker, end, 0.0006);
  return end;
}

// POST /api/checkout: validate, reserve the stock over gRPC, charge, publish the order.
export function checkout(shop, timeline, at, { orderId, smallOnly = false }) {
  const rng = shop.rng;
  // 1-5 items, small carts much more often than large ones.
  const size = rng.next();
  const count = smallOnly
    ? 1 + (size < 0.6 ? 0 : 1)
    : size < 0.35 ? 1 : size < 0.65 ? 2 : size < 0.85 ? 3 : size < 0.95 ? 4 : 5;
  const items = Array.from({ length: count }, () =>
    sku(rng.pick(CATEGORIES), rng.int(0, PER_CATEGORY - 1)),
  );
  const total = Math.round(items.reduce((s, code) => s + price(code), 0) * 100) / 100;
  const order = { id: orderId, items, total, smallOnly, decline: !smallOnly && rng.chance(0.025) };
  const root = shop.frontendRequest('POST /api/checkout', '/api/checkout', at, {
    'app.cart.items': items.length,
    'app.cart.total': total + 0.001,
    'app.cart.skus': items,
    'enduser.pseudo.id': `u-${4000 + ((orderId * 7919) % 3000)}`,
  });
  const r = shop.http(shop.frontend, shop.checkout, root, at + shop.jitter(0.4, 0.4), {
    method: 'POST',
    route: '/checkout',
    path: '/checkout',
    handler: (server, t0) => {
      server.set({ 'app.order.id': orderId });
      let t = shop.internal(shop.checkout, server, 'validate cart', t0, 0.8 + rng.next() * 0.8, {
        'app.cart.items': items.length,
      });
      const reserve = shop.grpc(shop.checkout, shop.inventory, server, t + 50n * US, {
        service: INVENTORY_GRPC,
        method: 'ReserveStock',
        handler: (s, t1) => {
          const failed = inventoryPool(shop, timeline, s, t1);
          if (failed) {
            return { end: failed, code: GRPC_UNAVAILABLE, message: 'connection pool exhausted' };
          }
          return shop.db(shop.inventory, s, t1, {
            operation: 'UPDATE',
            table: 'stock',
            statement:
              'UPDATE stock SET reserved = reserved + 1 WHERE sku = ANY($1) AND quantity > reserved',
            rows: items.length,
            durationMs: (1.8 + rng.next() * 2.2) * loadFactor(timeline, t1),
          });
        },
      });
      if (reserve.code !== GRPC_OK) {
        server.event('checkout.aborted', reserve.end, { 'app.reason': 'inventory unavailable' });
        return { end: reserve.end + 100n * US, status: 503, message: 'inventory unavailable' };
      }
      const charge = shop.http(shop.checkout, shop.payment, server, reserve.end + 80n * US, {
        method: 'POST',
        route: '/charge',
        path: '/charge',
        handler: chargeHandler(shop, timeline, order),
      });
      if (charge.status !== 200) {
        server.event('checkout.aborted', charge.end, { 'app.reason': 'payment declined' });
        return { end: charge.end + 100n * US, status: charge.status };
      }
      t = charge.end + 60n * US;
      const publish = open(shop.tracer(shop.checkout, 'kafka', t), 'orders publish', {
        kind: SpanKind.PRODUCER,
        at: t,
        parent: server,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': 'orders',
          'messaging.kafka.message.key': `order-${orderId}`,
        },
      });
      const published = publish.end(t + shop.jitter(1.2, 1));
      consumeOrder(shop, publish, published + shop.jitter(8, 40), order);
      return { end: published, status: 201 };
    },
  });
  finish(shop, root, r.end + shop.jitter(0.3, 0.3), frontendStatus(r.status, 201));
  return root;
}

// GET /api/checkout/preview: four independent look-ups made one after the other (cart,
// availability, payment methods, shipping quote) — they could run in parallel.
export function checkoutPreview(shop, timeline, at) {
  const rng = shop.rng;
  const cart = `c-${rng.int(10000, 99999)}`;
  const root = shop.frontendRequest('GET /api/checkout/preview', '/api/checkout/preview', at, {
    'url.path': '/api/checkout/preview',
    'app.cart.id': cart,
  });
  let t = at + shop.jitter(0.4, 0.3);
  t = shop.http(shop.frontend, shop.checkout, root, t, {
    method: 'GET',
    route: '/cart/:id',
    path: `/cart/${cart}`,
    handler: (s, t0) => {
      const q = shop.db(shop.checkout, s, t0, {
        operation: 'SELECT',
        table: 'cart_items',
        statement: 'SELECT sku, quantity, unit_price FROM cart_items WHERE cart_id = $1',
        rows: rng.int(1, 5),
        durationMs: 2 + rng.next() * 3,
      });
      return shop.internal(shop.checkout, s, 'price cart', q + 30n * US, 38 + rng.next() * 25, {
        'app.pricing.rules': 112,
      });
    },
  }).end + 120n * US;
  const availability = shop.http(shop.frontend, shop.inventory, root, t, {
    method: 'GET',
    route: '/inventory/availability',
    path: `/inventory/availability?cart=${cart}`,
    handler: (s, t0) => {
      const failed = inventoryPool(shop, timeline, s, t0);
      if (failed) return { end: failed, status: 503, message: 'connection pool exhausted' };
      return shop.db(shop.inventory, s, t0, {
        operation: 'SELECT',
        table: 'stock',
        statement:
          'SELECT s.sku, sum(s.quantity - s.reserved) FROM stock s JOIN warehouses w ON w.id = s.warehouse_id ' +
          'WHERE s.sku = ANY($1) AND w.region = $2 GROUP BY s.sku',
        rows: 4,
        durationMs: 42 + rng.next() * 30,
      });
    },
  });
  if (availability.status !== 200) root.set({ 'app.availability.degraded': true });
  t = availability.end + 120n * US;
  t = shop.http(shop.frontend, shop.payment, root, t, {
    method: 'GET',
    route: '/payment-methods',
    path: `/payment-methods?cart=${cart}`,
    handler: (s, t0) => {
      shop.paymentWork.push({ span: s, kind: 'methods', cpuNs: ms(0.4 + rng.next() * 0.5) });
      const vault = open(shop.tracer(shop.payment, 'http', t0), 'GET', {
        kind: SpanKind.CLIENT,
        at: t0,
        parent: s,
        attributes: {
          'http.request.method': 'GET',
          'url.full': 'https://vault.payments.example/v1/methods',
          'server.address': 'vault.payments.example',
          'server.port': 443,
          'http.response.status_code': 200,
        },
      });
      return vault.end(t0 + ms(40 + rng.next() * 25));
    },
  }).end + 120n * US;
  t = shop.http(shop.frontend, shop.checkout, root, t, {
    method: 'GET',
    route: '/shipping/quote',
    path: `/shipping/quote?cart=${cart}`,
    handler: (s, t0) => {
      const carrier = open(shop.tracer(shop.checkout, 'http', t0), 'POST', {
        kind: SpanKind.CLIENT,
        at: t0,
        parent: s,
        attributes: {
          'http.request.method': 'POST',
          'url.full': 'https://api.carrier.example/v3/quotes',
          'server.address': 'api.carrier.example',
          'server.port': 443,
          'http.response.status_code': 200,
        },
      });
      return carrier.end(t0 + ms(55 + rng.next() * 40));
    },
  }).end;
  t = render(shop, root, 'render checkout preview', t + 60n * US, 2.5 + rng.next() * 2);
  return finish(shop, root, t + shop.jitter(0.2, 0.3), 200);
}

// GET /api/account/orders: a join on orders without an index on customer_id — the query
// is nearly the whole request.
export function orderHistory(shop, timeline, at) {
  const rng = shop.rng;
  const customer = `u-${rng.int(4000, 6999)}`;
  const root = shop.frontendRequest('GET /api/account/orders', '/api/account/orders', at, {
    'url.path': '/api/account/orders',
    'enduser.pseudo.id': customer,
  });
  const r = shop.http(shop.frontend, shop.checkout, root, at + shop.jitter(0.3, 0.3), {
    method: 'GET',
    route: '/orders',
    path: `/orders?customer=${customer}&limit=50`,
    handler: (s, t0) => {
      const q = shop.db(shop.checkout, s, t0, {
        operation: 'SELECT',
        table: 'orders',
        statement:
          'SELECT o.id, o.created_at, o.total, i.sku, i.quantity FROM orders o ' +
          'JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = $1 ' +
          'ORDER BY o.created_at DESC LIMIT 50',
        rows: 50,
        durationMs: 560 + rng.next() * 320,
      });
      return shop.internal(shop.checkout, s, 'map order rows', q + 40n * US, 0.8 + rng.next());
    },
  });
  const t = render(shop, root, 'render order history', r.end + 60n * US, 2 + rng.next() * 2);
  return finish(shop, root, t + shop.jitter(0.2, 0.3), frontendStatus(r.status, 200));
}

// GET /api/orders/:id/invoice: frontend -> checkout (render invoice) -> payment (receipt)
// -> inventory over gRPC (product names) -> PostgreSQL: a call chain 11 spans deep.
export function invoice(shop, timeline, at) {
  const rng = shop.rng;
  const orderId = rng.int(1000, 1999);
  const root = shop.frontendRequest('GET /api/orders/:id/invoice', '/api/orders/:id/invoice', at, {
    'url.path': `/api/orders/${orderId}/invoice`,
    'app.order.id': orderId,
  });
  const r = shop.http(shop.frontend, shop.checkout, root, at + shop.jitter(0.3, 0.3), {
    method: 'GET',
    route: '/orders/:id/invoice',
    path: `/orders/${orderId}/invoice`,
    handler: (s, t0) => {
      const t1 = shop.db(shop.checkout, s, t0, {
        operation: 'SELECT',
        table: 'orders',
        statement: 'SELECT id, customer_id, total, created_at FROM orders WHERE id = $1',
        durationMs: 1.2 + rng.next() * 1.5,
      });
      const renderAt = t1 + 50n * US;
      const rendering = open(shop.tracer(shop.checkout, 'app', renderAt), 'render invoice', {
        at: renderAt,
        parent: s,
        attributes: { 'app.invoice.format': 'pdf' },
      });
      const receipt = shop.http(shop.checkout, shop.payment, rendering, renderAt + 200n * US, {
        method: 'GET',
        route: '/payments/:order/receipt',
        path: `/payments/${orderId}/receipt`,
        handler: (ps, t2) => {
          const build = open(shop.tracer(shop.payment, 'app', t2), 'build receipt', {
            at: t2,
            parent: ps,
          });
          const names = shop.grpc(shop.payment, shop.inventory, build, t2 + 150n * US, {
            service: INVENTORY_GRPC,
            method: 'GetProducts',
            handler: (is, t3) => {
              const failed = inventoryPool(shop, timeline, is, t3);
              if (failed) {
                return { end: failed, code: GRPC_UNAVAILABLE, message: 'connection pool exhausted' };
              }
              const resolve = open(shop.tracer(shop.inventory, 'app', t3), 'resolve catalog', {
                at: t3,
                parent: is,
              });
              const q = shop.db(shop.inventory, resolve, t3 + 60n * US, {
                operation: 'SELECT',
                table: 'products',
                statement: 'SELECT id, sku, title FROM products WHERE id = ANY($1)',
                rows: rng.int(1, 5),
                durationMs: 1.5 + rng.next() * 2,
              });
              return resolve.end(q + 80n * US);
            },
          });
          const cpuMs = 0.8 + rng.next();
          shop.paymentWork.push({ span: build, kind: 'receipt', cpuNs: ms(cpuMs) });
          if (names.code !== GRPC_OK) {
            build.error('product names unavailable');
            return { end: build.end(names.end + 100n * US), status: 503, message: 'inventory unavailable' };
          }
          return build.end(names.end + ms(cpuMs + 0.2));
        },
      });
      const end = rendering.end(receipt.end + ms(4 + rng.next() * 5));
      return receipt.status === 200 ? end : { end, status: 503, message: 'receipt unavailable' };
    },
  });
  return finish(shop, root, r.end + shop.jitter(0.2, 0.3), frontendStatus(r.status, 200));
}

// payment's scheduled ledger reconciliation (its own trace): batches that read entries,
// then hold the ledger lock while they recompute balances (CPU) and write a checkpoint
// (an fsync: no CPU). Fills timeline.ledgerHolds, which chargeHandler consults.
export function ledgerReconcile(shop, timeline, at, batches) {
  const rng = shop.rng;
  const root = open(shop.tracer(shop.payment, 'app', at), 'ledger reconcile', {
    at,
    attributes: { 'app.job': 'reconcile', 'app.reconcile.batches': batches },
  });
  let t = at + ms(0.5);
  for (let b = 0; b < batches; ++b) {
    const batch = open(shop.tracer(shop.payment, 'app', t), 'reconcile batch', {
      at: t,
      parent: root,
      attributes: { 'app.batch.index': b, 'app.batch.entries': 500 },
    });
    const read = shop.db(shop.payment, batch, t + 80n * US, {
      operation: 'SELECT',
      table: 'ledger_entries',
      statement: 'SELECT id, account, amount FROM ledger_entries WHERE batch = $1 ORDER BY id',
      rows: 500,
      durationMs: 5 + rng.next() * 5,
    });
    const holdStart = read + 60n * US;
    const cpuMs = 80 + rng.next() * 40;
    const recompute = shop.internal(shop.payment, batch, 'recompute balances', holdStart, cpuMs);
    const checkpoint = shop.internal(shop.payment, batch, 'write checkpoint', recompute + 20n * US,
      640 + rng.next() * 160, { 'app.checkpoint.fsync': true });
    const holdEnd = checkpoint + 30n * US;
    timeline.ledgerHolds.push({
      index: b,
      batch,
      start: holdStart,
      end: holdEnd,
      cpuNs: ms(cpuMs),
      waiters: [],
    });
    shop.cpu(shop.payment, recompute, cpuMs / 1000);
    t = batch.end(holdEnd + 100n * US) + ms(150 + rng.next() * 150);
  }
  root.end(t);
  return root;
}

