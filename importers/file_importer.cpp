#include "importers/file_importer.h"

#include <chrono>
#include <future>
#include <optional>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include "importers/decompressing_byte_source.h"
#include "importers/file_byte_source.h"
#include "importers/importer_registry.h"
#include "importers/peeking_byte_source.h"
#include "model/metric_writer.h"
#include "model/profile_writer.h"
#include "model/trace_writer.h"

namespace sightline {
namespace {

constexpr std::size_t kSniffBytes = 4096;
constexpr auto kProgressInterval = std::chrono::milliseconds(50);

bool hashFile(const std::string& path, std::string& sha256, std::uint64_t& bytes,
              std::string& error) {
  QFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::ReadOnly)) {
    error = path + ": cannot open: " + file.errorString().toStdString();
    return false;
  }
  QCryptographicHash hash(QCryptographicHash::Sha256);
  if (!hash.addData(&file)) {
    error = path + ": read error: " + file.errorString().toStdString();
    return false;
  }
  sha256 = hash.result().toHex().toStdString();
  bytes = static_cast<std::uint64_t>(file.size());
  return true;
}

// The writer of the detected signal; exactly one of the three is set.
struct SignalWriter {
  std::unique_ptr<TraceWriter> traces;
  std::unique_ptr<ProfileWriter> profiles;
  std::unique_ptr<MetricWriter> metrics;

  Status finish() {
    if (traces)
      return traces->finish();
    return profiles ? profiles->finish() : metrics->finish();
  }
  void abort() {
    if (traces)
      traces->abort();
    if (profiles)
      profiles->abort();
    if (metrics)
      metrics->abort();
  }
};

// The file's sha256, computed on its own thread: hashing a large profile (0.1–0.2 s) runs
// beside its decoding instead of before it.
class FileHash {
 public:
  explicit FileHash(const std::string& path)
      : m_future(std::async(std::launch::async, [path] {
          Hashed hashed;
          hashed.ok = hashFile(path, hashed.sha256, hashed.bytes, hashed.error);
          return hashed;
        })) {}
  ~FileHash() {
    if (m_future.valid())
      m_future.wait();
  }

  struct Hashed {
    bool ok = false;
    std::string sha256;
    std::uint64_t bytes = 0;
    std::string error;
  };
  const Hashed& get() {
    if (m_future.valid())
      m_hashed = m_future.get();
    return m_hashed;
  }

 private:
  std::future<Hashed> m_future;
  Hashed m_hashed;
};

// Receives the decoded profiles of a profile file. The source (and its transaction) is only
// opened once the first profile is decoded and the hash is known: a file whose bytes are
// in the workspace already is skipped then, before anything is written. Each profile goes
// to the caller's callback, then to the writer — shared, not copied: the viewer reads it
// while the writer stores it.
class ProfileImportSink : public ProfileSink {
 public:
  using Callback = std::function<void(std::shared_ptr<const ProfileData>)>;
  ProfileImportSink(Workspace& workspace, const std::string& path, const std::string& formatId,
                    FileHash& hash, std::unique_ptr<ProfileWriter>& writer,
                    const Callback& onDecoded)
      : m_workspace(workspace),
        m_path(path),
        m_formatId(formatId),
        m_hash(hash),
        m_writer(writer),
        m_onDecoded(onDecoded) {}

  Status consume(ProfileData&& profile) override {
    // The viewer gets the profile as soon as it is known not to be a duplicate, before the
    // source's transaction is opened.
    if (Status checked = checkNew(); !checked)
      return checked;
    std::shared_ptr<const ProfileData> shared;
    if (m_onDecoded) {
      shared = std::make_shared<const ProfileData>(std::move(profile));
      m_onDecoded(shared);
    }
    if (Status opened = open(); !opened)
      return opened;
    return m_writer->write(shared ? *shared : profile);
  }

  // Fails when the file could not be hashed or its bytes were imported before (then
  // duplicate() is set).
  Status checkNew() {
    if (m_writer)
      return Status::ok();
    const FileHash::Hashed& hashed = m_hash.get();
    if (!hashed.ok)
      return Status::error(hashed.error);
    if (auto existing = m_workspace.findSourceBySha256(hashed.sha256)) {
      m_duplicate = existing;
      return Status::error("already imported");
    }
    return Status::ok();
  }

  // Opens the source unless it is open (after checkNew()).
  Status open() {
    if (m_writer)
      return Status::ok();
    if (Status checked = checkNew(); !checked)
      return checked;
    const FileHash::Hashed& hashed = m_hash.get();
    m_writer = std::make_unique<ProfileWriter>(
        m_workspace, SourceDescription{m_path, m_formatId, hashed.sha256, hashed.bytes});
    return Status::ok();
  }
  const std::optional<SourceInfo>& duplicate() const { return m_duplicate; }

 private:
  Workspace& m_workspace;
  const std::string& m_path;
  const std::string& m_formatId;
  FileHash& m_hash;
  std::unique_ptr<ProfileWriter>& m_writer;
  const Callback& m_onDecoded;
  std::optional<SourceInfo> m_duplicate;
};

// A metrics snapshot without sample timestamps is "now" as of the file: its modification
// time, unless the caller gave a time.
std::int64_t defaultSnapshotTime(const std::string& path, const ImportOptions& options) {
  if (options.snapshotTimeMs)
    return *options.snapshotTimeMs;
  return QFileInfo(QString::fromStdString(path)).lastModified().toMSecsSinceEpoch();
}

}  // namespace

