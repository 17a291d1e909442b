#include "ui/waterfall_text_cache.h"

#include <QFontMetrics>
#include <QTransform>

#include "ui/duration_text.h"

namespace sightline {

void WaterfallTextCache::reset(const LoadedTrace* trace, const QFont& font) {
  m_trace = trace;
  m_font = font;
  m_labels.clear();
  m_durations.clear();
  const std::size_t n = trace ? trace->spans.size() : 0;
  m_labelOfSpan.assign(n, nullptr);
  m_labelWidthOfSpan.assign(n, -1);
}

QStaticText WaterfallTextCache::makeText(const QString& text) const {
  QStaticText staticText(text);
  staticText.setTextFormat(Qt::PlainText);
  staticText.setPerformanceHint(QStaticText::AggressiveCaching);
  staticText.prepare(QTransform(), m_font);
  return staticText;
}

const QStaticText& WaterfallTextCache::label(std::int32_t span, int availableWidth) {
  const auto i = static_cast<std::size_t>(span);
  if (m_labelWidthOfSpan[i] == availableWidth && m_labelOfSpan[i] != nullptr) {
    return *m_labelOfSpan[i];
  }
  if (m_labels.size() >= kMaxEntries) {
    m_labels.clear();
    std::fill(m_labelOfSpan.begin(), m_labelOfSpan.end(), nullptr);
    std::fill(m_labelWidthOfSpan.begin(), m_labelWidthOfSpan.end(), -1);
  }
  const LoadedSpan& s = m_trace->spans[i];
  std::string key = s.name;
  key += '\x1f';
  key += std::to_string(s.serviceIndex);
  key += '\x1f';
  key += std::to_string(availableWidth);
  auto it = m_labels.find(key);
  if (it == m_labels.end()) {
    const std::string& service =
        s.serviceIndex < m_trace->services.size() ? m_trace->services[s.serviceIndex] : s.name;
    const QString full =
        QString::fromStdString(service) + QStringLiteral(": ") + QString::fromStdString(s.name);
    const QString elided = QFontMetrics(m_font).elidedText(full, Qt::ElideRight, availableWidth);
    it = m_labels.emplace(std::move(key), makeText(elided)).first;
  }
  // unordered_map never moves its elements, so the pointer stays valid until a clear.
  m_labelOfSpan[i] = &it->second;
  m_labelWidthOfSpan[i] = availableWidth;
  return it->second;
}

const QStaticText& WaterfallTextCache::duration(std::int32_t span) {
  auto it = m_durations.find(span);
  if (it != m_durations.end())
    return it->second;
  if (m_durations.size() >= kMaxEntries)
    m_durations.clear();
  const QString text = formatDuration(m_trace->spans[static_cast<std::size_t>(span)].durationNs());
  return m_durations.emplace(span, makeText(text)).first->second;
}

}  // namespace sightline
