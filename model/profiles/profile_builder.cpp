#include "model/profiles/profile_builder.h"

#include <algorithm>
#include <cstring>

#include "model/common/big_buffers.h"

namespace sightline {
namespace {

std::uint64_t pairKey(std::uint32_t high, std::uint32_t low) {
  return (static_cast<std::uint64_t>(high) << 32) | low;
}

// Length-prefixed fields so that no choice of strings can make two keys collide.
void appendField(std::string& key, const std::string& field) {
  const std::uint64_t size = field.size();
  key.append(reinterpret_cast<const char*>(&size), sizeof size);
  key.append(field);
}

template <typename T>
void appendScalar(std::string& key, T value) {
  key.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

namespace {

constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};
constexpr std::size_t kInitialSlots = 256;

std::size_t slotOf(std::uint64_t key, std::size_t mask) {
  // Fibonacci hashing: parents and keys are small dense integers, so mix the bits well.
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
}

}  // namespace

StackTrie::StackTrie()
    : m_slotKeys(kInitialSlots, kEmptySlot),
      m_slotNodes(kInitialSlots, 0),
      m_slotMask(kInitialSlots - 1) {
  m_nodes.push_back(StackNode{0, 0});
  m_links.push_back(Links{kNone, kNone});
}

std::uint32_t StackTrie::child(std::uint32_t parent, std::uint32_t key) {
  const std::uint32_t first = m_links[parent].firstChild;
  if (first == kIndexed) {
    const std::uint32_t found = findIndexed(parent, key);
    if (found != kNone)
      return found;
    const std::uint32_t node = append(parent, key);
    insertIndexed(parent, key, node);
    return node;
  }
  int length = 0;
  for (std::uint32_t node = first; node != kNone; node = m_links[node].nextSibling, ++length) {
    if (m_nodes[node].frame == key)
      return node;
  }
  const std::uint32_t node = append(parent, key);
  m_links[node].nextSibling = first;
  m_links[parent].firstChild = node;
  if (length + 1 > kListLimit)
    moveToIndex(parent);
  return node;
}

namespace {

// push_back's doubling, into memory advised for huge pages: a large trie is walked at random
// (every new stack starts somewhere in it).
template <typename T>
void growBig(std::vector<T>& buffer) {
  if (buffer.size() < buffer.capacity())
    return;
  std::vector<T> grown;
  reserveBig(grown, std::max<std::size_t>(buffer.capacity() * 2, 1024));
  grown.insert(grown.end(), buffer.begin(), buffer.end());
  buffer.swap(grown);
}

}  // namespace

std::uint32_t StackTrie::append(std::uint32_t parent, std::uint32_t key) {
  growBig(m_nodes);
  growBig(m_links);
  const auto node = static_cast<std::uint32_t>(m_nodes.size());
  m_nodes.push_back(StackNode{parent, key});
  m_links.push_back(Links{kNone, kNone});
  return node;
}

std::uint32_t StackTrie::findIndexed(std::uint32_t parent, std::uint32_t key) const {
  const std::uint64_t packed = (static_cast<std::uint64_t>(parent) << 32) | key;
  for (std::size_t slot = slotOf(packed, m_slotMask); m_slotKeys[slot] != kEmptySlot;
       slot = (slot + 1) & m_slotMask) {
    if (m_slotKeys[slot] == packed)
      return m_slotNodes[slot];
  }
  return kNone;
}

void StackTrie::insertIndexed(std::uint32_t parent, std::uint32_t key, std::uint32_t node) {
  const std::uint64_t packed = (static_cast<std::uint64_t>(parent) << 32) | key;
  std::size_t slot = slotOf(packed, m_slotMask);
  while (m_slotKeys[slot] != kEmptySlot)
    slot = (slot + 1) & m_slotMask;
  m_slotKeys[slot] = packed;
  m_slotNodes[slot] = node;
  if (++m_indexed * 10 > m_slotKeys.size() * 7)
    growIndex();
}

void StackTrie::moveToIndex(std::uint32_t parent) {
  std::uint32_t node = m_links[parent].firstChild;
  m_links[parent].firstChild = kIndexed;
  while (node != kNone) {
    const std::uint32_t next = m_links[node].nextSibling;
    m_links[node].nextSibling = kNone;
    insertIndexed(parent, m_nodes[node].frame, node);
    node = next;
  }
}

void StackTrie::growIndex() {
  const std::size_t size = m_slotKeys.size() * 2;
  std::vector<std::uint64_t> keys(size, kEmptySlot);
  std::vector<std::uint32_t> nodes(size, 0);
  const std::size_t mask = size - 1;
  for (std::size_t i = 0; i < m_slotKeys.size(); ++i) {
    if (m_slotKeys[i] == kEmptySlot)
      continue;
    std::size_t slot = slotOf(m_slotKeys[i], mask);
    while (keys[slot] != kEmptySlot)
      slot = (slot + 1) & mask;
    keys[slot] = m_slotKeys[i];
    nodes[slot] = m_slotNodes[i];
  }
  m_slotKeys = std::move(keys);
  m_slotNodes = std::move(nodes);
  m_slotMask = mask;
}

std::vector<StackNode> StackTrie::takeNodes() {
  std::vector<StackNode> nodes = std::move(m_nodes);
  *this = StackTrie();
  return nodes;
}

std::uint32_t ProfileBuilder::addMapping(ProfileMapping mapping) {
  m_data.mappings.push_back(std::move(mapping));
  return static_cast<std::uint32_t>(m_data.mappings.size() - 1);
}

std::uint32_t ProfileBuilder::internFunction(const ProfileFunction& function) {
  std::string key;
  appendField(key, function.name);
  appendField(key, function.systemName);
  appendField(key, function.fileName);
  appendScalar(key, function.startLine);
  const auto [it, inserted] = m_functionIndex.try_emplace(
      std::move(key), static_cast<std::uint32_t>(m_data.functions.size()));
  if (inserted)
    m_data.functions.push_back(function);
  return it->second;
}

std::uint32_t ProfileBuilder::internFrame(const ProfileFrame& frame) {
  std::string key;
  appendScalar(key, frame.function);
  appendScalar(key, frame.line);
  appendScalar(key, frame.address);
  appendScalar(key, frame.mapping);
  appendScalar(key, static_cast<std::uint8_t>(frame.inlined));
  const auto [it, inserted] =
      m_frameIndex.try_emplace(std::move(key), static_cast<std::uint32_t>(m_data.frames.size()));
  if (inserted)
    m_data.frames.push_back(frame);
  return it->second;
}

std::uint32_t ProfileBuilder::internLabelSet(std::vector<ProfileLabel> labels) {
  if (!m_labelSetsStarted) {
    m_data.labelSets.emplace_back();  // index 0: the empty set
    m_labelSetsStarted = true;
  }
  if (labels.empty())
    return 0;
  std::string key;
  for (const ProfileLabel& label : labels) {
    appendField(key, label.key);
    appendField(key, label.text);
    appendScalar(key, label.number);
    appendField(key, label.unit);
    appendScalar(key, static_cast<std::uint8_t>(label.numeric));
  }
  const auto [it, inserted] = m_labelSetIndex.try_emplace(
      std::move(key), static_cast<std::uint32_t>(m_data.labelSets.size()));
  if (inserted)
    m_data.labelSets.push_back(std::move(labels));
  return it->second;
}

std::uint32_t ProfileBuilder::stackFromLeaf(std::span<const std::uint32_t> framesLeafFirst) {
  std::uint32_t node = 0;
  for (auto it = framesLeafFirst.rbegin(); it != framesLeafFirst.rend(); ++it)
    node = m_trie.child(node, *it);
  return node;
}

std::uint32_t ProfileBuilder::addSample(std::uint32_t node, std::uint32_t labelSet,
                                        std::span<const std::int64_t> values) {
  const std::size_t types = m_data.sampleTypes.size();
  const auto next = static_cast<std::uint32_t>(m_data.samples.size());
  std::uint32_t sample = next;
  if (labelSet == 0) {
    // Most samples carry no labels: a direct index by node saves a hash lookup per sample.
    if (node >= m_unlabelledSample.size())
      m_unlabelledSample.resize(std::max<std::size_t>(node + 1, m_unlabelledSample.size() * 2),
                                kNoSample);
    if (m_unlabelledSample[node] == kNoSample)
      m_unlabelledSample[node] = next;
    sample = m_unlabelledSample[node];
  } else {
    sample = m_labelledSample.try_emplace(pairKey(node, labelSet), next).first->second;
  }
  if (sample == next) {
    m_data.samples.push_back(ProfileSample{node, labelSet});
    m_data.values.resize(m_data.values.size() + types, 0);
  }
  addToSample(sample, values);
  return sample;
}

ProfileData ProfileBuilder::finish() {
  if (!m_labelSetsStarted) {
    m_data.labelSets.emplace_back();
    m_labelSetsStarted = true;
  }
  m_data.nodes = m_trie.takeNodes();
  ProfileData result = std::move(m_data);
  m_data = ProfileData{};
  m_functionIndex.clear();
  m_frameIndex.clear();
  m_labelSetIndex.clear();
  m_unlabelledSample = {};
  m_labelledSample.clear();
  m_labelSetsStarted = false;
  return result;
}

}  // namespace sightline
