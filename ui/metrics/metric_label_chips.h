#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QWidget>

#include "model/metrics/metric_math.h"

class QHBoxLayout;
class QLabel;
class QLineEdit;

namespace sightline {

// Parses what the user types into the chip box: one or more label matchers as in a PromQL
// selector, with or without braces (job="api", route=~"/api/.*", code!="200",
// x_count{method="GET"}); a metric name becomes a __name__ matcher. nullopt and `error`
// set when the text is not a selector.
std::optional<std::vector<LabelMatcher>> parseLabelChips(const QString& text,
                                                         QString* error = nullptr);

// A matcher as its chip shows it: job="api", route=~"/api/.*".
QString chipText(const LabelMatcher& matcher);

// The label filter of the series table: a line edit where a matcher is typed (Enter adds
// it as a chip) and the chips, each with a button that removes it. Series must match every
// chip.
class MetricLabelChips : public QWidget {
  Q_OBJECT
 public:
  explicit MetricLabelChips(QWidget* parent = nullptr);

  // Adds the matchers in `text`; false (and the error shown) when it does not parse.
  bool addChips(const QString& text);
  void removeChip(int index);
  void clear();
  const std::vector<LabelMatcher>& matchers() const { return m_matchers; }
  QLineEdit* editor() const { return m_edit; }
  QString errorText() const;

 signals:
  void matchersChanged(const std::vector<sightline::LabelMatcher>& matchers);

 private:
  void rebuildChips();

  std::vector<LabelMatcher> m_matchers;
  QHBoxLayout* m_chipLayout = nullptr;
  QLineEdit* m_edit = nullptr;
  QLabel* m_error = nullptr;
};

}  // namespace sightline
