#include "importers/core/file_importer.h"

#include <chrono>
#include <optional>

#include <QFileInfo>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_byte_source.h"
#include "importers/core/file_hash.h"
#include "importers/core/importer_registry.h"
#include "importers/core/peeking_byte_source.h"
#include "importers/pprof/profile_prefetch.h"
#include "model/debt/debt_writer.h"
#include "model/metrics/metric_writer.h"
#include "model/profiles/profile_writer.h"
#include "model/traces/trace_writer.h"

namespace sightline {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(50);

// The writer of the detected signal; exactly one of the four is set.
struct SignalWriter {
  std::unique_ptr<TraceWriter> traces;
  std::unique_ptr<ProfileWriter> profiles;
  std::unique_ptr<MetricWriter> metrics;
  std::unique_ptr<DebtWriter> debt;

  Status finish() {
    if (traces)
      return traces->finish();
    if (debt)
      return debt->finish();
    return profiles ? profiles->finish() : metrics->finish();
  }
  void abort() {
    if (traces)
      traces->abort();
    if (profiles)
      profiles->abort();
    if (metrics)
      metrics->abort();
    if (debt)
      debt->abort();
  }
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
    if (!m_onDecoded)
      return store(profile);
    return consumeShared(std::make_shared<const ProfileData>(std::move(profile)));
  }

  // A profile decoded before (prefetched): shared with the viewer, not copied.
  Status consumeShared(const std::shared_ptr<const ProfileData>& profile) {
    // The viewer gets the profile as soon as it is known not to be a duplicate, before the
    // source's transaction is opened.
    if (Status checked = checkNew(); !checked)
      return checked;
    if (m_onDecoded)
      m_onDecoded(profile);
    return store(*profile);
  }

  // Fails when the file could not be hashed or its bytes were imported before (then
  // duplicate() is set).
  Status checkNew() {
    if (m_writer)
      return Status::ok();
    const FileDigest& hashed = m_hash.get();
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
    const FileDigest& hashed = m_hash.get();
    m_writer = std::make_unique<ProfileWriter>(
        m_workspace, SourceDescription{m_path, m_formatId, hashed.sha256, hashed.bytes});
    return Status::ok();
  }
  const std::optional<SourceInfo>& duplicate() const { return m_duplicate; }

 private:
  Status store(const ProfileData& profile) {
    if (Status opened = open(); !opened)
      return opened;
    return m_writer->write(profile);
  }

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

// Progress of one file, at most every kProgressInterval unless forced (at the end).
class ProgressReport {
 public:
  ProgressReport(const ImportOptions& options, const std::uint64_t& fileBytes,
                 std::function<std::uint64_t()> position)
      : m_options(options), m_fileBytes(fileBytes), m_position(std::move(position)) {}
  void operator()(std::uint64_t rows, bool force) {
    if (!m_options.onProgress)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - m_last < kProgressInterval)
      return;
    m_last = now;
    m_options.onProgress(ImportProgress{m_position(), m_fileBytes, rows});
  }

 private:
  const ImportOptions& m_options;
  const std::uint64_t& m_fileBytes;
  std::function<std::uint64_t()> m_position;
  std::chrono::steady_clock::time_point m_last =
      std::chrono::steady_clock::now() - kProgressInterval;
};

// The end of every import once decoding stopped: skipped as a duplicate, failed, cancelled
// (the writer rolled back) or committed, with the writer's counts.
FileImportResult concludeImport(FileImportResult result, SignalWriter& writer,
                                const ProfileImportSink* profileSink, bool ok, DecodeError error,
                                bool cancelled, ProgressReport& report) {
  const std::string path = result.path;
  if (profileSink && profileSink->duplicate()) {
    result = FileImportResult{};
    result.path = path;
    result.outcome = FileImportResult::Outcome::Skipped;
    result.sourceId = profileSink->duplicate()->id;
    result.formatId = profileSink->duplicate()->kind;
    return result;
  }
  if (!ok || cancelled) {
    writer.abort();
    if (cancelled) {
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
    result.duplicateSpans = stats.duplicateSpans;
    result.sourceId = stats.sourceId;
    report(stats.spans, true);
  } else if (writer.profiles) {
    const ProfileWriteStats& stats = writer.profiles->stats();
    result.profiles = stats.profiles;
    result.samples = stats.samples;
    result.sourceId = stats.sourceId;
    result.profileIds = stats.profileIds;
    report(stats.samples, true);
  } else if (writer.debt) {
    const DebtWriteStats& stats = writer.debt->stats();
    result.debtRecords = stats.measures + stats.issues + stats.changes + stats.owners;
    result.sourceId = stats.sourceId;
    report(result.debtRecords, true);
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

// A profile file decoded ahead (ProfilePrefetch): stored like one decoded just now.
FileImportResult importPrefetched(Workspace& workspace, const PrefetchedProfile& prefetched,
                                  const ImportOptions& options) {
  FileImportResult result;
  result.path = prefetched.path;
  result.formatId = prefetched.formatId;
  result.bytes = prefetched.digest.bytes;
  FileHash hash(prefetched.digest);
  SignalWriter writer;
  ProfileImportSink sink(workspace, result.path, result.formatId, hash, writer.profiles,
                         options.onProfileDecoded);
  ProgressReport report(options, result.bytes, [&result] { return result.bytes; });
  const auto cancelled = [&options] { return options.cancel && options.cancel->load(); };
  DecodeError error;
  bool ok = true;
  if (!cancelled()) {
    // Read already: the progress of a decoded file, while it is stored.
    report(prefetched.profile->samples.size(), true);
    if (Status stored = sink.consumeShared(prefetched.profile); !stored) {
      ok = false;
      error.message = stored.message();
    }
  }
  return concludeImport(std::move(result), writer, &sink, ok, std::move(error), cancelled(),
                        report);
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
  if (const PrefetchedProfile* prefetched = options.prefetched.get();
      prefetched && prefetched->path == path && prefetched->unchanged()) {
    return importPrefetched(workspace, *prefetched, options);
  }
  FileImportResult result;
  result.path = path;
  FileHash hash(path);
  // Every signal but profiles needs the source row (and so the hash) before decoding.
  const auto skipIfImported = [&](const FileDigest& hashed) {
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
    if (const FileDigest& hashed = hash.get(); !hashed.ok)
      result.error = hashed.error;
    else if (!skipIfImported(hashed))
      result.error = path + ": not a recognised trace, profile, metrics or code-quality file";
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
    const FileDigest& hashed = hash.get();
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
    } else if (format->signal == SignalKind::Debt) {
      writer.debt = std::make_unique<DebtWriter>(workspace, description);
      context.debt = writer.debt.get();
    } else {
      writer.metrics = std::make_unique<MetricWriter>(workspace, description,
                                                      defaultSnapshotTime(path, options));
      context.metrics = writer.metrics.get();
    }
  }
  context.sourcePath = path;
  context.cancel = options.cancel;
  context.batchSize = options.batchSize;
  ProgressReport report(options, result.bytes, [&source] { return source.rawPosition(); });
  context.onRows = [&](std::uint64_t rows) { report(rows, false); };

  DecodeError error;
  auto reader = format->createReader();
  bool ok = reader->read(source, context, error);
  // A profile file that decoded to no profile still records its source, as before.
  if (ok && profileSink && !profileSink->duplicate() && !context.cancelled()) {
    if (Status opened = profileSink->open(); !opened) {
      ok = false;
      error = DecodeError{};
      error.message = opened.message();
    }
  }
  return concludeImport(std::move(result), writer, profileSink.get(), ok, std::move(error),
                        context.cancelled(), report);
}

}  // namespace sightline
