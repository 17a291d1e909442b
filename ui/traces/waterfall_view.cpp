#include "ui/traces/waterfall_view.h"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QResizeEvent>
#include <QScrollBar>

#include "model/text/duration_text.h"
#include "ui/traces/waterfall_scroll_bar.h"
#include "ui/widgets/service_colors.h"

namespace sightline {

namespace {

// The horizontal scroll bar pans time in these units over the whole trace, since trace
// lengths in ns overflow an int.
constexpr int kTimeScrollRange = 1000000;

std::size_t at(std::int32_t i) {
  return static_cast<std::size_t>(i);
}

}  // namespace

WaterfallView::WaterfallView(QWidget* parent) : QAbstractScrollArea(parent) {
  setFrameShape(QFrame::NoFrame);
  setVerticalScrollBar(new WaterfallScrollBar(Qt::Vertical, this));
  setHorizontalScrollBar(new WaterfallScrollBar(Qt::Horizontal, this));
  setFocusPolicy(Qt::StrongFocus);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
  // Hover tracking only changes the cursor over the column divider.
  viewport()->setMouseTracking(true);
  // Rows are painted opaque from scratch; Qt need not clear the viewport first.
  viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
  updateMetrics();
  connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    if (m_traceNs <= 0)
      return;
    const double length = m_window.lengthNs();
    const double start = static_cast<double>(value) / kTimeScrollRange * m_traceNs;
    // Ignore the echo of our own updateScrollBars, which would round the window.
    const int current =
        static_cast<int>(std::lround(m_window.startNs / m_traceNs * kTimeScrollRange));
    if (value == current)
      return;
    m_window = clampWindow({start, start + length}, m_traceNs);
    viewport()->update();
    emit viewportChanged();
  });
}

WaterfallView::~WaterfallView() = default;

void WaterfallView::setTrace(std::shared_ptr<const LoadedTrace> trace,
                             std::shared_ptr<const TraceTree> tree) {
  if (!trace || !tree || tree->size() != trace->spans.size()) {
    clear();
    return;
  }
  m_trace = std::move(trace);
  m_tree = std::move(tree);
  const std::size_t n = m_trace->spans.size();

  std::uint64_t start = UINT64_MAX;
  std::uint64_t end = 0;
  for (const LoadedSpan& s : m_trace->spans) {
    start = std::min(start, s.startUnixNano);
    end = std::max(end, std::max(s.endUnixNano, s.startUnixNano));
  }
  m_traceStartNs = n > 0 ? start : 0;
  m_traceNs = n > 0 ? static_cast<double>(end - start) : 0;
  m_window = {0, m_traceNs};

  m_serviceColors.clear();
  m_serviceSelfColors.clear();
  for (const std::string& service : m_trace->services) {
    const QColor color = serviceColor(service);
    m_serviceColors.push_back(color);
    // Quantized to 8 bits so that it compares equal to what lands in an image.
    m_serviceSelfColors.push_back(QColor(color.darker(135).rgb()));
  }

  m_collapsed.assign(n, 0);
  m_matches.clear();
  m_isMatch.assign(n, 0);
  m_currentMatch = -1;
  invalidateTextCaches();
  const int previous = m_selected;
  m_selected = -1;
  rebuildRows();
  verticalScrollBar()->setValue(0);
  updateScrollBars();
  viewport()->update();
  emit viewportChanged();
  if (previous != -1)
    emit selectionChanged(-1);
}

void WaterfallView::clear() {
  m_trace.reset();
  m_tree.reset();
  m_traceStartNs = 0;
  m_traceNs = 0;
  m_window = {};
  m_collapsed.clear();
  m_matches.clear();
  m_isMatch.clear();
  m_currentMatch = -1;
  invalidateTextCaches();
  m_serviceColors.clear();
  m_serviceSelfColors.clear();
  const int previous = m_selected;
  m_selected = -1;
  rebuildRows();
  updateScrollBars();
  viewport()->update();
  emit viewportChanged();
  if (previous != -1)
    emit selectionChanged(-1);
}

void WaterfallView::invalidateTextCaches() {
  m_texts.reset(m_trace.get(), font());
}

void WaterfallView::rebuildRows() {
  if (m_tree) {
    m_rows = visibleSpanRows(*m_tree, m_collapsed);
    indexSpanRows(m_rows, m_tree->size(), m_rowOfSpan);
  } else {
    m_rows.clear();
    m_rowOfSpan.clear();
  }
  updateScrollBars();
  emit rowsChanged();
}

