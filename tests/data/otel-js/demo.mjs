// The demo data set: ~10 minutes of traffic of the simulated shop (a few hundred traces with
// slow outliers and errors) plus two large batch traces, so that the latency scatter and
// the waterfall look like a real system.
import { ms, open, SpanKind, US } from './world.mjs';
import {
  checkoutFlow,
  orderStatusFlow,
  productDetailFlow,
  productListFlow,
  recommendationsFlow,
  reportFlow,
} from './flows.mjs';

// 2026-11-20T14:00:00Z
const kDemoStart = BigInt(Date.UTC(2026, 10, 20, 14, 0, 0)) * 1_000_000n;
const kTraceCount = 300;
const kWindowSeconds = 600;

// POST /admin/reindex on inventory: batches of sequential reads and upserts (~740 spans).
function reindexFlow(shop, at, batches) {
  const root = open(shop.inventory.http, 'POST /admin/reindex', {
    kind: SpanKind.SERVER,
    at,
    attributes: { 'http.request.method': 'POST', 'http.route': '/admin/reindex' },
  });
  let t = at + ms(0.5);
  for (let b = 0; b < batches; ++b) {
    const batch = open(shop.inventory.app, 'index batch', {
      at: t,
      parent: root.ctx,
      attributes: { 'app.batch.index': b, 'app.batch.size': 10 },
    });
    let tb = t + 100n * US;
    for (let i = 0; i < 10; ++i) {
      tb = shop.db(shop.inventory, batch.ctx, tb, {
        operation: 'SELECT',
        table: 'products',
        statement: 'SELECT * FROM products WHERE id = $1',
        durationMs: 0.8 + shop.rng.next() * 1.5,
      });
      tb = shop.db(shop.inventory, batch.ctx, tb + 20n * US, {
        operation: 'INSERT',
        table: 'search_index',
        statement:
          'INSERT INTO search_index (id, doc) VALUES ($1, $2) ' +
          'ON CONFLICT (id) DO UPDATE SET doc = $2',
        durationMs: 1.5 + shop.rng.next() * (b === 23 ? 90 : 3),
      });
    }
    t = batch.end(tb + 150n * US) + 300n * US;
  }
  root.set({ 'http.response.status_code': 202, 'app.reindex.batches': batches });
  return { root, end: root.end(t + ms(1)) };
}

// GET /api/catalog/export: the frontend pages through inventory, each page doing one list
// query and one stock query per product (~1400 spans).
function catalogExportFlow(shop, at, pages, perPage) {
  const root = open(shop.frontend.http, 'GET /api/catalog/export', {
    kind: SpanKind.SERVER,
    at,
    attributes: { 'http.request.method': 'GET', 'http.route': '/api/catalog/export' },
  });
  let t = at + ms(1);
  for (let p = 0; p < pages; ++p) {
    t = shop.http(shop.frontend, shop.inventory, root.ctx, t, {
      method: 'GET',
      route: '/inventory',
      path: `/inventory?page=${p}&limit=${perPage}`,
      handler: (server, t0) => {
        let tp = shop.db(shop.inventory, server.ctx, t0, {
          operation: 'SELECT',
          table: 'products',
          statement: 'SELECT id, sku, title, price FROM products ORDER BY id LIMIT $1 OFFSET $2',
          rows: perPage,
          durationMs: 3 + shop.rng.next() * 4,
        });
        for (let i = 0; i < perPage; ++i) {
          tp = shop.db(shop.inventory, server.ctx, tp + 15n * US, {
            operation: 'SELECT',
            table: 'stock',
            statement: 'SELECT quantity, reserved FROM stock WHERE sku = $1',
            durationMs: 0.6 + shop.rng.next() * 1.2,
          });
        }
        return tp;
      },
    }) + 200n * US;
  }
  root.set({ 'http.response.status_code': 200, 'app.export.pages': pages });
  return { root, end: root.end(t + ms(2)) };
}

// One request of ordinary traffic, chosen by weight, with rare slow outliers and errors.
function trafficRequest(shop, at, n, checkouts) {
  const rng = shop.rng;
  const r = rng.next();
  if (r < 0.4) {
    const slow = rng.chance(0.03);
    const status = rng.chance(0.03) ? 503 : 200;
    const dbMs = slow ? 400 + rng.next() * 1100 : 1.5 + rng.next() * 6;
    return productDetailFlow(shop, at, { dbMs, status });
  }
  if (r < 0.58) {
    return productListFlow(shop, at, { queries: rng.int(5, 20), queryMs: 2 + rng.next() * 6 });
  }
  if (r < 0.86) {
    const slowMs = rng.chance(0.05) ? 800 + rng.next() * 2200 : rng.next() * 20;
    const items = rng.int(1, 6);
    const c = checkoutFlow(shop, at, { items, orderId: n, fail: rng.chance(0.07), slowMs });
    checkouts.push(c.root);
    return c;
  }
  if (r < 0.95) return orderStatusFlow(shop, at, { orderId: rng.int(1, n + 1) });
  if (r < 0.98 || checkouts.length < 3) return recommendationsFlow(shop, at);
  return reportFlow(shop, at, checkouts.slice(-rng.int(3, 6)));
}

export function buildDemo(shop) {
  const checkouts = [];
  const step = (kWindowSeconds * 1e9) / kTraceCount;
  for (let n = 0; n < kTraceCount - 2; ++n) {
    // Poisson-ish arrivals: jitter around an even spacing keeps the whole window covered.
    const at = kDemoStart + BigInt(Math.round(n * step + shop.rng.next() * step * 0.9));
    trafficRequest(shop, at, n + 1, checkouts);
  }
  reindexFlow(shop, kDemoStart + ms(137_000), 35);
  catalogExportFlow(shop, kDemoStart + ms(412_000), 60, 20);
  return { traces: kTraceCount };
}
