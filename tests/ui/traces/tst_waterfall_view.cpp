// The waterfall widgets offscreen on a synthetic 10k-span trace: painting (sampled pixel
// colours at computed positions), collapse, search, selection, zoom, ruler and minimap.
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cstring>

#include "model/text/duration_text.h"
#include "model/traces/trace_tree.h"
#include "ui/traces/waterfall_minimap.h"
#include "ui/traces/waterfall_panel.h"
#include "ui/traces/waterfall_ruler.h"
#include "ui/traces/waterfall_text_cache.h"
#include "ui/traces/waterfall_view.h"
#include "ui/widgets/service_colors.h"

using namespace sightline;

namespace {

// A plausible tree: a root fanning out to services, each calling a few more, up to
// `count` spans; children run one after another or in parallel inside their parent.
std::shared_ptr<LoadedTrace> makeTrace(int count) {
  auto trace = std::make_shared<LoadedTrace>();
  trace->services = {"frontend", "checkout", "inventory", "payments", "postgres", "redis"};
  const char* const names[] = {"GET /cart",    "PlaceOrder",  "ReserveStock", "Charge",
                               "SELECT items", "GET session", "render",       "publish"};
  std::uint32_t seed = 12345;
  auto random = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  struct Pending {
    int index;
    int depth;
  };
  auto addSpan = [&](int parent, std::uint64_t start, std::uint64_t end) {
    LoadedSpan s;
    const auto i = static_cast<std::uint64_t>(trace->spans.size());
    s.rowId = static_cast<std::int64_t>(i + 1);
    std::memcpy(s.spanId.bytes.data(), &i, sizeof i);
    s.spanId.bytes[7] = 0x5a;  // never all-zero
    if (parent >= 0)
      s.parentSpanId = trace->spans[static_cast<std::size_t>(parent)].spanId;
    s.serviceIndex = parent < 0 ? 0 : 1 + random(5);
    s.name = names[random(8)];
    s.startUnixNano = 1700000000000000000ull + start;
    s.endUnixNano = 1700000000000000000ull + end;
    s.statusCode = i % 97 == 13 ? StatusCode::Error : StatusCode::Unset;
    trace->spans.push_back(s);
  };
  addSpan(-1, 0, 2000000000);
  std::vector<Pending> queue{{0, 0}};
  for (std::size_t q = 0; q < queue.size() && static_cast<int>(trace->spans.size()) < count; ++q) {
    const Pending p = queue[q];
    const LoadedSpan parent = trace->spans[static_cast<std::size_t>(p.index)];
    const std::uint64_t start = parent.startUnixNano - 1700000000000000000ull;
    const std::uint64_t length = parent.durationNs();
    const int fanOut = p.depth == 0 ? 40 : p.depth < 12 ? static_cast<int>(random(6)) : 0;
    const bool sequential = random(2) == 0;
    for (int c = 0; c < fanOut && static_cast<int>(trace->spans.size()) < count; ++c) {
      std::uint64_t childStart;
      std::uint64_t childLength;
      if (sequential) {
        childStart =
            start + length * static_cast<std::uint64_t>(c) / static_cast<std::uint64_t>(fanOut);
        childLength = length / static_cast<std::uint64_t>(fanOut) * 9 / 10;
      } else {
        childStart = start + length / 20 + random(static_cast<std::uint32_t>(length / 10 + 1));
        childLength = length / 3 + random(static_cast<std::uint32_t>(length / 3 + 1));
      }
      addSpan(p.index, childStart, childStart + std::max<std::uint64_t>(childLength, 1));
      queue.push_back({static_cast<int>(trace->spans.size()) - 1, p.depth + 1});
    }
  }
  std::stable_sort(
      trace->spans.begin(), trace->spans.end(),
      [](const LoadedSpan& a, const LoadedSpan& b) { return a.startUnixNano < b.startUnixNano; });
  return trace;
}

int descendantCount(const TraceTree& tree, int span) {
  int count = 0;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    for (int p = tree.parent[i]; p >= 0; p = tree.parent[static_cast<std::size_t>(p)]) {
      if (p == span) {
        ++count;
        break;
      }
    }
  }
  return count;
}

