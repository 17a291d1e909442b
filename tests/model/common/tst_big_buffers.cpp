// Big buffers: huge pages and prefaulting only prepare memory; whatever the owner writes stays.
#include <QtTest>

#include <cstdint>
#include <numeric>
#include <vector>

#include "model/common/big_buffers.h"

using namespace sightline;

class TestBigBuffers : public QObject {
  Q_OBJECT

 private slots:
  void ownerWritesSurvive() {
    const std::size_t count = (64u << 20) / sizeof(std::uint64_t);
    std::vector<std::uint64_t> values;
    values.reserve(count);
    {
      const BackgroundPrefault prefault(values.data(), count * sizeof(std::uint64_t));
      for (std::size_t i = 0; i < count; ++i)
        values.push_back(i * 2654435761u);
    }
    for (std::size_t i = 0; i < count; i += 4099)
      QCOMPARE(values[i], std::uint64_t(i * 2654435761u));
    std::uint64_t expected = 0;
    for (std::size_t i = 0; i < count; ++i)
      expected += i * 2654435761u;
    QCOMPARE(std::accumulate(values.begin(), values.end(), std::uint64_t{0}), expected);
  }

  // reserveBig only reserves (and advises): the buffer fills as usual up to its capacity,
  // without moving.
  void reserveBigKeepsTheBufferWhereItIs() {
    std::vector<std::uint32_t> buffer;
    reserveBig(buffer, 5'000'000);
    QVERIFY(buffer.capacity() >= 5'000'000u);
    QVERIFY(buffer.empty());
    const std::uint32_t* before = buffer.data();
    buffer.assign(5'000'000, 7u);
    QCOMPARE(buffer.data(), before);
    QCOMPARE(buffer[4'999'999], 7u);
  }

  void smallAndEmptyBuffersAreLeftAlone() {
    std::vector<char> small(1024, 'x');
    { const BackgroundPrefault prefault(small.data(), small.size()); }
    { const BackgroundPrefault prefault(nullptr, std::size_t{1} << 30); }
    QCOMPARE(small.back(), 'x');
  }
};

QTEST_GUILESS_MAIN(TestBigBuffers)
#include "tst_big_buffers.moc"
