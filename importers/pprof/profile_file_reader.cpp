#include "importers/pprof/profile_file_reader.h"

#include <chrono>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_byte_source.h"
#include "importers/core/importer_registry.h"
#include "importers/core/peeking_byte_source.h"

namespace sightline {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(50);

// Keeps the first profile a reader hands over (pprof and collapsed files hold one).
class KeepingSink : public ProfileSink {
 public:
  Status consume(ProfileData&& profile) override {
    if (!m_profile)
      m_profile = std::move(profile);
    return Status::ok();
  }
  std::optional<ProfileData>& profile() { return m_profile; }

 private:
  std::optional<ProfileData> m_profile;
};

}  // namespace

std::optional<ProfileData> readProfileFile(const std::string& path, std::string* error,
                                           const ImportOptions& options, std::string* formatId) {
  std::string ignored;
  std::string& message = error ? *error : ignored;
  Status status;
  auto file = FileByteSource::open(path, &status);
  if (!file) {
    message = status.message();
    return std::nullopt;
  }
  const std::uint64_t fileBytes = file->size();
  DecompressionOptions decompression;
  decompression.maxDecompressedBytes = options.maxDecompressedBytes;
  PeekingByteSource source(openDecompressed(std::move(file), decompression));
  const auto head = source.peek(kSniffBytes);
  if (!source.status()) {
    message = path + ": " + source.status().message();
    return std::nullopt;
  }
  const FormatDescriptor* format = detectFormat(head);
  if (!format) {
    message = path + ": not a recognised profile file (pprof or collapsed stacks)";
    return std::nullopt;
  }
  if (format->signal != SignalKind::Profiles) {
    message = path + ": not a profile but " + format->displayName;
    return std::nullopt;
  }

  if (formatId)
    *formatId = format->id;
  KeepingSink sink;
  ReaderContext context;
  context.profiles = &sink;
  context.cancel = options.cancel;
  context.batchSize = options.batchSize;
  auto lastProgress = std::chrono::steady_clock::now() - kProgressInterval;
  context.onRows = [&](std::uint64_t rows) {
    if (!options.onProgress)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastProgress < kProgressInterval)
      return;
    lastProgress = now;
    options.onProgress(ImportProgress{source.rawPosition(), fileBytes, rows});
  };
  DecodeError decodeError;
  const bool ok = format->createReader()->read(source, context, decodeError);
  if (context.cancelled()) {
    message = path + ": cancelled";
    return std::nullopt;
  }
  if (!ok) {
    message = describeDecodeError(path, decodeError);
    return std::nullopt;
  }
  if (!sink.profile()) {
    message = path + ": the file holds no profile";
    return std::nullopt;
  }
  return std::move(sink.profile());
}

}  // namespace sightline
