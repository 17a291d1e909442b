#include "importers/pprof/pprof_sample_pass.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "importers/pprof/pprof_header.h"
#include "importers/pprof/pprof_profile.pb.h"
#include "importers/pprof/pprof_wire.h"

namespace sightline {
namespace {

constexpr std::size_t kBatchSamples = 8192;
constexpr std::size_t kBatchesInFlight = 4;
constexpr std::uint64_t kRowsReportInterval = 16384;
constexpr std::size_t kPrefetchDistance = 16;  // samples

// Samples parsed and hashed, waiting to be merged. Flat arrays, reused from batch to batch.
struct SampleBatch {
  std::vector<std::uint32_t> locations;  // every sample's location indices, leaf first
  std::vector<std::uint32_t> ends;       // per sample: end of its stack in `locations`
  std::vector<PprofStackResolver::StackHash> hashes;
  std::vector<std::int64_t> values;      // `types` per sample
  std::vector<std::uint64_t> offsets;    // per sample: byte offset of its field
  std::vector<std::int64_t> labels;      // 4 per label: key, str, num, num_unit
  std::vector<std::uint32_t> labelEnds;  // per sample: end of its labels in `labels`
  // Set by the parser on bad input: the error comes after the samples before it.
  bool failed = false;
  DecodeError error;

  std::size_t size() const { return ends.size(); }
  void clear() {
    locations.clear();
    ends.clear();
    hashes.clear();
    values.clear();
    offsets.clear();
    labels.clear();
    labelEnds.clear();
    failed = false;
    error = DecodeError{};
  }
};

// Walks the Sample fields of the message and fills batches. Only reads shared state that
// the earlier passes finished (location ids), so it can run on its own thread.
class SampleParser {
 public:
  SampleParser(const PprofSampleInputs& inputs, const ReaderContext& context)
      : m_inputs(inputs),
        m_context(context),
        m_reader(inputs.data, 0, "Profile"),
        m_dense(inputs.locationIds->dense()) {}

  // Fills `batch` with up to kBatchSamples samples; false when there are no more (the batch
  // may still hold the last samples, or an error).
  bool fill(SampleBatch& batch) {
    batch.clear();
    WireField field;
    while (batch.size() < kBatchSamples) {
      if (!m_reader.next(field)) {
        if (m_reader.failed())
          fail(batch, m_reader.errorOffset(), m_reader.error());
        return false;
      }
      if (++m_fieldsSeen % kPprofCancelCheckInterval == 0 && m_context.cancelled())
        return fail(batch, field.offset, "cancelled");
      if (field.number == kPprofSample && !parse(field, batch))
        return false;
    }
    return true;
  }

 private:
  bool fail(SampleBatch& batch, std::uint64_t offset, std::string what) {
    batch.failed = true;
    return pprofFail(batch.error, offset, std::move(what));
  }

  bool parse(const WireField& field, SampleBatch& batch) {
    if (parseFast(field, batch))
      return true;
    return parseGenerated(field, batch);
  }

