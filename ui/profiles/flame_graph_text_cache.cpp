#include "ui/profiles/flame_graph_text_cache.h"

#include <QFontMetrics>
#include <QTransform>

#include "model/profiles/function_label.h"

namespace sightline {

namespace {

// The root "all samples" node usually has no function name.
std::uint32_t nameKey(const CallTree& tree, std::uint32_t node) {
  const std::uint32_t name = tree.nodes[node].name;
  if (node == 0 && (name >= tree.names.size() || tree.names[name].empty()))
    return kNoNode;
  return name;
}

}  // namespace

void FlameGraphTextCache::reset(const CallTree* tree, const QFont& font) {
  m_tree = tree;
  m_font = font;
  ++m_generation;
  m_fullLabels.clear();
  m_elidedLabels.clear();
  m_nodeLabels.clear();
  const QFontMetrics metrics(font);
  m_minLabelWidth = metrics.horizontalAdvance(QStringLiteral("W\u2026"));
}

QStaticText FlameGraphTextCache::makeText(const QString& text) const {
  QStaticText staticText(text);
  staticText.setTextFormat(Qt::PlainText);
  staticText.setPerformanceHint(QStaticText::AggressiveCaching);
  staticText.prepare(QTransform(), m_font);
  return staticText;
}

QString FlameGraphTextCache::fullText(std::uint32_t node) const {
  if (!m_tree || node >= m_tree->nodes.size())
    return {};
  const std::uint32_t key = nameKey(*m_tree, node);
  if (key == kNoNode)
    return QStringLiteral("all");
  return key < m_tree->names.size() ? QString::fromStdString(m_tree->names[key]) : QString();
}

FlameGraphTextCache::FullLabel& FlameGraphTextCache::fullLabel(std::uint32_t node) {
  const std::uint32_t key = nameKey(*m_tree, node);
  auto it = m_fullLabels.find(key);
  if (it == m_fullLabels.end()) {
    FullLabel entry;
    entry.text = fullText(node);
    entry.width = QFontMetrics(m_font).horizontalAdvance(entry.text);
    it = m_fullLabels.emplace(key, std::move(entry)).first;
  }
  return it->second;
}

const QStaticText* FlameGraphTextCache::label(std::uint32_t node, int availableWidth) {
  if (!m_tree || node >= m_tree->nodes.size() || availableWidth < m_minLabelWidth)
    return nullptr;
  const int bucket = availableWidth / kWidthBucket * kWidthBucket;
  if (const auto it = m_nodeLabels.find(node);
      it != m_nodeLabels.end() && it->second.bucket == bucket)
    return it->second.text;
  if (entryCount() >= kMaxEntries || m_nodeLabels.size() >= kMaxNodes)
    reset(m_tree, m_font);

  FullLabel& full = fullLabel(node);
  const QStaticText* text = nullptr;
  // Decided on the bucket, not the exact width, so that the per-node memo stays right.
  if (full.width <= bucket) {
    // Fits: one layout serves every width it fits in.
    if (full.staticText.text().isEmpty() && !full.text.isEmpty())
      full.staticText = makeText(full.text);
    text = full.text.isEmpty() ? nullptr : &full.staticText;
  } else {
    const std::uint64_t key = static_cast<std::uint64_t>(nameKey(*m_tree, node)) << 32 |
                              static_cast<std::uint32_t>(bucket);
    auto elided = m_elidedLabels.find(key);
    if (elided == m_elidedLabels.end()) {
      const QFontMetrics metrics(m_font);
      const QString shortened =
          elideFunctionName(full.text, bucket, [&metrics](const QString& text) {
            return static_cast<double>(metrics.horizontalAdvance(text));
          });
      // Empty when not even "…" and a character fit: such bars stay blank.
      QStaticText laidOut = shortened.isEmpty() ? QStaticText() : makeText(shortened);
      elided = m_elidedLabels.emplace(key, std::move(laidOut)).first;
    }
    text = elided->second.text().isEmpty() ? nullptr : &elided->second;
  }
  m_nodeLabels[node] = NodeLabel{text, bucket};
  return text;
}

}  // namespace sightline
