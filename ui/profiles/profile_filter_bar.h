#pragma once

#include <QWidget>

#include "model/profiles/call_tree.h"

class QLabel;
class QLineEdit;
class QTimer;

namespace sightline {

// pprof's focus / ignore / hide / show as four regex fields and a Reset button. A field with
// an invalid regex turns red and the message is shown; filterChanged is only emitted for a
// filter whose regexes are all valid.
class ProfileFilterBar : public QWidget {
  Q_OBJECT
 public:
  enum class Field { Focus, Ignore, Hide, Show, TagFocus, TagIgnore };

  explicit ProfileFilterBar(QWidget* parent = nullptr);

  // The filter the fields describe (even when invalid; see isValid()).
  ProfileFilter filter() const;
  bool isValid() const { return m_valid; }
  QString errorText() const;
  // Replaces every field; emits filterChanged at once when valid.
  void setFilter(const ProfileFilter& filter);
  // Sets one field; `append` joins it to what is there with "|" (e.g. ignore one more).
  void setField(Field field, const QString& regex, bool append = false);
  QLineEdit* edit(Field field) const;

 signals:
  void filterChanged(const sightline::ProfileFilter& filter);

 private:
  void onEdited();
  void applyNow();
  bool validate();

  QLineEdit* m_focus = nullptr;
  QLineEdit* m_ignore = nullptr;
  QLineEdit* m_hide = nullptr;
  QLineEdit* m_show = nullptr;
  QLineEdit* m_tagFocus = nullptr;
  QLineEdit* m_tagIgnore = nullptr;
  QLabel* m_error = nullptr;
  QTimer* m_debounce = nullptr;
  bool m_valid = true;
  ProfileFilter m_applied;
};

// The regex that matches exactly one function name (anchored, metacharacters escaped), in the
// ECMAScript syntax the filter uses.
QString regexForFunction(const QString& name);

}  // namespace sightline
