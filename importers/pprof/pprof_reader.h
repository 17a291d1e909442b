#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"

namespace sightline {

// Reads one pprof profile (profile.proto's Profile message, already decompressed) and
// hands it to context.profiles. The message is read whole into memory — a Profile cannot
// be decoded before its string table, which Go writes last — and then decoded by
// decodePprofProfile() without ever materialising the whole message as generated code,
// so memory is about the file plus its distinct stacks.
class PprofReader : public FormatReader {
 public:
  // protobuf's own limit for one message: larger inputs are refused with a clear error.
  static constexpr std::uint64_t kMaxProfileBytes = (2ull << 30) - 1;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;

 private:
  static bool decodeInPlace(std::span<const std::uint8_t> bytes, ByteSource& source,
                            ReaderContext& context, DecodeError& error);
  static bool consume(ProfileData&& profile, std::uint64_t size, ReaderContext& context,
                      DecodeError& error);
};

// Sniffer for the registry, 0..100: confident only when the first fields parse as a
// Profile's (sample types, samples, locations, … with the right wire types and bodies), so
// that OTLP protobuf is never taken for pprof nor the other way round.
int sniffPprof(std::span<const std::uint8_t> head);

}  // namespace sightline
