#pragma once

// OTLP/HTTP request bodies for bench/live.cpp: spans shaped like the demo's shop
// (resources/demo: a Node.js frontend and four Go services, PostgreSQL, Kafka; about 8
// attributes per span with the OpenTelemetry semantic-convention names), built with the
// project's own OTLP messages and serialised once. Sending the same body twice would only
// exercise the duplicate check, so every send XORs a request number into the leading bytes of
// each trace and span id: ids stay unique and parents keep pointing at their parents,
// without serialising again on the senders' cores.

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "importers/otlp/otlp_trace.pb.h"

namespace sightline::bench {

// One serialised ExportTraceServiceRequest and where its ids lie in the bytes.
struct RequestTemplate {
  std::string body;
  std::size_t spans = 0;
  std::vector<std::uint32_t> idOffsets;  // every trace, span, parent and link id
  // (trace id, span id) of every span, raw bytes, before any XOR: for checking the store.
  std::vector<std::array<std::uint8_t, 24>> spanKeys;
};

// Applies request number `n` to an id's leading 4 bytes (the same for every id of a body, so
// references between spans stay intact).
inline void xorRequestNumber(std::uint8_t* id, std::uint32_t n) {
  for (int i = 0; i < 4; ++i)
    id[i] ^= static_cast<std::uint8_t>(n >> (8 * i));
}

// The body of request number `n` made from `t`.
inline std::string requestBody(const RequestTemplate& t, std::uint32_t n) {
  std::string body = t.body;
  auto* bytes = reinterpret_cast<std::uint8_t*>(body.data());
  for (std::uint32_t offset : t.idOffsets)
    xorRequestNumber(bytes + offset, n);
  return body;
}

class DemoRequestGenerator {
 public:
  explicit DemoRequestGenerator(std::uint64_t seed) : m_rng(seed) {}

  // A request of exactly `spans` spans: whole traces, the last one cut where the request is
  // full (as an SDK's batch span processor cuts its export batches).
  RequestTemplate make(std::size_t spans) {
    m_request.Clear();
    m_ids.clear();
    m_services.fill(nullptr);
    m_spanCount = 0;
    m_limit = spans;
    while (m_spanCount < m_limit)
      addTrace();
    RequestTemplate t;
    t.body = m_request.SerializeAsString();
    t.spans = m_spanCount;
    for (const auto& rs : m_request.resource_spans()) {
      for (const auto& ss : rs.scope_spans()) {
        for (const auto& span : ss.spans()) {
          std::array<std::uint8_t, 24> key{};
          std::memcpy(key.data(), span.trace_id().data(), 16);
          std::memcpy(key.data() + 16, span.span_id().data(), 8);
          t.spanKeys.push_back(key);
        }
      }
    }
    findIdOffsets(t);
    return t;
  }

 private:
  enum Service { Frontend, Checkout, Payment, Inventory, OrdersWorker, kServiceCount };

  struct Context {
    std::string traceId;
    std::string spanId;
    std::uint64_t start = 0;
    std::uint64_t end = 0;
  };

  // Each 8-byte id is random, so a match of its bytes in the body is the id itself.
  void findIdOffsets(RequestTemplate& t) const {
    std::unordered_set<std::uint64_t> heads;
    for (const std::string& id : m_ids)
      heads.insert(head(id.data()));
    const char* bytes = t.body.data();
    for (std::size_t p = 0; p + 8 <= t.body.size(); ++p) {
      if (heads.count(head(bytes + p))) {
        t.idOffsets.push_back(static_cast<std::uint32_t>(p));
        p += 7;
      }
    }
  }

  static std::uint64_t head(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return v;
  }

  std::string randomId(std::size_t bytes) {
    std::string id(bytes, '\0');
    for (std::size_t i = 0; i < bytes; i += 8) {
      const std::uint64_t v = m_rng() | 1;
      std::memcpy(id.data() + i, &v, 8);
    }
    m_ids.push_back(id);
    return id;
  }