void WaterfallView::updateMetrics() {
  const QFontMetrics fm(font());
  m_metrics.rowHeight = fm.height() + 8;
  m_textHeight = fm.height();
  m_metrics.toggleSize = std::max(10, fm.height() * 2 / 3);
  m_metrics.swatchSize = std::max(6, fm.height() / 2);
  m_metrics.indent = std::max(10, fm.height() * 3 / 4);
  invalidateTextCaches();
  updateScrollBars();
}

void WaterfallView::updateScrollBars() {
  const int height = viewport()->height();
  QScrollBar* vbar = verticalScrollBar();
  vbar->setRange(0, maxScrollY(static_cast<int>(m_rows.size()), m_metrics.rowHeight, height));
  vbar->setPageStep(std::max(1, height));
  vbar->setSingleStep(m_metrics.rowHeight);

  QScrollBar* hbar = horizontalScrollBar();
  const QSignalBlocker blocker(hbar);
  if (m_traceNs <= 0) {
    hbar->setRange(0, 0);
    return;
  }
  const int page =
      static_cast<int>(std::lround(m_window.lengthNs() / m_traceNs * kTimeScrollRange));
  hbar->setPageStep(std::max(1, page));
  hbar->setSingleStep(std::max(1, page / 20));
  hbar->setRange(0, std::max(0, kTimeScrollRange - page));
  hbar->setValue(static_cast<int>(std::lround(m_window.startNs / m_traceNs * kTimeScrollRange)));
}

void WaterfallView::selectSpan(int spanIndex) {
  if (!m_tree || spanIndex < 0 || static_cast<std::size_t>(spanIndex) >= m_tree->size()) {
    spanIndex = -1;
  }
  if (spanIndex >= 0) {
    if (expandAncestors(*m_tree, m_collapsed, spanIndex))
      rebuildRows();
    const int row = m_rowOfSpan[at(spanIndex)];
    setScrollY(scrollToShowRow(row, m_metrics.rowHeight, scrollY(), viewport()->height()));
  }
  if (spanIndex == m_selected)
    return;
  m_selected = spanIndex;
  viewport()->update();
  emit selectionChanged(spanIndex);
}

bool WaterfallView::isCollapsed(int spanIndex) const {
  return spanIndex >= 0 && static_cast<std::size_t>(spanIndex) < m_collapsed.size() &&
         m_collapsed[at(spanIndex)] != 0;
}

void WaterfallView::setCollapsed(int spanIndex, bool collapsed) {
  if (spanIndex < 0 || static_cast<std::size_t>(spanIndex) >= m_collapsed.size())
    return;
  if (m_tree->childCount[at(spanIndex)] == 0 || isCollapsed(spanIndex) == collapsed)
    return;
  m_collapsed[at(spanIndex)] = collapsed ? 1 : 0;
  rebuildRows();
  // A selected span that vanished into the collapsed subtree hands the selection up.
  if (collapsed && m_selected >= 0 && m_rowOfSpan[at(m_selected)] < 0) {
    m_selected = spanIndex;
    emit selectionChanged(spanIndex);
  }
  viewport()->update();
  emit viewportChanged();
}

void WaterfallView::toggleCollapsed(int spanIndex) {
  setCollapsed(spanIndex, !isCollapsed(spanIndex));
}

void WaterfallView::expandAll() {
  std::fill(m_collapsed.begin(), m_collapsed.end(), 0);
  rebuildRows();
  viewport()->update();
  emit viewportChanged();
}

int WaterfallView::rowOfSpan(int spanIndex) const {
  if (spanIndex < 0 || static_cast<std::size_t>(spanIndex) >= m_rowOfSpan.size())
    return -1;
  return m_rowOfSpan[at(spanIndex)];
}

int WaterfallView::setSearchText(const QString& text) {
  std::fill(m_isMatch.begin(), m_isMatch.end(), 0);
  m_matches.clear();
  m_currentMatch = -1;
  const QByteArray query = text.trimmed().toUtf8();
  if (m_tree && !query.isEmpty()) {
    m_matches = findSpans(*m_trace, *m_tree, std::string_view(query.constData(), query.size()));
    for (std::int32_t span : m_matches)
      m_isMatch[at(span)] = 1;
  }
  viewport()->update();
  return matchCount();
}