QImage renderViewport(WaterfallView* view) {
  QImage image(view->viewport()->size(), QImage::Format_RGB32);
  image.fill(Qt::black);
  view->viewport()->render(&image);
  return image;
}

}  // namespace

class TestWaterfallView : public QObject {
  Q_OBJECT

 private:
  std::shared_ptr<LoadedTrace> m_trace;
  std::shared_ptr<const TraceTree> m_tree;
  std::unique_ptr<WaterfallPanel> m_panel;

  WaterfallView* view() { return m_panel->view(); }
  double startOf(int span) const {
    return static_cast<double>(m_trace->spans[static_cast<std::size_t>(span)].startUnixNano -
                               m_trace->spans[0].startUnixNano);
  }
  double endOf(int span) const {
    return startOf(span) +
           static_cast<double>(m_trace->spans[static_cast<std::size_t>(span)].durationNs());
  }

 private slots:
  void initTestCase() {
    m_trace = makeTrace(10000);
    QCOMPARE(m_trace->spans.size(), std::size_t(10000));
    m_tree = std::make_shared<const TraceTree>(buildTraceTree(*m_trace));
    QCOMPARE(m_tree->roots.size(), std::size_t(1));
  }

  void init() {
    m_panel = std::make_unique<WaterfallPanel>();
    m_panel->resize(1400, 900);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_panel->setTrace(m_trace, m_tree);
  }

  void cleanup() { m_panel.reset(); }

  void laysOutAllRows() {
    QCOMPARE(view()->rows().size(), std::size_t(10000));
    QCOMPARE(view()->rows().front(), m_tree->roots.front());
    const RowRange range = view()->visibleRows();
    QCOMPARE(range.first, 0);
    // Only the rows that fit are visible; the rest are virtual.
    QCOMPARE(range.last, (view()->viewport()->height() + view()->metrics().rowHeight - 1) /
                             view()->metrics().rowHeight);
  }

  void paintsBarsWhereExpected() {
    const int rh = view()->metrics().rowHeight;
    int leavesChecked = 0;
    int parentsChecked = 0;
    for (int scrollRow : {0, 4000, 9000}) {
      for (double zoom : {1.0, 8.0, 64.0}) {
        view()->resetZoom();
        view()->setScrollY(scrollRow * rh);
        // Zoom in around the first visible span so that short spans get wide bars.
        const int anchorSpan =
            view()->rows()[static_cast<std::size_t>(view()->visibleRows().first)];
        view()->zoomBy(zoom, startOf(anchorSpan));
        const TimeAxis axis = view()->barAxis();
        const QImage image = renderViewport(view());
        const RowRange range = view()->visibleRows();
        QVERIFY(range.count() > 10);
        for (int row = range.first; row < range.last; ++row) {
          const int span = view()->rows()[static_cast<std::size_t>(row)];
          const LoadedSpan& s = m_trace->spans[static_cast<std::size_t>(span)];
          const int y = rowTop(row, rh, view()->scrollY()) + rh / 2;
          if (y >= image.height() || s.statusCode == StatusCode::Error)
            continue;
          // The service swatch in the label column.
          const int sx =
              swatchLeft(m_tree->depth[static_cast<std::size_t>(span)], view()->metrics()) +
              view()->metrics().swatchSize / 2;
          QCOMPARE(image.pixelColor(sx, y), view()->barColor(static_cast<int>(s.serviceIndex)));

          const double left = std::max(axis.timeToX(startOf(span)), axis.left);
          const double right = std::min(axis.timeToX(endOf(span)), axis.left + axis.width);
          if (right - left < 4 || right - left > axis.width / 2)
            continue;
          if (m_tree->childCount[static_cast<std::size_t>(span)] == 0) {
            // A leaf is all self time.
            QCOMPARE(image.pixelColor(static_cast<int>((left + right) / 2), y),
                     view()->selfTimeColor(static_cast<int>(s.serviceIndex)));
            ++leavesChecked;
          } else {
            // Where its first child runs, a parent is painted in the lighter colour.
            const int child = *m_tree->childrenBegin(span);
            const double cl = std::max(axis.timeToX(startOf(child)), left);
            const double cr = std::min(axis.timeToX(endOf(child)), right);
            if (cr - cl < 4)
              continue;
            QCOMPARE(image.pixelColor(static_cast<int>((cl + cr) / 2), y),
                     view()->barColor(static_cast<int>(s.serviceIndex)));
            ++parentsChecked;
          }
        }
      }
    }
    QVERIFY2(leavesChecked >= 10, qPrintable(QString::number(leavesChecked)));
    QVERIFY2(parentsChecked >= 10, qPrintable(QString::number(parentsChecked)));
  }