  otlp::ScopeSpans& scopeOf(Service s) {
    static const char* kNames[] = {"frontend", "checkout", "payment", "inventory", "orders-worker"};
    if (otlp::ScopeSpans* ss = m_services[s])
      return *ss;
    otlp::ResourceSpans* rs = m_request.add_resource_spans();
    auto* resource = rs->mutable_resource();
    const bool node = s == Frontend;
    const std::string name = kNames[s];
    addString(resource->mutable_attributes(), "service.name", name);
    addString(resource->mutable_attributes(), "service.namespace", "shop");
    addString(resource->mutable_attributes(), "service.version",
              s == Payment ? "3.1.0" : "1." + std::to_string(s) + ".2");
    addString(resource->mutable_attributes(), "service.instance.id", name + "-7d9f8c6b5-x2k4p");
    addString(resource->mutable_attributes(), "host.name", "node-" + std::to_string(s % 3));
    addInt(resource->mutable_attributes(), "process.pid", 1 + s * 17);
    addString(resource->mutable_attributes(), "process.runtime.name", node ? "nodejs" : "go");
    addString(resource->mutable_attributes(), "telemetry.sdk.name", "opentelemetry");
    addString(resource->mutable_attributes(), "telemetry.sdk.language", node ? "nodejs" : "go");
    addString(resource->mutable_attributes(), "telemetry.sdk.version", node ? "2.12.1" : "1.32.0");
    otlp::ScopeSpans* ss = rs->add_scope_spans();
    ss->mutable_scope()->set_name(node ? "@opentelemetry/instrumentation-http"
                                       : "go.opentelemetry.io/contrib/instrumentation/"
                                         "net/http/otelhttp");
    ss->mutable_scope()->set_version(node ? "0.57.0" : "0.58.0");
    m_services[s] = ss;
    return *ss;
  }

  template <typename Attributes>
  static void addString(Attributes* to, const char* key, const std::string& value) {
    auto* kv = to->Add();
    kv->set_key(key);
    kv->mutable_value()->set_string_value(value);
  }
  template <typename Attributes>
  static void addInt(Attributes* to, const char* key, std::int64_t value) {
    auto* kv = to->Add();
    kv->set_key(key);
    kv->mutable_value()->set_int_value(value);
  }
  template <typename Attributes>
  static void addDouble(Attributes* to, const char* key, double value) {
    auto* kv = to->Add();
    kv->set_key(key);
    kv->mutable_value()->set_double_value(value);
  }
  template <typename Attributes>
  static void addBool(Attributes* to, const char* key, bool value) {
    auto* kv = to->Add();
    kv->set_key(key);
    kv->mutable_value()->set_bool_value(value);
  }

  std::uint64_t below(std::uint64_t n) { return m_rng() % n; }

  // A span under `parent` (or a root when parent.traceId is empty), starting within it.
  // Null when the request is full.
  otlp::Span* span(Service s, const Context& parent, const std::string& name,
                   otlp::Span::SpanKind kind, Context* self) {
    if (m_spanCount >= m_limit)
      return nullptr;
    ++m_spanCount;
    otlp::Span* out = scopeOf(s).add_spans();
    self->traceId = parent.traceId;
    self->spanId = randomId(8);
    const std::uint64_t room = parent.end > parent.start ? parent.end - parent.start : 1000;
    self->start = parent.start + below(room / 4 + 1);
    self->end = self->start + 1 + below(parent.end > self->start ? parent.end - self->start : 1);
    out->set_trace_id(self->traceId);
    out->set_span_id(self->spanId);
    if (!parent.spanId.empty())
      out->set_parent_span_id(parent.spanId);
    out->set_name(name);
    out->set_kind(kind);
    out->set_flags(0x301);
    out->set_start_time_unix_nano(self->start);
    out->set_end_time_unix_nano(self->end);
    if (below(50) == 0) {
      out->mutable_status()->set_code(otlp::Status::STATUS_CODE_ERROR);
      out->mutable_status()->set_message("context deadline exceeded");
      auto* event = out->add_events();
      event->set_name("exception");
      event->set_time_unix_nano(self->end);
      addString(event->mutable_attributes(), "exception.type", "DeadlineExceeded");
      addString(event->mutable_attributes(), "exception.message", "context deadline exceeded");
    }
    return out;
  }

  void httpServer(otlp::Span* s, const char* method, const std::string& route,
                  const std::string& path, const char* host) {
    auto* a = s->mutable_attributes();
    addString(a, "http.request.method", method);
    addString(a, "http.route", route);
    addString(a, "url.path", path);
    addString(a, "url.scheme", "http");
    addInt(a, "http.response.status_code", s->status().code() ? 503 : 200);
    addString(a, "server.address", host);
    addString(a, "client.address", "10.42.0." + std::to_string(2 + below(40)));
    addString(a, "user_agent.original", kAgents[below(3)]);
  }

  void httpClient(otlp::Span* s, const char* method, const std::string& url, const char* host,
                  int port) {
    auto* a = s->mutable_attributes();
    addString(a, "http.request.method", method);
    addString(a, "url.full", url);
    addString(a, "server.address", host);
    addInt(a, "server.port", port);
    addInt(a, "http.response.status_code", s->status().code() ? 503 : 200);
    addString(a, "network.protocol.version", "1.1");
    addString(a, "user_agent.original", "node-fetch/3.3.2");
    addString(a, "enduser.pseudo.id", "u-" + std::to_string(below(5000)));
  }

