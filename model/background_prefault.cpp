#include "model/background_prefault.h"

#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace sightline {

#ifdef __linux__
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older headers lack it
#endif

BackgroundPrefault::BackgroundPrefault(const void* data, std::size_t bytes) {
  if (!data || bytes < kMinBytes)
    return;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(page - 1);
  if (end <= begin)
    return;
  m_thread = std::thread([begin, end] {
    // Failure (an old kernel, memory short) only means the writer faults the pages itself.
    (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  });
}
#else
BackgroundPrefault::BackgroundPrefault(const void*, std::size_t) {}
#endif

}  // namespace sightline
