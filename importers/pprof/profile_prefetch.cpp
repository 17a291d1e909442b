#include "importers/pprof/profile_prefetch.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <utility>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_byte_source.h"
#include "importers/core/importer_registry.h"
#include "importers/core/peeking_byte_source.h"
#include "importers/pprof/profile_file_reader.h"

namespace sightline {
namespace {

struct FileIdentity {
  std::uintmax_t size = 0;
  std::int64_t modifiedNs = 0;
};

std::optional<FileIdentity> identityOf(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error)
    return std::nullopt;
  const auto modified = std::filesystem::last_write_time(path, error);
  if (error)
    return std::nullopt;
  return FileIdentity{
      size,
      std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch()).count()};
}

// Sniffed through a streaming decompressor: a large gzip file that is not a profile is not
// inflated whole just to be passed over.
bool isProfileFile(const std::string& path) {
  Status status;
  auto file = FileByteSource::open(path, &status);
  if (!file)
    return false;
  DecompressionOptions streaming;
  streaming.wholeGzipMaxInput = 0;
  PeekingByteSource source(openDecompressed(std::move(file), streaming));
  const FormatDescriptor* format = detectFormat(source.peek(kSniffBytes));
  return format && format->signal == SignalKind::Profiles;
}

}  // namespace

bool PrefetchedProfile::unchanged() const {
  const std::optional<FileIdentity> now = identityOf(path);
  return now && now->size == fileSize && now->modifiedNs == modifiedNs;
}

std::shared_ptr<const PrefetchedProfile> prefetchProfileFile(const std::string& path,
                                                             const std::atomic<bool>* cancel) {
  const std::optional<FileIdentity> before = identityOf(path);
  if (!before || !isProfileFile(path))
    return nullptr;
  FileHash hash(path);
  auto prefetched = std::make_shared<PrefetchedProfile>();
  ImportOptions options;
  options.cancel = cancel;
  std::optional<ProfileData> profile =
      readProfileFile(path, nullptr, options, &prefetched->formatId);
  if (!profile || (cancel && cancel->load()))
    return nullptr;
  prefetched->digest = hash.get();
  if (!prefetched->digest.ok)
    return nullptr;
  prefetched->path = path;
  prefetched->fileSize = before->size;
  prefetched->modifiedNs = before->modifiedNs;
  prefetched->profile = std::make_shared<const ProfileData>(std::move(*profile));
  // Written to while it was read: the bytes hashed may not be the bytes decoded.
  if (!prefetched->unchanged())
    return nullptr;
  return prefetched;
}

ProfilePrefetch::ProfilePrefetch(std::vector<std::string> paths)
    : m_paths(std::move(paths)),
      m_results(m_paths.size()),
      m_taken(m_paths.size(), false),
      m_thread([this] { run(); }) {}

ProfilePrefetch::~ProfilePrefetch() {
  m_stop.store(true);
  m_thread.join();
}

void ProfilePrefetch::run() {
  for (std::size_t i = 0; i < m_paths.size() && !m_stop.load(); ++i) {
    std::shared_ptr<const PrefetchedProfile> result = prefetchProfileFile(m_paths[i], &m_stop);
    const std::lock_guard lock(m_mutex);
    m_results[i] = std::move(result);
    m_finished = i + 1;
    m_changed.notify_all();
  }
  const std::lock_guard lock(m_mutex);
  m_finished = m_paths.size();
  m_changed.notify_all();
}

std::shared_ptr<const PrefetchedProfile> ProfilePrefetch::take(const std::string& path,
                                                               const std::atomic<bool>* cancel) {
  std::unique_lock lock(m_mutex);
  std::size_t index = 0;
  while (index < m_paths.size() && (m_taken[index] || m_paths[index] != path))
    ++index;
  if (index == m_paths.size())
    return nullptr;
  m_taken[index] = true;
  // The import's cancel flag is polled: it belongs to the caller and cannot wake us.
  for (;;) {
    if (cancel && cancel->load())
      return nullptr;
    if (m_finished > index)
      break;
    m_changed.wait_for(lock, std::chrono::milliseconds(20));
  }
  return std::exchange(m_results[index], nullptr);
}

}  // namespace sightline