int WaterfallView::setHighlightedSpans(const std::vector<std::int32_t>& spans) {
  std::fill(m_isMatch.begin(), m_isMatch.end(), 0);
  m_matches.clear();
  m_currentMatch = -1;
  if (m_tree) {
    for (std::int32_t span : spans) {
      if (span >= 0 && at(span) < m_isMatch.size())
        m_isMatch[at(span)] = 1;
    }
    // In display order, as search matches are.
    for (std::int32_t span : m_tree->preorder) {
      if (m_isMatch[at(span)] != 0)
        m_matches.push_back(span);
    }
  }
  viewport()->update();
  return matchCount();
}

bool WaterfallView::isMatch(int spanIndex) const {
  return spanIndex >= 0 && static_cast<std::size_t>(spanIndex) < m_isMatch.size() &&
         m_isMatch[at(spanIndex)] != 0;
}

void WaterfallView::nextMatch() {
  if (m_matches.empty())
    return;
  m_currentMatch = (m_currentMatch + 1) % matchCount();
  selectSpan(m_matches[at(m_currentMatch)]);
  viewport()->update();
}

void WaterfallView::previousMatch() {
  if (m_matches.empty())
    return;
  m_currentMatch = m_currentMatch <= 0 ? matchCount() - 1 : m_currentMatch - 1;
  selectSpan(m_matches[at(m_currentMatch)]);
  viewport()->update();
}

void WaterfallView::setShowCriticalPath(bool show) {
  if (show == m_showCriticalPath)
    return;
  m_showCriticalPath = show;
  viewport()->update();
}

void WaterfallView::setTimeWindow(TimeWindow window) {
  window = clampWindow(window, m_traceNs);
  if (window == m_window)
    return;
  m_window = window;
  updateScrollBars();
  viewport()->update();
  emit viewportChanged();
}

void WaterfallView::zoomBy(double factor, double anchorNs) {
  setTimeWindow(zoomWindow(m_window, m_traceNs, factor, anchorNs));
}

void WaterfallView::resetZoom() {
  setTimeWindow({0, m_traceNs});
}

TimeAxis WaterfallView::barAxis() const {
  // A margin on the right keeps the duration label of the last-ending span readable.
  const double left = m_metrics.labelWidth + m_metrics.padding;
  const double width =
      std::max(1, viewport()->width() - m_metrics.labelWidth - 8 * m_metrics.padding);
  return TimeAxis{m_window, left, width};
}

int WaterfallView::scrollY() const {
  return verticalScrollBar()->value();
}

void WaterfallView::setScrollY(int y) {
  verticalScrollBar()->setValue(y);
}

void WaterfallView::setLabelWidth(int width) {
  width = std::max(80, width);
  if (width == m_metrics.labelWidth)
    return;
  m_metrics.labelWidth = width;
  viewport()->update();
  emit labelWidthChanged(width);
  emit viewportChanged();
}

RowRange WaterfallView::visibleRows() const {
  return visibleRowRange(scrollY(), viewport()->height(), m_metrics.rowHeight,
                         static_cast<int>(m_rows.size()));
}

WaterfallHit WaterfallView::hitTest(int x, int y) const {
  if (!m_tree)
    return {};
  return hitTestWaterfall(x, y, scrollY(), m_metrics, barAxis(), m_rows, *m_tree, *m_trace,
                          m_traceStartNs);
}

QColor WaterfallView::barColor(int serviceIndex) const {
  return serviceIndex >= 0 && static_cast<std::size_t>(serviceIndex) < m_serviceColors.size()
             ? m_serviceColors[static_cast<std::size_t>(serviceIndex)]
             : QColor(Qt::gray);
}

QColor WaterfallView::selfTimeColor(int serviceIndex) const {
  return serviceIndex >= 0 && static_cast<std::size_t>(serviceIndex) < m_serviceSelfColors.size()
             ? m_serviceSelfColors[static_cast<std::size_t>(serviceIndex)]
             : QColor(Qt::darkGray);
}

double WaterfallView::spanStartNs(std::int32_t span) const {
  const std::uint64_t start = m_trace->spans[at(span)].startUnixNano;
  return static_cast<double>(start - std::min(start, m_traceStartNs));
}

void WaterfallView::resizeEvent(QResizeEvent* event) {
  QAbstractScrollArea::resizeEvent(event);
  updateScrollBars();
  emit viewportChanged();
}

void WaterfallView::scrollContentsBy(int, int) {
  viewport()->update();
  emit viewportChanged();
}

void WaterfallView::changeEvent(QEvent* event) {
  QAbstractScrollArea::changeEvent(event);
  if (event->type() == QEvent::FontChange) {
    updateMetrics();
    viewport()->update();
  }
}

}  // namespace sightline
