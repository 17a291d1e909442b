#pragma once

#include <QImage>
#include <QWidget>

namespace sightline {

class WaterfallView;

// An overview of the whole trace: every row of the view as a thin line in its service's
// colour, painted once into a cached image (rebuilt only when the rows or the size
// change), with the visible time window and rows drawn on top. Clicking or dragging moves
// the view there.
class WaterfallMinimap : public QWidget {
  Q_OBJECT

 public:
  explicit WaterfallMinimap(WaterfallView* view, QWidget* parent = nullptr);

  QSize sizeHint() const override { return {200, 56}; }
  QSize minimumSizeHint() const override { return {80, 56}; }

  // The cached overview, rebuilt on demand; for tests.
  const QImage& overviewImage();
  // Drops the cached image; the next paint rebuilds it.
  void invalidate();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  void rebuildImage();
  void moveViewTo(QPoint pos);
  QRect barArea() const;

  WaterfallView* m_view;
  QImage m_image;
  bool m_dirty = true;
};

}  // namespace sightline