  void dbClient(otlp::Span* s, const char* operation, const char* table, const std::string& query,
                int rows) {
    auto* a = s->mutable_attributes();
    addString(a, "db.system.name", "postgresql");
    addString(a, "db.namespace", "shop");
    addString(a, "db.operation.name", operation);
    addString(a, "db.collection.name", table);
    addString(a, "db.query.text", query);
    addString(a, "server.address", "pg-primary.shop.svc");
    addInt(a, "server.port", 5432);
    addInt(a, "db.response.returned_rows", rows);
  }

  void grpc(otlp::Span* s, const std::string& sku) {
    auto* a = s->mutable_attributes();
    addString(a, "rpc.system", "grpc");
    addString(a, "rpc.service", "shop.inventory.v1.Inventory");
    addString(a, "rpc.method", "ReserveStock");
    addInt(a, "rpc.grpc.status_code", s->status().code() ? 14 : 0);
    addString(a, "server.address", "inventory.shop.svc");
    addInt(a, "server.port", 9090);
    addString(a, "network.peer.address", "10.42.0.11");
    addString(a, "app.sku", sku);
  }

  void addTrace() {
    Context root;
    root.traceId = randomId(16);
    m_clock += 1000000 + below(40000000);
    root.start = m_clock;
    root.end = m_clock + 20000000 + below(900000000);
    const std::uint64_t flow = below(10);
    if (flow < 5)
      productPage(root);
    else if (flow < 8)
      checkout(root);
    else
      orderHistory(root);
  }

  std::string sku() { return "SKU-" + std::to_string(10000 + below(400)); }

  void productPage(const Context& trace) {
    Context page, render, call, inv, db;
    const std::string id = std::to_string(1 + below(400));
    otlp::Span* s =
        span(Frontend, trace, "GET /api/products/:id", otlp::Span::SPAN_KIND_SERVER, &page);
    if (!s)
      return;
    httpServer(s, "GET", "/api/products/:id", "/api/products/" + id, "shop.example.com");
    if ((s = span(Frontend, page, "render product page", otlp::Span::SPAN_KIND_INTERNAL,
                  &render))) {
      addString(s->mutable_attributes(), "app.product.id", id);
      addInt(s->mutable_attributes(), "app.template.bytes", 20000 + below(9000));
    }
    const std::string item = sku();
    if ((s = span(Frontend, page, "GET", otlp::Span::SPAN_KIND_CLIENT, &call)))
      httpClient(s, "GET", "http://inventory.shop.svc:8080/inventory/" + item, "inventory.shop.svc",
                 8080);
    if (!(s = span(Inventory, call, "GET /inventory/:sku", otlp::Span::SPAN_KIND_SERVER, &inv)))
      return;
    httpServer(s, "GET", "/inventory/:sku", "/inventory/" + item, "inventory.shop.svc");
    // The demo's N+1: stock queried one product at a time.
    const std::uint64_t queries = 1 + below(4);
    for (std::uint64_t q = 0; q < queries; ++q) {
      if ((s = span(Inventory, inv, "SELECT shop.stock", otlp::Span::SPAN_KIND_CLIENT, &db)))
        dbClient(s, "SELECT", "stock", "SELECT qty, reserved FROM stock WHERE sku = $1", 1);
    }
  }

