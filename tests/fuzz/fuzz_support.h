#pragma once

// Shared by the fuzz targets: sinks that accept and drop everything, so that every decoder
// runs to the end of its input, and the import path of one registry format (sniff, then the
// registry's reader over a byte source).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "importers/core/importer.h"
#include "importers/core/importer_registry.h"
#include "importers/core/memory_byte_source.h"
#include "model/debt/debt_sink.h"
#include "model/metrics/metric_sink.h"
#include "model/profiles/profile_sink.h"
#include "model/traces/trace_sink.h"

namespace sightline::fuzz {

// Counts what it drops: the chunked and the whole read of one input must agree.
struct DiscardingSink : TraceSink, ProfileSink, MetricSink, DebtSink {
  std::uint64_t records = 0;

  Status consume(TraceBatch&& batch) override {
    records += batch.spans.size();
    return Status::ok();
  }
  Status consume(ProfileData&& profile) override {
    records += 1 + profile.samples.size();
    return Status::ok();
  }
  Status consume(MetricBatch&& batch) override {
    records += batch.samples.size();
    return Status::ok();
  }
  Status consume(DebtBatch&& batch) override {
    records += batch.size();
    return Status::ok();
  }
};

inline const FormatDescriptor& registryFormat(std::string_view id) {
  for (const auto& descriptor : importerRegistry()) {
    if (descriptor.id == id)
      return descriptor;
  }
  std::fprintf(stderr, "no format %.*s in the registry\n", static_cast<int>(id.size()), id.data());
  std::abort();
}

struct ReadOutcome {
  bool ok = false;
  std::uint64_t records = 0;
};

inline ReadOutcome readOnce(const FormatDescriptor& format, const std::string& bytes,
                            std::size_t maxChunk, std::size_t batchSize) {
  MemoryByteSource source(bytes, maxChunk);
  DiscardingSink sink;
  ReaderContext context;
  context.traces = &sink;
  context.profiles = &sink;
  context.metrics = &sink;
  context.debt = &sink;
  context.sourcePath = "fuzz-input";
  context.batchSize = batchSize;
  DecodeError error;
  const bool ok = format.createReader()->read(source, context, error);
  return {ok, sink.records};
}

// Reads `data` as format `id` whatever its sniffer says (an import would only do so when the
// sniffer wins, but a reader must survive any bytes). The second read splits the input into
// small chunks that depend on its size, and uses tiny batches: readers promise chunk
// boundaries anywhere, so a successful read must decode the same number of records.
inline void fuzzFormat(std::string_view id, const std::uint8_t* data, std::size_t size) {
  const FormatDescriptor& format = registryFormat(id);
  const std::span<const std::uint8_t> input(data, size);
  format.sniff(input.first(std::min<std::size_t>(size, 4096)));

  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const ReadOutcome whole = readOnce(format, bytes, bytes.size() + 1, 10000);
  const ReadOutcome chunked = readOnce(format, bytes, 1 + size % 61, 3);
  if (whole.ok && chunked.ok && whole.records != chunked.records) {
    std::fprintf(stderr, "%s: %llu records in one chunk but %llu in small chunks\n",
                 format.id.c_str(), static_cast<unsigned long long>(whole.records),
                 static_cast<unsigned long long>(chunked.records));
    std::abort();
  }
}

}  // namespace sightline::fuzz
