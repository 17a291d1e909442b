#include "model/common/big_buffers.h"

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

namespace {

struct PageRange {
  std::uintptr_t begin = 0;
  std::uintptr_t end = 0;
  bool empty() const { return end <= begin; }
};

// The whole pages inside [data, data + bytes), or nothing for small buffers.
PageRange wholePages(const void* data, std::size_t bytes) {
  if (!data || bytes < kBigBufferBytes)
    return {};
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto at = reinterpret_cast<std::uintptr_t>(data);
  return {(at + page - 1) & ~(page - 1), (at + bytes) & ~(page - 1)};
}

}  // namespace

void adviseHugePages(const void* data, std::size_t bytes) {
  const PageRange range = wholePages(data, bytes);
  // Refused (THP off, an old kernel): the buffer keeps ordinary pages.
  if (!range.empty())
    (void)madvise(reinterpret_cast<void*>(range.begin), range.end - range.begin, MADV_HUGEPAGE);
}

BackgroundPrefault::BackgroundPrefault(const void* data, std::size_t bytes) {
  const PageRange range = wholePages(data, bytes);
  if (range.empty())
    return;
  adviseHugePages(data, bytes);
  m_thread = std::thread([range] {
    // Failure (an old kernel, memory short) only means the writer faults the pages itself.
    (void)madvise(reinterpret_cast<void*>(range.begin), range.end - range.begin,
                  MADV_POPULATE_WRITE);
  });
}
#else
void adviseHugePages(const void*, std::size_t) {}
BackgroundPrefault::BackgroundPrefault(const void*, std::size_t) {}
#endif

}  // namespace sightline
