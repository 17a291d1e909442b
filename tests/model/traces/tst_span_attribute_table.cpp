// spans.attributes (schema 7): the blob encoding round-trips every storage class and refuses
// malformed bytes without reading past them; the span_attributes virtual table answers as the
// table of schema 6 did (point lookups, key filters, order, storage classes); the migration
// from schema 6 moves every row over unchanged.
#include <QtTest>

#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "model/store/schema.h"
#include "model/store/store_statement.h"
#include "model/traces/span_attribute_table.h"
#include "model/traces/stored_attribute.h"

using namespace sightline;

namespace {

StoredAttribute integer(std::int64_t key, int type, std::int64_t value) {
  StoredAttribute a;
  a.keyId = key;
  a.type = type;
  a.storage = StoredClass::Integer;
  a.integer = value;
  return a;
}

StoredAttribute bytes(std::int64_t key, int type, StoredClass storage, std::string_view value) {
  StoredAttribute a;
  a.keyId = key;
  a.type = type;
  a.storage = storage;
  a.bytes = value;
  return a;
}

StoredAttribute real(std::int64_t key, double value) {
  StoredAttribute a;
  a.keyId = key;
  a.type = 4;
  a.storage = StoredClass::Real;
  a.real = value;
  return a;
}

// "key type class value" per row of `sql`, the value as SQLite gives it back.
QStringList rows(sqlite3* db, const std::string& sql) {
  QStringList out;
  StoreStatement query(db, sql);
  if (!query.valid())
    return {QStringLiteral("prepare failed: %1").arg(QString::fromStdString(lastSqliteError(db)))};
  while (query.step()) {
    QStringList cells;
    for (int column = 0; column < sqlite3_column_count(query.get()); ++column) {
      switch (query.columnType(column)) {
        case SQLITE_NULL:
          cells << QStringLiteral("null");
          break;
        case SQLITE_INTEGER:
          cells << QStringLiteral("i%1").arg(query.columnInt(column));
          break;
        case SQLITE_FLOAT:
          cells << QStringLiteral("f%1").arg(query.columnDouble(column), 0, 'g', 17);
          break;
        case SQLITE_TEXT:
          cells << QStringLiteral("t'%1'").arg(QString::fromStdString(query.columnText(column)));
          break;
        default:
          cells << QStringLiteral("b%1").arg(QString::fromLatin1(
              QByteArray::fromStdString(std::string(query.columnBlob(column))).toHex()));
      }
    }
    out << cells.join(QLatin1Char(' '));
  }
  if (!query.ok())
    out << QStringLiteral("error: %1").arg(QString::fromStdString(lastSqliteError(db)));
  return out;
}

// A schema-6 database in memory with three spans: two with attributes of every storage
// class (seq deliberately inserted out of order), one without.
sqlite3* schemaSixWithRows() {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  if (!migrateSchema(db, 6).isOk())
    return db;
  execSql(db,
          "INSERT INTO sources(id, path, kind, sha256, bytes, imported_at) VALUES(1, 'f', "
          "'otlp-json', 'x', 0, 0);"
          "INSERT INTO strings(id, text) VALUES(1, 'svc'), (10, 'k10'), (11, 'k11');"
          "INSERT INTO resources(id, source_id, service_name_id) VALUES(1, 1, 1);"
          "INSERT INTO scopes(id, source_id, name_id) VALUES(1, 1, 1);");
  for (int span = 1; span <= 3; ++span) {
    execSql(db,
            "INSERT INTO spans(id, trace_id, span_id, name_id, kind, service_id, start_ns, "
            "end_ns, status_code, flags, dropped_attributes_count, dropped_events_count, "
            "dropped_links_count, resource_id, scope_id, source_id) VALUES(" +
                std::to_string(span) + ", x'01', x'02', 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1)");
  }
  execSql(db,
          "INSERT INTO span_attributes VALUES(1, 2, 12, 4, 2.5), (1, 0, 10, 1, 77), "
          "(1, 1, 11, 1, 'inline text'), (1, 3, 13, 5, x'00ff00'), (1, 4, 14, 0, NULL), "
          "(1, 5, 15, 3, -9007199254740993), (1, 6, 16, 6, '[1,2]'), (1, 7, 17, 4, NULL), "
          "(3, 0, 10, 2, 1), (3, 1, 11, 1, '')");
  return db;
}

}  // namespace

