#include "ui/report/export/report_pages_view.h"

#include <QPainter>
#include <algorithm>

namespace sightline {

namespace {

constexpr int kGap = 14;  // around and between the pages
const QColor kDesk(0xd0, 0xd4, 0xda);
const QColor kEdge(0xa8, 0xae, 0xb8);

// A page's size in device-independent pixels.
QSizeF logicalSize(const QImage& page) {
  return QSizeF(page.size()) / page.devicePixelRatio();
}

}  // namespace

ReportPagesView::ReportPagesView(QWidget* parent) : QWidget(parent) {
  QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
  setAutoFillBackground(false);
}

void ReportPagesView::setPages(std::vector<QImage> pages) {
  m_pages = std::move(pages);
  m_scaled.clear();
  m_scaledWidth = 0;
  updateGeometry();
  update();
}

QRectF ReportPagesView::pageRect(std::size_t index, int width) const {
  double top = kGap;
  const double pageWidth = std::max(1, width - 2 * kGap);
  for (std::size_t i = 0; i <= index && i < m_pages.size(); ++i) {
    const QSizeF size = logicalSize(m_pages[i]);
    const double height = size.width() > 0 ? pageWidth * size.height() / size.width() : 0;
    if (i == index)
      return QRectF(kGap, top, pageWidth, height);
    top += height + kGap;
  }
  return {};
}

int ReportPagesView::heightForWidth(int width) const {
  if (m_pages.empty())
    return 0;
  return static_cast<int>(pageRect(m_pages.size() - 1, width).bottom()) + kGap;
}

QSize ReportPagesView::sizeHint() const {
  const int width = m_pages.empty() ? 400 : static_cast<int>(logicalSize(m_pages[0]).width());
  return {width + 2 * kGap, heightForWidth(width + 2 * kGap)};
}

void ReportPagesView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), kDesk);
  const double ratio = devicePixelRatioF();
  if (m_scaledWidth != width()) {
    m_scaled.clear();
    for (std::size_t i = 0; i < m_pages.size(); ++i) {
      const QSize pixels = (pageRect(i, width()).size() * ratio).toSize();
      QImage scaled = m_pages[i].scaled(pixels, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
      scaled.setDevicePixelRatio(ratio);
      m_scaled.push_back(std::move(scaled));
    }
    m_scaledWidth = width();
  }
  for (std::size_t i = 0; i < m_scaled.size(); ++i) {
    const QRectF page = pageRect(i, width());
    painter.setPen(kEdge);
    painter.drawRect(page.adjusted(-0.5, -0.5, 0.5, 0.5));
    painter.drawImage(page.topLeft(), m_scaled[i]);
  }
}

}  // namespace sightline
