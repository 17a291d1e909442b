#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <QFont>
#include <QStaticText>

#include "model/trace_data.h"

namespace sightline {

// The texts a waterfall row paints, laid out once and reused on every frame: the elided
// "service: operation" label and the duration. Labels are shared between spans with the
// same service, name and width (real traces repeat a few hundred operations thousands of
// times), so eliding costs once per distinct label rather than once per span. Memory stays
// bounded: past kMaxEntries the caches start over.
class WaterfallTextCache {
 public:
  static constexpr std::size_t kMaxEntries = 50000;

  // Forgets everything; texts are laid out for `font` from now on.
  void reset(const LoadedTrace* trace, const QFont& font);

  // The label of `span` elided to `availableWidth` pixels.
  const QStaticText& label(std::int32_t span, int availableWidth);
  // The span's duration ("12.5 ms") and its width in pixels.
  const QStaticText& duration(std::int32_t span);
  int durationWidth(std::int32_t span) { return static_cast<int>(duration(span).size().width()); }

 private:
  QStaticText makeText(const QString& text) const;

  const LoadedTrace* m_trace = nullptr;
  QFont m_font;
  std::unordered_map<std::string, QStaticText> m_labels;
  std::vector<const QStaticText*> m_labelOfSpan;
  std::vector<int> m_labelWidthOfSpan;  // the width the span's label was elided to, -1 if none
  std::unordered_map<std::int32_t, QStaticText> m_durations;
};

}  // namespace sightline
