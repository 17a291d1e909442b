#include "importers/file_importer.h"

#include <chrono>

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

// Hands each decoded profile to the caller's callback, then to the writer. The profile is
// shared, not copied: the viewer reads it while the writer stores it.
class DecodedProfileSink : public ProfileSink {
 public:
  DecodedProfileSink(ProfileWriter& writer,
                     const std::function<void(std::shared_ptr<const ProfileData>)>& onDecoded)
      : m_writer(writer), m_onDecoded(onDecoded) {}

  Status consume(ProfileData&& profile) override {
    auto shared = std::make_shared<const ProfileData>(std::move(profile));
    m_onDecoded(shared);
    return m_writer.write(*shared);
  }

 private:
  ProfileWriter& m_writer;
  const std::function<void(std::shared_ptr<const ProfileData>)>& m_onDecoded;
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
  std::string sha256;
  if (!hashFile(path, sha256, result.bytes, result.error))
    return result;
  if (auto existing = workspace.findSourceBySha256(sha256)) {
    result.outcome = FileImportResult::Outcome::Skipped;
    result.sourceId = existing->id;
    result.formatId = existing->kind;
    return result;
  }

  Status status;
  auto file = FileByteSource::open(path, &status);
  if (!file) {
    result.error = status.message();
    return result;
  }
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
    result.error = path + ": not a recognised trace, profile or metrics file";
    return result;
  }
  result.formatId = format->id;
  const SourceDescription description{path, format->id, sha256, result.bytes};
  SignalWriter writer;
  std::unique_ptr<DecodedProfileSink> decodedSink;
  ReaderContext context;
  switch (format->signal) {
    case SignalKind::Traces:
      writer.traces = std::make_unique<TraceWriter>(workspace, description);
      context.traces = writer.traces.get();
      break;
    case SignalKind::Profiles:
      writer.profiles = std::make_unique<ProfileWriter>(workspace, description);
      context.profiles = writer.profiles.get();
      if (options.onProfileDecoded) {
        decodedSink =
            std::make_unique<DecodedProfileSink>(*writer.profiles, options.onProfileDecoded);
        context.profiles = decodedSink.get();
      }
      break;
    case SignalKind::Metrics:
      writer.metrics = std::make_unique<MetricWriter>(workspace, description,
                                                      defaultSnapshotTime(path, options));
      context.metrics = writer.metrics.get();
      break;
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
  const bool ok = reader->read(source, context, error);
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
