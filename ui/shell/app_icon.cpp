#include "ui/shell/app_icon.h"

#include <array>

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sightline {

namespace {

QPixmap drawIcon(int size) {
  QPixmap pixmap(size, size);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  const double s = size;

  QPainterPath background;
  background.addRoundedRect(QRectF(0, 0, s, s), s * 0.18, s * 0.18);
  painter.fillPath(background, QColor(0x1f, 0x2a, 0x3c));

  struct Bar {
    double start, end;
    QColor color;
  };
  // Parent, two children and a grandchild: the shape of a trace.
  const std::array<Bar, 4> bars = {{{0.14, 0.86, QColor(0x42, 0xa5, 0xf5)},
                                    {0.22, 0.56, QColor(0x26, 0xa6, 0x9a)},
                                    {0.34, 0.52, QColor(0xff, 0xa7, 0x26)},
                                    {0.58, 0.80, QColor(0xef, 0x53, 0x50)}}};
  const double height = s * 0.13;
  for (size_t i = 0; i < bars.size(); ++i) {
    const QRectF rect(s * bars[i].start, s * 0.17 + static_cast<double>(i) * s * 0.18,
                      s * (bars[i].end - bars[i].start), height);
    QPainterPath path;
    path.addRoundedRect(rect, height * 0.3, height * 0.3);
    painter.fillPath(path, bars[i].color);
  }
  return pixmap;
}

}  // namespace

QIcon sightlineIcon() {
  QIcon icon;
  for (int size : {16, 24, 32, 48, 64, 128, 256})
    icon.addPixmap(drawIcon(size));
  return icon;
}

}  // namespace sightline
