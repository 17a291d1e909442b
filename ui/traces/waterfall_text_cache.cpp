#include "ui/traces/waterfall_text_cache.h"

#include <algorithm>

#include <QFontMetrics>
#include <QTransform>

#include "model/text/duration_text.h"

namespace sightline {

void WaterfallTextCache::reset(const LoadedTrace* trace, const QFont& font) {
  m_trace = trace;
  m_font = font;
  m_fullLabels.clear();
  m_elidedLabels.clear();
  m_durations.clear();
  const std::size_t n = trace ? trace->spans.size() : 0;
  m_labelOfSpan.assign(n, nullptr);
  m_labelWidthOfSpan.assign(n, -1);
  m_durationOfSpan.assign(n, nullptr);
}

void WaterfallTextCache::clearIfFull() {
  if (m_fullLabels.size() + m_elidedLabels.size() + m_durations.size() < kMaxEntries)
    return;
  reset(m_trace, m_font);
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
  clearIfFull();
  const LoadedSpan& s = m_trace->spans[i];
  std::string key = std::to_string(s.serviceIndex);
  key += '\x1f';
  key += s.name;
  auto full = m_fullLabels.find(key);
  if (full == m_fullLabels.end()) {
    const std::string& service =
        s.serviceIndex < m_trace->services.size() ? m_trace->services[s.serviceIndex] : s.name;
    FullLabel entry;
    entry.text =
        QString::fromStdString(service) + QStringLiteral(": ") + QString::fromStdString(s.name);
    entry.width = QFontMetrics(m_font).horizontalAdvance(entry.text);
    full = m_fullLabels.emplace(key, std::move(entry)).first;
  }
  const QStaticText* text = nullptr;
  if (full->second.width <= availableWidth) {
    // Fits: one layout serves every depth and width.
    if (full->second.staticText.text().isEmpty()) {
      full->second.staticText = makeText(full->second.text);
    }
    text = &full->second.staticText;
  } else {
    key += '\x1f';
    key += std::to_string(availableWidth);
    auto elided = m_elidedLabels.find(key);
    if (elided == m_elidedLabels.end()) {
      const QString shortened =
          QFontMetrics(m_font).elidedText(full->second.text, Qt::ElideRight, availableWidth);
      elided = m_elidedLabels.emplace(std::move(key), makeText(shortened)).first;
    }
    text = &elided->second;
  }
  m_labelOfSpan[i] = text;
  m_labelWidthOfSpan[i] = availableWidth;
  return *text;
}

const QStaticText& WaterfallTextCache::duration(std::int32_t span) {
  const auto i = static_cast<std::size_t>(span);
  if (m_durationOfSpan[i] != nullptr)
    return *m_durationOfSpan[i];
  clearIfFull();
  const QString text = formatDuration(m_trace->spans[i].durationNs());
  std::string key = text.toStdString();
  auto it = m_durations.find(key);
  if (it == m_durations.end())
    it = m_durations.emplace(std::move(key), makeText(text)).first;
  m_durationOfSpan[i] = &it->second;
  return it->second;
}

}  // namespace sightline
