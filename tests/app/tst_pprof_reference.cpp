// The key acceptance test of profiles: for every Go fixture and every saved `go tool pprof
// -top` answer of each folder of goPprofDirs() (tests/data/go-pprof: small programs,
// tests/data/go-pprof-prometheus: a real server), readProfileFile + computeTop give the same
// rows in the same order with the same flat and cum integers, inline marks and total; and
// `sightline top` prints the very same text. The same answers are checked through the built
// binary in tst_cli_top_process.cpp.
#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <optional>
#include <string>

#include "app/top_command.h"
#include "importers/pprof/profile_file_reader.h"
#include "model/profiles/call_tree.h"
#include "tests/app/pprof_top_expectation.h"

using namespace sightline;
using namespace sightline::pprof_test;

namespace {

QString inlineMarkOf(TopInline inlined) {
  switch (inlined) {
    case TopInline::kInline:
      return QStringLiteral("inline");
    case TopInline::kPartialInline:
      return QStringLiteral("partial-inline");
    case TopInline::kNone:
      break;
  }
  return QString();
}

std::optional<ProfileData> readFixture(const QString& name, QString& error,
                                       const QString& dir = goPprofDir()) {
  std::string message;
  std::optional<ProfileData> profile =
      readProfileFile(fixturePath(name, dir).toStdString(), &message);
  error = QString::fromStdString(message);
  return profile;
}

ProfileFilter filterOf(const TopExpectation& expectation) {
  ProfileFilter filter;
  const std::string regex = expectation.filterRegex.toStdString();
  if (expectation.filterName == QLatin1String("focus"))
    filter.focus = regex;
  if (expectation.filterName == QLatin1String("ignore"))
    filter.ignore = regex;
  if (expectation.filterName == QLatin1String("hide"))
    filter.hide = regex;
  if (expectation.filterName == QLatin1String("show"))
    filter.show = regex;
  if (expectation.filterName == QLatin1String("tagfocus"))
    filter.tagFocus = regex;
  return filter;
}

// Everything one expectation needs: the profile, the base, the sample type and the report.
struct Computed {
  std::optional<ProfileData> profile;
  std::optional<ProfileData> base;
  TopReport report;
  QString error;
};

Computed compute(const TopExpectation& expectation) {
  Computed computed;
  computed.profile = readFixture(expectation.profile, computed.error, expectation.dir);
  if (!computed.profile)
    return computed;
  if (!expectation.base.isEmpty()) {
    computed.base = readFixture(expectation.base, computed.error, expectation.dir);
    if (!computed.base)
      return computed;
  }
  const int type = computed.profile->sampleTypeIndex(expectation.sampleType.toStdString());
  if (type < 0) {
    computed.error = QStringLiteral("no sample type %1").arg(expectation.sampleType);
    return computed;
  }
  computed.report = computeTop(*computed.profile, type, filterOf(expectation),
                               computed.base ? &*computed.base : nullptr);
  return computed;
}

// One row in words. Go escapes dots of import paths ("gopkg.in/yaml%2ev3"): names go in
// with one multi-argument arg(), which does not look for placeholders in what it inserts.
QString describeRow(const QString& function, std::int64_t flat, std::int64_t cum,
                    const QString& mark) {
  return QStringLiteral("%1 flat %2 cum %3 [%4]")
      .arg(function, QString::number(flat), QString::number(cum), mark);
}

// The first difference between our rows and pprof's, in words; empty when there is none.
QString firstDifference(const TopReport& report, const TopExpectation& expectation) {
  const auto& rows = expectation.rows;
  for (qsizetype i = 0; i < std::max<qsizetype>(rows.size(), report.rows.size()); ++i) {
    const QString row = QString::number(i);
    if (i >= static_cast<qsizetype>(report.rows.size()))
      return QStringLiteral("row %1: pprof has %2, we have no more rows")
          .arg(row, rows[i].function);
    const TopRow& ours = report.rows[static_cast<std::size_t>(i)];
    const QString ourName = QString::fromStdString(ours.function);
    if (i >= rows.size())
      return QStringLiteral("row %1: we have %2, pprof has no more rows").arg(row, ourName);
    const ExpectedRow& theirs = rows[i];
    if (ourName != theirs.function || ours.flat != theirs.flat || ours.cum != theirs.cum ||
        inlineMarkOf(ours.inlined) != theirs.inlineMark) {
      return QStringLiteral("row %1: we have %2, pprof has %3")
          .arg(row, describeRow(ourName, ours.flat, ours.cum, inlineMarkOf(ours.inlined)),
               describeRow(theirs.function, theirs.flat, theirs.cum, theirs.inlineMark));
    }
  }
  return QString();
}

void addExpectationRows() {
  QTest::addColumn<TopExpectation>("expectation");
  for (const TopExpectation& expectation : readTopExpectations())
    QTest::newRow(qPrintable(testName(expectation))) << expectation;
}

}  // namespace

Q_DECLARE_METATYPE(sightline::pprof_test::TopExpectation)

class TstPprofReference : public QObject {
  Q_OBJECT

