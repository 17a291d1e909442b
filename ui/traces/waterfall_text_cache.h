#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <QFont>
#include <QStaticText>

#include "model/traces/trace_data.h"

namespace sightline {

// The texts a waterfall row paints, laid out once and reused on every frame: the
// "service: operation" label (elided to the room left by the indentation) and the
// duration. Texts are shared between spans: real traces repeat a few hundred operations
// thousands of times and durations print with three digits, so laying out text costs once
// per distinct text rather than once per span. Past kMaxEntries the caches start over.
class WaterfallTextCache {
 public:
  static constexpr std::size_t kMaxEntries = 50000;

  // Forgets everything; texts are laid out for `font` from now on.
  void reset(const LoadedTrace* trace, const QFont& font);

  // The label of `span`, elided to `availableWidth` pixels when it does not fit.
  const QStaticText& label(std::int32_t span, int availableWidth);
  // The span's duration ("12.5 ms") and its width in pixels.
  const QStaticText& duration(std::int32_t span);
  int durationWidth(std::int32_t span) { return static_cast<int>(duration(span).size().width()); }

 private:
  struct FullLabel {
    QString text;
    int width = 0;
    QStaticText staticText;
  };

  QStaticText makeText(const QString& text) const;
  void clearIfFull();

  const LoadedTrace* m_trace = nullptr;
  QFont m_font;
  // Keyed by service index and name; unordered_map never moves its elements, so the
  // per-span pointers below stay valid until the maps are cleared.
  std::unordered_map<std::string, FullLabel> m_fullLabels;
  std::unordered_map<std::string, QStaticText> m_elidedLabels;  // + the width
  std::unordered_map<std::string, QStaticText> m_durations;     // by text
  std::vector<const QStaticText*> m_labelOfSpan;
  std::vector<int> m_labelWidthOfSpan;  // the width the label was chosen for, -1 if none
  std::vector<const QStaticText*> m_durationOfSpan;
};

}  // namespace sightline
