#pragma once

#include <QScrollBar>

namespace sightline {

// A flat scroll bar for the waterfall. It behaves like QScrollBar (the style still decides
// where the handle and buttons are, so dragging and paging work as usual) but paints flat
// bands: the Fusion style's gradients over a full-height groove cost milliseconds per
// scroll step, more than all the span rows together.
class WaterfallScrollBar : public QScrollBar {
  Q_OBJECT

 public:
  explicit WaterfallScrollBar(Qt::Orientation orientation, QWidget* parent = nullptr);

 protected:
  void paintEvent(QPaintEvent* event) override;
};

}  // namespace sightline