  // A Sample decoded by hand: the generated parser's packed arrays cost as much as the rest
  // of this thread. Anything unusual (unknown fields, bad framing, undefined ids, a wrong
  // number of values) returns false with `batch` untouched, and the generated parser takes
  // the sample — and gives the error messages.
  bool parseFast(const WireField& field, SampleBatch& batch) {
    const std::uint8_t* p = field.body.data();
    const std::uint8_t* const end = p + field.body.size();
    const std::size_t locationsBefore = batch.locations.size();
    const std::size_t valuesBefore = batch.values.size();
    const std::size_t labelsBefore = batch.labels.size();
    const auto undo = [&] {
      batch.locations.resize(locationsBefore);
      batch.values.resize(valuesBefore);
      batch.labels.resize(labelsBefore);
      return false;
    };
    // Held in locals: the compiler cannot tell that the pushes below leave them alone.
    const std::uint32_t* const dense = m_dense.data();
    const std::size_t denseSize = m_dense.size();
    const auto addLocation = [&](std::uint64_t id) {
      const std::uint32_t location = id < denseSize ? dense[id] : m_inputs.locationIds->find(id);
      batch.locations.push_back(location);
      return location != PprofIdIndex::kAbsent;
    };
    const auto addValue = [&](std::uint64_t value) {
      batch.values.push_back(static_cast<std::int64_t>(value));
      return true;
    };
    while (p < end) {
      std::uint64_t tag = 0;
      if (!readVarint(p, end, tag))
        return undo();
      const std::uint64_t number = tag >> 3;
      const std::uint64_t wireType = tag & 7;
      if (number == 1 || number == 2) {
        const auto add = [&](std::uint64_t v) {
          return number == 1 ? addLocation(v) : addValue(v);
        };
        std::uint64_t value = 0;
        if (wireType == 0) {
          if (!readVarint(p, end, value) || !add(value))
            return undo();
        } else if (wireType == 2) {
          std::uint64_t length = 0;
          if (!readVarint(p, end, length) || length > static_cast<std::uint64_t>(end - p))
            return undo();
          const std::uint8_t* const packedEnd = p + length;
          while (p < packedEnd) {
            if (!readVarint(p, packedEnd, value) || !add(value))
              return undo();
          }
        } else {
          return undo();
        }
      } else if (number == 3 && wireType == 2) {
        std::uint64_t length = 0;
        if (!readVarint(p, end, length) || length > static_cast<std::uint64_t>(end - p))
          return undo();
        std::int64_t label[4] = {0, 0, 0, 0};  // key, str, num, num_unit; the last one wins
        const std::uint8_t* const labelEnd = p + length;
        while (p < labelEnd) {
          std::uint64_t labelTag = 0;
          std::uint64_t value = 0;
          if (!readVarint(p, labelEnd, labelTag) || (labelTag & 7) != 0 || (labelTag >> 3) < 1 ||
              (labelTag >> 3) > 4 || !readVarint(p, labelEnd, value)) {
            return undo();
          }
          label[(labelTag >> 3) - 1] = static_cast<std::int64_t>(value);
        }
        batch.labels.insert(batch.labels.end(), std::begin(label), std::end(label));
      } else {
        return undo();
      }
    }
    if (batch.values.size() - valuesBefore != m_inputs.types)
      return undo();
    const std::span<const std::uint32_t> stack(batch.locations.data() + locationsBefore,
                                               batch.locations.size() - locationsBefore);
    batch.hashes.push_back(PprofStackResolver::hashOf(stack));
    batch.ends.push_back(static_cast<std::uint32_t>(batch.locations.size()));
    batch.offsets.push_back(field.offset);
    batch.labelEnds.push_back(static_cast<std::uint32_t>(batch.labels.size()));
    return true;
  }

  // Protobuf's varint: at most 10 bytes, bits past 64 dropped. Location ids and small values
  // take one or two bytes: those are read without the loop.
  static bool readVarint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& value) {
    if (end - p >= 2) {
      if (p[0] < 0x80) {
        value = p[0];
        p += 1;
        return true;
      }
      if (p[1] < 0x80) {
        value = (p[0] & 0x7fu) | static_cast<std::uint64_t>(p[1]) << 7;
        p += 2;
        return true;
      }
    }
    std::uint64_t result = 0;
    for (int shift = 0; shift < 70 && p < end; shift += 7) {
      const std::uint8_t byte = *p++;
      result |= static_cast<std::uint64_t>(byte & 0x7f) << (shift < 64 ? shift : 0);
      if (!(byte & 0x80)) {
        value = result;
        return true;
      }
    }
    return false;
  }

  bool parseGenerated(const WireField& field, SampleBatch& batch) {
    if (!m_sample.ParseFromArray(field.body.data(), static_cast<int>(field.body.size()))) {
      return fail(
          batch, field.offset,
          "expected a valid Sample message of " + std::to_string(field.body.size()) + " bytes");
    }
    if (static_cast<std::size_t>(m_sample.value_size()) != m_inputs.types) {
      return fail(batch, field.offset,
                  "expected one value per sample type (" + std::to_string(m_inputs.types) +
                      "), found " + std::to_string(m_sample.value_size()) + " in a sample");
    }
    const std::size_t begin = batch.locations.size();
    for (const std::uint64_t id : m_sample.location_id()) {
      const std::uint32_t location = m_inputs.locationIds->find(id);
      if (location == PprofIdIndex::kAbsent) {
        batch.locations.resize(begin);
        return fail(
            batch, field.offset,
            "sample refers to location id " + std::to_string(id) + ", which is not defined");
      }
      batch.locations.push_back(location);
    }
    const std::span<const std::uint32_t> stack(batch.locations.data() + begin,
                                               batch.locations.size() - begin);
    batch.hashes.push_back(PprofStackResolver::hashOf(stack));
    batch.ends.push_back(static_cast<std::uint32_t>(batch.locations.size()));
    batch.values.insert(batch.values.end(), m_sample.value().begin(), m_sample.value().end());
    batch.offsets.push_back(field.offset);
    for (const auto& label : m_sample.label())
      batch.labels.insert(batch.labels.end(),
                          {label.key(), label.str(), label.num(), label.num_unit()});
    batch.labelEnds.push_back(static_cast<std::uint32_t>(batch.labels.size()));
    return true;
  }

