#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "importers/core/byte_source.h"
#include "model/common/status.h"
#include "model/debt/debt_sink.h"
#include "model/metrics/metric_sink.h"
#include "model/profiles/profile_sink.h"
#include "model/traces/trace_sink.h"

namespace sightline {

// Debt: code-quality measures (coverage, duplication, static analysis, size, churn, owners).
enum class SignalKind { Traces, Profiles, Metrics, Debt };

// Progress of one import, in bytes of the file and rows decoded.
struct ImportProgress {
  std::uint64_t bytesRead = 0;
  std::uint64_t bytesTotal = 0;
  std::uint64_t rows = 0;
};

// A fatal decoding error: what was expected, and where (byte offset of the decompressed
// stream, or 1-based line for line formats; 0 when unknown).
struct DecodeError {
  std::string message;
  std::uint64_t offset = 0;
  std::uint64_t line = 0;
  bool hasOffset = false;  // `offset` is meaningful even when it is 0
};

// What a reader gets to work with. Sinks for the signals it does not produce are null.
struct ReaderContext {
  TraceSink* traces = nullptr;
  ProfileSink* profiles = nullptr;
  MetricSink* metrics = nullptr;
  DebtSink* debt = nullptr;
  // The file being read ("" for a stream): readers that name things after the file use it
  // (Prometheus API answers without __name__).
  std::string sourcePath;
  const std::atomic<bool>* cancel = nullptr;
  // Called now and then with the decoded row count; cheap to call.
  std::function<void(std::uint64_t rows)> onRows;
  std::size_t batchSize = 10000;

  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

// Decodes one format from a stream of (already decompressed) bytes.
class FormatReader {
 public:
  virtual ~FormatReader() = default;
  // Reads to the end of the stream. Returns false and fills `error` on bad input, on
  // cancellation (message "cancelled") or when the sink refused a batch.
  virtual bool read(ByteSource& source, ReaderContext& context, DecodeError& error) = 0;
};

// One entry of the importer registry.
struct FormatDescriptor {
  std::string id;                       // stable, e.g. "otlp-proto"
  std::string displayName;              // for the Open dialog, e.g. "OTLP traces (protobuf)"
  std::vector<std::string> extensions;  // without dot, for the Open dialog's filter
  SignalKind signal;
  // Confidence 0..100 that `head` (the first decompressed bytes, up to 4 KiB, possibly the
  // whole file when shorter) starts a file of this format.
  std::function<int(std::span<const std::uint8_t> head)> sniff;
  std::function<std::unique_ptr<FormatReader>()> createReader;
  // Whole file names for the Open dialog's filter, for formats known by name rather than
  // extension (CODEOWNERS).
  std::vector<std::string> fileNames = {};
};

}  // namespace sightline
