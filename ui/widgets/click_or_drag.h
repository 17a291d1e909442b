#pragma once

#include <optional>

#include <QPoint>

namespace sightline {

// Tells a click from a drag in the custom-painted views: after a press, moves that stay within
// a few pixels of it still make a click (a hand never holds still); beyond them the press
// becomes a drag that grabs the content, for which the scroll position at the press is kept.
class ClickOrDrag {
 public:
  void press(QPoint pos, int scrollY) {
    m_pressed = true;
    m_dragging = false;
    m_pressPos = pos;
    m_pressScrollY = scrollY;
  }
  bool isPressed() const { return m_pressed; }
  QPoint pressPos() const { return m_pressPos; }
  int pressScrollY() const { return m_pressScrollY; }

  // A move to `pos` during the press: how far it is from the press once the press is a drag,
  // nullopt while it is still a click.
  std::optional<QPoint> dragTo(QPoint pos) {
    const QPoint delta = pos - m_pressPos;
    if (!m_dragging && delta.manhattanLength() < kClickSlopPx)
      return std::nullopt;
    m_dragging = true;
    return delta;
  }

  // Ends the press: true when it was a click.
  bool release() {
    const bool click = m_pressed && !m_dragging;
    m_pressed = false;
    m_dragging = false;
    return click;
  }

 private:
  static constexpr int kClickSlopPx = 4;

  QPoint m_pressPos;
  int m_pressScrollY = 0;
  bool m_pressed = false;
  bool m_dragging = false;
};

}  // namespace sightline
