#include <QtTest>

#include <sqlite3.h>

#include <map>

#include "model/profiles/profile_queries.h"
#include "model/profiles/profile_writer.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "tests/model/profiles/tst_profile_store_fixture.h"

using namespace sightline;
using namespace sightline::test;

Q_DECLARE_METATYPE(std::vector<std::string>)

namespace {

// The totals of handBuiltProfile(variant), worked out by hand from its samples.
constexpr std::int64_t kSamplesTotal = 1 + 2 + 3 + 4 + 5 + 6;
constexpr std::int64_t kCpuTotal = 10000000 + 20000000 + 30000000 + 40000000 - 7 + 60;
constexpr std::int64_t kAllocTotal = 512 + (1 << 20) + 6;

std::vector<std::int64_t> store(Workspace& ws, const std::string& sha,
                                std::vector<ProfileData> profiles) {
  ProfileWriter writer(ws, profileSource(sha));
  for (auto& profile : profiles) {
    if (!writer.consume(std::move(profile)).isOk())
      return {};
  }
  if (!writer.finish().isOk())
    return {};
  return writer.stats().profileIds;
}

// One source with a single-type profile whose label set 1 mentions kSpanA but is used by
// no sample, and a profile labelled with span "other".
std::vector<std::int64_t> storeSecondSource(Workspace& ws) {
  ProfileBuilder unused;
  unused.data().sampleTypes = {{"samples", "count"}};
  const std::uint32_t main = unused.internFrame({unused.internFunction({"main", "main", "", 0})});
  unused.internLabelSet({textLabel("span_id", kSpanA)});
  unused.addSample(unused.child(0, main), 0, std::vector<std::int64_t>{9});

  ProfileBuilder other;
  other.data().sampleTypes = {{"samples", "count"}};
  const std::uint32_t leaf = other.internFrame({other.internFunction({"leaf", "leaf", "", 0})});
  other.addSample(other.child(0, leaf), other.internLabelSet({textLabel("span_id", "other")}),
                  std::vector<std::int64_t>{4});
  return store(ws, "second", {unused.finish(), other.finish()});
}

}  // namespace

class TstProfileQueries : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void listsProfilesWithTotals();
  void listsNothingInAnEmptyWorkspace();
  void loadOfAMissingProfileFails();
  void loadRefusesRowsPointingOutsideTheProfile_data();
  void loadRefusesRowsPointingOutsideTheProfile();
  void labelFilterKeepsMatchingSamples_data();
  void labelFilterKeepsMatchingSamples();
  void findsProfilesWithLabel_data();
  void findsProfilesWithLabel();
  void labelLookupUsesTheIndex();

 private:
  std::unique_ptr<Workspace> m_ws;
  std::vector<std::int64_t> m_first;   // handBuiltProfile(0), handBuiltProfile(1)
  std::vector<std::int64_t> m_second;  // storeSecondSource()
};

void TstProfileQueries::init() {
  Status status;
  m_ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_ws, status.message().c_str());
  m_first = store(*m_ws, "first", {handBuiltProfile(0), handBuiltProfile(1)});
  QCOMPARE(m_first.size(), 2u);
  m_second = storeSecondSource(*m_ws);
  QCOMPARE(m_second.size(), 2u);
}

