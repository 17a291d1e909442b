#include "importers/pprof_reader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "importers/pprof_decoder.h"

namespace sightline {
namespace {

// The whole message, grown with realloc: glibc moves a large block with mremap, so a 70 MB
// profile is not copied at every doubling (with a std::string the copies and the page
// faults of each new block were 7 % of reading a large profile).
class MessageBuffer {
 public:
  bool append(std::span<const std::uint8_t> chunk) {
    if (chunk.size() > m_capacity - m_size) {
      std::size_t capacity = m_capacity == 0 ? std::size_t{1} << 20 : m_capacity * 2;
      while (capacity - m_size < chunk.size())
        capacity *= 2;
      if (!reserve(capacity))
        return false;
    }
    std::memcpy(m_data.get() + m_size, chunk.data(), chunk.size());
    m_size += chunk.size();
    return true;
  }
  // Makes room for `capacity` bytes in one allocation; false when memory is short.
  bool reserve(std::size_t capacity) {
    if (capacity <= m_capacity)
      return true;
    void* grown = std::realloc(m_data.get(), capacity);
    if (!grown)
      return false;
    m_data.release();
    m_data.reset(static_cast<std::uint8_t*>(grown));
    m_capacity = capacity;
    return true;
  }
  std::span<const std::uint8_t> bytes() const { return {m_data.get(), m_size}; }
  std::size_t size() const { return m_size; }
  void release() {
    m_data.reset();
    m_size = m_capacity = 0;
  }

 private:
  struct Free {
    void operator()(std::uint8_t* data) const { std::free(data); }
  };
  std::unique_ptr<std::uint8_t, Free> m_data;
  std::size_t m_size = 0;
  std::size_t m_capacity = 0;
};

}  // namespace

bool PprofReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  auto fail = [&](std::uint64_t offset, std::string what) {
    error.message = std::move(what);
    error.offset = offset;
    error.hasOffset = true;
    return false;
  };
  if (!context.profiles)
    return fail(0, "internal error: no profile sink for a pprof profile");

  MessageBuffer bytes;
  for (;;) {
    if (context.cancelled())
      return fail(bytes.size(), "cancelled");
    const auto chunk = source.next();
    if (chunk.empty())
      break;
    if (chunk.size() > kMaxProfileBytes - bytes.size()) {
      return fail(bytes.size(), "a pprof profile larger than " + std::to_string(kMaxProfileBytes) +
                                    " bytes (decompressed) is not supported");
    }
    // A decompressor that read its input whole knows the size after its first chunk. Capped,
    // since the hint comes from the file; a failed reservation just leaves growth to append.
    if (bytes.size() == 0)
      bytes.reserve(static_cast<std::size_t>(std::min(source.sizeHint(), kMaxProfileBytes)));
    if (!bytes.append(chunk))
      return fail(bytes.size(), "out of memory reading a pprof profile");
  }
  if (!source.status())
    return fail(bytes.size(), source.status().message());
  if (bytes.size() == 0)
    return fail(0, "expected a pprof profile, found an empty file");

  ProfileData profile;
  const std::uint64_t size = bytes.size();
  if (!decodePprofProfile(bytes.bytes(), context, profile, error))
    return false;
  // The profile holds copies of every string: the raw bytes can go before it is stored.
  bytes.release();
  if (context.cancelled())
    return fail(size, "cancelled");
  if (Status status = context.profiles->consume(std::move(profile)); !status)
    return fail(size, status.message());
  return true;
}

}  // namespace sightline
