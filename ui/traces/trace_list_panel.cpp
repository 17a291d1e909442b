#include "ui/traces/trace_list_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "model/store/workspace.h"
#include "model/text/duration_text.h"
#include "model/traces/trace_queries.h"
#include "ui/traces/latency_overview.h"
#include "ui/traces/latency_scatter.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

// Typing in a filter box re-runs the query once the user pauses.
constexpr int kDebounceMs = 250;
// The newest this many traces are listed; more would slow the table and the scatter down
// without helping anyone, and a filter narrows the rest.
constexpr std::size_t kMaxListedTraces = 50000;

// Enter on a row opens it, like a double-click.
class TraceTableView : public QTableView {
 public:
  using QTableView::QTableView;
  std::function<void(const QModelIndex&)> onActivate;

 protected:
  void keyPressEvent(QKeyEvent* event) override {
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) &&
        currentIndex().isValid() && onActivate) {
      onActivate(currentIndex());
      return;
    }
    QTableView::keyPressEvent(event);
  }
};

QLineEdit* makeEdit(const QString& placeholder, int width) {
  auto* edit = new QLineEdit;
  edit->setPlaceholderText(placeholder);
  edit->setClearButtonEnabled(true);
  if (width > 0)
    edit->setMaximumWidth(width);
  return edit;
}

}  // namespace

