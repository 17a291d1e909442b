#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sightline {

// One profile as Sightline holds it in memory: pprof's data model with the samples already
// merged into a stack trie. Readers build it with ProfileBuilder, the workspace stores and
// loads it, and every analysis (call tree, top, diff, sandwich) reads it. Indices are
// 0-based positions in the vectors below (pprof's 1-based ids are gone after decoding).

struct ProfileValueType {
  std::string type;  // e.g. "cpu", "samples", "alloc_space", "contentions"
  std::string unit;  // e.g. "nanoseconds", "count", "bytes"
};

struct ProfileMapping {
  std::uint64_t memoryStart = 0;
  std::uint64_t memoryLimit = 0;
  std::uint64_t fileOffset = 0;
  std::string fileName;
  std::string buildId;
  bool hasFunctions = false;
  bool hasFilenames = false;
  bool hasLineNumbers = false;
  bool hasInlineFrames = false;
};

struct ProfileFunction {
  std::string name;        // e.g. "main.(*server).handle"
  std::string systemName;  // e.g. the mangled name; often equal to name
  std::string fileName;
  std::int64_t startLine = 0;
};

inline constexpr std::uint32_t kNoMapping = 0xffffffffu;

// One line of one pprof location. A location with several lines (inlined calls) becomes
// several frames, the inlined callee nearest the leaf. Frames are deduplicated on all
// fields.
struct ProfileFrame {
  std::uint32_t function = 0;  // index into ProfileData::functions
  std::int64_t line = 0;
  std::uint64_t address = 0;
  std::uint32_t mapping = kNoMapping;  // index into ProfileData::mappings
  bool inlined = false;                // true for all but the outermost line of a location
};

// Node 0 is the root (no frame); every other node's parent has a smaller index, so a
// forward pass visits parents before children.
struct StackNode {
  std::uint32_t parent = 0;
  std::uint32_t frame = 0;  // index into ProfileData::frames; unused for node 0
};

struct ProfileLabel {
  std::string key;
  std::string text;         // string labels
  std::int64_t number = 0;  // numeric labels
  std::string unit;         // numeric labels' unit, may be empty
  bool numeric = false;
};

// The samples of one (stack, label set) pair, merged. Values are in ProfileData::values.
struct ProfileSample {
  std::uint32_t node = 0;      // the leaf of the stack, index into ProfileData::nodes
  std::uint32_t labelSet = 0;  // index into ProfileData::labelSets; 0 = no labels
};

struct ProfileData {
  std::vector<ProfileValueType> sampleTypes;
  int defaultSampleType = -1;  // index into sampleTypes, -1 = pprof's default (the last)
  ProfileValueType periodType;
  std::int64_t period = 0;
  std::int64_t timeNanos = 0;
  std::int64_t durationNanos = 0;
  std::string dropFrames;  // regex, as in the file
  std::string keepFrames;
  std::vector<std::string> comments;

  std::vector<ProfileMapping> mappings;
  std::vector<ProfileFunction> functions;
  std::vector<ProfileFrame> frames;
  std::vector<StackNode> nodes;  // nodes[0] is the root
  std::vector<ProfileSample> samples;
  // values[i * sampleTypes.size() + t] is sample i's value of sample type t.
  std::vector<std::int64_t> values;
  std::vector<std::vector<ProfileLabel>> labelSets;  // labelSets[0] is the empty set

  std::size_t typeCount() const { return sampleTypes.size(); }
  std::int64_t value(std::size_t sample, std::size_t type) const {
    return values[sample * sampleTypes.size() + type];
  }
  // The sample type shown when none is asked for: defaultSampleType, else the last one.
  int effectiveDefaultSampleType() const {
    if (defaultSampleType >= 0 && defaultSampleType < static_cast<int>(sampleTypes.size()))
      return defaultSampleType;
    return static_cast<int>(sampleTypes.size()) - 1;
  }
  // Index of the sample type named `type` (e.g. "alloc_space"), or -1.
  int sampleTypeIndex(const std::string& type) const {
    for (std::size_t i = 0; i < sampleTypes.size(); ++i)
      if (sampleTypes[i].type == type)
        return static_cast<int>(i);
    return -1;
  }
};

}  // namespace sightline
