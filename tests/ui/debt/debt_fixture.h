#pragma once

// A small heatmap built by hand: three services, one with a directory and two files below it,
// one named in Chinese with no coverage report, so that the models' tests know every figure.

#include <QString>

#include "model/debt/debt_table.h"

namespace sightline::debt_test {

inline QString s(const char* text) {
  return QString::fromUtf8(text);
}

// Rows: 0 checkout (service), 1 checkout/internal/pricing (directory), 2 …/price.go (file),
// 3 …/quote.go (file), 4 支付服务 (service, no coverage), 5 cart (service).
inline DebtTable sampleTable() {
  DebtTable table;
  DebtRow checkout;
  checkout.service = "checkout";
  checkout.figures.coverage = 41.2;
  checkout.figures.duplication = 4.1;
  checkout.figures.vulnerabilities = 3;
  checkout.figures.vulnerabilityDensity = 1.25;
  checkout.figures.ncloc = 2400;
  checkout.figures.codeSmells = 12;
  checkout.figures.churn = 18;
  checkout.figures.p99Ns = 1'300'000'000ull;
  checkout.figures.errorRate = 0.004;
  checkout.figures.criticalPathShare = 0.62;
  checkout.figures.cpuShare = 0.42;
  checkout.figures.findings = 2;
  table.rows.push_back(checkout);

  DebtRow pricing;
  pricing.service = "checkout";
  pricing.path = "internal/pricing";
  pricing.kind = DebtUnitKind::Directory;
  pricing.parent = 0;
  pricing.figures.coverage = 30;
  pricing.figures.duplication = 0;
  table.rows.push_back(pricing);

  DebtRow price;
  price.service = "checkout";
  price.path = "internal/pricing/price.go";
  price.kind = DebtUnitKind::File;
  price.parent = 1;
  price.figures.coverage = 20;
  table.rows.push_back(price);

  DebtRow quote;
  quote.service = "checkout";
  quote.path = "internal/pricing/quote.go";
  quote.kind = DebtUnitKind::File;
  quote.parent = 1;
  quote.figures.coverage = 55.5;
  table.rows.push_back(quote);

  DebtRow payment;
  payment.service = "支付服务";
  payment.figures.duplication = 2.9;
  payment.figures.cpuShare = 0.05;
  table.rows.push_back(payment);

  DebtRow cart;
  cart.service = "cart";
  cart.figures.coverage = 85;
  cart.figures.duplication = 1;
  cart.figures.vulnerabilities = 0;
  cart.figures.vulnerabilityDensity = 0;
  cart.figures.cpuShare = 0.1;
  table.rows.push_back(cart);

  table.rules = {{"services/checkout/", "checkout", "user"},
                 {"services/cart/", "cart", "span-attribute"}};
  table.unmappedPaths = {"tools/gen.go"};
  table.sourceIds = {3, 4};
  return table;
}

}  // namespace sightline::debt_test