  void selfTimeIsDarkerPartOfParent() {
    // A parent whose first child starts late: its bar is self-time coloured before that.
    int parent = -1;
    for (std::size_t i = 0; i < m_tree->size() && parent < 0; ++i) {
      const int span = static_cast<int>(i);
      if (m_tree->childCount[i] == 0 || m_trace->spans[i].statusCode == StatusCode::Error) {
        continue;
      }
      const double gap = startOf(*m_tree->childrenBegin(span)) - startOf(span);
      if (gap > 0.1 * (endOf(span) - startOf(span)))
        parent = span;
    }
    QVERIFY(parent >= 0);
    const int rh = view()->metrics().rowHeight;
    view()->setScrollY(view()->rowOfSpan(parent) * rh);
    view()->setTimeWindow({startOf(parent), endOf(parent)});
    const TimeAxis axis = view()->barAxis();
    const int y = rowTop(view()->rowOfSpan(parent), rh, view()->scrollY()) + rh / 2;
    const QImage image = renderViewport(view());
    const int service =
        static_cast<int>(m_trace->spans[static_cast<std::size_t>(parent)].serviceIndex);
    QCOMPARE(image.pixelColor(static_cast<int>(axis.left + 3), y), view()->selfTimeColor(service));
    QVERIFY(view()->selfTimeColor(service) != view()->barColor(service));
  }

  void errorsAndCriticalPathAreMarked() {
    const int rh = view()->metrics().rowHeight;
    auto showAlone = [&](int span) {
      view()->selectSpan(span);
      view()->selectSpan(-1);
      view()->setScrollY(view()->rowOfSpan(span) * rh);
      view()->setTimeWindow({startOf(span), endOf(span)});
      return rowTop(view()->rowOfSpan(span), rh, view()->scrollY());
    };
    // An error span's bar has a red outline; its label is red too.
    int error = -1;
    for (std::size_t i = 0; i < m_trace->spans.size() && error < 0; ++i) {
      if (m_trace->spans[i].statusCode == StatusCode::Error &&
          m_trace->spans[i].durationNs() > 1000) {
        error = static_cast<int>(i);
      }
    }
    QVERIFY(error >= 0);
    int top = showAlone(error);
    TimeAxis axis = view()->barAxis();
    QImage image = renderViewport(view());
    QCOMPARE(image.pixelColor(static_cast<int>(axis.left + 10), top + 4), QColor(0xd6, 0x27, 0x28));

    // A span on the critical path gets a dark band along the bottom of its bar, unless the
    // toggle is off.
    int critical = -1;
    for (std::size_t i = 1; i < m_tree->size() && critical < 0; ++i) {
      if (m_tree->onCriticalPath[i] != 0 && m_trace->spans[i].statusCode != StatusCode::Error) {
        critical = static_cast<int>(i);
      }
    }
    QVERIFY(critical > 0);
    top = showAlone(critical);
    axis = view()->barAxis();
    const QPoint band(static_cast<int>(axis.left + 10), top + rh - 5);
    const QColor withPath = renderViewport(view()).pixelColor(band);
    QCOMPARE(withPath, QColor(0x20, 0x20, 0x28));
    view()->setShowCriticalPath(false);
    const QColor withoutPath = renderViewport(view()).pixelColor(band);
    QVERIFY(withoutPath != withPath);
  }

