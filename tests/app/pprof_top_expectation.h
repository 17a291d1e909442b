#pragma once

// The reference answers of `go tool pprof -top` saved in the expected/ folder of each Go
// fixture folder (tests/data/go-pprof: small programs; tests/data/go-pprof-prometheus: a
// real server; see their READMEs for the naming and the options), parsed for the equality
// tests of the analysis (tst_pprof_reference) and of the `sightline top` binary
// (tst_cli_top_process).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QMap>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace sightline::pprof_test {

inline QString goPprofDir() {
  return QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof");
}

// Every folder of Go profiles with saved answers: a folder added here is checked by every
// data-driven test below.
inline QStringList goPprofDirs() {
  return {goPprofDir(), QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof-prometheus")};
}

struct ExpectedRow {
  QString function;
  std::int64_t flat = 0;
  std::int64_t cum = 0;
  QString inlineMark;  // "", "inline" or "partial-inline"
};

// One saved `-top` answer and the options that produced it.
struct TopExpectation {
  QString dir;                 // the fixture folder, one of goPprofDirs()
  QString fileName;            // e.g. "cpu.cpu.focus.top.txt"
  QString profile;             // e.g. "cpu" (the fixture cpu.pb.gz in `dir`)
  QString base;                // -diff_base fixture, e.g. "cpu_before"; empty when none
  QString sampleType;          // -sample_index
  QString filterName;          // "focus", "ignore", "hide", "show", "tagfocus"; empty when none
  QString filterRegex;         // its value
  QString unit;                // the -unit it was printed in: "ns", "B" or "count"
  QString text;                // the whole file
  std::int64_t total = 0;      // "... of T total"
  std::int64_t shownFlat = 0;  // "Showing nodes accounting for A"
  QList<ExpectedRow> rows;
  QString error;  // why the file could not be parsed; empty when it was
};

// A value of these files: an integer with the unit's suffix, or a bare 0.
inline bool parseValue(const QString& token, std::int64_t& value) {
  static const QRegularExpression kValue(QStringLiteral("^(-?[0-9]+)(ns|B)?$"));
  const QRegularExpressionMatch match = kValue.match(token);
  if (!match.hasMatch())
    return false;
  bool ok = false;
  value = match.captured(1).toLongLong(&ok);
  return ok;
}

// filters.txt: "file<TAB>-option<TAB>regex" per line (a folder without filters has none).
inline QMap<QString, QPair<QString, QString>> readFilterOptions(const QString& dir = goPprofDir()) {
  QMap<QString, QPair<QString, QString>> filters;
  QFile file(dir + QStringLiteral("/expected/filters.txt"));
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
    return filters;
  const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
  for (const QString& line : lines) {
    const QStringList fields = line.split(QLatin1Char('\t'));
    if (fields.size() == 3)
      filters.insert(fields[0], {fields[1].mid(1), fields[2]});
  }
  return filters;
}

inline TopExpectation parseTopExpectation(const QString& path,
                                          const QMap<QString, QPair<QString, QString>>& filters) {
  TopExpectation expectation;
  // The answer is DIR/expected/FILE and its profiles are in DIR.
  expectation.dir = QDir::cleanPath(QFileInfo(path).absolutePath() + QStringLiteral("/.."));
  expectation.fileName = QFileInfo(path).fileName();
  QStringList parts =
      expectation.fileName.chopped(QStringLiteral(".top.txt").size()).split(QLatin1Char('.'));
  expectation.profile = parts.takeFirst();
  if (!parts.isEmpty() && parts.first().startsWith(QLatin1String("diff_base_")))
    expectation.base = parts.takeFirst().mid(QStringLiteral("diff_base_").size());
  if (parts.isEmpty()) {
    expectation.error = QStringLiteral("no sample type in the name");
    return expectation;
  }
  expectation.sampleType = parts.takeFirst();
  if (!parts.isEmpty()) {
    const auto filter = filters.value(expectation.fileName);
    expectation.filterName = filter.first;
    expectation.filterRegex = filter.second;
    if (expectation.filterName != parts.first()) {
      expectation.error = QStringLiteral("filters.txt has no '%1' line").arg(parts.first());
      return expectation;
    }
  }

  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    expectation.error = file.errorString();
    return expectation;
  }
  expectation.text = QString::fromUtf8(file.readAll());
  static const QRegularExpression kShowing(
      QStringLiteral("^Showing nodes accounting for (\\S+), \\S+ of (\\S+) total$"));
  // "%10s %s %s %10s %s  %s%s": values may be wider than 10, so split on blanks.
  static const QRegularExpression kRow(
      QStringLiteral("^\\s*(\\S+)\\s+\\S+%\\s+\\S+%\\s+(\\S+)\\s+\\S+%  (.+?)(?: "
                     "\\((inline|partial-inline)\\))?$"));
  bool inTable = false;
  bool sawShowing = false;
  for (const QString& line : expectation.text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    if (inTable) {
      const QRegularExpressionMatch match = kRow.match(line);
      ExpectedRow row;
      if (!match.hasMatch() || !parseValue(match.captured(1), row.flat) ||
          !parseValue(match.captured(2), row.cum)) {
        expectation.error = QStringLiteral("unreadable row '%1'").arg(line);
        return expectation;
      }
      row.function = match.captured(3);
      row.inlineMark = match.captured(4);
      expectation.rows.append(row);
    } else if (const QRegularExpressionMatch match = kShowing.match(line); match.hasMatch()) {
      sawShowing = true;
      if (!parseValue(match.captured(1), expectation.shownFlat) ||
          !parseValue(match.captured(2), expectation.total)) {
        expectation.error = QStringLiteral("unreadable '%1'").arg(line);
        return expectation;
      }
      const QString total = match.captured(2);
      expectation.unit = total.endsWith(QLatin1String("ns")) ? QStringLiteral("ns")
                         : total.endsWith(QLatin1Char('B'))  ? QStringLiteral("B")
                                                             : QStringLiteral("count");
    } else if (line.trimmed().startsWith(QLatin1String("flat  flat%"))) {
      inTable = true;
    }
  }
  if (!sawShowing || !inTable)
    expectation.error = QStringLiteral("no 'Showing nodes' line or no table");
  return expectation;
}

// Every saved -top answer of one fixture folder, sorted by file name.
inline QList<TopExpectation> readTopExpectations(const QString& fixtureDir) {
  const auto filters = readFilterOptions(fixtureDir);
  QList<TopExpectation> expectations;
  const QDir dir(fixtureDir + QStringLiteral("/expected"));
  const QStringList files = dir.entryList({QStringLiteral("*.top.txt")}, QDir::Files, QDir::Name);
  for (const QString& file : files)
    expectations.append(parseTopExpectation(dir.filePath(file), filters));
  return expectations;
}

// Every saved -top answer of every folder of goPprofDirs().
inline QList<TopExpectation> readTopExpectations() {
  QList<TopExpectation> expectations;
  for (const QString& dir : goPprofDirs())
    expectations.append(readTopExpectations(dir));
  return expectations;
}

// "go-pprof-prometheus/heap.inuse_space.top.txt": unique over all folders, for row names.
inline QString testName(const TopExpectation& expectation) {
  return QFileInfo(expectation.dir).fileName() + QLatin1Char('/') + expectation.fileName;
}

inline QString fixturePath(const QString& profile, const QString& dir = goPprofDir()) {
  return dir + QLatin1Char('/') + profile + QStringLiteral(".pb.gz");
}

}  // namespace sightline::pprof_test
