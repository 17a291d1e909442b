// BackgroundPrefault only prepares pages: whatever the owner writes meanwhile stays written.
#include <QtTest>

#include <cstdint>
#include <numeric>
#include <vector>

#include "model/background_prefault.h"

using namespace sightline;

class TestBackgroundPrefault : public QObject {
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

  void smallAndEmptyBuffersAreLeftAlone() {
    std::vector<char> small(1024, 'x');
    { const BackgroundPrefault prefault(small.data(), small.size()); }
    { const BackgroundPrefault prefault(nullptr, std::size_t{1} << 30); }
    QCOMPARE(small.back(), 'x');
  }
};

QTEST_GUILESS_MAIN(TestBackgroundPrefault)
#include "tst_background_prefault.moc"
