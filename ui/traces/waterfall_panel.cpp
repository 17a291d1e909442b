#include "ui/traces/waterfall_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/traces/waterfall_minimap.h"
#include "ui/traces/waterfall_ruler.h"
#include "ui/traces/waterfall_view.h"

namespace sightline {

WaterfallPanel::WaterfallPanel(QWidget* parent) : QWidget(parent) {
  m_view = new WaterfallView(this);
  m_ruler = new WaterfallRuler(m_view, this);
  m_minimap = new WaterfallMinimap(m_view, this);

  m_search = new QLineEdit(this);
  m_search->setPlaceholderText(tr("Search name, service or span id"));
  m_search->setClearButtonEnabled(true);
  m_matchLabel = new QLabel(this);
  m_previous = new QToolButton(this);
  m_previous->setArrowType(Qt::UpArrow);
  m_previous->setToolTip(tr("Previous match"));
  m_next = new QToolButton(this);
  m_next->setArrowType(Qt::DownArrow);
  m_next->setToolTip(tr("Next match (Enter in the search box)"));
  m_criticalPath = new QCheckBox(tr("Critical path"), this);
  m_criticalPath->setChecked(m_view->showCriticalPath());
  m_criticalPath->setToolTip(tr("Underline the spans on the critical path"));
  auto* resetZoom = new QToolButton(this);
  resetZoom->setText(tr("Reset zoom"));
  resetZoom->setToolTip(tr("Show the whole trace (0)"));

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 4, 4, 4);
  bar->addWidget(m_search, 1);
  bar->addWidget(m_matchLabel);
  bar->addWidget(m_previous);
  bar->addWidget(m_next);
  bar->addSpacing(12);
  bar->addWidget(m_criticalPath);
  bar->addWidget(resetZoom);

  // The ruler and minimap share the view's x coordinates, so nothing may indent them.
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addLayout(bar);
  layout->addWidget(m_minimap);
  layout->addWidget(m_ruler);
  layout->addWidget(m_view, 1);

  connect(m_search, &QLineEdit::textChanged, this, &WaterfallPanel::updateSearch);
  connect(m_search, &QLineEdit::returnPressed, m_view, &WaterfallView::nextMatch);
  connect(m_next, &QToolButton::clicked, m_view, &WaterfallView::nextMatch);
  connect(m_previous, &QToolButton::clicked, m_view, &WaterfallView::previousMatch);
  connect(m_criticalPath, &QCheckBox::toggled, m_view, &WaterfallView::setShowCriticalPath);
  connect(resetZoom, &QToolButton::clicked, m_view, &WaterfallView::resetZoom);
  connect(m_view, &WaterfallView::selectionChanged, this, [this](int span) {
    updateMatchLabel();
    emit spanSelected(span);
  });
  connect(m_view, &WaterfallView::viewportChanged, this, [this] {
    m_ruler->update();
    m_minimap->update();
  });
  m_cpuTimeAction = new QAction(tr("Show CPU time of this span"), this);
  m_cpuTimeAction->setEnabled(false);
  m_view->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(m_view, &WaterfallView::customContextMenuRequested, this,
          &WaterfallPanel::showContextMenu);
  connect(m_view, &WaterfallView::rowsChanged, m_minimap, &WaterfallMinimap::invalidate);
  connect(m_view, &WaterfallView::labelWidthChanged, m_minimap, &WaterfallMinimap::invalidate);
  connect(m_view, &WaterfallView::labelWidthChanged, m_ruler, qOverload<>(&QWidget::update));
  updateMatchLabel();
}

WaterfallPanel::~WaterfallPanel() = default;

void WaterfallPanel::setTrace(std::shared_ptr<const LoadedTrace> trace,
                              std::shared_ptr<const TraceTree> tree) {
  {
    const QSignalBlocker blocker(m_search);
    m_search->clear();
  }
  m_view->setTrace(std::move(trace), std::move(tree));
  updateMatchLabel();
}

void WaterfallPanel::clear() {
  {
    const QSignalBlocker blocker(m_search);
    m_search->clear();
  }
  m_view->clear();
  updateMatchLabel();
}

int WaterfallPanel::selectedSpan() const {
  return m_view->selectedSpan();
}

void WaterfallPanel::selectSpan(int spanIndex) {
  m_view->selectSpan(spanIndex);
}

void WaterfallPanel::highlightSpans(const std::vector<std::int32_t>& spans) {
  {
    const QSignalBlocker blocker(m_search);
    m_search->clear();
  }
  if (m_view->setHighlightedSpans(spans) > 0)
    m_view->nextMatch();
  updateMatchLabel();
}

void WaterfallPanel::setShowCriticalPath(bool show) {
  m_criticalPath->setChecked(show);
}

void WaterfallPanel::showContextMenu(const QPoint& viewportPos) {
  // A scroll area reports its context menu position in viewport coordinates.
  const WaterfallHit hit = m_view->hitTest(viewportPos.x(), viewportPos.y());
  if (hit.span < 0)
    return;
  m_view->selectSpan(hit.span);
  QMenu menu(this);
  menu.addAction(m_cpuTimeAction);
  menu.exec(m_view->viewport()->mapToGlobal(viewportPos));
}

void WaterfallPanel::updateSearch() {
  m_view->setSearchText(m_search->text());
  updateMatchLabel();
}

void WaterfallPanel::updateMatchLabel() {
  const int count = m_view->matchCount();
  const bool searching = !m_search->text().trimmed().isEmpty();
  if (!searching) {
    // Matches without a search are highlighted spans (highlightSpans).
    if (count > 0)
      m_matchLabel->setText(tr("%n highlighted", nullptr, count));
    else
      m_matchLabel->clear();
  } else if (count == 0) {
    m_matchLabel->setText(tr("No matches"));
  } else if (m_view->currentMatch() >= 0) {
    m_matchLabel->setText(tr("%1 / %2").arg(m_view->currentMatch() + 1).arg(count));
  } else {
    m_matchLabel->setText(count == 1 ? tr("1 match") : tr("%1 matches").arg(count));
  }
  m_previous->setEnabled(count > 0);
  m_next->setEnabled(count > 0);
}

}  // namespace sightline
