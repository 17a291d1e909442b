#include "importers/live/pprof_pull_store.h"

#include <QCryptographicHash>

#include <atomic>
#include <chrono>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_importer.h"
#include "importers/core/importer_registry.h"
#include "importers/core/memory_byte_source.h"
#include "importers/core/peeking_byte_source.h"
#include "model/profiles/profile_writer.h"

namespace sightline {
namespace {

class CollectingProfileSink : public ProfileSink {
 public:
  Status consume(ProfileData&& profile) override {
    profiles.push_back(std::move(profile));
    return Status::ok();
  }
  std::vector<ProfileData> profiles;
};

std::string uniqueTag(const std::string& body) {
  static std::atomic<std::uint64_t> counter{0};
  const QByteArray digest =
      QCryptographicHash::hash(QByteArrayView(body.data(), static_cast<qsizetype>(body.size())),
                               QCryptographicHash::Sha256)
          .toHex();
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return "pull:" + digest.toStdString() + ":" +
         std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()) + ":" +
         std::to_string(counter.fetch_add(1));
}

}  // namespace

PulledProfileResult storePulledProfile(Workspace& workspace, const std::string& name,
                                       const std::string& body,
                                       std::uint64_t maxDecompressedBytes) {
  PulledProfileResult result;
  DecompressionOptions decompression;
  decompression.maxDecompressedBytes = maxDecompressedBytes;
  PeekingByteSource source(
      openDecompressed(std::make_unique<MemoryByteSource>(body), decompression));
  const auto head = source.peek(kSniffBytes);
  if (!source.status()) {
    result.decoded = Status::error(source.status().message());
    return result;
  }
  const FormatDescriptor* format = detectFormat(head);
  if (!format || format->signal != SignalKind::Profiles) {
    result.decoded =
        Status::error(format ? "the answer is " + format->displayName + ", not a profile"
                             : "the answer is not a profile");
    return result;
  }
  CollectingProfileSink sink;
  ReaderContext context;
  context.profiles = &sink;
  context.sourcePath = name;
  DecodeError error;
  if (!format->createReader()->read(source, context, error)) {
    result.decoded = Status::error(describeDecodeError(name, error));
    return result;
  }

  ProfileWriter writer(workspace,
                       SourceDescription{name, format->id, uniqueTag(body), body.size()});
  for (const ProfileData& profile : sink.profiles) {
    if (Status written = writer.write(profile); !written) {
      result.stored = written;
      return result;
    }
  }
  if (Status finished = writer.finish(); !finished) {
    result.stored = finished;
    return result;
  }
  const ProfileWriteStats& stats = writer.stats();
  result.sourceId = stats.sourceId;
  result.profiles = stats.profiles;
  result.samples = stats.samples;
  result.profileIds = stats.profileIds;
  return result;
}

}  // namespace sightline
