#include "importers/pprof_reader.h"

#include <string>

#include "importers/pprof_decoder.h"

namespace sightline {

bool PprofReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  auto fail = [&](std::uint64_t offset, std::string what) {
    error.message = std::move(what);
    error.offset = offset;
    error.hasOffset = true;
    return false;
  };
  if (!context.profiles)
    return fail(0, "internal error: no profile sink for a pprof profile");

  std::string bytes;
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
    bytes.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
  if (!source.status())
    return fail(bytes.size(), source.status().message());
  if (bytes.empty())
    return fail(0, "expected a pprof profile, found an empty file");

  ProfileData profile;
  const std::uint64_t size = bytes.size();
  const std::span<const std::uint8_t> data(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                           bytes.size());
  if (!decodePprofProfile(data, context, profile, error))
    return false;
  // The profile holds copies of every string: the raw bytes can go before it is stored.
  std::string().swap(bytes);
  if (context.cancelled())
    return fail(size, "cancelled");
  if (Status status = context.profiles->consume(std::move(profile)); !status)
    return fail(size, status.message());
  return true;
}

}  // namespace sightline