  void textsAreSharedAndElided() {
    // Two spans with the same service and name share one laid-out label per width.
    WaterfallTextCache cache;
    cache.reset(m_trace.get(), view()->font());
    int a = -1;
    int b = -1;
    for (std::size_t i = 1; i < m_trace->spans.size() && b < 0; ++i) {
      const LoadedSpan& s = m_trace->spans[i];
      if (a < 0) {
        a = static_cast<int>(i);
      } else if (s.name == m_trace->spans[static_cast<std::size_t>(a)].name &&
                 s.serviceIndex == m_trace->spans[static_cast<std::size_t>(a)].serviceIndex) {
        b = static_cast<int>(i);
      }
    }
    QVERIFY(b > 0);
    QCOMPARE(&cache.label(a, 400), &cache.label(b, 400));
    const QString full = QString::fromStdString(
        m_trace->services[m_trace->spans[static_cast<std::size_t>(a)].serviceIndex] + ": " +
        m_trace->spans[static_cast<std::size_t>(a)].name);
    QCOMPARE(cache.label(a, 400).text(), full);
    // Too narrow: elided, and no wider than the room.
    const QStaticText& narrow = cache.label(a, 60);
    QVERIFY(narrow.text() != full);
    QVERIFY(narrow.text().endsWith(QChar(0x2026)));
    QVERIFY(narrow.size().width() <= 60);
    QCOMPARE(cache.duration(a).text(),
             formatDuration(m_trace->spans[static_cast<std::size_t>(a)].durationNs()));
  }

  void collapseHidesDescendants() {
    const int root = m_tree->roots.front();
    const int child = *std::max_element(
        m_tree->childrenBegin(root), m_tree->childrenEnd(root),
        [this](int a, int b) { return descendantCount(*m_tree, a) < descendantCount(*m_tree, b); });
    const int hidden = descendantCount(*m_tree, child);
    QVERIFY(hidden > 10);
    view()->setCollapsed(child, true);
    QVERIFY(view()->isCollapsed(child));
    QCOMPARE(view()->rows().size(), std::size_t(10000 - hidden));
    for (std::int32_t span : view()->rows()) {
      for (int p = m_tree->parent[static_cast<std::size_t>(span)]; p >= 0;
           p = m_tree->parent[static_cast<std::size_t>(p)]) {
        QVERIFY(p != child);
      }
    }
    QVERIFY(view()->rowOfSpan(child) >= 0);
    QVERIFY(!renderViewport(view()).isNull());

    // Collapsing the root leaves one row; expanding everything brings all back.
    view()->setCollapsed(root, true);
    QCOMPARE(view()->rows().size(), std::size_t(1));
    view()->expandAll();
    QCOMPARE(view()->rows().size(), std::size_t(10000));

    // Keyboard: Left collapses the selected span, Right expands it again.
    view()->selectSpan(child);
    view()->setFocus();
    QTest::keyClick(view(), Qt::Key_Left);
    QCOMPARE(view()->rows().size(), std::size_t(10000 - hidden));
    QTest::keyClick(view(), Qt::Key_Right);
    QCOMPARE(view()->rows().size(), std::size_t(10000));
    QTest::keyClick(view(), Qt::Key_Space);
    QVERIFY(view()->isCollapsed(child));
  }

