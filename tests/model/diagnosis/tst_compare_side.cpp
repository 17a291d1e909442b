#include <QtTest>

#include "model/diagnosis/compare_side.h"
#include "model/store/store_statement.h"
#include "tests/model/diagnosis/tst_compare_workspace.h"

using namespace sightline;
using namespace sightline::compare_test;

class TstCompareSide : public QObject {
  Q_OBJECT

 private slots:
  void parsesSides_data();
  void parsesSides();
  void rejectsMalformedSides_data();
  void rejectsMalformedSides();
  void parsesPoints_data();
  void parsesPoints();
  void resolvesSources();
  void resolvesRelativeRanges();
  void refusesRelativeRangesWithoutTraces();
  void describesSides();
};

void TstCompareSide::parsesSides_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<int>("kind");
  QTest::addColumn<qlonglong>("sourceId");  // -1: none
  QTest::addColumn<QString>("sourceName");
  QTest::addColumn<qlonglong>("from");  // -1: open
  QTest::addColumn<qlonglong>("to");
  QTest::addColumn<qlonglong>("length");

  using K = CompareSideSpec::Kind;
  const auto base = static_cast<qlonglong>(kBase);
  QTest::newRow("source id") << "3" << int(K::Source) << 3ll << "3" << -1ll << -1ll << 0ll;
  QTest::newRow("source: id") << "source:3" << int(K::Source) << 3ll << "3" << -1ll << -1ll << 0ll;
  QTest::newRow("file name") << "shop.pb.gz" << int(K::Source) << -1ll << "shop.pb.gz" << -1ll
                             << -1ll << 0ll;
  QTest::newRow("path") << " /tmp/a b.json " << int(K::Source) << -1ll << "/tmp/a b.json" << -1ll
                        << -1ll << 0ll;
  QTest::newRow("source: name with dots")
      << "source:v1..v2.json" << int(K::Source) << -1ll << "v1..v2.json" << -1ll << -1ll << 0ll;
  QTest::newRow("ISO range") << "2026-11-20T14:00Z..2026-11-20T14:03Z" << int(K::Range) << -1ll
                             << "" << base << base + 180 * 1000000000ll << 0ll;
  QTest::newRow("ISO with seconds, fraction and offset")
      << "2026-11-20T15:00:00.5+01:00..2026-11-20 14:03:30Z" << int(K::Range) << -1ll << ""
      << base + 500000000ll << base + 210 * 1000000000ll << 0ll;
  QTest::newRow("nanosecond fraction")
      << "2026-11-20T14:00:00.000000001Z..2026-11-20T14:00:01Z" << int(K::Range) << -1ll << ""
      << base + 1 << base + 1000000000ll << 0ll;
  QTest::newRow("Unix ns") << "100..200" << int(K::Range) << -1ll << "" << 100ll << 200ll << 0ll;
  QTest::newRow("open start") << "..2026-11-20T14:03Z" << int(K::Range) << -1ll << "" << -1ll
                              << base + 180 * 1000000000ll << 0ll;
  QTest::newRow("open end") << "100 .. " << int(K::Range) << -1ll << "" << 100ll << -1ll << 0ll;
  QTest::newRow("everything") << ".." << int(K::Range) << -1ll << "" << -1ll << -1ll << 0ll;
  QTest::newRow("first") << "first 5m" << int(K::First) << -1ll << "" << -1ll << -1ll
                         << 300 * 1000000000ll;
  QTest::newRow("last") << "last 250ms" << int(K::Last) << -1ll << "" << -1ll << -1ll
                        << 250 * 1000000ll;
}

void TstCompareSide::parsesSides() {
  QFETCH(QString, text);
  QFETCH(int, kind);
  QFETCH(qlonglong, sourceId);
  QFETCH(QString, sourceName);
  QFETCH(qlonglong, from);
  QFETCH(qlonglong, to);
  QFETCH(qlonglong, length);
  std::string error;
  const auto spec = parseCompareSide(text.toStdString(), &error);
  QVERIFY2(spec, error.c_str());
  QCOMPARE(int(spec->kind), kind);
  QCOMPARE(spec->text, text.trimmed().toStdString());
  QCOMPARE(spec->sourceId.value_or(-1), sourceId);
  QCOMPARE(QString::fromStdString(spec->sourceName), sourceName);
  QCOMPARE(spec->fromNs ? qlonglong(*spec->fromNs) : -1ll, from);
  QCOMPARE(spec->toNs ? qlonglong(*spec->toNs) : -1ll, to);
  QCOMPARE(qlonglong(spec->lengthNs), length);
}

