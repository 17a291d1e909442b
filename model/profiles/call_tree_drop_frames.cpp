#include "model/profiles/call_tree_drop_frames.h"

#include <unordered_map>
#include <vector>

#include "model/profiles/profile_builder.h"
#include "model/profiles/profile_filter.h"

namespace sightline {
namespace {

enum class LocationCut : std::uint8_t { kNone, kWhole, kBeneath };

// One location of a stack, as a range of its leaf-first frames.
struct LocationRange {
  std::size_t begin = 0;  // innermost (inlined) line
  std::size_t end = 0;    // one past the outermost line
  LocationCut cut = LocationCut::kNone;
  std::size_t keepFrom = 0;  // kBeneath: first line kept (the ones above the match stay)
};

std::optional<QRegularExpression> wholeNameRegex(const std::string& pattern) {
  // pprof anchors these as "^(" + pattern + ")$".
  return compileProfileRegex("\\A(?:" + pattern + ")\\z");
}

}  // namespace

std::string_view simplifyFunctionName(std::string_view name) {
  if (!name.empty() && name.front() == '.')
    name.remove_prefix(1);
  static constexpr std::string_view kReserved[] = {"(anonymous namespace)", "operator()"};
  for (std::size_t i = 0; i < name.size(); ++i) {
    bool reserved = false;
    for (std::string_view word : kReserved) {
      if (name.substr(i, word.size()) == word) {
        i += word.size() - 1;
        reserved = true;
        break;
      }
    }
    if (!reserved && name[i] == '(')
      return name.substr(0, i);
  }
  return name;
}

std::shared_ptr<const ProfileData> pruneDropFrames(const ProfileData& profile,
                                                   const std::string& dropFrames,
                                                   const std::string& keepFrames) {
  if (dropFrames.empty())
    return nullptr;
  const std::optional<QRegularExpression> drop = wholeNameRegex(dropFrames);
  std::optional<QRegularExpression> keep;
  if (!keepFrames.empty())
    keep = wholeNameRegex(keepFrames);
  if (!drop || (!keepFrames.empty() && !keep))
    return nullptr;

  std::vector<std::uint8_t> functionDropped(profile.functions.size(), 0);
  bool anyDropped = false;
  for (std::size_t i = 0; i < profile.functions.size(); ++i) {
    const std::string& name = profile.functions[i].name;
    if (name.empty())
      continue;
    const QString simple = QString::fromUtf8(simplifyFunctionName(name));
    if (drop->match(simple).hasMatch() && !(keep && keep->match(simple).hasMatch())) {
      functionDropped[i] = 1;
      anyDropped = true;
    }
  }
  if (!anyDropped)
    return nullptr;
  const auto dropped = [&](std::uint32_t frame) {
    const std::uint32_t function = profile.frames[frame].function;
    return function < functionDropped.size() && functionDropped[function];
  };

  auto pruned = std::make_shared<ProfileData>();
  ProfileData& out = *pruned;
  out.sampleTypes = profile.sampleTypes;
  out.defaultSampleType = profile.defaultSampleType;
  out.periodType = profile.periodType;
  out.period = profile.period;
  out.timeNanos = profile.timeNanos;
  out.durationNanos = profile.durationNanos;
  out.dropFrames = profile.dropFrames;
  out.keepFrames = profile.keepFrames;
  out.comments = profile.comments;
  out.mappings = profile.mappings;
  out.functions = profile.functions;
  out.frames = profile.frames;
  out.labelSets = profile.labelSets;

  StackTrie trie;
  std::unordered_map<std::uint64_t, std::uint32_t> sampleIndex;
  const std::size_t types = profile.typeCount();
  std::vector<std::uint32_t> frames;
  std::vector<LocationRange> locations;
  for (std::size_t s = 0; s < profile.samples.size(); ++s) {
    frames.clear();
    for (std::uint32_t n = profile.samples[s].node; n != 0 && n < profile.nodes.size();
         n = profile.nodes[n].parent)
      frames.push_back(profile.nodes[n].frame);

    // Locations, leaf first: a run of inlined lines closed by a non-inlined one.
    locations.clear();
    for (std::size_t i = 0; i < frames.size();) {
      LocationRange location;
      location.begin = i;
      while (i < frames.size() && profile.frames[frames[i]].inlined)
        ++i;
      location.end = i < frames.size() ? ++i : i;
      for (std::size_t line = location.end; line-- > location.begin;) {
        if (dropped(frames[line])) {
          location.cut = line + 1 == location.end ? LocationCut::kWhole : LocationCut::kBeneath;
          location.keepFrom = line + 1;
          break;
        }
      }
      locations.push_back(location);
    }

    // From the root: the first cut location after a user location ends the stack.
    std::size_t firstKept = 0;
    bool foundUser = false;
    for (std::size_t i = locations.size(); i-- > 0;) {
      if (locations[i].cut == LocationCut::kNone) {
        foundUser = true;
        continue;
      }
      if (!foundUser)
        continue;
      firstKept = locations[i].cut == LocationCut::kWhole ? i + 1 : i;
      break;
    }

    std::uint32_t node = 0;
    for (std::size_t i = locations.size(); i-- > firstKept;) {
      const LocationRange& location = locations[i];
      // A location cut beneath an inlined line loses those lines everywhere it appears.
      const std::size_t innermost =
          location.cut == LocationCut::kBeneath ? location.keepFrom : location.begin;
      for (std::size_t line = location.end; line-- > innermost;)
        node = trie.child(node, frames[line]);
    }
    const std::uint64_t key = static_cast<std::uint64_t>(node) << 32 | profile.samples[s].labelSet;
    const auto [it, inserted] =
        sampleIndex.try_emplace(key, static_cast<std::uint32_t>(out.samples.size()));
    if (inserted) {
      out.samples.push_back(ProfileSample{node, profile.samples[s].labelSet});
      out.values.resize(out.values.size() + types, 0);
    }
    for (std::size_t t = 0; t < types; ++t)
      out.values[it->second * types + t] += profile.value(s, t);
  }
  out.nodes = trie.takeNodes();
  return pruned;
}

}  // namespace sightline