class TstSpanAttributeTable : public QObject {
  Q_OBJECT

 private slots:
  void encodingRoundTrips();
  void malformedBlobsStopTheWalk_data();
  void malformedBlobsStopTheWalk();
  void migrationKeepsEveryRow();
  void tableAnswersLikeTheOldOne();
  void tableIsReadOnlyAndReportsCorruption();
};

void TstSpanAttributeTable::encodingRoundTrips() {
  const std::string binary("\0\x01\xff", 3);
  const std::vector<StoredAttribute> attributes = {
      integer(1, 1, 42),
      integer(300, 3, -1),
      integer(2, 3, std::numeric_limits<std::int64_t>::min()),
      integer(std::numeric_limits<std::int64_t>::max(), 3,
              std::numeric_limits<std::int64_t>::max()),
      bytes(3, 1, StoredClass::Text, "接口 /结账"),
      bytes(4, 1, StoredClass::Text, ""),
      bytes(5, 5, StoredClass::Blob, binary),
      real(6, -0.0),
      real(7, std::numeric_limits<double>::infinity()),
      real(8, 1e-308),
      StoredAttribute{9, 0, StoredClass::Null, 0, 0, {}},
  };
  std::string blob;
  for (const auto& a : attributes)
    appendStoredAttribute(blob, a);
  StoredAttributeReader reader(blob);
  StoredAttribute read;
  for (const auto& expected : attributes) {
    QVERIFY(reader.next(&read));
    QCOMPARE(read.keyId, expected.keyId);
    QCOMPARE(read.type, expected.type);
    QCOMPARE(int(read.storage), int(expected.storage));
    QCOMPARE(read.integer, expected.integer);
    QCOMPARE(std::signbit(read.real), std::signbit(expected.real));
    QCOMPARE(read.real, expected.real);
    QCOMPARE(read.bytes, expected.bytes);
  }
  QVERIFY(!reader.next(&read));
  QVERIFY(!reader.malformed());
}

