#include "ui/traces/trace_page.h"

#include <algorithm>
#include <set>

#include <QAction>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "model/text/duration_text.h"
#include "model/traces/trace_queries.h"
#include "ui/traces/span_details_panel.h"
#include "ui/traces/trace_statistics_model.h"
#include "ui/traces/waterfall_panel.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

TracePage::TracePage(QWidget* parent)
    : QWidget(parent),
      m_header(new QLabel),
      m_waterfall(new WaterfallPanel),
      m_tabs(new QTabWidget),
      m_details(new SpanDetailsPanel),
      m_statisticsModel(new TraceStatisticsModel(this)),
      m_statisticsTable(new QTableView) {
  m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_header->setTextFormat(Qt::RichText);
  m_header->setContentsMargins(4, 2, 4, 2);

  auto* proxy = new QSortFilterProxyModel(this);
  proxy->setSourceModel(m_statisticsModel);
  proxy->setSortRole(TraceStatisticsModel::SortRole);
  setUpSortableTable(m_statisticsTable, proxy, tableRowHeight(this),
                     TraceStatisticsModel::TotalSelfTimeColumn, Qt::DescendingOrder);
  m_statisticsTable->setColumnWidth(TraceStatisticsModel::ServiceColumn, 150);
  m_statisticsTable->setColumnWidth(TraceStatisticsModel::OperationColumn, 240);
  m_statisticsTable->horizontalHeader()->setSectionResizeMode(TraceStatisticsModel::OperationColumn,
                                                              QHeaderView::Stretch);

  m_tabs->addTab(m_details, tr("Span details"));
  m_tabs->addTab(m_statisticsTable, tr("Statistics"));

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(m_waterfall);
  splitter->addWidget(m_tabs);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_header);
  layout->addWidget(splitter, 1);

  connect(m_waterfall, &WaterfallPanel::spanSelected, this, &TracePage::showSpanDetails);
  connect(m_details, &SpanDetailsPanel::cpuTimeRequested, this, &TracePage::requestCpuTime);
  connect(m_waterfall->cpuTimeAction(), &QAction::triggered, this, &TracePage::requestCpuTime);
  updateHeader();
}

TracePage::~TracePage() = default;

void TracePage::setWorkspacePath(const QString& path) {
  m_path = path;
  m_detailsWorkspace.reset();
  clear();
}

void TracePage::clear() {
  ++m_latestJob;
  m_trace.reset();
  m_tree.reset();
  m_waterfall->clear();
  m_details->clear();
  m_statisticsModel->setStatistics({});
  m_profileLinks = {};
  m_spanLinkJob.invalidate();
  m_cpuLink.reset();
  applyCpuTimeLink();
  updateHeader();
}

void TracePage::openTrace(const TraceId& traceId) {
  m_highlight.clear();
  const std::uint64_t job = ++m_latestJob;
  auto* watcher = new QFutureWatcher<Snapshot>(this);
  connect(watcher, &QFutureWatcher<Snapshot>::finished, this, [this, watcher, job] {
    apply(job, watcher->result());
    watcher->deleteLater();
  });
  m_header->setText(tr("Loading trace %1…").arg(QString::fromStdString(traceId.toHex())));
  watcher->setFuture(QtConcurrent::run(&TracePage::load, m_path, traceId));
}

TracePage::Snapshot TracePage::load(const QString& path, const TraceId& traceId) {
  Snapshot snapshot;
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    snapshot.error = QString::fromStdString(status.message());
    return snapshot;
  }
  auto trace = loadTrace(*workspace, traceId);
  if (!trace) {
    snapshot.error =
        tr("Trace %1 is not in the workspace").arg(QString::fromStdString(traceId.toHex()));
    return snapshot;
  }
  auto tree = std::make_shared<TraceTree>(buildTraceTree(*trace));
  snapshot.statistics = computeTraceStatistics(*trace, *tree);
  // Two label lookups per trace tell whether any span can have CPU time at all, so most
  // selections need no query of their own.
  std::vector<SpanId> spanIds;
  spanIds.reserve(trace->spans.size());
  for (const LoadedSpan& span : trace->spans)
    spanIds.push_back(span.spanId);
  Status linkStatus;
  snapshot.profileLinks = findTraceProfileLinks(*workspace, traceId, spanIds, &linkStatus);
  snapshot.trace = std::make_shared<LoadedTrace>(std::move(*trace));
  snapshot.tree = std::move(tree);
  return snapshot;
}

void TracePage::apply(std::uint64_t job, Snapshot snapshot) {
  if (job != m_latestJob)
    return;
  if (!snapshot.error.isEmpty()) {
    m_header->setText(snapshot.error.toHtmlEscaped());
    emit loadFailed(snapshot.error);
    return;
  }
  m_trace = std::move(snapshot.trace);
  m_tree = std::move(snapshot.tree);
  m_statisticsModel->setStatistics(std::move(snapshot.statistics));
  m_profileLinks = std::move(snapshot.profileLinks);
  m_spanLinkJob.invalidate();
  m_cpuLink.reset();
  m_details->clear();
  m_waterfall->setTrace(m_trace, m_tree);
  updateHeader();
  // Start with the root selected so that the details panel is never empty.
  if (!m_tree->roots.empty())
    m_waterfall->selectSpan(m_tree->roots.front());
  if (m_waterfall->selectedSpan() >= 0 && m_details->tree()->topLevelItemCount() == 0) {
    showSpanDetails(m_waterfall->selectedSpan());
  }
  applyHighlight();
  emit traceShown(m_trace->traceId);
}

