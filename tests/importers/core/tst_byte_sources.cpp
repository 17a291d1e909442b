#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_byte_source.h"
#include "importers/core/peeking_byte_source.h"
#include "tests/importers/otlp/otlp_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// Drains a source; returns everything it handed out.
std::string drain(ByteSource& source, std::size_t* chunks = nullptr) {
  std::string out;
  for (auto chunk = source.next(); !chunk.empty(); chunk = source.next()) {
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    if (chunks)
      ++*chunks;
  }
  return out;
}

// Compressible but not trivial: text-like lines with counters.
std::string sampleText(std::size_t bytes) {
  std::string out;
  for (int i = 0; out.size() < bytes; ++i) {
    out += "span " + std::to_string(i) + " took " + std::to_string(i * 7919 % 1000) + "ms\n";
  }
  out.resize(bytes);
  return out;
}

std::string compress(bool zstd, const std::string& data) {
  return zstd ? zstdCompress(data) : gzipCompress(data);
}

}  // namespace

class TestByteSources : public QObject {
  Q_OBJECT

 private slots:
  void memorySourceHonoursMaxChunk() {
    MemoryByteSource source("abcdefg", 3);
    std::size_t chunks = 0;
    QCOMPARE(drain(source, &chunks), std::string("abcdefg"));
    QCOMPARE(chunks, std::size_t(3));
    QCOMPARE(source.position(), std::uint64_t(7));
    QVERIFY(source.status().isOk());
  }

  void fileSourceReadsInChunks() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("data.bin")).toStdString();
    const std::string data = sampleText(10000);
    std::ofstream(path, std::ios::binary) << data;
    Status status;
    auto source = FileByteSource::open(path, &status, 4096);
    QVERIFY(source);
    QCOMPARE(source->size(), std::uint64_t(10000));
    std::size_t chunks = 0;
    QCOMPARE(drain(*source, &chunks), data);
    QCOMPARE(chunks, std::size_t(3));
    QCOMPARE(source->position(), std::uint64_t(10000));

    QVERIFY(!FileByteSource::open(path + ".missing", &status));
    QVERIFY(status.message().find("cannot open") != std::string::npos);
  }

  void peekingReplaysTheHead() {
    auto inner = std::make_unique<MemoryByteSource>("0123456789", 2);
    PeekingByteSource source(std::move(inner));
    const auto head = source.peek(5);
    QCOMPARE(std::string(reinterpret_cast<const char*>(head.data()), head.size()),
             std::string("01234"));
    QCOMPARE(drain(source), std::string("0123456789"));
    QCOMPARE(source.position(), std::uint64_t(10));
    PeekingByteSource shortSource(std::make_unique<MemoryByteSource>("ab"));
    QCOMPARE(shortSource.peek(100).size(), std::size_t(2));
    QCOMPARE(drain(shortSource), std::string("ab"));
  }

  void detectsCompressionByMagic() {
    auto detect = [](const std::string& bytes) {
      return detectCompression({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    };
    QCOMPARE(detect(gzipCompress("x")), Compression::Gzip);
    QCOMPARE(detect(zstdCompress("x")), Compression::Zstd);
    QCOMPARE(detect("\x0a\x10"), Compression::None);
    QCOMPARE(detect("\x1f"), Compression::None);
    QCOMPARE(detect(""), Compression::None);
  }

  void decompresses_data() {
    QTest::addColumn<bool>("zstd");
    QTest::addColumn<int>("chunk");
    QTest::newRow("gzip") << false << (1 << 16);
    QTest::newRow("gzip 1-byte") << false << 1;
    QTest::newRow("zstd") << true << (1 << 16);
    QTest::newRow("zstd 1-byte") << true << 1;
  }
  void decompresses() {
    QFETCH(bool, zstd);
    QFETCH(int, chunk);
    // Big enough that one input chunk fills the output buffer several times.
    const std::string first = sampleText(900000);
    const std::string second = sampleText(1234);
    const std::string packed = compress(zstd, first) + compress(zstd, second);
    auto source = openDecompressed(
        std::make_unique<MemoryByteSource>(packed, static_cast<std::size_t>(chunk)));
    QVERIFY(drain(*source) == first + second);
    QVERIFY2(source->status().isOk(), source->status().message().c_str());
    QCOMPARE(source->position(), std::uint64_t(first.size() + second.size()));
    QCOMPARE(source->rawPosition(), std::uint64_t(packed.size()));
  }

  void truncatedStreamsFail_data() {
    QTest::addColumn<bool>("zstd");
    QTest::newRow("gzip") << false;
    QTest::newRow("zstd") << true;
  }
  void truncatedStreamsFail() {
    QFETCH(bool, zstd);
    const std::string packed = compress(zstd, sampleText(50000));
    for (std::size_t cut :
         {packed.size() - 1, packed.size() - 5, packed.size() / 2, std::size_t(zstd ? 4 : 2)}) {
      auto source = openDecompressed(std::make_unique<MemoryByteSource>(packed.substr(0, cut)));
      drain(*source);
      QVERIFY2(!source->status().isOk(), qPrintable(QStringLiteral("cut at %1").arg(cut)));
      QVERIFY2(source->status().message().find("truncated") != std::string::npos,
               source->status().message().c_str());
    }
  }

  void corruptStreamsFail_data() { truncatedStreamsFail_data(); }
  void corruptStreamsFail() {
    QFETCH(bool, zstd);
    std::string packed = compress(zstd, sampleText(50000));
    for (std::size_t i = 12; i < 40; ++i)
      packed[i] = static_cast<char>(packed[i] ^ 0x5a);
    auto source = openDecompressed(std::make_unique<MemoryByteSource>(packed));
    drain(*source);
    QVERIFY(!source->status().isOk());
    QVERIFY2(source->status().message().find(zstd ? "invalid zstd" : "invalid gzip") !=
                 std::string::npos,
             source->status().message().c_str());
  }

  void decompressionBombGuard_data() { truncatedStreamsFail_data(); }
  void decompressionBombGuard() {
    QFETCH(bool, zstd);
    const std::string packed = compress(zstd, std::string(1 << 20, '\0'));
    DecompressionOptions options;
    options.maxDecompressedBytes = 100000;
    auto source = openDecompressed(std::make_unique<MemoryByteSource>(packed), options);
    const std::string out = drain(*source);
    QVERIFY(out.size() <= 100000 + (256 << 10));
    QVERIFY(!source->status().isOk());
    QVERIFY2(
        source->status().message().find("exceeds the limit of 100000 bytes") != std::string::npos,
        source->status().message().c_str());
  }

  void plainDataPassesThrough() {
    auto source =
        openDecompressed(std::make_unique<MemoryByteSource>(std::string("\x0a\x00plain", 7), 1));
    QCOMPARE(drain(*source), std::string("\x0a\x00plain", 7));
    QCOMPARE(source->rawPosition(), std::uint64_t(7));
  }
};

QTEST_GUILESS_MAIN(TestByteSources)
#include "tst_byte_sources.moc"