  void checkout(const Context& trace) {
    Context front, call, co, reserve, inv, db, pay, payServer, fraud, ledger, publish, consume;
    otlp::Span* s =
        span(Frontend, trace, "POST /api/checkout", otlp::Span::SPAN_KIND_SERVER, &front);
    if (!s)
      return;
    httpServer(s, "POST", "/api/checkout", "/api/checkout", "shop.example.com");
    if ((s = span(Frontend, front, "POST", otlp::Span::SPAN_KIND_CLIENT, &call)))
      httpClient(s, "POST", "http://checkout.shop.svc:8080/checkout", "checkout.shop.svc", 8080);
    if (!(s = span(Checkout, call, "POST /checkout", otlp::Span::SPAN_KIND_SERVER, &co)))
      return;
    httpServer(s, "POST", "/checkout", "/checkout", "checkout.shop.svc");
    const std::uint64_t items = 1 + below(6);
    for (std::uint64_t i = 0; i < std::min<std::uint64_t>(items, 3); ++i) {
      const std::string item = sku();
      if ((s = span(Checkout, co, "shop.inventory.v1.Inventory/ReserveStock",
                    otlp::Span::SPAN_KIND_CLIENT, &reserve)))
        grpc(s, item);
      if ((s = span(Inventory, reserve, "shop.inventory.v1.Inventory/ReserveStock",
                    otlp::Span::SPAN_KIND_SERVER, &inv)))
        grpc(s, item);
      if ((s = span(Inventory, inv, "UPDATE shop.stock", otlp::Span::SPAN_KIND_CLIENT, &db)))
        dbClient(s, "UPDATE", "stock",
                 "UPDATE stock SET reserved = reserved + $1 WHERE sku = $2 AND qty >= $1", 1);
    }
    if ((s = span(Checkout, co, "POST", otlp::Span::SPAN_KIND_CLIENT, &pay)))
      httpClient(s, "POST", "http://payment.shop.svc:8080/charge", "payment.shop.svc", 8080);
    if ((s = span(Payment, pay, "POST /charge", otlp::Span::SPAN_KIND_SERVER, &payServer)))
      httpServer(s, "POST", "/charge", "/charge", "payment.shop.svc");
    const std::string order = "ord-" + std::to_string(m_rng() % 100000000);
    if ((s = span(Payment, payServer, "fraud check", otlp::Span::SPAN_KIND_INTERNAL, &fraud))) {
      auto* a = s->mutable_attributes();
      addInt(a, "app.cart.items", static_cast<std::int64_t>(items));
      addString(a, "app.order.id", order);
      addBool(a, "app.fraud.graph_features", items >= 4);
      addDouble(a, "app.fraud.score", static_cast<double>(below(1000)) / 1000.0);
      addString(a, "app.fraud.model", "gbt-2026-11");
    }
    if ((s = span(Payment, payServer, "INSERT shop.ledger", otlp::Span::SPAN_KIND_CLIENT, &ledger)))
      dbClient(s, "INSERT", "ledger",
               "INSERT INTO ledger(order_id, amount_cents, currency) VALUES ($1, $2, $3)", 0);
    if ((s = span(Checkout, co, "orders publish", otlp::Span::SPAN_KIND_PRODUCER, &publish)))
      messaging(s, "publish", order);
    if ((s = span(OrdersWorker, publish, "orders process", otlp::Span::SPAN_KIND_CONSUMER,
                  &consume)))
      messaging(s, "process", order);
    if ((s = span(OrdersWorker, consume, "INSERT shop.orders", otlp::Span::SPAN_KIND_CLIENT, &db)))
      dbClient(s, "INSERT", "orders",
               "INSERT INTO orders(id, customer_id, total_cents, status) VALUES ($1, $2, $3, "
               "'paid')",
               0);
  }

  void messaging(otlp::Span* s, const char* operation, const std::string& order) {
    auto* a = s->mutable_attributes();
    addString(a, "messaging.system", "kafka");
    addString(a, "messaging.destination.name", "orders");
    addString(a, "messaging.operation.type", operation);
    addString(a, "messaging.kafka.message.key", order);
    addInt(a, "messaging.destination.partition.id", static_cast<std::int64_t>(below(12)));
    addString(a, "messaging.consumer.group.name", "orders-worker");
    addString(a, "server.address", "kafka-0.shop.svc");
    addString(a, "app.order.id", order);
  }

  void orderHistory(const Context& trace) {
    Context front, call, co, db;
    otlp::Span* s = span(Frontend, trace, "GET /api/orders", otlp::Span::SPAN_KIND_SERVER, &front);
    if (!s)
      return;
    httpServer(s, "GET", "/api/orders", "/api/orders", "shop.example.com");
    if ((s = span(Frontend, front, "GET", otlp::Span::SPAN_KIND_CLIENT, &call)))
      httpClient(s, "GET",
                 "http://checkout.shop.svc:8080/orders?customer=c" + std::to_string(below(5000)),
                 "checkout.shop.svc", 8080);
    if (!(s = span(Checkout, call, "GET /orders", otlp::Span::SPAN_KIND_SERVER, &co)))
      return;
    httpServer(s, "GET", "/orders", "/orders", "checkout.shop.svc");
    if ((s = span(Checkout, co, "SELECT shop.orders", otlp::Span::SPAN_KIND_CLIENT, &db)))
      dbClient(s, "SELECT", "orders",
               "SELECT o.id, o.total_cents, l.sku, l.qty FROM orders o JOIN order_lines l ON "
               "l.order_id = o.id WHERE o.customer_id = $1 ORDER BY o.created_at DESC",
               static_cast<int>(below(40)));
  }

  static constexpr const char* kAgents[] = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0",
      "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15"};

  std::mt19937_64 m_rng;
  std::uint64_t m_clock = 1796479200000000000ull;  // 2026-12-07 14:00 UTC
  otlp::ExportTraceServiceRequest m_request;
  std::array<otlp::ScopeSpans*, kServiceCount> m_services{};
  std::vector<std::string> m_ids;
  std::size_t m_spanCount = 0;
  std::size_t m_limit = 0;
};

}  // namespace sightline::bench
