#pragma once

#include <cstddef>
#include <thread>

namespace sightline {

// Faults in the pages of a freshly allocated buffer on a thread of its own while its owner
// fills it from the start. A large vector's memory comes straight from the kernel, and the
// first write to each of its pages costs a page fault: ~0.6 ms per MB on our build machine,
// ~30 % of building the call tree of a large profile. Here the kernel prepares the pages
// on the other core (MADV_POPULATE_WRITE, which writes nothing) ahead of the writer.
// Buffers under kMinBytes are left alone; elsewhere than Linux ≥ 5.14 it does nothing.
class BackgroundPrefault {
 public:
  static constexpr std::size_t kMinBytes = std::size_t{8} << 20;

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