  const PprofSampleInputs& m_inputs;
  const ReaderContext& m_context;
  WireFieldReader m_reader;
  std::uint64_t m_fieldsSeen = 0;
  pprof::Sample m_sample;  // reused: its allocations survive from one sample to the next
  const std::span<const std::uint32_t> m_dense;
};

// Merges parsed samples into the trie and the builder, in order, on the calling thread.
class SampleMerger {
 public:
  SampleMerger(const PprofSampleInputs& inputs, PprofStackResolver& stacks, ProfileBuilder& builder,
               ReaderContext& context, DecodeError& error)
      : m_inputs(inputs),
        m_stacks(stacks),
        m_builder(builder),
        m_context(context),
        m_error(error) {}

  bool merge(const SampleBatch& batch) {
    std::uint32_t stackBegin = 0;
    std::uint32_t labelBegin = 0;
    const std::size_t count = batch.size();
    for (std::size_t i = 0; i < count; ++i) {
      // The stack table and the merged values are too large for the cache and each sample
      // lands somewhere else in them: load them a few samples ahead, so that the misses
      // overlap instead of following one another.
      if (i + kPrefetchDistance < count)
        m_stacks.prefetch(batch.hashes[i + kPrefetchDistance]);
      if (i + kPrefetchDistance / 2 < count) {
        const std::uint32_t ahead = m_stacks.likelySample(batch.hashes[i + kPrefetchDistance / 2]);
        if (ahead != PprofStackResolver::kNoSample)
          m_builder.prefetchSample(ahead);
      }
      const std::span<const std::uint32_t> stack(batch.locations.data() + stackBegin,
                                                 batch.ends[i] - stackBegin);
      PprofStackResolver::Slot& slot = m_stacks.resolveSlot(stack, batch.hashes[i]);
      const std::span<const std::int64_t> values(batch.values.data() + i * m_inputs.types,
                                                 m_inputs.types);
      const std::span<const std::int64_t> labels(batch.labels.data() + labelBegin,
                                                 batch.labelEnds[i] - labelBegin);
      if (labels.empty()) {
        if (slot.unlabelledSample == PprofStackResolver::kNoSample)
          slot.unlabelledSample = m_builder.addSample(slot.leaf, 0, values);
        else
          m_builder.addToSample(slot.unlabelledSample, values);
      } else {
        std::uint32_t labelSet = 0;
        if (!internLabels(labels, batch.offsets[i], labelSet))
          return false;
        m_builder.addSample(slot.leaf, labelSet, values);
      }
      if (++m_samplesRead % kRowsReportInterval == 0 && m_context.onRows)
        m_context.onRows(m_samplesRead);
      stackBegin = batch.ends[i];
      labelBegin = batch.labelEnds[i];
    }
    if (batch.failed) {
      m_error = batch.error;
      return false;
    }
    return true;
  }

  std::uint64_t samplesRead() const { return m_samplesRead; }

 private:
  bool text(std::int64_t index, std::uint64_t offset, const char* what, std::string& out) {
    return pprofString(*m_inputs.strings, index, offset, what, out, m_error);
  }

