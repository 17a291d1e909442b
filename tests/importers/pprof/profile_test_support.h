#pragma once

// Helpers shared by the profile importer tests: a sink that keeps profiles, file and
// decompression helpers, a canonical text dump of a ProfileData (to compare readers and
// inputs with each other) and parsers of the `go tool pprof` answers saved next to the Go
// fixtures (tests/data/go-pprof/expected).

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/importer.h"
#include "importers/core/memory_byte_source.h"
#include "importers/pprof/profile_file_reader.h"
#include "model/profiles/profile_data.h"
#include "model/profiles/profile_sink.h"

namespace sightline::test {

struct ProfileCollector : ProfileSink {
  std::vector<ProfileData> profiles;
  bool refuse = false;  // tests of sink failures

  Status consume(ProfileData&& profile) override {
    if (refuse)
      return Status::error("disk full");
    profiles.push_back(std::move(profile));
    return Status::ok();
  }
};

inline std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::string testData(const std::string& relative) {
  return std::string(SIGHTLINE_TEST_DATA_DIR) + "/" + relative;
}

// One of the Go runtime/pprof fixtures ("cpu", "heap", …), decoded; the test stops if it
// cannot be read.
inline ProfileData readGoProfile(const std::string& name) {
  std::string error;
  std::optional<ProfileData> profile =
      readProfileFile(testData("go-pprof/" + name + ".pb.gz"), &error);
  if (!profile)
    qFatal("%s", error.c_str());
  return std::move(*profile);
}

// The decompressed bytes of gzip/zstd data (or the data itself).
inline std::string decompressed(const std::string& data) {
  auto source = openDecompressed(std::make_unique<MemoryByteSource>(data));
  std::string out;
  for (auto chunk = source->next(); !chunk.empty(); chunk = source->next())
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  return out;
}

// Reads `data` with `reader` into `sink`; returns the error message ("" on success).
inline std::string readProfileBytes(FormatReader& reader, const std::string& data,
                                    ProfileCollector& sink, std::size_t maxChunk = 1 << 20,
                                    DecodeError* errorOut = nullptr) {
  MemoryByteSource source(data, maxChunk);
  ReaderContext context;
  context.profiles = &sink;
  DecodeError error;
  const bool ok = reader.read(source, context, error);
  if (errorOut)
    *errorOut = error;
  if (ok)
    return {};
  return error.message.empty() ? std::string("(failed without a message)") : error.message;
}

// Function names of a stack, root first.
inline std::vector<std::string> stackNames(const ProfileData& profile, std::uint32_t node) {
  std::vector<std::string> names;
  for (; node != 0; node = profile.nodes[node].parent)
    names.push_back(profile.functions[profile.frames[profile.nodes[node].frame].function].name);
  return {names.rbegin(), names.rend()};
}

inline std::int64_t totalOf(const ProfileData& profile, std::size_t type) {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < profile.samples.size(); ++i)
    total += profile.value(i, type);
  return total;
}

// Everything of a profile as sorted text lines, independent of the order of samples,
// functions and frames: two inputs that mean the same profile dump the same.
inline std::string dumpProfile(const ProfileData& p) {
  std::ostringstream header;
  for (const auto& t : p.sampleTypes)
    header << "type " << t.type << "/" << t.unit << "\n";
  header << "default " << p.effectiveDefaultSampleType() << " period " << p.period << " "
         << p.periodType.type << "/" << p.periodType.unit << " time " << p.timeNanos << " dur "
         << p.durationNanos << " drop " << p.dropFrames << " keep " << p.keepFrames << "\n";
  for (const auto& c : p.comments)
    header << "comment " << c << "\n";
  for (const auto& m : p.mappings) {
    header << "mapping " << m.memoryStart << "-" << m.memoryLimit << "@" << m.fileOffset << " "
           << m.fileName << " " << m.buildId << " " << m.hasFunctions << m.hasFilenames
           << m.hasLineNumbers << m.hasInlineFrames << "\n";
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < p.samples.size(); ++i) {
    std::ostringstream line;
    line << "sample";
    for (std::uint32_t n = p.samples[i].node; n != 0; n = p.nodes[n].parent) {
      const ProfileFrame& f = p.frames[p.nodes[n].frame];
      const ProfileFunction& fn = p.functions[f.function];
      line << " " << fn.name << "|" << fn.systemName << "|" << fn.fileName << "|" << fn.startLine
           << ":" << f.line << "@" << f.address << (f.inlined ? "i" : "") << "m"
           << (f.mapping == kNoMapping ? -1 : static_cast<std::int64_t>(f.mapping));
    }
    line << " =";
    for (std::size_t t = 0; t < p.typeCount(); ++t)
      line << " " << p.value(i, t);
    for (const auto& l : p.labelSets[p.samples[i].labelSet]) {
      line << " [" << l.key << "=" << (l.numeric ? std::to_string(l.number) + l.unit : l.text)
           << "]";
    }
    lines.push_back(line.str());
  }
  std::sort(lines.begin(), lines.end());
  std::string out = header.str();
  for (const auto& line : lines)
    out += line + "\n";
  return out;
}

// What `go tool pprof -raw` printed for a fixture: sample types (the one marked [dflt],
// else the last, is the default), each sample type's total over all samples, the distinct
// function names of all locations and the number of mappings.
struct RawReference {
  std::vector<std::string> sampleTypes;  // "type/unit"
  int defaultType = -1;
  std::vector<std::int64_t> totals;
  std::set<std::string> functions;
  int mappings = 0;
};

inline RawReference parseRawReference(const std::string& text) {
  RawReference raw;
  std::istringstream in(text);
  std::string line;
  enum { Header, Samples, Locations, Mappings } section = Header;
  while (std::getline(in, line)) {
    if (line == "Samples:") {
      section = Samples;
      std::getline(in, line);
      std::istringstream types(line);
      for (std::string type; types >> type;) {
        if (const auto mark = type.find("[dflt]"); mark != std::string::npos) {
          type.erase(mark);
          raw.defaultType = static_cast<int>(raw.sampleTypes.size());
        }
        raw.sampleTypes.push_back(type);
      }
      raw.totals.assign(raw.sampleTypes.size(), 0);
      if (raw.defaultType < 0)
        raw.defaultType = static_cast<int>(raw.sampleTypes.size()) - 1;
      continue;
    }
    if (line == "Locations") {
      section = Locations;
      continue;
    }
    if (line == "Mappings") {
      section = Mappings;
      continue;
    }
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;)
      w.push_back(word);
    if (w.empty())
      continue;
    if (section == Samples && w.size() > raw.sampleTypes.size() &&
        w[raw.sampleTypes.size() - 1].back() == ':') {
      for (std::size_t t = 0; t < raw.sampleTypes.size(); ++t)
        raw.totals[t] += std::stoll(w[t]);
    } else if (section == Locations) {
      // "  1: 0x4bf797 M=1 main.mix file:78 s=0" or, for inlined callers, "  main.hashLoop …".
      const std::size_t name = w[0].back() == ':' ? 3 : 0;
      if (w.size() > name)
        raw.functions.insert(w[name]);
    } else if (section == Mappings) {
      ++raw.mappings;
    }
  }
  return raw;
}

// T of "Showing nodes accounting for A, P% of T total" in a saved `-top`, without its unit.
inline std::int64_t topTotal(const std::string& text) {
  const std::string marker = "% of ";
  const auto at = text.find(marker);
  if (at == std::string::npos)
    return -1;
  return std::stoll(text.substr(at + marker.size()));
}

}  // namespace sightline::test
