// The key acceptance test of profiles: for every Go fixture in tests/data/go-pprof and every
// saved `go tool pprof -top` answer (tests/data/go-pprof/expected), readProfileFile +
// computeTop give the same rows in the same order with the same flat and cum integers and
// the same total; and `sightline top` prints the very same text. The same answers are checked
// through the built binary in tst_cli_top_process.cpp.
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

std::optional<ProfileData> readFixture(const QString& name, QString& error) {
  std::string message;
  std::optional<ProfileData> profile = readProfileFile(fixturePath(name).toStdString(), &message);
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
  computed.profile = readFixture(expectation.profile, computed.error);
  if (!computed.profile)
    return computed;
  if (!expectation.base.isEmpty()) {
    computed.base = readFixture(expectation.base, computed.error);
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

// The first difference between our rows and pprof's, in words; empty when there is none.
QString firstDifference(const TopReport& report, const TopExpectation& expectation) {
  const auto& rows = expectation.rows;
  for (qsizetype i = 0; i < std::max<qsizetype>(rows.size(), report.rows.size()); ++i) {
    if (i >= static_cast<qsizetype>(report.rows.size()))
      return QStringLiteral("row %1: pprof has %2, we have no more rows")
          .arg(i)
          .arg(rows[i].function);
    const TopRow& ours = report.rows[static_cast<std::size_t>(i)];
    const QString ourName = QString::fromStdString(ours.function);
    if (i >= rows.size())
      return QStringLiteral("row %1: we have %2, pprof has no more rows").arg(i).arg(ourName);
    const ExpectedRow& theirs = rows[i];
    if (ourName != theirs.function || ours.flat != theirs.flat || ours.cum != theirs.cum ||
        inlineMarkOf(ours.inlined) != theirs.inlineMark) {
      return QStringLiteral(
                 "row %1: we have %2 flat %3 cum %4 [%5], pprof has %6 flat %7 cum %8 [%9]")
          .arg(i)
          .arg(ourName)
          .arg(ours.flat)
          .arg(ours.cum)
          .arg(inlineMarkOf(ours.inlined), theirs.function)
          .arg(theirs.flat)
          .arg(theirs.cum)
          .arg(theirs.inlineMark);
    }
  }
  return QString();
}

void addExpectationRows() {
  QTest::addColumn<TopExpectation>("expectation");
  for (const TopExpectation& expectation : readTopExpectations())
    QTest::newRow(qPrintable(expectation.fileName)) << expectation;
}

}  // namespace

Q_DECLARE_METATYPE(sightline::pprof_test::TopExpectation)

class TstPprofReference : public QObject {
  Q_OBJECT

 private slots:
  // Every fixture has answers for each of its sample types, and every answer parses, so
  // that a fixture or a type cannot silently drop out of the data-driven tests below.
  void everyFixtureAndSampleTypeHasAnAnswer() {
    const QList<TopExpectation> expectations = readTopExpectations();
    QVERIFY2(expectations.size() >= 30, qPrintable(QString::number(expectations.size())));
    for (const TopExpectation& expectation : expectations)
      QVERIFY2(expectation.error.isEmpty(),
               qPrintable(expectation.fileName + QStringLiteral(": ") + expectation.error));
    const QStringList fixtures =
        QDir(goPprofDir()).entryList({QStringLiteral("*.pb.gz")}, QDir::Files, QDir::Name);
    QVERIFY(fixtures.size() >= 8);
    for (const QString& fixture : fixtures) {
      const QString name = fixture.chopped(QStringLiteral(".pb.gz").size());
      QString error;
      const std::optional<ProfileData> profile = readFixture(name, error);
      QVERIFY2(profile, qPrintable(error));
      for (const ProfileValueType& type : profile->sampleTypes) {
        const QString answer =
            QStringLiteral("%1.%2.top.txt").arg(name, QString::fromStdString(type.type));
        QVERIFY2(QFileInfo::exists(goPprofDir() + QStringLiteral("/expected/") + answer),
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
