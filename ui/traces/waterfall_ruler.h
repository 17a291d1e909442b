#pragma once

#include <QString>
#include <QWidget>

namespace sightline {

class WaterfallView;

// The time axis above the span rows: ticks and labels relative to the trace start, aligned
// with the view's bar column. Dragging across it zooms into the dragged range; a double
// click shows the whole trace again.
class WaterfallRuler : public QWidget {
  Q_OBJECT

 public:
  explicit WaterfallRuler(WaterfallView* view, QWidget* parent = nullptr);

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return sizeHint(); }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  WaterfallView* m_view;
  int m_dragFrom = -1;  // x where a range drag started, -1 when none
  int m_dragTo = -1;
  QString m_summary;  // "N spans, duration", elided to the label column
  const void* m_summaryTrace = nullptr;
  int m_summaryWidth = -1;
};

}  // namespace sightline
