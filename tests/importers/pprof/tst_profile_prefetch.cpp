// ProfilePrefetch: profiles decoded ahead of their import (the GUI's command-line files). The
// import of a prefetched file must store exactly what an import that decodes gives, and a
// prefetch must never hand over a profile that is not the file's current content.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <tuple>

#include "importers/core/file_importer.h"
#include "importers/pprof/profile_prefetch.h"
#include "model/profiles/profile_queries.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;
using namespace sightline::test;
using Outcome = FileImportResult::Outcome;

class TestProfilePrefetch : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  int m_files = 0;

  std::string copyOf(const std::string& fixture) {
    const std::string path = m_dir
                                 .filePath(QString::number(++m_files) + QStringLiteral("-") +
                                           QFileInfo(QString::fromStdString(fixture)).fileName())
                                 .toStdString();
    std::ofstream(path, std::ios::binary) << fileBytes(testData(fixture));
    return path;
  }

  std::unique_ptr<Workspace> openWorkspace() {
    Status status;
    auto workspace = Workspace::open(
        m_dir.filePath(QStringLiteral("w%1.sightline").arg(++m_files)).toStdString(),
        Workspace::Mode::ReadWrite, &status);
    if (!workspace)
      qFatal("%s", status.message().c_str());
    return workspace;
  }

 private slots:
  void decodesWhatAnImportDecodes_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("pprof") << QStringLiteral("go-pprof/heap.pb.gz");
    QTest::newRow("collapsed") << QStringLiteral("collapsed/simple.txt");
  }
  void decodesWhatAnImportDecodes() {
    QFETCH(QString, fixture);
    const std::string path = copyOf(fixture.toStdString());
    ProfilePrefetch prefetch({path});
    const auto prefetched = prefetch.take(path);
    QVERIFY(prefetched);
    QVERIFY(prefetched->unchanged());
    QCOMPARE(prefetched->path, path);
    QVERIFY(prefetched->digest.ok);
    QCOMPARE(prefetched->digest.bytes, std::uint64_t(std::filesystem::file_size(path)));

    std::string error;
    std::string formatId;
    const auto direct = readProfileFile(path, &error, {}, &formatId);
    QVERIFY2(direct, error.c_str());
    QCOMPARE(prefetched->formatId, formatId);
    QCOMPARE(dumpProfile(*prefetched->profile), dumpProfile(*direct));
    // Handed over once.
    QVERIFY(!prefetch.take(path));
  }

  // The same file imported with and without its prefetched profile: the same outcome, the
  // same counts, the same stored profile, and the viewer's callback fires once either way.
  void importOfAPrefetchedFileStoresTheSame() {
    const std::string path = copyOf("go-pprof/cpu.pb.gz");
    const auto store = [&](std::shared_ptr<const PrefetchedProfile> prefetched,
                           std::shared_ptr<const ProfileData>& shown) {
      auto workspace = openWorkspace();
      ImportOptions options;
      options.prefetched = std::move(prefetched);
      // The whole file counts as read by the time the profile is shown.
      bool readWhenShown = false;
      std::uint64_t lastRead = 0;
      std::uint64_t lastTotal = 0;
      options.onProgress = [&](const ImportProgress& progress) {
        lastRead = progress.bytesRead;
        lastTotal = progress.bytesTotal;
      };
      options.onProfileDecoded = [&](std::shared_ptr<const ProfileData> profile) {
        QVERIFY(!shown);
        shown = std::move(profile);
        readWhenShown = lastTotal > 0 && lastRead == lastTotal;
      };
      FileImportResult result = importFile(*workspace, path, options);
      Status status;
      const auto stored = result.profileIds.size() == 1
                              ? loadProfile(*workspace, result.profileIds.front(), &status)
                              : std::nullopt;
      return std::make_tuple(result, stored ? dumpProfile(*stored) : std::string(), readWhenShown);
    };
    ProfilePrefetch prefetch({path});
    const auto prefetched = prefetch.take(path);
    QVERIFY(prefetched);
    std::shared_ptr<const ProfileData> shownPrefetched;
    std::shared_ptr<const ProfileData> shownDecoded;
    const auto [withPrefetch, storedWith, readWith] = store(prefetched, shownPrefetched);
    const auto [decoding, storedWithout, readWithout] = store(nullptr, shownDecoded);
    QVERIFY(readWith);
    QVERIFY(readWithout);
    QVERIFY2(withPrefetch.outcome == Outcome::Imported, withPrefetch.error.c_str());
    QVERIFY(decoding.outcome == Outcome::Imported);
    QCOMPARE(withPrefetch.formatId, decoding.formatId);
    QCOMPARE(withPrefetch.bytes, decoding.bytes);
    QCOMPARE(withPrefetch.profiles, decoding.profiles);
    QCOMPARE(withPrefetch.samples, decoding.samples);
    QVERIFY(!storedWith.empty());
    QCOMPARE(storedWith, storedWithout);
    // The viewer got the prefetched profile itself, not a copy.
    QCOMPARE(shownPrefetched.get(), prefetched->profile.get());
    QVERIFY(shownDecoded);
  }

  void duplicateOfAPrefetchedFileIsSkipped() {
    const std::string first = copyOf("go-pprof/cpu.pb.gz");
    const std::string second = copyOf("go-pprof/cpu.pb.gz");
    auto workspace = openWorkspace();
    const FileImportResult stored = importFile(*workspace, first);
    QVERIFY(stored.outcome == Outcome::Imported);
    ProfilePrefetch prefetch({second});
    ImportOptions options;
    options.prefetched = prefetch.take(second);
    QVERIFY(options.prefetched);
    int shown = 0;
    options.onProfileDecoded = [&](const std::shared_ptr<const ProfileData>&) { ++shown; };
    const FileImportResult again = importFile(*workspace, second, options);
    QVERIFY(again.outcome == Outcome::Skipped);
    QCOMPARE(again.sourceId, stored.sourceId);
    QCOMPARE(shown, 0);
  }

  // A file written to after it was prefetched is decoded again by its import.
  void changedFileIsDecodedAgain() {
    const std::string path = copyOf("go-pprof/cpu.pb.gz");
    ProfilePrefetch prefetch({path});
    const auto prefetched = prefetch.take(path);
    QVERIFY(prefetched);
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        << fileBytes(testData("go-pprof/heap.pb.gz"));
    std::filesystem::last_write_time(
        path, std::filesystem::last_write_time(path) + std::chrono::seconds(5));
    QVERIFY(!prefetched->unchanged());

    auto workspace = openWorkspace();
    ImportOptions options;
    options.prefetched = prefetched;
    const FileImportResult result = importFile(*workspace, path, options);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    Status status;
    const auto stored = loadProfile(*workspace, result.profileIds.at(0), &status);
    QVERIFY(stored);
    QCOMPARE(dumpProfile(*stored), dumpProfile(readGoProfile("heap")));
  }

  // Not profiles, not there, not decodable: nothing is handed over, and the import then
  // reports the file as it always did.
  void givesNothingForOtherFiles() {
    const std::string trace = copyOf("otel-js/traces.otlp.pb");
    const std::string missing = m_dir.filePath(QStringLiteral("missing.pb.gz")).toStdString();
    const std::string raw = decompressed(fileBytes(testData("go-pprof/cpu.pb.gz")));
    const std::string broken = m_dir.filePath(QStringLiteral("broken.pb")).toStdString();
    std::ofstream(broken, std::ios::binary) << raw.substr(0, raw.size() / 2);
    const std::string profile = copyOf("go-pprof/heap.pb.gz");

    ProfilePrefetch prefetch({trace, missing, broken, profile});
    QVERIFY(!prefetch.take(m_dir.filePath(QStringLiteral("never-asked")).toStdString()));
    QVERIFY(!prefetch.take(trace));
    QVERIFY(!prefetch.take(missing));
    QVERIFY(!prefetch.take(broken));
    QVERIFY(prefetch.take(profile));

    auto workspace = openWorkspace();
    const FileImportResult failed = importFile(*workspace, broken);
    QVERIFY(failed.outcome == Outcome::Failed);
    QVERIFY2(failed.error.find("at byte") != std::string::npos, failed.error.c_str());
  }

  // Destroyed at once with files still to decode: it stops instead of decoding them all
  // (20,000 decodes of the fixture take ~20 s on our build machine; 5 s are allowed).
  void destructionStopsTheDecoding() {
    const std::string path = copyOf("go-pprof/cpu.pb.gz");
    const auto start = std::chrono::steady_clock::now();
    { ProfilePrefetch prefetch(std::vector<std::string>(20000, path)); }
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  }

  // A cancelled import gets nothing, decoded or not, and the profile is then gone.
  void cancelledTakeReturnsNothing() {
    const std::string path = copyOf("go-pprof/cpu.pb.gz");
    ProfilePrefetch prefetch({path});
    std::atomic<bool> cancel{true};
    QVERIFY(!prefetch.take(path, &cancel));
    QVERIFY(!prefetch.take(path));
  }
};

QTEST_GUILESS_MAIN(TestProfilePrefetch)
#include "tst_profile_prefetch.moc"
