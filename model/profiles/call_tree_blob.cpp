#include "model/profiles/call_tree_blob.h"

#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "model/common/big_buffers.h"

namespace sightline {

namespace {

// "SLCT" and a format version: a blob of another version is refused like a corrupt one and
// the caller falls back to building the tree. Bump the version when the layout, or what
// buildCallTree() produces for a profile, changes.
constexpr char kMagic[4] = {'S', 'L', 'C', 'T'};
constexpr std::uint8_t kFormatVersion = 1;
// Fast settings: the tree is compressed during every import and decompressed on every open.
constexpr int kZstdLevel = 1;
// Far above any real tree (the 1M-sample benchmark profile needs ~20 MB), low enough that a
// corrupt size field cannot make the decoder allocate without bound.
constexpr std::uint64_t kMaxRawBytes = std::uint64_t{1} << 30;

void putVarint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(value) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void putString(std::string& out, const std::string& text) {
  putVarint(out, text.size());
  out += text;
}

std::uint64_t zigzag(std::int64_t value) {
  return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}

std::int64_t unzigzag(std::uint64_t value) {
  return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
}

// Bounds-checked reading of the decompressed payload: every read reports running out.
class Reader {
 public:
  explicit Reader(std::string_view data) : m_pos(data.data()), m_end(data.data() + data.size()) {}

  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (m_pos == m_end)
        return false;
      const auto byte = static_cast<std::uint8_t>(*m_pos++);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return true;
    }
    return false;  // more than ten bytes: not a varint we wrote
  }
  bool string(std::string& text) {
    std::uint64_t size = 0;
    if (!varint(size) || size > remaining())
      return false;
    text.assign(m_pos, static_cast<std::size_t>(size));
    m_pos += size;
    return true;
  }
  std::size_t remaining() const { return static_cast<std::size_t>(m_end - m_pos); }
  // The next `size` bytes as a reader of their own (false if there are fewer).
  bool split(std::uint64_t size, Reader& part) {
    if (size > remaining())
      return false;
    part = Reader(std::string_view(m_pos, static_cast<std::size_t>(size)));
    m_pos += size;
    return true;
  }

 private:
  const char* m_pos;
  const char* m_end;
};

std::string rawPayload(const CallTree& tree) {
  std::string out;
  const std::size_t count = tree.nodes.size();
  // Three varints per node, most of them one or two bytes.
  out.reserve(count * 6 + tree.names.size() * 24 + 64);
  putString(out, tree.sampleType.type);
  putString(out, tree.sampleType.unit);
  putVarint(out, tree.maxDepth);
  putVarint(out, tree.names.size());
  for (const std::string& name : tree.names)
    putString(out, name);
  putVarint(out, count);
  // One column after the other: similar numbers next to each other compress better. The
  // first two columns' sizes lead, so that the decoder can read all three in one pass.
  std::string parents;
  std::string names;
  parents.reserve(count * 2);
  names.reserve(count * 2);
  for (std::size_t i = 1; i < count; ++i)
    putVarint(parents, static_cast<std::uint32_t>(i - tree.nodes[i].parent));
  for (const CallTreeNode& node : tree.nodes)
    putVarint(names, node.name);
  putVarint(out, parents.size());
  putVarint(out, names.size());
  out += parents;
  out += names;
  for (const CallTreeNode& node : tree.nodes)
    putVarint(out, zigzag(node.self));
  return out;
}

bool fail(std::string* error, const std::string& message) {
  if (error)
    *error = "flame graph cache: " + message;
  return false;
}

bool decompress(std::string_view blob, std::string& raw, std::string* error) {
  if (blob.size() < sizeof kMagic + 1 || std::memcmp(blob.data(), kMagic, sizeof kMagic) != 0)
    return fail(error, "not a call tree blob");
  if (static_cast<std::uint8_t>(blob[sizeof kMagic]) != kFormatVersion)
    return fail(error, "unknown format version " +
                           std::to_string(static_cast<std::uint8_t>(blob[sizeof kMagic])));
  const std::string_view frame = blob.substr(sizeof kMagic + 1);
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    return fail(error, "corrupt compressed data");
  // Real trees compress a few times, a long chain of one function a few hundred times; a
  // damaged size field must not make us allocate a gigabyte for a small blob.
  const std::uint64_t limit =
      std::min<std::uint64_t>(kMaxRawBytes, std::max<std::uint64_t>(frame.size(), 64) * 4096);
  if (size > limit)
    return fail(error, "implausible size " + std::to_string(size));
  raw.reserve(static_cast<std::size_t>(size));
  const BackgroundPrefault prefault(raw.data(), raw.capacity());
  raw.resize(static_cast<std::size_t>(size));
  const std::size_t got = ZSTD_decompress(raw.data(), raw.size(), frame.data(), frame.size());
  if (ZSTD_isError(got))
    return fail(error, std::string("corrupt compressed data (") + ZSTD_getErrorName(got) + ")");
  if (got != raw.size())
    return fail(error, "truncated compressed data");
  return true;
}

