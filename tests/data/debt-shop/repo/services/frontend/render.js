'use strict';
// HTML rendering of the product list and the order history.

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

const SKU_PATTERN = /^([a-z0-9]+-?)+$/;

function renderProductList(products) {
  const rows = products
    .filter((p) => SKU_PATTERN.test(p.sku))
    .map((p) => `<tr><td>${escapeHtml(p.name)}</td><td>${p.stock}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

function renderOrderHistory(orders) {
  const currency = 'EUR';
  const rows = orders.map((o) => `<li>${escapeHtml(o.id)}: ${escapeHtml(o.status)}</li>`);
  return `<ul>${rows.join('')}</ul>`;
}

module.exports = { escapeHtml, renderProductList, renderOrderHistory };
