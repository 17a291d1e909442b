#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include <QFont>
#include <QStaticText>
#include <QString>

#include "model/profiles/call_tree.h"

namespace sightline {

// The labels of flame graph bars, laid out once and reused on every frame. A label is the
// node's function name, elided from the front (elideFunctionName: "…(*T).method", the end
// names the function) to the bar's width rounded down to a bucket of kWidthBucket pixels,
// so a bar that changes width by a few pixels keeps its text. Texts are shared by
// name (a function appears at many nodes) and remembered per drawn node, so an unchanged
// node costs one hash lookup per frame (a per-node array cost tens of MB and milliseconds
// to clear for a tree of millions of nodes, most never drawn). Past kMaxEntries texts or
// kMaxNodes remembered nodes the caches start over.
class FlameGraphTextCache {
 public:
  static constexpr int kWidthBucket = 8;
  static constexpr std::size_t kMaxEntries = 50000;
  static constexpr std::size_t kMaxNodes = 200000;

  // Forgets everything; texts are laid out for `font` from now on.
  void reset(const CallTree* tree, const QFont& font);

  // The label of `node` for a bar with `availableWidth` pixels of room, or nullptr when not
  // even an ellipsis and one character fit.
  const QStaticText* label(std::uint32_t node, int availableWidth);

  // The text a node shows in full (the root of a call tree is "all" when it has no name).
  QString fullText(std::uint32_t node) const;

  std::size_t entryCount() const { return m_fullLabels.size() + m_elidedLabels.size(); }
  // Changes whenever the cache starts over, which invalidates every text it returned.
  std::uint64_t generation() const { return m_generation; }

 private:
  struct FullLabel {
    QString text;
    int width = 0;
    QStaticText staticText;  // laid out on first use
  };

  QStaticText makeText(const QString& text) const;
  FullLabel& fullLabel(std::uint32_t node);

  const CallTree* m_tree = nullptr;
  QFont m_font;
  int m_minLabelWidth = 0;
  std::uint64_t m_generation = 0;
  // Keyed by name index (the unnamed root by kNoNode); unordered_map never moves its
  // elements, so the per-node pointers below stay valid until the maps are cleared.
  std::unordered_map<std::uint32_t, FullLabel> m_fullLabels;
  std::unordered_map<std::uint64_t, QStaticText> m_elidedLabels;  // name << 32 | bucket
  struct NodeLabel {
    const QStaticText* text = nullptr;
    std::int32_t bucket = -1;  // the bucket the label was chosen for
  };
  std::unordered_map<std::uint32_t, NodeLabel> m_nodeLabels;
};

}  // namespace sightline
