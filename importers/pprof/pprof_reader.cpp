#include "importers/pprof/pprof_reader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "importers/pprof/pprof_decoder.h"
#include "importers/pprof/pprof_header.h"

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

std::string tooLarge() {
  return "a pprof profile larger than " + std::to_string(PprofReader::kMaxProfileBytes) +
         " bytes (decompressed) is not supported";
}

}  // namespace

bool PprofReader::consume(ProfileData&& profile, std::uint64_t size, ReaderContext& context,
                          DecodeError& error) {
  if (context.cancelled())
    return pprofFail(error, size, "cancelled");
  if (Status status = context.profiles->consume(std::move(profile)); !status)
    return pprofFail(error, size, status.message());
  return true;
}

bool PprofReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  auto fail = [&](std::uint64_t offset, std::string what) {
    return pprofFail(error, offset, std::move(what));
  };
  if (!context.profiles)
    return fail(0, "internal error: no profile sink for a pprof profile");

  // A source holding the decompressed file hands it out whole: decoded where it is.
  const std::span<const std::uint8_t> first = source.nextAll();
  if (!first.empty() && source.keepsChunks() && first.size() == source.sizeHint())
    return decodeInPlace(first, source, context, error);

  MessageBuffer bytes;
  for (std::span<const std::uint8_t> chunk = first; !chunk.empty(); chunk = source.next()) {
    if (context.cancelled())
      return fail(bytes.size(), "cancelled");
    if (chunk.size() > kMaxProfileBytes - bytes.size())
      return fail(bytes.size(), tooLarge());
    // A decompressor that read its input whole knows the size after its first chunk. Capped,
    // since the hint comes from the file; a failed reservation just leaves growth to append.
    if (bytes.size() == 0)
      bytes.reserve(static_cast<std::size_t>(std::min(source.sizeHint(), kMaxProfileBytes)));
    if (!bytes.append(chunk))
      return fail(bytes.size(), "out of memory reading a pprof profile");
  }
  if (context.cancelled())
    return fail(bytes.size(), "cancelled");
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
  return consume(std::move(profile), size, context, error);
}

bool PprofReader::decodeInPlace(std::span<const std::uint8_t> bytes, ByteSource& source,
                                ReaderContext& context, DecodeError& error) {
  if (bytes.size() > kMaxProfileBytes)
    return pprofFail(error, 0, tooLarge());
  ProfileData profile;
  if (!decodePprofProfile(bytes, context, profile, error))
    return false;
  // Asking past the end lets the source free the bytes before the profile is stored; a
  // source that still had more broke its promise of an exact size.
  if (!source.next().empty() || !source.status())
    return pprofFail(
        error, bytes.size(),
        source.status() ? "the stream is longer than announced" : source.status().message());
  return consume(std::move(profile), bytes.size(), context, error);
}

}  // namespace sightline