  // Label sets repeat from sample to sample; they are looked up by their raw indices
  // before any string is touched.
  bool internLabels(std::span<const std::int64_t> raw, std::uint64_t offset,
                    std::uint32_t& labelSet) {
    m_labelKey.assign(reinterpret_cast<const char*>(raw.data()), raw.size_bytes());
    if (const auto it = m_labelSets.find(m_labelKey); it != m_labelSets.end()) {
      labelSet = it->second;
      return true;
    }
    std::vector<ProfileLabel> labels;
    for (std::size_t i = 0; i + 4 <= raw.size(); i += 4) {
      const std::int64_t key = raw[i];
      const std::int64_t str = raw[i + 1];
      const std::int64_t num = raw[i + 2];
      const std::int64_t unit = raw[i + 3];
      ProfileLabel label;
      if (!text(key, offset, "label.key", label.key))
        return false;
      if (str != 0) {
        if (!text(str, offset, "label.str", label.text))
          return false;
      } else if (num != 0 || unit != 0) {
        label.numeric = true;
        label.number = num;
        if (!text(unit, offset, "label.num_unit", label.unit))
          return false;
      } else {
        continue;  // neither text nor number: pprof drops it too
      }
      labels.push_back(std::move(label));
    }
    labelSet = labels.empty() ? 0 : m_builder.internLabelSet(std::move(labels));
    m_labelSets.emplace(m_labelKey, labelSet);
    return true;
  }

  const PprofSampleInputs& m_inputs;
  PprofStackResolver& m_stacks;
  ProfileBuilder& m_builder;
  ReaderContext& m_context;
  DecodeError& m_error;
  std::uint64_t m_samplesRead = 0;
  std::unordered_map<std::string, std::uint32_t> m_labelSets;
  std::string m_labelKey;
};

// Batches handed from the parser thread to the merging one; empty ones go back for reuse,
// so at most kBatchesInFlight exist.
class BatchQueue {
 public:
  BatchQueue() {
    for (std::size_t i = 0; i < kBatchesInFlight; ++i)
      m_free.push_back(std::make_unique<SampleBatch>());
  }

  // Parser side. Null once the merger has stopped.
  std::unique_ptr<SampleBatch> takeFree() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_free.empty() || m_stopped; });
    if (m_stopped)
      return nullptr;
    auto batch = std::move(m_free.front());
    m_free.pop_front();
    return batch;
  }
  void pushFull(std::unique_ptr<SampleBatch> batch, bool last) {
    std::lock_guard lock(m_mutex);
    m_full.push_back(std::move(batch));
    m_finished = last;
    m_changed.notify_all();
  }
  void finishWithoutBatch() {
    std::lock_guard lock(m_mutex);
    m_finished = true;
    m_changed.notify_all();
  }

  // Merger side. Null when the parser has finished and everything was taken.
  std::unique_ptr<SampleBatch> takeFull() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_full.empty() || m_finished; });
    if (m_full.empty())
      return nullptr;
    auto batch = std::move(m_full.front());
    m_full.pop_front();
    return batch;
  }
  void giveBack(std::unique_ptr<SampleBatch> batch) {
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(batch));
    m_changed.notify_all();
  }
  // The merger failed: the parser stops at its next batch.
  void stop() {
    std::lock_guard lock(m_mutex);
    m_stopped = true;
    m_changed.notify_all();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::unique_ptr<SampleBatch>> m_free;
  std::deque<std::unique_ptr<SampleBatch>> m_full;
  bool m_finished = false;
  bool m_stopped = false;
};

}  // namespace

bool readPprofSamples(const PprofSampleInputs& inputs, PprofStackResolver& stacks,
                      ProfileBuilder& builder, ReaderContext& context, DecodeError& error,
                      std::uint64_t pipelineMinSamples) {
  SampleParser parser(inputs, context);
  SampleMerger merger(inputs, stacks, builder, context, error);
  bool ok = true;
  if (pipelineMinSamples == 0 || inputs.sampleCount < pipelineMinSamples ||
      std::thread::hardware_concurrency() < 2) {
    SampleBatch batch;
    bool more = true;
    while (ok && more) {
      more = parser.fill(batch);
      ok = merger.merge(batch);
    }
  } else {
    BatchQueue queue;
    std::thread parsing([&] {
      for (;;) {
        std::unique_ptr<SampleBatch> batch = queue.takeFree();
        if (!batch) {
          queue.finishWithoutBatch();
          return;
        }
        const bool more = parser.fill(*batch) && !batch->failed;
        queue.pushFull(std::move(batch), !more);
        if (!more)
          return;
      }
    });
    while (std::unique_ptr<SampleBatch> batch = queue.takeFull()) {
      ok = merger.merge(*batch);
      queue.giveBack(std::move(batch));
      if (!ok) {
        queue.stop();
        break;
      }
    }
    parsing.join();
  }
  if (ok && context.onRows)
    context.onRows(merger.samplesRead());
  return ok;
}

}  // namespace sightline
