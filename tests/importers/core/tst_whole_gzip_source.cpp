// The libdeflate path for gzip input read whole must be indistinguishable from zlib streaming:
// the same bytes, the same errors after the same output, the same bomb guard.

#include <QDirIterator>
#include <QtTest>

#include <algorithm>
#include <vector>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_byte_source.h"
#include "importers/core/peeking_byte_source.h"
#include "tests/importers/otlp/otlp_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

struct Drained {
  std::string bytes;
  std::string error;
  std::uint64_t position = 0;
  std::uint64_t rawPosition = 0;
  std::uint64_t sizeHint = 0;
  bool rawMonotonic = true;
};

Drained drain(ByteSource& source) {
  Drained result;
  std::uint64_t lastRaw = 0;
  for (auto chunk = source.next(); !chunk.empty(); chunk = source.next()) {
    result.bytes.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    result.rawMonotonic = result.rawMonotonic && source.rawPosition() >= lastRaw;
    lastRaw = source.rawPosition();
  }
  if (!source.status())
    result.error = source.status().message();
  result.position = source.position();
  result.rawPosition = source.rawPosition();
  result.sizeHint = source.sizeHint();
  return result;
}

DecompressionOptions streamingOnly(DecompressionOptions options = {}) {
  options.wholeGzipMaxInput = 0;
  return options;
}

// Claims a size the stream does not have (a file that grew after it was opened) and can fail
// with a read error after `failAfter` bytes.
class ScriptedSource : public ByteSource {
 public:
  ScriptedSource(std::string data, std::size_t maxChunk, std::uint64_t claimedSize,
                 std::size_t failAfter = std::string::npos)
      : m_inner(std::move(data), maxChunk), m_claimedSize(claimedSize), m_failAfter(failAfter) {}

  std::span<const std::uint8_t> next() override {
    if (!m_status)
      return {};
    auto chunk = m_inner.next();
    if (m_inner.position() > m_failAfter) {
      m_status = Status::error("read error: disk on fire");
      return {};
    }
    return chunk;
  }
  const Status& status() const override { return m_status; }
  std::uint64_t position() const override { return m_inner.position(); }
  std::optional<std::uint64_t> totalSize() const override { return m_claimedSize; }

 private:
  MemoryByteSource m_inner;
  std::uint64_t m_claimedSize;
  std::size_t m_failAfter;
  Status m_status;
};

// Both paths over the same bytes.
std::pair<Drained, Drained> bothWays(const std::string& packed, DecompressionOptions options = {},
                                     std::size_t maxChunk = 256 * 1024) {
  auto whole = openDecompressed(std::make_unique<MemoryByteSource>(packed, maxChunk), options);
  auto streamed = openDecompressed(std::make_unique<MemoryByteSource>(packed, maxChunk),
                                   streamingOnly(options));
  return {drain(*whole), drain(*streamed)};
}

// Hands every chunk out of one buffer, overwritten at each call, like a file reader.
class ReusingSource : public ByteSource {
 public:
  ReusingSource(std::string data, std::size_t chunk) : m_data(std::move(data)), m_buffer(chunk) {}
  std::span<const std::uint8_t> next() override {
    std::fill(m_buffer.begin(), m_buffer.end(), std::uint8_t{0xee});
    const std::size_t size = std::min(m_buffer.size(), m_data.size() - m_position);
    std::copy_n(m_data.data() + m_position, size, m_buffer.begin());
    m_position += size;
    return {m_buffer.data(), size};
  }
  const Status& status() const override { return m_status; }
  std::uint64_t position() const override { return m_position; }

 private:
  std::string m_data;
  std::vector<std::uint8_t> m_buffer;
  std::size_t m_position = 0;
  Status m_status;
};

void setTrailerSize(std::string& packed, std::uint32_t size) {
  for (int i = 0; i < 4; ++i)
    packed[packed.size() - 4 + i] = static_cast<char>(size >> (8 * i));
}

std::string sampleText(std::size_t bytes) {
  std::string out;
  for (int i = 0; out.size() < bytes; ++i)
    out += "sample " + std::to_string(i) + " cost " + std::to_string(i * 7919 % 1000) + "ns\n";
  out.resize(bytes);
  return out;
}