void TstCompareSide::rejectsMalformedSides_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("message");
  QTest::newRow("empty")
      << "  "
      << "a side is empty: give a source (id, path or file name) or a time range";
  QTest::newRow("source: nothing") << "source:"
                                   << "'source:' needs a source id, path or file name";
  QTest::newRow("no zone") << "2026-11-20T14:00..2026-11-20T14:03Z"
                           << "the start of the range, '2026-11-20T14:00', is neither an ISO 8601 "
                              "time with a zone (2026-11-20T14:00Z) nor Unix nanoseconds";
  QTest::newRow("bad end") << "100..tomorrow"
                           << "the end of the range, 'tomorrow', is neither an ISO 8601 time with "
                              "a zone (2026-11-20T14:00Z) nor Unix nanoseconds";
  QTest::newRow("no such date") << "2026-02-30T00:00Z..2026-03-01T00:00Z"
                                << "the start of the range, '2026-02-30T00:00Z', is neither an ISO "
                                   "8601 time with a zone (2026-11-20T14:00Z) nor Unix nanoseconds";
  QTest::newRow("backwards") << "2026-11-20T14:03Z..2026-11-20T14:00Z"
                             << "'2026-11-20T14:03Z..2026-11-20T14:00Z' is empty: the range ends "
                                "before or where it starts";
  QTest::newRow("equal ends") << "5..5"
                              << "'5..5' is empty: the range ends before or where it starts";
  QTest::newRow("two ranges") << "1..2..3"
                              << "'1..2..3': a range has one '..' (FROM..TO)";
  QTest::newRow("first without unit")
      << "first 5"
      << "'first 5': expected a duration such as 5m, 90s or 1h after 'first'";
  QTest::newRow("last zero") << "last 0"
                             << "'last 0': expected a duration such as 5m, 90s or 1h after 'last'";
  QTest::newRow("Unix ns too large")
      << "..99999999999999999999"
      << "the end of the range, '99999999999999999999', is neither an ISO 8601 time with a zone "
         "(2026-11-20T14:00Z) nor Unix nanoseconds";
}

void TstCompareSide::rejectsMalformedSides() {
  QFETCH(QString, text);
  QFETCH(QString, message);
  std::string error;
  QVERIFY(!parseCompareSide(text.toStdString(), &error));
  QCOMPARE(QString::fromStdString(error), message);
}

void TstCompareSide::parsesPoints_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<qlonglong>("ns");  // -1: invalid
  const auto base = static_cast<qlonglong>(kBase);
  QTest::newRow("Z") << "2026-11-20T14:00Z" << base;
  QTest::newRow("lower z, lower t") << "2026-11-20t14:00:00z" << base;
  QTest::newRow("negative offset") << "2026-11-20T09:00-05:00" << base;
  QTest::newRow("offset without colon") << "2026-11-20T15:30+0130" << base;
  QTest::newRow("offset hours only") << "2026-11-20T16:00+02" << base;
  QTest::newRow("milliseconds") << "2026-11-20T14:00:00.250Z" << base + 250000000ll;
  QTest::newRow("comma fraction") << "2026-11-20T14:00:00,5Z" << base + 500000000ll;
  QTest::newRow("epoch") << "1970-01-01T00:00Z" << 0ll;
  QTest::newRow("ns") << "1795183200000000000" << base;
  QTest::newRow("no zone") << "2026-11-20T14:00" << -1ll;
  QTest::newRow("ten fraction digits") << "2026-11-20T14:00:00.0000000001Z" << -1ll;
  QTest::newRow("hour 24") << "2026-11-20T24:00Z" << -1ll;
  QTest::newRow("before 1970") << "1969-12-31T23:59Z" << -1ll;
  QTest::newRow("trailing text") << "2026-11-20T14:00Zx" << -1ll;
  QTest::newRow("negative ns") << "-5" << -1ll;
  QTest::newRow("date only") << "2026-11-20" << -1ll;
}

void TstCompareSide::parsesPoints() {
  QFETCH(QString, text);
  QFETCH(qlonglong, ns);
  const auto point = parseComparePoint(text.toStdString());
  QCOMPARE(point ? qlonglong(*point) : -1ll, ns);
}

