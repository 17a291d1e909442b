#pragma once

// Hand-written profiles for the call-tree tests, in a collapsed-stacks-like notation:
//
//   "main;work+helper;leaf 10,3 #span=abc"
//
// - locations root first, separated by ';'
// - "outer+inner" is one location with an inlined call (inner is the inlined line)
// - a frame is "name", optionally ":line" (another frame of the same function),
//   "@file" (the function's file) and "^binary" (the location's mapping)
// - then one value per sample type, comma-separated, and optional "#key=value" labels.

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/profiles/call_tree.h"
#include "model/profiles/profile_builder.h"

namespace sightline::test {

inline std::vector<std::string> splitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator))
    parts.push_back(part);
  return parts;
}

class ProfileSpecBuilder {
 public:
  explicit ProfileSpecBuilder(std::vector<std::string> sampleTypes = {"samples"}) {
    for (const std::string& type : sampleTypes)
      m_builder.data().sampleTypes.push_back({type, "count"});
  }

  ProfileSpecBuilder& dropFrames(std::string drop, std::string keep = {}) {
    m_builder.data().dropFrames = std::move(drop);
    m_builder.data().keepFrames = std::move(keep);
    return *this;
  }

  ProfileSpecBuilder& sample(const std::string& line) {
    std::vector<std::string> words = splitOn(line, ' ');
    std::vector<ProfileLabel> labels;
    while (!words.empty() && !words.back().empty() && words.back().front() == '#') {
      const std::string label = words.back().substr(1);
      const std::size_t eq = label.find('=');
      labels.insert(labels.begin(), ProfileLabel{label.substr(0, eq), label.substr(eq + 1)});
      words.pop_back();
    }
    std::vector<std::int64_t> values;
    for (const std::string& value : splitOn(words.at(1), ','))
      values.push_back(std::stoll(value));

    // Leaf first, as pprof lists them; inside a location the inlined (inner) lines come
    // first and only the outermost line is not inlined.
    std::vector<std::uint32_t> ordered;
    const std::vector<std::string> locations = splitOn(words.at(0), ';');
    for (auto it = locations.rbegin(); it != locations.rend(); ++it) {
      const std::vector<std::string> lines = splitOn(*it, '+');
      for (auto line = lines.rbegin(); line != lines.rend(); ++line)
        ordered.push_back(frame(*line, line != lines.rend() - 1));
    }
    const std::uint32_t node = m_builder.stackFromLeaf(ordered);
    const std::uint32_t labelSet = m_builder.internLabelSet(labels);
    m_builder.addSample(node, labelSet, values);
    return *this;
  }

  ProfileSpecBuilder& samples(const std::vector<std::string>& lines) {
    for (const std::string& line : lines)
      sample(line);
    return *this;
  }

  ProfileData build() { return m_builder.finish(); }

 private:
  std::uint32_t frame(const std::string& token, bool inlined) {
    std::string rest = token;
    std::string binary;
    if (const std::size_t caret = rest.find('^'); caret != std::string::npos) {
      binary = rest.substr(caret + 1);
      rest.resize(caret);
    }
    std::string file;
    if (const std::size_t at = rest.find('@'); at != std::string::npos) {
      file = rest.substr(at + 1);
      rest.resize(at);
    }
    std::int64_t line = 0;
    if (const std::size_t colon = rest.rfind(':');
        colon != std::string::npos && colon + 1 < rest.size() &&
        rest.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
      line = std::stoll(rest.substr(colon + 1));
      rest.resize(colon);
    }
    ProfileFrame frame;
    frame.function = m_builder.internFunction(ProfileFunction{rest, rest, file, 0});
    frame.line = line;
    frame.inlined = inlined;
    if (!binary.empty()) {
      auto [it, inserted] = m_mappings.try_emplace(binary, 0);
      if (inserted) {
        ProfileMapping mapping;
        mapping.fileName = binary;
        it->second = m_builder.addMapping(mapping);
      }
      frame.mapping = it->second;
    }
    return m_builder.internFrame(frame);
  }

  ProfileBuilder m_builder;
  std::map<std::string, std::uint32_t> m_mappings;
};

inline ProfileData profileOf(const std::vector<std::string>& lines,
                             std::vector<std::string> types = {"samples"}) {
  return ProfileSpecBuilder(std::move(types)).samples(lines).build();
}

// The tree as text, depth first: one "name total/self" line per node, two spaces of
// indent per level (root left out); differential trees add " base total/self".
inline std::string dumpTree(const CallTree& tree) {
  std::string out;
  std::vector<std::uint32_t> stack;
  if (tree.nodes.empty())
    return out;
  for (std::uint32_t c = tree.nodes[0].childCount; c-- > 0;)
    stack.push_back(tree.nodes[0].firstChild + c);
  while (!stack.empty()) {
    const std::uint32_t index = stack.back();
    const CallTreeNode& node = tree.nodes[index];
    stack.pop_back();
    out += std::string(2 * (node.depth - 1), ' ') + tree.names[node.name] + ' ' +
           std::to_string(node.total) + '/' + std::to_string(node.self);
    if (tree.differential)
      out += " base " + std::to_string(tree.baseTotalOf(index)) + '/' +
             std::to_string(tree.baseSelfOf(index));
    out += '\n';
    for (std::uint32_t c = node.childCount; c-- > 0;)
      stack.push_back(node.firstChild + c);
  }
  return out;
}

// Joins lines with '\n' (and a final one), for expected dumps.
inline std::string lines(std::initializer_list<const char*> items) {
  std::string out;
  for (const char* item : items)
    out += std::string(item) + '\n';
  return out;
}

}  // namespace sightline::test