std::string describeDecodeError(const std::string& path, const DecodeError& error) {
  if (error.line > 0)
    return path + ": line " + std::to_string(error.line) + ": " + error.message;
  if (error.hasOffset || error.offset > 0) {
    return path + ": at byte " + std::to_string(error.offset) + ": " + error.message;
  }
  return path + ": " + error.message;
}

FileImportResult importFile(Workspace& workspace, const std::string& path,
                            const ImportOptions& options) {
  FileImportResult result;
  result.path = path;
  FileHash hash(path);
  // Every signal but profiles needs the source row (and so the hash) before decoding.
  const auto skipIfImported = [&](const FileHash::Hashed& hashed) {
    if (auto existing = workspace.findSourceBySha256(hashed.sha256)) {
      result.outcome = FileImportResult::Outcome::Skipped;
      result.sourceId = existing->id;
      result.formatId = existing->kind;
      return true;
    }
    return false;
  };

  Status status;
  auto file = FileByteSource::open(path, &status);
  if (!file) {
    result.error = status.message();
    return result;
  }
  result.bytes = file->size();
  DecompressionOptions decompression;
  decompression.maxDecompressedBytes = options.maxDecompressedBytes;
  PeekingByteSource source(openDecompressed(std::move(file), decompression));
  const auto head = source.peek(kSniffBytes);
  if (!source.status()) {
    result.error = path + ": " + source.status().message();
    return result;
  }
  const FormatDescriptor* format = detectFormat(head);
  if (!format) {
    if (const FileHash::Hashed& hashed = hash.get(); !hashed.ok)
      result.error = hashed.error;
    else if (!skipIfImported(hashed))
      result.error = path + ": not a recognised trace, profile or metrics file";
    return result;
  }
  result.formatId = format->id;
  SignalWriter writer;
  std::unique_ptr<ProfileImportSink> profileSink;
  ReaderContext context;
  if (format->signal == SignalKind::Profiles) {
    profileSink = std::make_unique<ProfileImportSink>(workspace, path, format->id, hash,
                                                      writer.profiles, options.onProfileDecoded);
    context.profiles = profileSink.get();
  } else {
    const FileHash::Hashed& hashed = hash.get();
    if (!hashed.ok) {
      result.error = hashed.error;
      return result;
    }
    result.bytes = hashed.bytes;
    if (skipIfImported(hashed))
      return result;
    const SourceDescription description{path, format->id, hashed.sha256, hashed.bytes};
    if (format->signal == SignalKind::Traces) {
      writer.traces = std::make_unique<TraceWriter>(workspace, description);
      context.traces = writer.traces.get();
    } else {
      writer.metrics = std::make_unique<MetricWriter>(workspace, description,
                                                      defaultSnapshotTime(path, options));
      context.metrics = writer.metrics.get();
    }
  }
  context.sourcePath = path;
  context.cancel = options.cancel;
  context.batchSize = options.batchSize;
  auto lastProgress = std::chrono::steady_clock::now() - kProgressInterval;
  auto report = [&](std::uint64_t rows, bool force) {
    if (!options.onProgress)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - lastProgress < kProgressInterval)
      return;
    lastProgress = now;
    options.onProgress(ImportProgress{source.rawPosition(), result.bytes, rows});
  };
  context.onRows = [&](std::uint64_t rows) { report(rows, false); };

  DecodeError error;
  auto reader = format->createReader();
  bool ok = reader->read(source, context, error);
  if (profileSink && profileSink->duplicate()) {
    result = FileImportResult{};
    result.path = path;
    result.outcome = FileImportResult::Outcome::Skipped;
    result.sourceId = profileSink->duplicate()->id;
    result.formatId = profileSink->duplicate()->kind;
    return result;
  }
  // A profile file that decoded to no profile still records its source, as before.
  if (ok && profileSink && !context.cancelled()) {
    if (Status opened = profileSink->open(); !opened) {
      ok = false;
      error = DecodeError{};
      error.message = opened.message();
    }
  }
  if (!ok || context.cancelled()) {
    writer.abort();
    if (context.cancelled()) {
      result.outcome = FileImportResult::Outcome::Cancelled;
      result.error = path + ": cancelled";
    } else {
      result.error = describeDecodeError(path, error);
    }
    return result;
  }
  if (Status finished = writer.finish(); !finished) {
    writer.abort();
    result.error = path + ": " + finished.message();
    return result;
  }
  result.outcome = FileImportResult::Outcome::Imported;
  if (writer.traces) {
    const TraceWriteStats& stats = writer.traces->stats();
    result.spans = stats.spans;
    result.traces = stats.traces;
    result.sourceId = stats.sourceId;
    report(stats.spans, true);
  } else if (writer.profiles) {
    const ProfileWriteStats& stats = writer.profiles->stats();
    result.profiles = stats.profiles;
    result.samples = stats.samples;
    result.sourceId = stats.sourceId;
    result.profileIds = stats.profileIds;
    report(stats.samples, true);
  } else {
    const MetricWriteStats& stats = writer.metrics->stats();
    result.families = stats.families;
    result.series = stats.series;
    result.points = stats.points;
    result.snapshots = stats.snapshots;
    result.sourceId = stats.sourceId;
    report(stats.points, true);
  }
  return result;
}

}  // namespace sightline
