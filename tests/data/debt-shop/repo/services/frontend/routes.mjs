// Request routing: one handler per path.
import { createRequire } from 'node:module';
import { getJSON, postJSON, checkAdminToken } from './api.mjs';

const require = createRequire(import.meta.url);
const { renderProductList, renderOrderHistory, escapeHtml } = require('./render.js');

const CHECKOUT = process.env.CHECKOUT_URL || 'http://checkout:8081';
const INVENTORY = process.env.INVENTORY_URL || 'http://inventory:8083';

const handlers = {
  '/': async () => ({ status: 200, type: 'text/html', body: '<h1>Shop</h1>' }),
  '/products': async () => {
    const products = await getJSON(`${INVENTORY}/products`);
    // N+1 on purpose, as in the demo's traces: one stock query per product.
    for (const p of products) {
      p.stock = (await getJSON(`${INVENTORY}/stock?sku=${encodeURIComponent(p.sku)}`))[p.sku];
    }
    return { status: 200, type: 'text/html', body: renderProductList(products) };
  },
  '/orders': async (req, url) => {
    const orders = await getJSON(`${CHECKOUT}/orders?customer=${url.searchParams.get('customer')}`);
    return { status: 200, type: 'text/html', body: renderOrderHistory(orders) };
  },
  '/checkout': async (req) => {
    const cart = await readBody(req);
    const answer = await postJSON(`${CHECKOUT}/checkout`, cart);
    return { status: 200, type: 'application/json', body: JSON.stringify(answer) };
  },
  '/admin/flags': async (req) => {
    if (!checkAdminToken(req.headers['x-admin-token'])) {
      return { status: 403, type: 'text/plain', body: 'forbidden' };
    }
    return { status: 200, type: 'application/json', body: '{"fraud_graph_features":true}' };
  },
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(JSON.parse(data || '{}')));
    req.on('error', reject);
  });
}

export async function route(req) {
  const url = new URL(req.url, 'http://frontend');
  const handler = handlers[url.pathname];
  if (!handler) {
    return { status: 404, type: 'text/html', body: `<p>no page ${escapeHtml(url.pathname)}</p>` };
  }
  return handler(req, url);
}
