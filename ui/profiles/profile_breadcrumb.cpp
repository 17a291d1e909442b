#include "ui/profiles/profile_breadcrumb.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace sightline {

namespace {

// Long C++/Java names would push the later crumbs off screen.
constexpr int kCrumbTextWidth = 260;

}  // namespace

ProfileBreadcrumb::ProfileBreadcrumb(QWidget* parent)
    : QWidget(parent), m_back(new QToolButton), m_crumbLayout(new QHBoxLayout) {
  m_back->setArrowType(Qt::LeftArrow);
  m_back->setText(tr("Back"));
  m_back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  m_back->setToolTip(tr("Undo the last zoom (Backspace)"));
  m_back->setEnabled(false);
  m_crumbLayout->setContentsMargins(0, 0, 0, 0);
  m_crumbLayout->setSpacing(0);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 0, 4, 0);
  layout->addWidget(m_back);
  layout->addLayout(m_crumbLayout);
  layout->addStretch(1);
  connect(m_back, &QToolButton::clicked, this, &ProfileBreadcrumb::backClicked);
}

void ProfileBreadcrumb::setPath(const std::vector<Crumb>& path, bool canGoBack) {
  while (QLayoutItem* item = m_crumbLayout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  m_crumbs.clear();
  const QFontMetrics metrics(font());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0)
      m_crumbLayout->addWidget(new QLabel(QStringLiteral(" › ")));
    auto* button = new QToolButton;
    button->setAutoRaise(true);
    button->setText(metrics.elidedText(path[i].name, Qt::ElideMiddle, kCrumbTextWidth));
    button->setToolTip(path[i].name);
    // The last crumb is where we are; clicking it would do nothing.
    button->setEnabled(i + 1 < path.size());
    const std::uint32_t node = path[i].node;
    connect(button, &QToolButton::clicked, this, [this, node] { emit crumbClicked(node); });
    m_crumbLayout->addWidget(button);
    m_crumbs.push_back(button);
  }
  m_back->setEnabled(canGoBack);
}

}  // namespace sightline
