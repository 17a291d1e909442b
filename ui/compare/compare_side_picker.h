#pragma once

#include <vector>

#include <QString>
#include <QWidget>

#include "model/diagnosis/compare_side.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace sightline {

// One side of the Compare page: a time range (or anything `sightline compare` takes as a side,
// typed) or a source picked from the workspace's trace sources. Says at once when the text is
// not a side.
class CompareSidePicker : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { Range, Source };

  explicit CompareSidePicker(const QString& title, QWidget* parent = nullptr);

  void setSources(const std::vector<CompareSourceChoice>& sources);
  // The side as `sightline compare` takes it: the typed range, or "source:ID".
  QString sideText() const;
  // Shows `text`: "source:ID" (of a listed source) picks the source, anything else is typed.
  void setSideText(const QString& text);
  // Why the side cannot be compared (not a side, no source to pick), or empty.
  QString problem() const;
  Mode mode() const;

  QComboBox* modeBox() const { return m_mode; }
  QLineEdit* rangeEdit() const { return m_range; }
  QComboBox* sourceBox() const { return m_source; }

 signals:
  // Enter in the range box, or another source or mode picked.
  void submitted();

 private:
  void updateProblem();

  QComboBox* m_mode = nullptr;
  QStackedWidget* m_stack = nullptr;
  QLineEdit* m_range = nullptr;
  QComboBox* m_source = nullptr;
};

}  // namespace sightline