TraceListPanel::TraceListPanel(QWidget* parent)
    : QWidget(parent),
      m_model(new TraceListModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_debounce(new QTimer(this)) {
  m_proxy->setSourceModel(m_model);
  m_proxy->setSortRole(TraceListModel::SortRole);
  m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

  m_service = new QComboBox;
  m_service->addItem(tr("All services"));
  m_service->setMinimumContentsLength(14);
  m_service->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_operation = makeEdit(tr("Operation"), 200);
  m_minDuration = makeEdit(tr("Min, e.g. 100ms"), 130);
  m_maxDuration = makeEdit(tr("Max, e.g. 1.5s"), 130);
  m_errorsOnly = new QCheckBox(tr("Errors only"));
  m_text = makeEdit(tr("Search names and attributes"), 0);
  m_logScale = new QCheckBox(tr("Log scale"));
  m_logScale->setChecked(true);
  m_countLabel = new QLabel;

  auto* filterBar = new QHBoxLayout;
  filterBar->addWidget(new QLabel(tr("Service:")));
  filterBar->addWidget(m_service);
  filterBar->addWidget(m_operation);
  filterBar->addWidget(new QLabel(tr("Duration:")));
  filterBar->addWidget(m_minDuration);
  filterBar->addWidget(new QLabel(QStringLiteral("–")));
  filterBar->addWidget(m_maxDuration);
  filterBar->addWidget(m_errorsOnly);
  filterBar->addWidget(m_text, 1);
  filterBar->addWidget(m_logScale);
  filterBar->addWidget(m_countLabel);
  m_followNewest = new QCheckBox(tr("Follow newest"));
  m_followNewest->setToolTip(tr("While live data arrives, keep the newest trace in view"));
  m_followNewest->setChecked(true);
  m_followNewest->hide();
  filterBar->addWidget(m_followNewest);

  m_overview = new LatencyOverview;
  filterBar->insertWidget(filterBar->indexOf(m_logScale), m_overview->modeSwitch());
  auto* table = new TraceTableView;
  table->onActivate = [this](const QModelIndex& index) { activateRow(index); };
  m_table = table;
  setUpSortableTable(m_table, m_proxy, tableRowHeight(this), TraceListModel::StartColumn,
                     Qt::DescendingOrder);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->setColumnWidth(TraceListModel::RootServiceColumn, 160);
  m_table->setColumnWidth(TraceListModel::RootOperationColumn, 260);
  m_table->setColumnWidth(TraceListModel::StartColumn, 190);
  m_table->setColumnWidth(TraceListModel::DurationColumn, 90);
  m_table->setColumnWidth(TraceListModel::SpansColumn, 60);
  m_table->setColumnWidth(TraceListModel::ErrorsColumn, 60);

  m_splitter = new QSplitter(Qt::Vertical);
  m_splitter->addWidget(m_overview);
  m_splitter->addWidget(m_table);
  m_splitter->setStretchFactor(1, 1);
  // The scatter gets about a third of the page; the splitter keeps the ratio on resize.
  m_splitter->setSizes({350, 650});

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(filterBar);
  layout->addWidget(m_splitter, 1);

  m_debounce->setSingleShot(true);
  m_debounce->setInterval(kDebounceMs);
  connect(m_debounce, &QTimer::timeout, this, &TraceListPanel::runQuery);
  for (QLineEdit* edit : {m_operation, m_minDuration, m_maxDuration, m_text}) {
    connect(edit, &QLineEdit::textChanged, this, &TraceListPanel::scheduleQuery);
    connect(edit, &QLineEdit::returnPressed, this, &TraceListPanel::runQuery);
  }
  connect(m_service, &QComboBox::currentIndexChanged, this, &TraceListPanel::runQuery);
  connect(m_errorsOnly, &QCheckBox::toggled, this, &TraceListPanel::runQuery);
  connect(m_logScale, &QCheckBox::toggled, scatter(), &LatencyScatter::setLogScale);
  // The heatmap's durations are always on a log scale.
  connect(m_overview, &LatencyOverview::modeChanged, this, [this](LatencyOverview::Mode mode) {
    m_logScale->setEnabled(mode == LatencyOverview::Mode::Scatter);
    // The heatmap and its comparison want room: at least half of the page.
    const QList<int> sizes = m_splitter->sizes();
    if (mode == LatencyOverview::Mode::Heatmap && sizes.size() == 2 && sizes[0] < sizes[1])
      m_splitter->setSizes({(sizes[0] + sizes[1]) / 2, (sizes[0] + sizes[1]) / 2});
  });
  connect(m_overview, &LatencyOverview::valueActivated, this, &TraceListPanel::filterByValue);
  connect(m_table, &QTableView::doubleClicked, this, &TraceListPanel::activateRow);
  connect(scatter(), &LatencyScatter::traceClicked, this, &TraceListPanel::traceActivated);
}

TraceListPanel::~TraceListPanel() = default;

void TraceListPanel::setWorkspacePath(const QString& path) {
  m_path = path;
  {
    // Another workspace has other services; a stale choice would filter everything out.
    const QSignalBlocker blocker(m_service);
    m_service->setCurrentIndex(0);
  }
  m_model->setTraces({});
  m_overview->setWorkspacePath(path);
  m_overview->setTraces({});
  refresh();
}

void TraceListPanel::refresh() {
  runQuery();
}

void TraceListPanel::setLiveMode(bool live) {
  m_followNewest->setVisible(live);
}

void TraceListPanel::refreshLive() {
  if (m_pendingJobs > 0)
    return;
  runQuery();
}

std::optional<TraceFilter> TraceListPanel::currentFilter() const {
  TraceFilter filter;
  if (m_service->currentIndex() > 0)
    filter.service = m_service->currentText().toStdString();
  filter.operation = m_operation->text().trimmed().toStdString();
  filter.errorsOnly = m_errorsOnly->isChecked();
  filter.text = m_text->text().trimmed().toStdString();
  filter.limit = kMaxListedTraces;
  const auto parseBox = [](const QLineEdit* edit, std::uint64_t* out) {
    if (edit->text().trimmed().isEmpty())
      return true;
    const auto ns = parseDurationInput(edit->text());
    if (!ns)
      return false;
    *out = *ns;
    return true;
  };
  if (!parseBox(m_minDuration, &filter.minDurationNs))
    return std::nullopt;
  if (!parseBox(m_maxDuration, &filter.maxDurationNs))
    return std::nullopt;
  return filter;
}

std::vector<TraceSummary> TraceListPanel::visibleTraces() const {
  std::vector<TraceSummary> traces;
  traces.reserve(static_cast<size_t>(m_proxy->rowCount()));
  for (int row = 0; row < m_proxy->rowCount(); ++row) {
    traces.push_back(m_model->traceAt(m_proxy->mapToSource(m_proxy->index(row, 0)).row()));
  }
  return traces;
}

void TraceListPanel::scheduleQuery() {
  m_debounce->start();
}

void TraceListPanel::runQuery() {
  m_debounce->stop();
  const auto filter = currentFilter();
  // A half-typed duration marks its box instead of running a query with a wrong bound.
  for (QLineEdit* edit : {m_minDuration, m_maxDuration}) {
    const bool bad = !edit->text().trimmed().isEmpty() && !parseDurationInput(edit->text());
    edit->setStyleSheet(bad ? QStringLiteral("QLineEdit { background: #fde0e0; }") : QString());
  }
  if (!filter || m_path.isEmpty())
    return;

  const std::uint64_t job = ++m_latestJob;
  ++m_pendingJobs;
  auto* watcher = new QFutureWatcher<QueryResult>(this);
  connect(watcher, &QFutureWatcher<QueryResult>::finished, this, [this, watcher, job] {
    --m_pendingJobs;
    applyResult(job, watcher->result());
    watcher->deleteLater();
  });
  watcher->setFuture(QtConcurrent::run(&TraceListPanel::query, m_path, *filter));
}

TraceListPanel::QueryResult TraceListPanel::query(const QString& path, const TraceFilter& filter) {
  QueryResult result;
  Status status;
  // Workspace connections are per thread; a read-only one never blocks the import writer.
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    result.error = QString::fromStdString(status.message());
    return result;
  }
  result.traces = listTraces(*workspace, filter);
  result.services = listServices(*workspace);
  return result;
}

