// Statements and URL paths as the N+1 rules compare them.
#include <QTest>

#include "model/diagnosis/call_normalizer.h"

using namespace sightline;

class TestCallNormalizer : public QObject {
  Q_OBJECT

 private slots:
  void statements_data();
  void statements();
  void paths_data();
  void paths();
};

void TestCallNormalizer::statements_data() {
  QTest::addColumn<QString>("statement");
  QTest::addColumn<QString>("normalised");
  QTest::newRow("string literal") << "SELECT quantity FROM stock WHERE sku = 'SKU-1401'"
                                  << "SELECT quantity FROM stock WHERE sku = ?";
  QTest::newRow("escaped quote") << "SELECT 1 FROM t WHERE name = 'O''Brien' AND x = 2"
                                 << "SELECT ? FROM t WHERE name = ? AND x = ?";
  QTest::newRow("numbers, not identifiers")
      << "SELECT price FROM products2 WHERE id = 42 AND t1.v > -3.5"
      << "SELECT price FROM products2 WHERE id = ? AND t1.v > ?";
  QTest::newRow("in list") << "SELECT * FROM t WHERE id IN (1, 2,3 ,  4)"
                           << "SELECT * FROM t WHERE id IN (?)";
  QTest::newRow("placeholders stay") << "SELECT * FROM orders WHERE customer_id = $1 LIMIT 50"
                                     << "SELECT * FROM orders WHERE customer_id = $1 LIMIT ?";
  QTest::newRow("whitespace") << "  SELECT\n\t*   FROM t  "
                              << "SELECT * FROM t";
  QTest::newRow("unterminated string") << "SELECT 'abc"
                                       << "SELECT ?";
  QTest::newRow("empty") << ""
                         << "";
}

void TestCallNormalizer::statements() {
  QFETCH(QString, statement);
  QFETCH(QString, normalised);
  QCOMPARE(QString::fromStdString(normalizeSqlStatement(statement.toStdString())), normalised);
}

void TestCallNormalizer::paths_data() {
  QTest::addColumn<QString>("url");
  QTest::addColumn<QString>("route");
  QTest::newRow("numeric id") << "/api/prices/1234"
                              << "/api/prices/{id}";
  QTest::newRow("full url, query dropped")
      << "https://shop.example.com/api/orders/77/invoice?format=pdf#top"
      << "/api/orders/{id}/invoice";
  QTest::newRow("uuid") << "/v1/carts/3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f"
                        << "/v1/carts/{id}";
  QTest::newRow("sku-like token") << "/inventory/SKU-1401"
                                  << "/inventory/{id}";
  QTest::newRow("words stay") << "/api/checkout/preview"
                              << "/api/checkout/preview";
  QTest::newRow("host only") << "http://pricing:8080"
                             << "/";
}

void TestCallNormalizer::paths() {
  QFETCH(QString, url);
  QFETCH(QString, route);
  QCOMPARE(QString::fromStdString(normalizeUrlPath(url.toStdString())), route);
}

QTEST_GUILESS_MAIN(TestCallNormalizer)
#include "tst_call_normalizer.moc"