void TstSpanAttributeTable::malformedBlobsStopTheWalk_data() {
  QTest::addColumn<QByteArray>("blob");
  QTest::addColumn<int>("goodEntries");
  std::string good;
  appendStoredAttribute(good, integer(1, 3, 5));
  const QByteArray first = QByteArray::fromStdString(good);
  QTest::newRow("key varint cut") << first + QByteArray("\x80", 1) << 1;
  QTest::newRow("no tag") << first + QByteArray("\x05", 1) << 1;
  QTest::newRow("storage class 5") << first + QByteArray("\x05\x0d", 2) << 1;
  QTest::newRow("type 8") << first + QByteArray("\x05\x41", 2) << 1;
  QTest::newRow("integer cut") << first + QByteArray("\x05\x19\xff", 3) << 1;
  QTest::newRow("real cut") << first + QByteArray("\x05\x22\x00\x00", 4) << 1;
  QTest::newRow("text longer than the blob") << first + QByteArray(
                                                            "\x05\x0b\x7f"
                                                            "abc",
                                                            6)
                                             << 1;
  QTest::newRow("length varint of 11 bytes")
      << QByteArray("\x05\x0b\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 13) << 0;
}

void TstSpanAttributeTable::malformedBlobsStopTheWalk() {
  QFETCH(QByteArray, blob);
  QFETCH(int, goodEntries);
  const std::string bytes = blob.toStdString();
  StoredAttributeReader reader(bytes);
  StoredAttribute read;
  int entries = 0;
  while (reader.next(&read))
    ++entries;
  QCOMPARE(entries, goodEntries);
  QVERIFY(reader.malformed());
  QVERIFY(!reader.next(&read));
}

void TstSpanAttributeTable::migrationKeepsEveryRow() {
  sqlite3* db = schemaSixWithRows();
  const std::string all =
      "SELECT span_id, seq, key_id, type, value FROM span_attributes "
      "ORDER BY span_id, seq";
  const QStringList before = rows(db, all);
  QCOMPARE(before.size(), 10);
  QVERIFY(migrateSchema(db).isOk());
  QCOMPARE(readSchemaVersion(db), kSchemaVersion);
  QCOMPARE(rows(db, all), before);
  QCOMPARE(rows(db, "SELECT type FROM sqlite_master WHERE name = 'span_attributes'"),
           QStringList{QStringLiteral("t'table'")});
  QCOMPARE(rows(db, "SELECT id FROM spans WHERE attributes IS NULL"),
           QStringList{QStringLiteral("i2")});
  // The readable view of the SQL console still reads through it.
  QCOMPARE(
      rows(db, "SELECT key, type, value FROM span_attributes_view WHERE span_id = 3"),
      QStringList({QStringLiteral("t'k10' t'bool' i1"), QStringLiteral("t'k11' t'string' t''")}));
  sqlite3_close(db);
}

void TstSpanAttributeTable::tableAnswersLikeTheOldOne() {
  sqlite3* db = schemaSixWithRows();
  // The same queries against the old table and, after the migration, the virtual one.
  const std::vector<std::string> queries = {
      "SELECT seq, key_id, type, value FROM span_attributes WHERE span_id = 1 ORDER BY seq",
      "SELECT span_id, key_id FROM span_attributes WHERE key_id IN (11, 15, 99) ORDER BY "
      "span_id",
      "SELECT span_id, seq FROM span_attributes WHERE key_id = 10",
      "SELECT count(*) FROM span_attributes WHERE span_id = 2",
      "SELECT count(*) FROM span_attributes WHERE span_id = NULL",
      "SELECT count(*) FROM span_attributes WHERE span_id = 'x'",
      "SELECT s.id, a.seq FROM spans s JOIN span_attributes a ON a.span_id = s.id WHERE a.type "
      "= 1 ORDER BY s.id, a.seq",
      "SELECT s.id, (SELECT count(*) FROM span_attributes a WHERE a.span_id = s.id AND "
      "a.key_id IN (10, 11)) FROM spans s ORDER BY s.id",
      "SELECT typeof(value), count(*) FROM span_attributes GROUP BY 1 ORDER BY 1",
      "SELECT span_id, seq FROM span_attributes WHERE +key_id IN (11, 15) ORDER BY span_id DESC, "
      "seq DESC",
  };
  std::vector<QStringList> before;
  for (const auto& sql : queries)
    before.push_back(rows(db, sql));
  QVERIFY(migrateSchema(db).isOk());
  for (std::size_t i = 0; i < queries.size(); ++i)
    QCOMPARE(rows(db, queries[i]), before[i]);
  QCOMPARE(before[1].size(), 3);  // the IN filter matched rows at all
  sqlite3_close(db);
}

void TstSpanAttributeTable::tableIsReadOnlyAndReportsCorruption() {
  sqlite3* db = schemaSixWithRows();
  QVERIFY(migrateSchema(db).isOk());
  QVERIFY(!execSql(db, "INSERT INTO span_attributes VALUES(2, 0, 1, 3, 1)").isOk());
  QVERIFY(!execSql(db, "DELETE FROM span_attributes").isOk());
  QVERIFY(execSql(db, "UPDATE spans SET attributes = x'0a0bff' WHERE id = 3").isOk());
  const QStringList answer = rows(db, "SELECT count(*) FROM span_attributes");
  QCOMPARE(answer.size(), 1);
  QVERIFY2(answer[0].contains(QStringLiteral("malformed attributes of span 3")),
           qPrintable(answer[0]));
  // Span 1 still reads: only the damaged span's rows fail.
  QCOMPARE(rows(db, "SELECT count(*) FROM span_attributes WHERE span_id = 1"),
           QStringList{QStringLiteral("i8")});
  sqlite3_close(db);
}

QTEST_GUILESS_MAIN(TstSpanAttributeTable)
#include "tst_span_attribute_table.moc"