#define COMPARE_DRAINED(whole, streamed)                   \
  do {                                                     \
    QVERIFY((whole).bytes == (streamed).bytes);            \
    QCOMPARE((whole).error, (streamed).error);             \
    QCOMPARE((whole).position, (streamed).position);       \
    QCOMPARE((whole).rawPosition, (streamed).rawPosition); \
  } while (false)

}  // namespace

class TestWholeGzipSource : public QObject {
  Q_OBJECT

 private slots:
  void fixturesMatchZlib() {
    int files = 0;
    QDirIterator it(QStringLiteral(SIGHTLINE_TEST_DATA_DIR), {QStringLiteral("*.gz")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const std::string path = it.next().toStdString();
      Status status;
      auto whole = openDecompressed(FileByteSource::open(path, &status));
      auto streamed = openDecompressed(FileByteSource::open(path, &status), streamingOnly());
      const Drained a = drain(*whole);
      const Drained b = drain(*streamed);
      QVERIFY2(a.error.empty(), a.error.c_str());
      COMPARE_DRAINED(a, b);
      QVERIFY(a.rawMonotonic);
      // Only the libdeflate path knows the size, and only when it did all the work.
      QCOMPARE(whole->sizeHint(), std::uint64_t(a.bytes.size()));
      QCOMPARE(streamed->sizeHint(), std::uint64_t(0));
      ++files;
    }
    QVERIFY(files >= 5);
  }

  void concatenatedMembers() {
    // The trailer describes only the last, tiny member, so the buffer has to grow.
    const std::string first(3 << 20, 'a');
    const std::string second = sampleText(70000);
    const std::string packed = gzipCompress(first) + gzipCompress(second) + gzipCompress("z");
    const auto [whole, streamed] = bothWays(packed, {}, 4096);
    QVERIFY(whole.bytes == first + second + "z");
    COMPARE_DRAINED(whole, streamed);
    QCOMPARE(whole.rawPosition, std::uint64_t(packed.size()));
    QVERIFY(whole.rawMonotonic);
    // Proves libdeflate did all of it rather than the fallback.
    QCOMPARE(whole.sizeHint, std::uint64_t(whole.bytes.size()));
    QCOMPARE(streamed.sizeHint, std::uint64_t(0));
  }

  void lyingTrailer_data() {
    QTest::addColumn<quint32>("isize");
    QTest::newRow("zero") << quint32(0);
    QTest::newRow("too small") << quint32(1000);
    QTest::newRow("too big") << quint32(0xfffffff0u);
  }
  void lyingTrailer() {
    QFETCH(quint32, isize);
    // A single member checks its own length, so a lie is corrupt data for both paths; after
    // a good member it only misleads the first guess of the output size.
    const std::string text = sampleText(300000);
    std::string liar = gzipCompress(text);
    setTrailerSize(liar, isize);
    const auto [whole, streamed] = bothWays(liar);
    QVERIFY(!whole.error.empty());
    QVERIFY2(whole.error.find("invalid gzip") != std::string::npos, whole.error.c_str());
    COMPARE_DRAINED(whole, streamed);

    const std::string good = gzipCompress(text);
    const auto [afterGood, afterGoodStreamed] = bothWays(good + liar);
    QVERIFY(afterGood.bytes.substr(0, text.size()) == text);
    COMPARE_DRAINED(afterGood, afterGoodStreamed);
  }

  void truncatedInputMatchesZlib() {
    const std::string first = gzipCompress(sampleText(20000));
    const std::string packed = first + gzipCompress(sampleText(3000));
    for (std::size_t cut = 0; cut < packed.size(); ++cut) {
      const auto [whole, streamed] = bothWays(packed.substr(0, cut));
      COMPARE_DRAINED(whole, streamed);
      // Fewer than two bytes is not gzip; a cut between members is a complete file.
      if (cut >= 2 && cut != first.size())
        QVERIFY2(whole.error.find("truncated") != std::string::npos, whole.error.c_str());
    }
  }

  void corruptInputMatchesZlib() {
    const std::string packed = gzipCompress(sampleText(20000)) + gzipCompress(sampleText(3000));
    int failures = 0;
    for (std::size_t i = 0; i < packed.size(); ++i) {
      for (char mask : {'\x01', '\x5a', '\xff'}) {
        std::string corrupt = packed;
        corrupt[i] = static_cast<char>(corrupt[i] ^ mask);
        const auto [whole, streamed] = bothWays(corrupt);
        COMPARE_DRAINED(whole, streamed);
        failures += whole.error.empty() ? 0 : 1;
      }
    }
    QVERIFY(failures > 0);
    // Garbage after the last member is an error too, as it always was.
    const auto [whole, streamed] = bothWays(packed + std::string(8, '\0'));
    QVERIFY(!whole.error.empty());
    COMPARE_DRAINED(whole, streamed);
  }

  void bombGuard() {
    const std::string packed = gzipCompress(std::string(1 << 20, '\0'));
    DecompressionOptions options;
    options.maxDecompressedBytes = 100000;
    const auto [whole, streamed] = bothWays(packed, options);
    QVERIFY2(whole.error.find("exceeds the limit of 100000 bytes") != std::string::npos,
             whole.error.c_str());
    COMPARE_DRAINED(whole, streamed);

    // Exactly at the limit is still fine.
    options.maxDecompressedBytes = 1 << 20;
    const auto [atLimit, atLimitStreamed] = bothWays(packed, options);
    QVERIFY2(atLimit.error.empty(), atLimit.error.c_str());
    COMPARE_DRAINED(atLimit, atLimitStreamed);
    QCOMPARE(atLimit.sizeHint, std::uint64_t(1 << 20));
  }

  void bombGuardAfterFirstMember() {
    const std::string packed =
        gzipCompress(sampleText(60000)) + gzipCompress(std::string(1 << 20, '\0'));
    DecompressionOptions options;
    options.maxDecompressedBytes = 500000;
    const auto [whole, streamed] = bothWays(packed, options);
    QVERIFY(whole.error.find("exceeds the limit") != std::string::npos);
    COMPARE_DRAINED(whole, streamed);
  }

  void outputCapFallsBackToZlib() {
    const std::string packed =
        gzipCompress(sampleText(200000)) + gzipCompress(sampleText(900000)) + gzipCompress("!");
    DecompressionOptions options;
    options.wholeGzipMaxOutput = 500000;
    auto source = openDecompressed(std::make_unique<MemoryByteSource>(packed, 1000), options);
    const Drained whole = drain(*source);
    QCOMPARE(source->sizeHint(), std::uint64_t(0));
    const auto [unused, streamed] = bothWays(packed, {}, 1000);
    QVERIFY(whole.error.empty());
    COMPARE_DRAINED(whole, streamed);
    QVERIFY(whole.rawMonotonic);
  }

  void inputThatGrowsPastTheCap() {
    const std::string packed =
        gzipCompress(sampleText(100000)) + gzipCompress(sampleText(400000)) + gzipCompress("!");
    DecompressionOptions options;
    options.wholeGzipMaxInput = packed.size() / 2;
    auto source = openDecompressed(
        std::make_unique<ScriptedSource>(packed, 3000, options.wholeGzipMaxInput), options);
    const Drained whole = drain(*source);
    const auto [unused, streamed] = bothWays(packed, {}, 3000);
    QVERIFY2(whole.error.empty(), whole.error.c_str());
    COMPARE_DRAINED(whole, streamed);
  }

  void readErrorIsReported() {
    const std::string packed = gzipCompress(sampleText(100000)) + gzipCompress(sampleText(90000));
    for (std::size_t failAfter : {std::size_t(10), packed.size() / 2, packed.size() - 1}) {
      auto whole = openDecompressed(
          std::make_unique<ScriptedSource>(packed, 2000, packed.size(), failAfter));
      auto streamed =
          openDecompressed(std::make_unique<ScriptedSource>(packed, 2000, packed.size(), failAfter),
                           streamingOnly());
      const Drained a = drain(*whole);
      const Drained b = drain(*streamed);
      QVERIFY2(a.error.find("disk on fire") != std::string::npos, a.error.c_str());
      COMPARE_DRAINED(a, b);
    }
  }

  void peekingForwardsTheHints() {
    const std::string text = sampleText(123456);
    auto file = std::make_unique<MemoryByteSource>(gzipCompress(text));
    QVERIFY(file->totalSize().has_value());
    PeekingByteSource source(openDecompressed(std::move(file)));
    QCOMPARE(source.peek(4).size(), std::size_t(4));
    QCOMPARE(source.sizeHint(), std::uint64_t(text.size()));
    QVERIFY(drain(source).bytes == text);
  }

  // What the pprof reader relies on to decode in place: after a peek, nextAll() gives the
  // whole output as one chunk, where the decompressor put it, and the source then ends.
  void nextAllHandsOutTheWholeOutputAfterAPeek() {
    const std::string text = sampleText(3 << 20);  // several 256 KiB chunks
    PeekingByteSource source(
        openDecompressed(std::make_unique<MemoryByteSource>(gzipCompress(text))));
    const auto head = source.peek(4096);
    QVERIFY(std::equal(head.begin(), head.end(), text.begin()));
    QVERIFY(source.keepsChunks());
    const auto all = source.nextAll();
    QCOMPARE(all.size(), text.size());
    QCOMPARE(all.size(), std::size_t(source.sizeHint()));
    QVERIFY(std::equal(all.begin(), all.end(), text.begin()));
    QCOMPARE(source.position(), std::uint64_t(text.size()));
    QVERIFY(source.next().empty());
    QVERIFY(source.status().isOk());
  }

  // A peek longer than the first chunk copies; nextAll() then hands out the copied head
  // and the rest follows: the bytes are the same either way.
  void nextAllAfterALongPeek() {
    const std::string text = sampleText(1 << 20);
    PeekingByteSource source(std::make_unique<ReusingSource>(text, 1000));
    QVERIFY(!source.keepsChunks());
    QCOMPARE(source.peek(4096).size(), std::size_t(4096));
    std::string read;
    for (auto chunk = source.nextAll(); !chunk.empty(); chunk = source.nextAll())
      read.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    QVERIFY(read == text);
    QCOMPARE(source.position(), std::uint64_t(text.size()));
  }

  // A source that reuses its buffer: the peeked head must be handed out before the source
  // is asked again, chunk by chunk, whatever mix of next() and nextAll() the reader uses.
  void peekedHeadSurvivesAReusedBuffer_data() {
    QTest::addColumn<int>("peek");
    QTest::addColumn<bool>("all");
    for (int peek : {1, 999, 1000, 1001, 5000}) {
      QTest::addRow("peek %d, next", peek) << peek << false;
      QTest::addRow("peek %d, nextAll", peek) << peek << true;
    }
  }
  void peekedHeadSurvivesAReusedBuffer() {
    QFETCH(int, peek);
    QFETCH(bool, all);
    const std::string text = sampleText(20000);
    PeekingByteSource source(std::make_unique<ReusingSource>(text, 1000));
    const auto head = source.peek(static_cast<std::size_t>(peek));
    QCOMPARE(head.size(), std::size_t(peek));
    QVERIFY(std::equal(head.begin(), head.end(), text.begin()));
    std::string read;
    for (auto chunk = all ? source.nextAll() : source.next(); !chunk.empty();
         chunk = all ? source.nextAll() : source.next()) {
      read.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    }
    QVERIFY(read == text);
  }

  // A small file whose peek took the whole output: the source is not asked for its end
  // (which frees the output) while the head is still to be handed out.
  void nextAllWhenThePeekTookEverything() {
    const std::string text = sampleText(3000);
    PeekingByteSource source(
        openDecompressed(std::make_unique<MemoryByteSource>(gzipCompress(text))));
    QCOMPARE(source.peek(4096).size(), text.size());
    const auto all = source.nextAll();
    QVERIFY(std::string(reinterpret_cast<const char*>(all.data()), all.size()) == text);
    QVERIFY(source.nextAll().empty());
    QVERIFY(source.status().isOk());
  }
};

QTEST_GUILESS_MAIN(TestWholeGzipSource)
#include "tst_whole_gzip_source.moc"