void TraceListPanel::applyResult(std::uint64_t job, QueryResult result) {
  if (job != m_latestJob)
    return;  // the user has moved on; a newer query is coming

  const QString selectedService =
      m_service->currentIndex() > 0 ? m_service->currentText() : QString();
  {
    const QSignalBlocker blocker(m_service);
    m_service->clear();
    m_service->addItem(tr("All services"));
    for (const auto& service : result.services)
      m_service->addItem(QString::fromStdString(service));
    const int index = selectedService.isEmpty() ? 0 : m_service->findText(selectedService);
    m_service->setCurrentIndex(std::max(index, 0));
  }

  // The reset below forgets the selection and the scroll position: put them back, so that
  // refreshes while live data arrives don't take the user's place away.
  std::optional<TraceId> selected;
  if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
    selected = m_model->traceAt(m_proxy->mapToSource(rows.first()).row()).traceId;
  const int scroll = m_table->verticalScrollBar()->value();
  m_model->setTraces(std::move(result.traces));
  m_overview->setTraces(m_model->traces());
  if (selected) {
    if (const int row = m_model->rowOf(*selected); row >= 0) {
      const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
      m_table->selectionModel()->select(
          index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
  }
  if (m_followNewest->isVisible() && m_followNewest->isChecked()) {
    int newest = -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
      if (newest < 0 ||
          m_model->traceAt(row).startUnixNano > m_model->traceAt(newest).startUnixNano)
        newest = row;
    }
    if (newest >= 0)
      m_table->scrollTo(m_proxy->mapFromSource(m_model->index(newest, 0)));
  } else {
    m_table->verticalScrollBar()->setValue(scroll);
  }
  if (!result.error.isEmpty()) {
    m_countLabel->setText(result.error);
  } else if (m_model->traces().size() >= kMaxListedTraces) {
    m_countLabel->setText(tr("newest %1 traces").arg(kMaxListedTraces));
  } else {
    m_countLabel->setText(tr("%n trace(s)", nullptr, m_model->rowCount()));
  }
  emit tracesLoaded(m_model->rowCount());
}

LatencyScatter* TraceListPanel::scatter() const {
  return m_overview->scatter();
}

void TraceListPanel::filterByValue(OutlierKeyScope scope, const QString& key,
                                   const QString& value) {
  if (scope == OutlierKeyScope::Intrinsic && key == QLatin1String("service")) {
    const int index = m_service->findText(value);
    if (index > 0)
      m_service->setCurrentIndex(index);
  } else if (scope == OutlierKeyScope::Intrinsic && key == QLatin1String("name")) {
    m_operation->setText(value);
    runQuery();
  } else if (scope == OutlierKeyScope::Intrinsic && key == QLatin1String("status")) {
    if (value == QLatin1String("error"))
      m_errorsOnly->setChecked(true);
  } else {
    // The text filter finds the value in any span of a trace: the traces that have it.
    m_text->setText(value);
    runQuery();
  }
}

void TraceListPanel::activateRow(const QModelIndex& proxyIndex) {
  if (!proxyIndex.isValid())
    return;
  const QModelIndex source = m_proxy->mapToSource(proxyIndex);
  emit traceActivated(m_model->traceAt(source.row()).traceId);
}

}  // namespace sightline