void TstCompareSide::resolvesSources() {
  auto ws = makeCompareWorkspace();
  QVERIFY(ws);
  std::string error;
  ResolvedCompareSide resolved;
  auto resolve = [&](const char* text) {
    return resolveCompareSide(*ws, *parseCompareSide(text, &error), &resolved);
  };
  QVERIFY(resolve("target.json").isOk());
  QCOMPARE(resolved.sourceId, 2);
  QCOMPARE(resolved.sourcePath, std::string("/data/target.json"));
  QVERIFY(resolve("/data/baseline.json").isOk());
  QCOMPARE(resolved.sourceId, 1);
  QVERIFY(resolve("source:2").isOk());
  QCOMPARE(resolved.sourceId, 2);

  Status status = resolve("data/target.json");
  QCOMPARE(status.message(), std::string("no source 'data/target.json' in the workspace "
                                         "(neither a path nor a file name of one)"));
  status = resolve("2026-11-20T14:00Z");
  QCOMPARE(status.message(), std::string("no source '2026-11-20T14:00Z' in the workspace "
                                         "(neither a path nor a file name of one); a time range "
                                         "is written FROM..TO"));
  status = resolve("9");
  QCOMPARE(status.message(), std::string("no source with id 9 in the workspace"));

  // Two sources with one file name: the name is ambiguous, the path is not.
  QVERIFY(execSql(ws->db(),
                  "INSERT INTO sources(id, path, kind, sha256, bytes, imported_at, status) "
                  "VALUES(3, '/other/target.json', 'pprof', 'x', 1, 0, 'ok')")
              .isOk());
  status = resolve("target.json");
  QCOMPARE(status.message(), std::string("'target.json' names 2 sources: 2 (/data/target.json), 3 "
                                         "(/other/target.json); give the id"));
  QVERIFY(resolve("/other/target.json").isOk());
  QCOMPARE(resolved.sourceId, 3);
  const auto sources = listCompareSources(*ws);
  QCOMPARE(sources.size(), 2u);  // the third stored no spans
  QCOMPARE(sources[1].path, std::string("/data/target.json"));
}

void TstCompareSide::resolvesRelativeRanges() {
  auto ws = makeCompareWorkspace();
  std::string error;
  ResolvedCompareSide resolved;
  QVERIFY(resolveCompareSide(*ws, *parseCompareSide("first 1m", &error), &resolved).isOk());
  QCOMPARE(resolved.fromNs, kBase);
  QCOMPARE(resolved.toNs, kBase + 60 * kSecond);
  QVERIFY(resolveCompareSide(*ws, *parseCompareSide("last 1h", &error), &resolved).isOk());
  QCOMPARE(resolved.toNs, kBase + 609 * kSecond + 1);
  QCOMPARE(resolved.fromNs, kBase + 609 * kSecond + 1 - 3600 * kSecond);
  QVERIFY(resolveCompareSide(*ws, *parseCompareSide("..", &error), &resolved).isOk());
  QCOMPARE(resolved.fromNs, kBase);
  QCOMPARE(resolved.toNs, kBase + 609 * kSecond + 1);
  // An open end that lands before the other end.
  const Status status =
      resolveCompareSide(*ws, *parseCompareSide("2027-01-01T00:00Z..", &error), &resolved);
  QCOMPARE(status.message(), std::string("'2027-01-01T00:00Z..' is empty: the data's traces "
                                         "start from 2026-11-20T14:00:00.000Z to "
                                         "2026-11-20T14:10:09.000Z"));
}

void TstCompareSide::refusesRelativeRangesWithoutTraces() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  std::string error;
  ResolvedCompareSide resolved;
  status = resolveCompareSide(*ws, *parseCompareSide("last 5m", &error), &resolved);
  QCOMPARE(status.message(),
           std::string("'last 5m' is relative to the data, and the workspace has no traces"));
  // Absolute ranges need no data.
  QVERIFY(resolveCompareSide(*ws, *parseCompareSide("1..2", &error), &resolved).isOk());
  QVERIFY(!traceStartWindow(*ws));
}

void TstCompareSide::describesSides() {
  ResolvedCompareSide side;
  side.fromNs = kBase;
  side.toNs = kBase + 180 * kSecond;
  QCOMPARE(describeCompareSide(side),
           std::string("2026-11-20T14:00:00.000Z .. 2026-11-20T14:03:00.000Z"));
  side.isSource = true;
  side.sourceId = 4;
  side.sourcePath = "/data/shop-traces.otlp.pb.gz";
  QCOMPARE(describeCompareSide(side), std::string("source 4 (shop-traces.otlp.pb.gz)"));
}

QTEST_GUILESS_MAIN(TstCompareSide)
#include "tst_compare_side.moc"
