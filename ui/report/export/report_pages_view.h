#pragma once

#include <QImage>
#include <QWidget>
#include <vector>

namespace sightline {

// Pages shown one under the other, each scaled to the widget's width (keeping its shape) on a
// grey desk: the export dialog's preview, in a QScrollArea (height for width).
class ReportPagesView : public QWidget {
  Q_OBJECT
 public:
  explicit ReportPagesView(QWidget* parent = nullptr);

  void setPages(std::vector<QImage> pages);
  const std::vector<QImage>& pages() const { return m_pages; }

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  // The page's rectangle at the widget's width.
  QRectF pageRect(std::size_t index, int width) const;

  std::vector<QImage> m_pages;
  // The pages smoothly scaled to the width last painted (drawImage's scaling would alias text).
  std::vector<QImage> m_scaled;
  int m_scaledWidth = 0;
};

}  // namespace sightline