void TracePage::openTraceHighlighting(const TraceId& traceId, std::vector<SpanId> spans) {
  openTrace(traceId);
  m_highlight = std::move(spans);
}

void TracePage::applyHighlight() {
  if (m_highlight.empty())
    return;
  std::vector<std::int32_t> indices;
  for (std::size_t i = 0; i < m_trace->spans.size(); ++i) {
    if (std::find(m_highlight.begin(), m_highlight.end(), m_trace->spans[i].spanId) !=
        m_highlight.end()) {
      indices.push_back(static_cast<std::int32_t>(i));
    }
  }
  m_highlight.clear();
  m_waterfall->setShowCriticalPath(true);
  m_waterfall->highlightSpans(indices);
}

void TracePage::updateHeader() {
  if (!m_trace) {
    m_header->setText(tr("No trace open: double-click a trace in the list."));
    return;
  }
  const LoadedTrace& trace = *m_trace;
  std::uint64_t start = UINT64_MAX, end = 0;
  int errors = 0;
  std::set<std::uint32_t> services;
  for (const LoadedSpan& span : trace.spans) {
    start = std::min(start, span.startUnixNano);
    end = std::max(end, span.endUnixNano);
    if (span.statusCode == StatusCode::Error)
      ++errors;
    services.insert(span.serviceIndex);
  }
  QString root;
  if (m_tree && !m_tree->roots.empty()) {
    const LoadedSpan& span = trace.spans[static_cast<size_t>(m_tree->roots.front())];
    const QString service = span.serviceIndex < trace.services.size()
                                ? QString::fromStdString(trace.services[span.serviceIndex])
                                : QString();
    root = service + QStringLiteral(": ") + QString::fromStdString(span.name);
  }
  const std::uint64_t duration = end > start ? end - start : 0;
  QString text =
      QStringLiteral("<b>%1</b> &nbsp; %2 &nbsp;·&nbsp; %3 &nbsp;·&nbsp; %4 &nbsp;·&nbsp; %5")
          .arg(root.toHtmlEscaped(), formatDuration(duration),
               tr("%n span(s)", nullptr, static_cast<int>(trace.spans.size())),
               tr("%n service(s)", nullptr, static_cast<int>(services.size())),
               QStringLiteral("<span style='color:#777'>%1</span>")
                   .arg(QString::fromStdString(trace.traceId.toHex())));
  if (errors > 0) {
    text += QStringLiteral(" &nbsp;·&nbsp; <span style='color:#c62828'>%1</span>")
                .arg(tr("%n error(s)", nullptr, errors));
  }
  m_header->setText(text);
}

QString TracePage::headerText() const {
  return m_header->text();
}

Workspace* TracePage::detailsWorkspace() {
  if (!m_detailsWorkspace && !m_path.isEmpty()) {
    Status status;
    m_detailsWorkspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadOnly, &status);
  }
  return m_detailsWorkspace.get();
}

void TracePage::showSpanDetails(int spanIndex) {
  if (!m_trace || !m_tree || spanIndex < 0 ||
      static_cast<size_t>(spanIndex) >= m_trace->spans.size()) {
    m_details->clear();
    m_spanLinkJob.invalidate();
    m_cpuLink.reset();
    applyCpuTimeLink();
    return;
  }
  // One span's attributes are a handful of indexed rows: well under a frame, so the GUI
  // thread may read them directly.
  std::optional<SpanDetails> details;
  if (Workspace* workspace = detailsWorkspace()) {
    details = loadSpanDetails(*workspace, m_trace->spans[static_cast<size_t>(spanIndex)].rowId);
  }
  m_details->showSpan(*m_trace, *m_tree, spanIndex, details);
  updateCpuTimeLink(spanIndex);
}

void TracePage::updateCpuTimeLink(int spanIndex) {
  // The trace's samples stand in for a span whose own id no sample carries.
  m_cpuLink = m_profileLinks.trace;
  if (!m_profileLinks.spansLabelled) {
    m_spanLinkJob.invalidate();
    applyCpuTimeLink();
    emit cpuTimeLinkChanged();
    return;
  }
  applyCpuTimeLink();
  const SpanId spanId = m_trace->spans[static_cast<size_t>(spanIndex)].spanId;
  m_spanLinkJob.run(
      this,
      [path = m_path, spanId]() -> std::optional<SpanProfileLink> {
        Status status;
        auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
        if (!workspace)
          return std::nullopt;
        return findSpanProfileLink(*workspace, spanId, &status);
      },
      [this](std::optional<SpanProfileLink> link) {
        if (link)
          m_cpuLink = std::move(link);
        applyCpuTimeLink();
        emit cpuTimeLinkChanged();
      });
}

void TracePage::applyCpuTimeLink() {
  const bool available = m_cpuLink.has_value();
  m_details->setCpuTimeAvailable(available, available ? m_cpuLink->description : QString());
  m_waterfall->cpuTimeAction()->setEnabled(available);
}

void TracePage::requestCpuTime() {
  if (m_cpuLink)
    emit cpuTimeRequested(*m_cpuLink);
}

}  // namespace sightline
