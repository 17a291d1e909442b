#pragma once

#include <cstddef>
#include <thread>
#include <vector>

namespace sightline {

// Large buffers that the analyses of a big profile walk at random (call-tree nodes, child
// indices, node maps: tens of MB each). Two costs dominate there on our build machine, a
// VM: the page fault at the first write of each 4 KiB page (~0.6 ms per MB), and the TLB
// misses of random reads. Transparent huge pages (2 MiB) remove most of both; prefaulting
// on another core hides the rest. Buffers under kBigBufferBytes are left alone, and where
// the kernel offers neither (not Linux, THP disabled) these do nothing.
inline constexpr std::size_t kBigBufferBytes = std::size_t{8} << 20;

// Asks for huge pages for [data, data + bytes): call it before the first write.
void adviseHugePages(const void* data, std::size_t bytes);

// Reserves room for `count` elements and advises huge pages for it, so that a following
// assign()/resize()/push_back() up to `count` fills huge pages.
template <typename T>
void reserveBig(std::vector<T>& buffer, std::size_t count) {
  buffer.reserve(count);
  adviseHugePages(buffer.data(), buffer.capacity() * sizeof(T));
}

// Advises huge pages for a freshly allocated buffer, then faults its pages in on a thread
// of its own while the owner fills it from the start (MADV_POPULATE_WRITE, which writes
// nothing: the owner's bytes are never touched).
class BackgroundPrefault {
 public:
  BackgroundPrefault() = default;
  BackgroundPrefault(const void* data, std::size_t bytes);
  // Waits for the thread: the buffer must outlive the prefault.
  ~BackgroundPrefault() { wait(); }
  BackgroundPrefault(const BackgroundPrefault&) = delete;
  BackgroundPrefault& operator=(const BackgroundPrefault&) = delete;

  void wait() {
    if (m_thread.joinable())
      m_thread.join();
  }

 private:
  std::thread m_thread;
};

}  // namespace sightline
