// ImportOptions::onProfileDecoded: the profile a viewer may show while the import stores it.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>
#include <memory>

#include "importers/core/file_importer.h"
#include "model/profiles/profile_queries.h"
#include "tests/importers/otlp/otlp_test_support.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;
using namespace sightline::test;
using Outcome = FileImportResult::Outcome;

class TestFileImporterDecoded : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;
  int m_files = 0;

  std::string write(const QString& name, const std::string& bytes) {
    const std::string path = m_dir.filePath(QString::number(++m_files) + name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::size_t storedProfiles() {
    Status status;
    const auto profiles = listProfiles(*m_workspace, &status);
    return profiles.size();
  }

 private slots:
  void init() {
    Status status;
    m_workspace = Workspace::open(
        m_dir.filePath(QStringLiteral("w%1.sightline").arg(++m_files)).toStdString(),
        Workspace::Mode::ReadWrite, &status);
    QVERIFY2(m_workspace, status.message().c_str());
  }
  void cleanup() { m_workspace.reset(); }

  void firesOnceBeforeTheProfileIsStored_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("pprof") << QStringLiteral("go-pprof/cpu.pb.gz");
    QTest::newRow("collapsed") << QStringLiteral("collapsed/simple.txt");
  }
  void firesOnceBeforeTheProfileIsStored() {
    QFETCH(QString, fixture);
    const std::string path =
        write(QFileInfo(fixture).fileName(), fileBytes(testData(fixture.toStdString())));
    std::vector<std::shared_ptr<const ProfileData>> decoded;
    std::size_t storedWhenDecoded = 1;
    ImportOptions options;
    options.onProfileDecoded = [&](std::shared_ptr<const ProfileData> profile) {
      decoded.push_back(std::move(profile));
      storedWhenDecoded = storedProfiles();
    };
    const FileImportResult result = importFile(*m_workspace, path, options);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(decoded.size(), std::size_t(1));
    QVERIFY(decoded.front());
    QCOMPARE(storedWhenDecoded, std::size_t(0));

    // The shared profile is the one that was stored, untouched by the writer.
    QCOMPARE(result.profileIds.size(), std::size_t(1));
    Status status;
    const auto stored = loadProfile(*m_workspace, result.profileIds.front(), &status);
    QVERIFY2(stored, status.message().c_str());
    QCOMPARE(dumpProfile(*decoded.front()), dumpProfile(*stored));
    QCOMPARE(decoded.front()->samples.size(), std::size_t(result.samples));

    // The same bytes again (the hash runs beside the decoding): skipped, nothing handed
    // over, nothing written.
    decoded.clear();
    const FileImportResult again =
        importFile(*m_workspace,
                   write(QStringLiteral("again-") + QFileInfo(fixture).fileName(),
                         fileBytes(testData(fixture.toStdString()))),
                   options);
    QVERIFY(again.outcome == Outcome::Skipped);
    QCOMPARE(again.sourceId, result.sourceId);
    QVERIFY(decoded.empty());
    QCOMPARE(storedProfiles(), std::size_t(1));
  }

  void doesNotFireForABadFile_data() {
    QTest::addColumn<QByteArray>("bytes");
    const std::string raw = decompressed(fileBytes(testData("go-pprof/cpu.pb.gz")));
    QTest::newRow("pprof cut in half")
        << QByteArray::fromStdString(gzipCompress(raw.substr(0, raw.size() / 2)));
    QTest::newRow("pprof with a wrong wire type")
        << QByteArray::fromStdString(raw + std::string("\x4a\x01\x00", 3));
    QTest::newRow("collapsed with a bad count")
        << QByteArray("main;a 1\nmain;b 2\nmain;c 3\nmain;d -4\n");
    QTest::newRow("not a profile") << QByteArray("hello\n");
  }
  void doesNotFireForABadFile() {
    QFETCH(QByteArray, bytes);
    int calls = 0;
    ImportOptions options;
    options.onProfileDecoded = [&](const std::shared_ptr<const ProfileData>&) { ++calls; };
    const FileImportResult result =
        importFile(*m_workspace, write(QStringLiteral("bad.txt"), bytes.toStdString()), options);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QCOMPARE(calls, 0);
    QVERIFY(result.profileIds.empty());
    QCOMPARE(storedProfiles(), std::size_t(0));
  }

  // A profile the viewer already has can still be rolled back: the result says so.
  void cancelAfterDecodingRollsBack() {
    std::atomic<bool> cancel{false};
    int calls = 0;
    ImportOptions options;
    options.cancel = &cancel;
    options.onProfileDecoded = [&](const std::shared_ptr<const ProfileData>&) {
      ++calls;
      cancel = true;
    };
    const FileImportResult result = importFile(
        *m_workspace, write(QStringLiteral("cpu.pb.gz"), fileBytes(testData("go-pprof/cpu.pb.gz"))),
        options);
    QCOMPARE(calls, 1);
    QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
    QVERIFY(result.profileIds.empty());
    QCOMPARE(storedProfiles(), std::size_t(0));
  }
};

QTEST_GUILESS_MAIN(TestFileImporterDecoded)
#include "tst_file_importer_decoded.moc"