  void clickOnToggleCollapses() {
    const int root = m_tree->roots.front();
    const QPoint toggle(toggleLeft(0, view()->metrics()) + view()->metrics().toggleSize / 2,
                        view()->metrics().rowHeight / 2);
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, toggle);
    QVERIFY(view()->isCollapsed(root));
    QCOMPARE(view()->rows().size(), std::size_t(1));
  }

  void searchCountsMatches() {
    auto* search = m_panel->findChild<QLineEdit*>();
    QVERIFY(search);
    QSignalSpy spy(m_panel.get(), &WaterfallPanel::spanSelected);
    search->setText(QStringLiteral("INVENTORY"));
    int inventory = 0;
    for (const LoadedSpan& s : m_trace->spans)
      inventory += s.serviceIndex == 2 ? 1 : 0;
    QCOMPARE(view()->matchCount(), inventory);
    search->setText(QStringLiteral("stock"));
    int stock = 0;
    for (const LoadedSpan& s : m_trace->spans)
      stock += s.name == "ReserveStock" ? 1 : 0;
    QCOMPARE(view()->matchCount(), stock);
    QVERIFY(stock > 0 && inventory > 0);

    // Enter walks the matches in display order, selecting each.
    QVERIFY(spy.isEmpty());
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(spy.size(), 1);
    const int first = spy.last().at(0).toInt();
    QCOMPARE(m_trace->spans[static_cast<std::size_t>(first)].name, std::string("ReserveStock"));
    int firstInOrder = -1;
    for (std::int32_t span : view()->rows()) {
      if (m_trace->spans[static_cast<std::size_t>(span)].name == "ReserveStock") {
        firstInOrder = span;
        break;
      }
    }
    QCOMPARE(first, firstInOrder);
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(spy.size(), 2);
    QVERIFY(view()->rowOfSpan(spy.last().at(0).toInt()) > view()->rowOfSpan(first));
    auto* label = m_panel->findChild<QLabel*>();
    QVERIFY(label);
    QCOMPARE(label->text(), QStringLiteral("2 / %1").arg(stock));

    // A span id finds exactly its span.
    const int target = 4321;
    search->setText(QString::fromStdString(m_trace->spans[target].spanId.toHex()));
    QCOMPARE(view()->matchCount(), 1);
    QVERIFY(view()->isMatch(target));
    QVERIFY(renderViewport(view()).width() > 0);
  }

  void selectionSignal() {
    QSignalSpy spy(m_panel.get(), &WaterfallPanel::spanSelected);
    const int root = m_tree->roots.front();
    view()->setCollapsed(root, true);
    // The deepest span: its ancestors open and it scrolls into view.
    const auto deepest = std::max_element(m_tree->depth.begin(), m_tree->depth.end());
    const int target = static_cast<int>(deepest - m_tree->depth.begin());
    QVERIFY(*deepest >= 5);
    m_panel->selectSpan(target);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.last().at(0).toInt(), target);
    QCOMPARE(m_panel->selectedSpan(), target);
    const int row = view()->rowOfSpan(target);
    QVERIFY(row >= 0);
    const RowRange range = view()->visibleRows();
    QVERIFY(row >= range.first && row < range.last);
    // Selecting the same span again is not a change.
    m_panel->selectSpan(target);
    QCOMPARE(spy.size(), 1);

    // A click on a row's label selects its span.
    const int clickedRow = range.first + 1;
    const int y = rowTop(clickedRow, view()->metrics().rowHeight, view()->scrollY()) +
                  view()->metrics().rowHeight / 2;
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
                      QPoint(view()->metrics().labelWidth - 30, y));
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.last().at(0).toInt(), view()->rows()[static_cast<std::size_t>(clickedRow)]);

    view()->setFocus();
    QTest::keyClick(view(), Qt::Key_Down);
    QCOMPARE(spy.last().at(0).toInt(), view()->rows()[static_cast<std::size_t>(clickedRow + 1)]);
    QTest::keyClick(view(), Qt::Key_Home);
    QCOMPARE(spy.last().at(0).toInt(), root);
    QTest::keyClick(view(), Qt::Key_End);
    QCOMPARE(spy.last().at(0).toInt(), view()->rows().back());
    QCOMPARE(view()->visibleRows().last, static_cast<int>(view()->rows().size()));

    m_panel->selectSpan(-1);
    QCOMPARE(spy.last().at(0).toInt(), -1);
    QCOMPARE(m_panel->selectedSpan(), -1);
  }

  void ctrlWheelZoomsAroundCursor() {
    const TimeAxis before = view()->barAxis();
    const QPointF pos(before.left + before.width * 0.3, 50);
    const double anchor = before.xToTime(pos.x());
    QWheelEvent wheel(pos, view()->viewport()->mapToGlobal(pos), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view()->viewport(), &wheel);
    const TimeAxis after = view()->barAxis();
    QVERIFY(after.window.lengthNs() < before.window.lengthNs() * 0.7);
    QVERIFY(std::abs(after.timeToX(anchor) - pos.x()) < 0.5);

    // Shift+wheel pans later in time without zooming.
    const TimeWindow zoomed = view()->timeWindow();
    QWheelEvent pan(pos, view()->viewport()->mapToGlobal(pos), QPoint(), QPoint(0, -120),
                    Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view()->viewport(), &pan);
    QVERIFY(view()->timeWindow().startNs > zoomed.startNs);
    QCOMPARE(view()->timeWindow().lengthNs(), zoomed.lengthNs());

    view()->setFocus();
    QTest::keyClick(view(), Qt::Key_0);
    QCOMPARE(view()->timeWindow(), (TimeWindow{0, view()->traceDurationNs()}));
    QTest::keyClick(view(), Qt::Key_Plus);
    QVERIFY(view()->timeWindow().lengthNs() < view()->traceDurationNs());
    QTest::keyClick(view(), Qt::Key_Minus);
    QCOMPARE(view()->timeWindow().lengthNs(), view()->traceDurationNs());
  }

  void dragDividerResizesLabels() {
    QSignalSpy spy(m_panel.get(), &WaterfallPanel::spanSelected);
    const int before = view()->metrics().labelWidth;
    const int y = view()->metrics().rowHeight * 3 / 2;
    QTest::mousePress(view()->viewport(), Qt::LeftButton, {}, QPoint(before + 1, y));
    QTest::mouseMove(view()->viewport(), QPoint(before + 120, y));
    QTest::mouseRelease(view()->viewport(), Qt::LeftButton, {}, QPoint(before + 120, y));
    QCOMPARE(view()->metrics().labelWidth, before + 120);
    QCOMPARE(view()->barAxis().left, double(before + 120 + view()->metrics().padding));
    // Resizing is not a click: nothing got selected, and the time window is unchanged.
    QVERIFY(spy.isEmpty());
    QCOMPARE(view()->timeWindow(), (TimeWindow{0, view()->traceDurationNs()}));
  }

  void tooltipDescribesTheSpan() {
    const int rh = view()->metrics().rowHeight;
    const int span = view()->rows()[2];
    const LoadedSpan& s = m_trace->spans[static_cast<std::size_t>(span)];
    const QPoint pos(view()->metrics().labelWidth / 2, 2 * rh + rh / 2);
    QHelpEvent help(QEvent::ToolTip, pos, view()->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view()->viewport(), &help);
    const QString text = QToolTip::text();
    QVERIFY2(text.contains(QString::fromStdString(s.name)), qPrintable(text));
    QVERIFY(text.contains(QString::fromStdString(m_trace->services[s.serviceIndex])));
    QVERIFY(text.contains(formatDuration(s.durationNs())));
    QVERIFY(text.contains(formatDuration(m_tree->selfTimeNs[static_cast<std::size_t>(span)])));
    QVERIFY(text.contains(QString::fromStdString(s.spanId.toHex())));
  }

  void rulerDragZoomsToRange() {
    auto* ruler = m_panel->findChild<WaterfallRuler*>();
    QVERIFY(ruler);
    const TimeAxis axis = view()->barAxis();
    const int x0 = static_cast<int>(axis.left + 100);
    const int x1 = static_cast<int>(axis.left + 300);
    const double t0 = axis.xToTime(x0);
    const double t1 = axis.xToTime(x1);
    QTest::mousePress(ruler, Qt::LeftButton, {}, QPoint(x0, 5));
    QTest::mouseMove(ruler, QPoint(x1, 5));
    QTest::mouseRelease(ruler, Qt::LeftButton, {}, QPoint(x1, 5));
    QVERIFY(std::abs(view()->timeWindow().startNs - t0) < 1);
    QVERIFY(std::abs(view()->timeWindow().endNs - t1) < 1);
    QVERIFY(!ruler->grab().isNull());
  }

  void minimapOverviewAndNavigation() {
    auto* minimap = m_panel->findChild<WaterfallMinimap*>();
    QVERIFY(minimap);
    const QImage& overview = minimap->overviewImage();
    QVERIFY(!overview.isNull());
    // The first line holds the root, which covers the whole trace.
    const QColor rootColor = serviceColor(m_trace->services[m_trace->spans[0].serviceIndex]);
    QCOMPARE(overview.pixelColor(overview.width() / 2, 0), rootColor);
    QCOMPARE(overview.pixelColor(overview.width() - 1, 0), rootColor);
    // Lower lines hold other services' spans.
    int coloured = 0;
    for (int x = 0; x < overview.width(); ++x) {
      coloured +=
          overview.pixelColor(x, overview.height() / 2) != minimap->palette().base().color();
    }
    QVERIFY(coloured > 0);

    // A click centres the view on the clicked time and row, keeping the zoom.
    view()->zoomBy(4, 0);
    const double length = view()->timeWindow().lengthNs();
    const TimeAxis axis = view()->barAxis();
    const QPoint click(static_cast<int>(axis.left + axis.width / 2), minimap->height() * 3 / 4);
    QTest::mouseClick(minimap, Qt::LeftButton, {}, click);
    const TimeWindow window = view()->timeWindow();
    QCOMPARE(window.lengthNs(), length);
    QVERIFY(std::abs((window.startNs + window.endNs) / 2 - view()->traceDurationNs() / 2) <
            view()->traceDurationNs() / axis.width);
    const RowRange rows = view()->visibleRows();
    // The overview image leaves a 2 px border above and below.
    const double clickedRow =
        (click.y() - 2.0) / (minimap->height() - 4.0) * static_cast<double>(view()->rows().size());
    QVERIFY2(std::abs((rows.first + rows.last) / 2.0 - clickedRow) < 0.01 * view()->rows().size(),
             qPrintable(QStringLiteral("%1..%2").arg(rows.first).arg(rows.last)));

    // Clicking the far right shows the end of the trace.
    QTest::mouseClick(minimap, Qt::LeftButton, {},
                      QPoint(static_cast<int>(axis.left + axis.width - 1), 5));
    QCOMPARE(view()->timeWindow().endNs, view()->traceDurationNs());
  }

  void clearShowsNothing() {
    QSignalSpy spy(m_panel.get(), &WaterfallPanel::spanSelected);
    m_panel->selectSpan(10);
    m_panel->clear();
    QCOMPARE(view()->rows().size(), std::size_t(0));
    QCOMPARE(m_panel->selectedSpan(), -1);
    QCOMPARE(spy.last().at(0).toInt(), -1);
    QVERIFY(!renderViewport(view()).isNull());
  }
};

QTEST_MAIN(TestWaterfallView)
#include "tst_waterfall_view.moc"