 private slots:
  // Every fixture of every folder has answers for each of its sample types, and every
  // answer parses, so that a folder, a fixture or a type cannot silently drop out of the
  // data-driven tests below.
  void everyFixtureAndSampleTypeHasAnAnswer_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<int>("minimumAnswers");
    QTest::addColumn<int>("minimumFixtures");
    // (answers, fixtures) each folder has at least; a folder not listed needs one of each.
    const QMap<QString, QPair<int, int>> minimums{{QStringLiteral("go-pprof"), {30, 8}},
                                                  {QStringLiteral("go-pprof-prometheus"), {27, 8}}};
    for (const QString& dir : goPprofDirs()) {
      const QString name = QFileInfo(dir).fileName();
      const QPair<int, int> minimum = minimums.value(name, {1, 1});
      QTest::newRow(qPrintable(name)) << dir << minimum.first << minimum.second;
    }
  }
  void everyFixtureAndSampleTypeHasAnAnswer() {
    QFETCH(QString, dir);
    QFETCH(int, minimumAnswers);
    QFETCH(int, minimumFixtures);
    const QList<TopExpectation> expectations = readTopExpectations(dir);
    QVERIFY2(expectations.size() >= minimumAnswers,
             qPrintable(QString::number(expectations.size())));
    for (const TopExpectation& expectation : expectations)
      QVERIFY2(expectation.error.isEmpty(),
               qPrintable(expectation.fileName + QStringLiteral(": ") + expectation.error));
    const QStringList fixtures =
        QDir(dir).entryList({QStringLiteral("*.pb.gz")}, QDir::Files, QDir::Name);
    QVERIFY(fixtures.size() >= minimumFixtures);
    for (const QString& fixture : fixtures) {
      const QString name = fixture.chopped(QStringLiteral(".pb.gz").size());
      QString error;
      const std::optional<ProfileData> profile = readFixture(name, error, dir);
      QVERIFY2(profile, qPrintable(error));
      for (const ProfileValueType& type : profile->sampleTypes) {
        const QString answer =
            QStringLiteral("%1.%2.top.txt").arg(name, QString::fromStdString(type.type));
        QVERIFY2(QFileInfo::exists(dir + QStringLiteral("/expected/") + answer),
                 qPrintable(answer));
      }
    }
  }

  void sameRowsAsPprof_data() { addExpectationRows(); }
  void sameRowsAsPprof() {
    QFETCH(TopExpectation, expectation);
    const Computed computed = compute(expectation);
    QVERIFY2(computed.profile && computed.error.isEmpty(), qPrintable(computed.error));
    QCOMPARE(computed.report.total, expectation.total);
    const QString difference = firstDifference(computed.report, expectation);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(static_cast<qsizetype>(computed.report.rows.size()), expectation.rows.size());
    std::int64_t flatSum = 0;
    for (const TopRow& row : computed.report.rows)
      flatSum += row.flat;
    QCOMPARE(flatSum, expectation.shownFlat);
  }

  // Header lines, "Showing nodes…", percentages, running sums, inline marks: the whole text
  // as pprof printed it, given the same -unit.
  void sameTextAsPprof_data() { addExpectationRows(); }
  void sameTextAsPprof() {
    QFETCH(TopExpectation, expectation);
    const Computed computed = compute(expectation);
    QVERIFY2(computed.profile && computed.error.isEmpty(), qPrintable(computed.error));
    cli::TopTextOptions options;
    options.profile = &*computed.profile;
    options.base = computed.base ? &*computed.base : nullptr;
    options.filter = filterOf(expectation);
    options.unit = expectation.unit.toStdString();
    QCOMPARE(cli::formatTopText(computed.report, options), expectation.text);
  }

  // The collapsed-stacks file derived from cpu.pb.gz (tests/data/collapsed) gives pprof's
  // rows for the samples type: frames are function names there, inlined ones included.
  void collapsedCopyOfAGoProfileMatchesPprof() {
    const auto filters = readFilterOptions();
    const TopExpectation expectation = parseTopExpectation(
        goPprofDir() + QStringLiteral("/expected/cpu.samples.top.txt"), filters);
    QVERIFY2(expectation.error.isEmpty(), qPrintable(expectation.error));
    std::string error;
    const std::optional<ProfileData> collapsed =
        readProfileFile(SIGHTLINE_TEST_DATA_DIR "/collapsed/from_go_cpu.txt", &error);
    QVERIFY2(collapsed, error.c_str());
    const TopReport report = computeTop(*collapsed, collapsed->effectiveDefaultSampleType());
    QCOMPARE(report.total, expectation.total);
    QCOMPARE(static_cast<qsizetype>(report.rows.size()), expectation.rows.size());
    for (qsizetype i = 0; i < expectation.rows.size(); ++i) {
      const TopRow& row = report.rows[static_cast<std::size_t>(i)];
      QCOMPARE(QString::fromStdString(row.function), expectation.rows[i].function);
      QCOMPARE(row.flat, expectation.rows[i].flat);
      QCOMPARE(row.cum, expectation.rows[i].cum);
    }
  }

  // -nodecount cuts the same rows pprof cuts and says so the way pprof does.
  void nodeCountLimitsRows() {
    QString error;
    const std::optional<ProfileData> profile = readFixture(QStringLiteral("cpu"), error);
    QVERIFY2(profile, qPrintable(error));
    const int cpu = profile->sampleTypeIndex("cpu");
    const TopReport all = computeTop(*profile, cpu);
    const TopReport five = computeTop(*profile, cpu, {}, nullptr, 5);
    QCOMPARE(five.rows.size(), std::size_t{5});
    QCOMPARE(five.rowsBeforeLimit, all.rows.size());
    for (std::size_t i = 0; i < five.rows.size(); ++i)
      QCOMPARE(five.rows[i].function, all.rows[i].function);
    const QString text = cli::formatTopText(five);
    QVERIFY2(text.contains(QStringLiteral("Showing top 5 nodes out of %1\n").arg(all.rows.size())),
             qPrintable(text));
  }
};

// pprof printed "Time:" in the time zone of the machine that made the answers, UTC.
int main(int argc, char** argv) {
  qputenv("TZ", "UTC");
  QCoreApplication app(argc, argv);
  TstPprofReference test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_pprof_reference.moc"