void TstProfileQueries::listsProfilesWithTotals() {
  Status status;
  const auto profiles = listProfiles(*m_ws, &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(profiles.size(), 4u);
  QCOMPARE(profiles[0].id, m_first[0]);
  QCOMPARE(profiles[1].id, m_first[1]);
  QCOMPARE(profiles[2].id, m_second[0]);
  QCOMPARE(profiles[3].id, m_second[1]);
  QCOMPARE(profiles[0].sourceId, profiles[1].sourceId);
  QVERIFY(profiles[2].sourceId > profiles[0].sourceId);

  const ProfileSummary& first = profiles[0];
  QCOMPARE(first.sourcePath, std::string("/profiles/first.pb.gz"));
  QCOMPARE(first.kind, std::string("pprof"));
  QCOMPARE(first.sampleTypes.size(), 3u);
  QCOMPARE(first.sampleTypes[1].type, std::string("cpu"));
  QCOMPARE(first.sampleTypes[1].unit, std::string("nanoseconds"));
  QCOMPARE(first.sampleTypes[2].type, std::string("alloc_space"));
  QCOMPARE(first.defaultSampleType, 1);
  QCOMPARE(first.timeNanos, 1700000000123456789);
  QCOMPARE(first.durationNanos, 30000000000);
  QCOMPARE(first.sampleCount, 6u);
  QCOMPARE(first.stackCount, 7u);  // the root and six frames' nodes
  QCOMPARE(first.totals, (std::vector<std::int64_t>{kSamplesTotal, kCpuTotal, kAllocTotal}));

  // Variant 1: no default sample type (pprof's rule: the last) and a doubled first sample.
  QCOMPARE(profiles[1].defaultSampleType, 2);
  QCOMPARE(profiles[1].totals,
           (std::vector<std::int64_t>{kSamplesTotal, kCpuTotal + 10000000, kAllocTotal}));
  QCOMPARE(profiles[2].sourcePath, std::string("/profiles/second.pb.gz"));
  QCOMPARE(profiles[2].defaultSampleType, 0);
  QCOMPARE(profiles[2].totals, std::vector<std::int64_t>{9});
  QCOMPARE(profiles[3].totals, std::vector<std::int64_t>{4});
  QCOMPARE(profiles[3].stackCount, 2u);
}

void TstProfileQueries::listsNothingInAnEmptyWorkspace() {
  Status status;
  auto empty = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(empty);
  status = Status::error("not touched");
  QVERIFY(listProfiles(*empty, &status).empty());
  QVERIFY(status.isOk());
  QVERIFY(profilesWithLabel(*empty, SampleLabelFilter{{"span_id"}, {kSpanA}}, &status).empty());
  QVERIFY(status.isOk());
}

void TstProfileQueries::loadOfAMissingProfileFails() {
  Status status;
  QVERIFY(!loadProfile(*m_ws, 999, &status).has_value());
  QVERIFY(!status.isOk());
  QVERIFY2(status.message().find("999") != std::string::npos, status.message().c_str());
  QVERIFY(loadProfile(*m_ws, m_first[0], &status).has_value());
  QVERIFY(status.isOk());
}

void TstProfileQueries::loadRefusesRowsPointingOutsideTheProfile_data() {
  QTest::addColumn<QString>("damage");
  QTest::addColumn<QString>("table");
  QTest::newRow("parent after its child")
      << QStringLiteral("UPDATE profile_stacks SET parent_node = node WHERE node = 2")
      << QStringLiteral("profile_stacks");
  QTest::newRow("fewer nodes than rows")
      << QStringLiteral("UPDATE profiles SET stack_count = 3") << QStringLiteral("profile_stacks");
  QTest::newRow("frame's function")
      << QStringLiteral("UPDATE profile_frames SET function = 99 WHERE frame = 0")
      << QStringLiteral("profile_frames");
  QTest::newRow("sample's node") << QStringLiteral(
                                        "UPDATE profile_samples SET node = 1000 WHERE sample = 0")
                                 << QStringLiteral("profile_samples");
  QTest::newRow("value's type")
      << QStringLiteral(
             "UPDATE profile_values SET type_index = 9 WHERE sample = 0 AND "
             "type_index = 0")
      << QStringLiteral("profile_values");
  QTest::newRow("label set")
      << QStringLiteral("UPDATE profile_labels SET label_set = 50 WHERE label_set = 1 AND seq = 0")
      << QStringLiteral("profile_labels");
}

void TstProfileQueries::loadRefusesRowsPointingOutsideTheProfile() {
  QFETCH(QString, damage);
  QFETCH(QString, table);
  const std::string where = " AND profile_id = " + std::to_string(m_first[0]);
  std::string sql = damage.toStdString();
  sql +=
      sql.find("WHERE") == std::string::npos ? " WHERE id = " + std::to_string(m_first[0]) : where;
  QVERIFY(execSql(m_ws->db(), sql).isOk());
  Status status;
  QVERIFY(!loadProfile(*m_ws, m_first[0], &status).has_value());
  QVERIFY2(status.message().find("invalid row in " + table.toStdString()) != std::string::npos,
           status.message().c_str());
  // The other profile of the source is untouched and still loads.
  QVERIFY(loadProfile(*m_ws, m_first[1], &status).has_value());
}

void TstProfileQueries::labelFilterKeepsMatchingSamples_data() {
  QTest::addColumn<std::vector<std::string>>("keys");
  QTest::addColumn<std::vector<std::string>>("values");
  QTest::addColumn<int>("samples");
  QTest::addColumn<qint64>("cpu");
  using List = std::vector<std::string>;
  QTest::newRow("one span") << List{"span_id"} << List{kSpanA} << 2 << qint64(50000000);
  QTest::newRow("either key, either span")
      << List{"span_id", "spanID"} << List{kSpanA, kSpanB} << 3 << qint64(90000000);
  QTest::newRow("value under another key") << List{"spanID"} << List{kSpanA} << 0 << qint64(0);
  QTest::newRow("trace id") << List{"trace_id"} << List{"4bf92f35"} << 2 << qint64(50000000);
  QTest::newRow("numeric labels have no text") << List{"bytes"} << List{"1024"} << 0 << qint64(0);
  QTest::newRow("empty text label") << List{"empty"} << List{""} << 1 << qint64(-7);
  QTest::newRow("no keys") << List{} << List{kSpanA} << 0 << qint64(0);
  QTest::newRow("no match") << List{"span_id"} << List{"ffffffffffffffff"} << 0 << qint64(0);
}

void TstProfileQueries::labelFilterKeepsMatchingSamples() {
  QFETCH(std::vector<std::string>, keys);
  QFETCH(std::vector<std::string>, values);
  QFETCH(int, samples);
  QFETCH(qint64, cpu);
  const SampleLabelFilter filter{keys, values};
  Status status;
  const auto full = loadProfile(*m_ws, m_first[0], &status);
  const auto filtered = loadProfile(*m_ws, m_first[0], &status, &filter);
  QVERIFY2(filtered.has_value(), status.message().c_str());
  QCOMPARE(filtered->samples.size(), static_cast<std::size_t>(samples));
  QCOMPARE(filtered->values.size(), filtered->samples.size() * 3);
  std::int64_t cpuTotal = 0;
  for (std::size_t i = 0; i < filtered->samples.size(); ++i)
    cpuTotal += filtered->value(i, 1);
  QCOMPARE(cpuTotal, cpu);
  // Nodes, frames and label sets are untouched; each kept sample keeps its own values.
  QCOMPARE(filtered->nodes.size(), full->nodes.size());
  QCOMPARE(filtered->labelSets.size(), full->labelSets.size());
  QCOMPARE(filtered->frames.size(), full->frames.size());
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> original;
  for (std::size_t i = 0; i < full->samples.size(); ++i)
    original[{full->samples[i].node, full->samples[i].labelSet}] = i;
  for (std::size_t i = 0; i < filtered->samples.size(); ++i) {
    const auto it = original.find({filtered->samples[i].node, filtered->samples[i].labelSet});
    QVERIFY(it != original.end());
    for (std::size_t t = 0; t < 3; ++t)
      QCOMPARE(filtered->value(i, t), full->value(it->second, t));
  }
}

void TstProfileQueries::findsProfilesWithLabel_data() {
  QTest::addColumn<std::vector<std::string>>("keys");
  QTest::addColumn<std::vector<std::string>>("values");
  QTest::addColumn<QString>("expected");  // "first" / "second" indices, e.g. "f0 f1"
  using List = std::vector<std::string>;
  QTest::newRow("span in both profiles of one source, unused label set ignored")
      << List{"span_id"} << List{kSpanA} << QStringLiteral("f0 f1");
  QTest::newRow("value under another key") << List{"span_id"} << List{kSpanB} << QString();
  QTest::newRow("alternative key")
      << List{"span_id", "spanID"} << List{kSpanB} << QStringLiteral("f0 f1");
  QTest::newRow("other source") << List{"span_id"} << List{"other"} << QStringLiteral("s1");
  List many;
  for (int i = 0; i < 1200; ++i)
    many.push_back(std::to_string(i));
  many.push_back("other");
  QTest::newRow("more values than one query takes")
      << List{"span_id"} << many << QStringLiteral("s1");
  QTest::newRow("numeric value") << List{"goroutines"} << List{"-3"} << QString();
  QTest::newRow("unknown key") << List{"nope"} << List{kSpanA} << QString();
  QTest::newRow("no values") << List{"span_id"} << List{} << QString();
}

void TstProfileQueries::findsProfilesWithLabel() {
  QFETCH(std::vector<std::string>, keys);
  QFETCH(std::vector<std::string>, values);
  QFETCH(QString, expected);
  std::vector<std::int64_t> ids;
  for (const QString& name : expected.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    const auto& list = name.startsWith(QLatin1Char('f')) ? m_first : m_second;
    ids.push_back(list[static_cast<std::size_t>(name.mid(1).toInt())]);
  }
  Status status;
  QCOMPARE(profilesWithLabel(*m_ws, SampleLabelFilter{keys, values}, &status), ids);
  QVERIFY2(status.isOk(), status.message().c_str());
}

void TstProfileQueries::labelLookupUsesTheIndex() {
  StoreStatement plan(m_ws->db(),
                      "EXPLAIN QUERY PLAN SELECT profile_id, label_set FROM profile_labels "
                      "WHERE text IN ('00f067aa0ba902b7') AND key_id IN (SELECT id FROM "
                      "strings WHERE text IN ('span_id', 'spanID'))");
  std::string details;
  while (plan.step())
    details += plan.columnText(3) + "\n";
  QVERIFY2(details.find("COVERING INDEX profile_labels_text") != std::string::npos,
           details.c_str());
}

QTEST_GUILESS_MAIN(TstProfileQueries)
#include "tst_profile_queries.moc"
