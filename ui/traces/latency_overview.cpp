#include "ui/traces/latency_overview.h"

#include <chrono>
#include <cmath>
#include <unordered_set>

#include <QButtonGroup>
#include <QDateTime>
#include <QHBoxLayout>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "model/store/workspace.h"
#include "model/text/duration_text.h"
#include "ui/traces/latency_heatmap.h"
#include "ui/traces/latency_scatter.h"
#include "ui/traces/outlier_panel.h"

namespace sightline {

namespace {

// Values shown per key in the panel; the rest are summed up as "other".
constexpr std::size_t kPanelValues = 6;

QToolButton* modeButton(const QString& text, const QString& toolTip) {
  auto* button = new QToolButton;
  button->setText(text);
  button->setToolTip(toolTip);
  button->setCheckable(true);
  button->setAutoRaise(false);
  return button;
}

QString tracesText(std::size_t count) {
  return count == 1 ? LatencyOverview::tr("1 trace") : LatencyOverview::tr("%1 traces").arg(count);
}

QString clock(std::uint64_t ns) {
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ns / 1000000))
      .toString(QStringLiteral("HH:mm:ss"));
}

}  // namespace

LatencyOverview::LatencyOverview(QWidget* parent)
    : QWidget(parent),
      m_switch(new QWidget),
      m_scatterButton(modeButton(tr("Scatter"), tr("One point per trace"))),
      m_heatmapButton(modeButton(
          tr("Heatmap"),
          tr("Traces counted by start time and duration; drag a rectangle to see what is "
             "different about its traces"))),
      m_stack(new QStackedWidget),
      m_splitter(new QSplitter(Qt::Horizontal)),
      m_scatter(new LatencyScatter),
      m_heatmap(new LatencyHeatmap),
      m_panel(new OutlierPanel) {
  auto* group = new QButtonGroup(this);
  group->setExclusive(true);
  group->addButton(m_scatterButton);
  group->addButton(m_heatmapButton);
  m_scatterButton->setChecked(true);
  auto* switchLayout = new QHBoxLayout(m_switch);
  switchLayout->setContentsMargins(0, 0, 0, 0);
  switchLayout->setSpacing(0);
  switchLayout->addWidget(m_scatterButton);
  switchLayout->addWidget(m_heatmapButton);

  m_stack->addWidget(m_scatter);
  m_stack->addWidget(m_heatmap);
  m_splitter->addWidget(m_stack);
  m_splitter->addWidget(m_panel);
  m_splitter->setStretchFactor(0, 3);
  m_splitter->setStretchFactor(1, 2);
  m_splitter->setChildrenCollapsible(false);
  m_panel->setMinimumWidth(320);
  m_panel->hide();

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_splitter);

  connect(m_scatterButton, &QToolButton::toggled, this, [this](bool on) {
    if (on)
      setMode(Mode::Scatter);
  });
  connect(m_heatmapButton, &QToolButton::toggled, this, [this](bool on) {
    if (on)
      setMode(Mode::Heatmap);
  });
  connect(m_heatmap, &LatencyHeatmap::selectionChanged, this, &LatencyOverview::compareSelection);
  connect(m_panel, &OutlierPanel::closeRequested, m_heatmap, &LatencyHeatmap::clearSelection);
  connect(m_panel, &OutlierPanel::valueActivated, this, &LatencyOverview::valueActivated);
}

LatencyOverview::~LatencyOverview() = default;

void LatencyOverview::setWorkspacePath(const QString& path) {
  m_path = path;
  m_job.invalidate();
  m_heatmap->clearSelection();
}

void LatencyOverview::setTraces(const std::vector<TraceSummary>& traces) {
  m_scatter->setTraces(traces);
  m_heatmap->setTraces(traces);
}

void LatencyOverview::setMode(Mode mode) {
  m_mode = mode;
  {
    const QSignalBlocker blockScatter(m_scatterButton);
    const QSignalBlocker blockHeatmap(m_heatmapButton);
    m_scatterButton->setChecked(mode == Mode::Scatter);
    m_heatmapButton->setChecked(mode == Mode::Heatmap);
  }
  m_stack->setCurrentWidget(mode == Mode::Heatmap ? static_cast<QWidget*>(m_heatmap) : m_scatter);
  m_panel->setVisible(mode == Mode::Heatmap && !m_heatmap->selection().empty());
  emit modeChanged(mode);
}

void LatencyOverview::compareSelection() {
  const HeatmapCellRange range = m_heatmap->selection();
  std::vector<TraceId> selected = m_heatmap->selectedTraces();
  if (range.empty() || selected.empty() || m_path.isEmpty()) {
    m_job.invalidate();
    m_panel->clear();
    m_panel->hide();
    return;
  }
  const HeatmapRegion region = regionOfCells(m_heatmap->counts().grid, range);
  const std::vector<TraceId> listed = m_heatmap->allTraces();
  const QString selectionText = tracesText(selected.size());
  const QString baselineText = tr("the %1 others").arg(listed.size() - selected.size());
  const QString detailText =
      tr("%1 – %2 long, started %3 – %4; their root spans compared")
          .arg(formatDuration(static_cast<std::uint64_t>(std::llround(region.minDurationNs))),
               formatDuration(static_cast<std::uint64_t>(std::llround(region.maxDurationNs))),
               clock(region.startNs), clock(region.endNs));
  m_panel->showRunning(selectionText);
  m_panel->setVisible(m_mode == Mode::Heatmap);
  m_job.run(
      this,
      [path = m_path, listed, selected = std::move(selected)] {
        return compare(path, listed, selected);
      },
      [this, selectionText, baselineText, detailText](ComparisonResult result) {
        m_lastComparisonMs = result.elapsedMs;
        if (result.comparison) {
          m_panel->showComparison(std::move(result.comparison), selectionText, baselineText,
                                  detailText);
        } else {
          m_panel->showError(result.error);
        }
        emit comparisonShown();
      });
}

LatencyOverview::ComparisonResult LatencyOverview::compare(const QString& path,
                                                           const std::vector<TraceId>& listed,
                                                           const std::vector<TraceId>& selected) {
  const auto started = std::chrono::steady_clock::now();
  ComparisonResult result;
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    result.error = QString::fromStdString(status.message());
    return result;
  }
  auto population =
      std::make_shared<std::unordered_set<TraceId, TraceIdHash>>(listed.begin(), listed.end());
  auto selection =
      std::make_shared<std::unordered_set<TraceId, TraceIdHash>>(selected.begin(), selected.end());
  OutlierQuery query;
  query.unit = OutlierQuery::Unit::RootSpans;
  query.topValues = kPanelValues;
  query.population = [population](const OutlierSpan& span) {
    return population->count(span.traceId) > 0;
  };
  query.selection = [selection](const OutlierSpan& span) {
    return selection->count(span.traceId) > 0;
  };
  auto comparison =
      std::make_shared<OutlierComparison>(compareOutliers(*workspace, query, &status));
  if (status)
    result.comparison = std::move(comparison);
  else
    result.error = QString::fromStdString(status.message());
  result.elapsedMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace sightline