// Adds the totals up, children after parents; refuses values that overflow.
bool addTotals(CallTree& tree, std::string* error) {
  for (std::size_t i = tree.nodes.size(); i-- > 0;) {
    CallTreeNode& node = tree.nodes[i];
    if (__builtin_add_overflow(node.total, node.self, &node.total))
      return fail(error, "values overflow");
    if (i > 0 && __builtin_add_overflow(tree.nodes[node.parent].total, node.total,
                                        &tree.nodes[node.parent].total)) {
      return fail(error, "values overflow");
    }
  }
  return true;
}

// Reads the three columns in one pass over the nodes (the tree of a large profile is ~100 MB
// of nodes: every extra pass costs), rebuilding firstChild, childCount and depth on the way
// and checking that the parents describe CallTree's layout: parents before children, each
// node's children in one block.
bool readNodes(Reader& in, CallTree& tree, std::string* error) {
  std::uint64_t parentBytes = 0;
  std::uint64_t nameBytes = 0;
  Reader parents(std::string_view{});
  Reader names(std::string_view{});
  if (!in.varint(parentBytes) || !in.varint(nameBytes) || !in.split(parentBytes, parents) ||
      !in.split(nameBytes, names)) {
    return fail(error, "truncated nodes");
  }
  std::uint32_t maxDepth = 0;
  const std::size_t nameCount = tree.names.size();
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    CallTreeNode& node = tree.nodes[i];
    if (i > 0) {
      std::uint64_t distance = 0;
      if (!parents.varint(distance) || distance == 0 || distance > i)
        return fail(error, "bad parent of node " + std::to_string(i));
      node.parent = static_cast<std::uint32_t>(i - distance);
      CallTreeNode& parent = tree.nodes[node.parent];
      if (parent.childCount == 0) {
        parent.firstChild = static_cast<std::uint32_t>(i);
      } else if (parent.firstChild + parent.childCount != i) {
        return fail(error, "children of node " + std::to_string(node.parent) + " are not adjacent");
      }
      ++parent.childCount;
      node.depth = parent.depth + 1;
      maxDepth = std::max(maxDepth, node.depth);
    }
    std::uint64_t name = 0;
    if (!names.varint(name) || name >= nameCount)
      return fail(error, "bad name of node " + std::to_string(i));
    node.name = static_cast<std::uint32_t>(name);
    std::uint64_t self = 0;
    if (!in.varint(self))
      return fail(error, "truncated values");
    node.self = unzigzag(self);
  }
  if (parents.remaining() != 0 || names.remaining() != 0 || in.remaining() != 0)
    return fail(error, "unexpected bytes after the tree");
  if (maxDepth != tree.maxDepth)
    return fail(error, "depth does not match the nodes");
  return addTotals(tree, error);
}

}  // namespace

std::string encodeCallTree(const CallTree& tree) {
  if (tree.differential)
    return {};
  const std::string raw = rawPayload(tree);
  std::string blob(kMagic, sizeof kMagic);
  blob.push_back(static_cast<char>(kFormatVersion));
  const std::size_t header = blob.size();
  blob.resize(header + ZSTD_compressBound(raw.size()));
  ZSTD_CCtx* context = ZSTD_createCCtx();
  if (!context)
    return {};
  ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, kZstdLevel);
  // Detects a damaged blob that would still decompress into a plausible tree.
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  const std::size_t written =
      ZSTD_compress2(context, blob.data() + header, blob.size() - header, raw.data(), raw.size());
  ZSTD_freeCCtx(context);
  if (ZSTD_isError(written))
    return {};
  blob.resize(header + written);
  return blob;
}

std::optional<CallTree> decodeCallTree(std::string_view blob, std::string* error) {
  std::string raw;
  if (!decompress(blob, raw, error))
    return std::nullopt;
  Reader in(raw);
  CallTree tree;
  std::uint64_t maxDepth = 0;
  std::uint64_t nameCount = 0;
  if (!in.string(tree.sampleType.type) || !in.string(tree.sampleType.unit) ||
      !in.varint(maxDepth) || !in.varint(nameCount)) {
    fail(error, "truncated header");
    return std::nullopt;
  }
  // Every name takes at least its length byte, every node at least two bytes.
  if (maxDepth > kNoNode || nameCount > in.remaining()) {
    fail(error, "implausible header");
    return std::nullopt;
  }
  tree.maxDepth = static_cast<std::uint32_t>(maxDepth);
  tree.names.resize(static_cast<std::size_t>(nameCount));
  for (std::string& name : tree.names) {
    if (!in.string(name)) {
      fail(error, "truncated names");
      return std::nullopt;
    }
  }
  std::uint64_t count = 0;
  if (!in.varint(count) || count > in.remaining() / 2 || count >= kNoNode) {
    fail(error, "implausible node count");
    return std::nullopt;
  }
  tree.nodes.reserve(static_cast<std::size_t>(count));
  const BackgroundPrefault prefault(tree.nodes.data(),
                                    tree.nodes.capacity() * sizeof(CallTreeNode));
  tree.nodes.resize(static_cast<std::size_t>(count));
  if (!readNodes(in, tree, error))
    return std::nullopt;
  return tree;
}

}  // namespace sightline
