#include "ui/diagnosis/diagnosis_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

#include "model/profiles/profile_span_link.h"
#include "model/text/timestamp_text.h"
#include "ui/diagnosis/finding_details_panel.h"
#include "ui/diagnosis/severity_badge_delegate.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

DiagnosisPage::DiagnosisPage(QWidget* parent)
    : QWidget(parent),
      m_status(new QLabel),
      m_severityBox(new QComboBox),
      m_serviceBox(new QComboBox),
      m_ruleBox(new QComboBox),
      m_diagnose(new QPushButton(tr("Diagnose again"))),
      m_model(new FindingsTableModel(this)),
      m_proxy(new FindingsFilterModel(this)),
      m_table(new QTableView),
      m_placeholder(new QLabel),
      m_details(new FindingDetailsPanel) {
  buildLayout();
  updateStatus();
}

DiagnosisPage::~DiagnosisPage() {
  cancelRunning();
}

void DiagnosisPage::buildLayout() {
  m_severityBox->addItem(tr("All severities"), -1);
  m_severityBox->addItem(tr("Critical"), static_cast<int>(Severity::Critical));
  m_severityBox->addItem(tr("High and above"), static_cast<int>(Severity::High));
  m_severityBox->addItem(tr("Medium and above"), static_cast<int>(Severity::Medium));
  m_serviceBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_ruleBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_diagnose->setToolTip(tr("Run every diagnosis rule over the workspace again"));
  m_status->setTextFormat(Qt::RichText);

  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 4, 6, 4);
  bar->addWidget(m_status, 1);
  bar->addWidget(withLabel(tr("Severity"), m_severityBox));
  bar->addWidget(withLabel(tr("Service"), m_serviceBox));
  bar->addWidget(withLabel(tr("Rule"), m_ruleBox));
  bar->addWidget(m_diagnose);

  m_proxy->setSourceModel(m_model);
  setUpSortableTable(m_table, m_proxy, tableRowHeight(this) + 4, -1, Qt::AscendingOrder);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setWordWrap(false);
  m_table->setTextElideMode(Qt::ElideRight);
  m_table->setItemDelegateForColumn(
      FindingsTableModel::SeverityColumn,
      new SeverityBadgeDelegate(FindingsTableModel::SeverityRole, this));
  QHeaderView* header = m_table->horizontalHeader();
  header->setSectionResizeMode(FindingsTableModel::TitleColumn, QHeaderView::Stretch);
  m_table->setColumnWidth(FindingsTableModel::SeverityColumn, 86);
  m_table->setColumnWidth(FindingsTableModel::SubjectColumn, 280);
  m_table->setColumnWidth(FindingsTableModel::RuleColumn, 150);
  m_table->setColumnWidth(FindingsTableModel::ImpactColumn, 80);
  m_table->setColumnWidth(FindingsTableModel::PerRequestColumn, 90);
  m_table->setColumnWidth(FindingsTableModel::CountColumn, 60);
  m_table->setColumnWidth(FindingsTableModel::FirstSeenColumn, 170);
  m_table->setColumnWidth(FindingsTableModel::LastSeenColumn, 100);

  m_placeholder->setAlignment(Qt::AlignCenter);
  m_placeholder->setWordWrap(true);
  QFont big = m_placeholder->font();
  big.setPointSizeF(big.pointSizeF() * 1.3);
  m_placeholder->setFont(big);
  auto* tableBox = new QWidget;
  m_tableStack = new QStackedLayout(tableBox);
  m_tableStack->addWidget(m_table);
  m_tableStack->addWidget(m_placeholder);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(tableBox);
  splitter->addWidget(m_details);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  splitter->setSizes({600, 400});

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(splitter, 1);

  for (QComboBox* box : {m_severityBox, m_serviceBox, m_ruleBox})
    connect(box, &QComboBox::activated, this, &DiagnosisPage::applyFilter);
  connect(m_diagnose, &QPushButton::clicked, this, &DiagnosisPage::diagnose);
  connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &DiagnosisPage::onCurrentRowChanged);
  connect(m_table, &QTableView::activated, this,
          [this](const QModelIndex& index) { openFinding(index.row()); });
  connect(m_details, &FindingDetailsPanel::evidenceOpenRequested, this,
          &DiagnosisPage::openEvidence);
  connect(m_details, &FindingDetailsPanel::findingOpenRequested, this, [this] {
    if (const Finding* finding = currentFinding())
      openJump(jumpForFinding(*finding));
  });
}

void DiagnosisPage::cancelRunning() {
  if (m_cancel)
    m_cancel->store(true);
  m_cancel.reset();
  m_job.invalidate();
  m_linkJob.invalidate();
}

void DiagnosisPage::setWorkspacePath(const QString& path, bool readOnly) {
  cancelRunning();
  m_path = path;
  m_readOnly = readOnly;
  m_lastResult.reset();
  m_run.reset();
  m_stored = false;
  m_error.clear();
  m_state = State::Idle;
  showFindings({}, /*announce=*/false);
  load();
}

void DiagnosisPage::refresh() {
  if (m_state == State::Diagnosing)
    cancelRunning();
  load();
}

void DiagnosisPage::setImportRunning(bool running) {
  m_importRunning = running;
  updateStatus();
}

void DiagnosisPage::load() {
  if (m_path.isEmpty())
    return;
  m_state = State::Loading;
  updateStatus();
  m_job.run(
      this, [path = m_path] { return loadStoredFindings(path); },
      [this](DiagnosisSnapshot snapshot) { onLoaded(std::move(snapshot)); });
}

void DiagnosisPage::onLoaded(DiagnosisSnapshot snapshot) {
  m_state = State::Idle;
  m_lastResult = snapshot.state;
  m_error = snapshot.error;
  m_run = snapshot.run;
  m_stored = snapshot.state == DiagnosisSnapshot::State::Stored;
  if (snapshot.state == DiagnosisSnapshot::State::Failed)
    emit loadFailed(tr("Diagnosis: %1").arg(snapshot.error));
  // Stale findings stay on screen while the new ones are computed (the page is busy when
  // findingsShown announces them).
  if (m_lastResult == DiagnosisSnapshot::State::Stale && !m_importRunning)
    diagnose();
  showFindings(std::move(snapshot.findings));
}

void DiagnosisPage::diagnose() {
  if (m_path.isEmpty() || m_importRunning)
    return;
  cancelRunning();
  m_cancel = std::make_shared<std::atomic<bool>>(false);
  m_state = State::Diagnosing;
  updateStatus();
  m_job.run(
      this,
      [path = m_path, store = !m_readOnly, cancel = m_cancel] {
        return computeFindings(path, store, cancel);
      },
      [this](DiagnosisSnapshot snapshot) { onComputed(std::move(snapshot)); });
}

void DiagnosisPage::onComputed(DiagnosisSnapshot snapshot) {
  m_cancel.reset();
  m_state = State::Idle;
  m_lastResult = snapshot.state;
  m_error = snapshot.error;
  if (snapshot.state == DiagnosisSnapshot::State::Failed) {
    emit loadFailed(tr("Diagnosis failed: %1").arg(snapshot.error));
    updateStatus();
    return;
  }
  m_run = snapshot.run;
  m_stored = snapshot.stored;
  showFindings(std::move(snapshot.findings));
}

void DiagnosisPage::showFindings(std::vector<Finding> findings, bool announce) {
  // The same finding stays expanded when the list is read again.
  const Finding* current = currentFinding();
  const std::string rule = current ? current->rule : std::string();
  const std::string title = current ? current->title : std::string();
  m_model->setFindings(std::move(findings));
  rebuildFilterBoxes();
  m_proxy->setFilter(m_proxy->filter());
  int row = 0;
  for (int r = 0; !rule.empty() && r < m_proxy->rowCount(); ++r) {
    const Finding* f = m_model->findingAt(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    if (f && f->rule == rule && f->title == title) {
      row = r;
      break;
    }
  }
  selectFinding(m_proxy->rowCount() > 0 ? row : -1);
  updateStatus();
  if (announce)
    emit findingsShown(static_cast<int>(m_model->findings().size()), severeCount());
}

int DiagnosisPage::severeCount() const {
  int severe = 0;
  for (const Finding& finding : m_model->findings()) {
    if (finding.severity >= Severity::High)
      ++severe;
  }
  return severe;
}

void DiagnosisPage::rebuildFilterBoxes() {
  const struct {
    QComboBox* box;
    QString all;
    QStringList entries;
  } boxes[] = {
      {m_serviceBox, tr("All services"), findingServices(m_model->findings())},
      {m_ruleBox, tr("All rules"), findingRules(m_model->findings())},
  };
  for (const auto& [box, all, entries] : boxes) {
    const QString chosen = box->currentData().toString();
    box->clear();
    box->addItem(all, QString());
    for (const QString& entry : entries)
      box->addItem(entry, entry);
    const int index = box->findData(chosen);
    box->setCurrentIndex(index < 0 ? 0 : index);
  }
  FindingsFilter filter = m_proxy->filter();
  filter.service = m_serviceBox->currentData().toString();
  filter.rule = m_ruleBox->currentData().toString();
  m_proxy->setFilter(filter);
}

void DiagnosisPage::setFilter(const FindingsFilter& filter) {
  const int severity = filter.minSeverity ? static_cast<int>(*filter.minSeverity) : -1;
  const int severityIndex = m_severityBox->findData(severity);
  m_severityBox->setCurrentIndex(severityIndex < 0 ? 0 : severityIndex);
  const int serviceIndex = m_serviceBox->findData(filter.service);
  m_serviceBox->setCurrentIndex(serviceIndex < 0 ? 0 : serviceIndex);
  const int ruleIndex = m_ruleBox->findData(filter.rule);
  m_ruleBox->setCurrentIndex(ruleIndex < 0 ? 0 : ruleIndex);
  applyFilter();
}

void DiagnosisPage::applyFilter() {
  FindingsFilter filter;
  const int severity = m_severityBox->currentData().toInt();
  if (severity >= 0)
    filter.minSeverity = static_cast<Severity>(severity);
  filter.service = m_serviceBox->currentData().toString();
  filter.rule = m_ruleBox->currentData().toString();
  m_proxy->setFilter(filter);
  if (!m_table->selectionModel()->currentIndex().isValid())
    selectFinding(m_proxy->rowCount() > 0 ? 0 : -1);
  else
    onCurrentRowChanged();
  updateStatus();
}

void DiagnosisPage::selectFinding(int row) {
  if (row < 0 || row >= m_proxy->rowCount()) {
    m_table->selectionModel()->clear();
    m_details->clear();
    return;
  }
  const QModelIndex index = m_proxy->index(row, FindingsTableModel::TitleColumn);
  m_table->selectionModel()->setCurrentIndex(
      index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  m_table->scrollTo(index);
  onCurrentRowChanged();
}

const Finding* DiagnosisPage::currentFinding() const {
  const QModelIndex current = m_table->selectionModel()->currentIndex();
  if (!current.isValid())
    return nullptr;
  return m_model->findingAt(m_proxy->mapToSource(current).row());
}

void DiagnosisPage::onCurrentRowChanged() {
  m_details->showFinding(currentFinding());
}

void DiagnosisPage::openFinding(int row) {
  if (row < 0 || row >= m_proxy->rowCount())
    return;
  selectFinding(row);
  if (const Finding* finding = currentFinding())
    openJump(jumpForFinding(*finding));
}

void DiagnosisPage::openEvidence(int row) {
  if (const Finding* finding = currentFinding())
    openJump(jumpForEvidence(*finding, static_cast<std::size_t>(std::max(row, 0))));
}

void DiagnosisPage::openJump(const EvidenceJump& jump) {
  switch (jump.kind) {
    case EvidenceJump::Kind::None:
      return;
    case EvidenceJump::Kind::Trace:
      emit traceEvidenceRequested(jump.traceId, jump.spans);
      return;
    case EvidenceJump::Kind::Series: {
      const TimeRangeMs range = seriesChartRange(jump.startUnixNano, jump.endUnixNano);
      emit seriesEvidenceRequested(QString::fromStdString(jump.series), range.fromMs, range.toMs);
      return;
    }
    case EvidenceJump::Kind::Function:
      break;
  }
  const QString function = QString::fromStdString(jump.function);
  if (jump.span.isZero()) {
    emit functionEvidenceRequested(jump.profileId, function, std::nullopt, {});
    return;
  }
  // A span named with the function: its own samples when the profile has span labels.
  m_linkJob.run(
      this,
      [path = m_path, span = jump.span]() -> std::optional<SpanProfileLink> {
        Status status;
        auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
        if (!workspace)
          return std::nullopt;
        return findSpanProfileLink(*workspace, span, &status);
      },
      [this, profileId = jump.profileId, function](std::optional<SpanProfileLink> link) {
        if (link && link->bySpan && (profileId == 0 || link->profileId == profileId)) {
          emit functionEvidenceRequested(link->profileId, function, link->filter,
                                         link->description);
        } else {
          emit functionEvidenceRequested(profileId, function, std::nullopt, {});
        }
      });
}

void DiagnosisPage::updateStatus() {
  const int total = static_cast<int>(m_model->findings().size());
  const int shown = m_proxy->rowCount();
  QString text;
  QString placeholder;
  if (m_state == State::Diagnosing) {
    text = QStringLiteral("<b>%1</b>").arg(tr("Diagnosing…"));
    if (total > 0)
      text += QStringLiteral(" ") + tr("(showing the findings of the last run)");
    placeholder = tr("Diagnosing…");
  } else if (m_state == State::Loading) {
    text = tr("Loading findings…");
    placeholder = text;
  } else if (m_lastResult == DiagnosisSnapshot::State::Failed) {
    text = QStringLiteral("<span style='color:#c62828'>%1</span>")
               .arg(tr("Diagnosis failed: %1").arg(m_error).toHtmlEscaped());
    placeholder = tr("The diagnosis failed.");
  } else if (m_lastResult == DiagnosisSnapshot::State::Nothing || m_path.isEmpty()) {
    text = tr("Nothing to diagnose yet.");
    placeholder =
        tr("Nothing to diagnose yet: import traces, profiles or metrics (File › "
           "Import…) and their findings show here, ranked by impact.");
  } else {
    text = tr("%n finding(s)", nullptr, total);
    if (shown != total)
      text += QStringLiteral(", ") + tr("%1 shown").arg(shown);
    if (m_run && m_run->computedAtUnixMs > 0) {
      text +=
          QStringLiteral(" · ") + tr("diagnosed %1 in %2 ms")
                                      .arg(formatLocalTimestampMs(m_run->computedAtUnixMs).left(19))
                                      .arg(m_run->elapsedMs);
    }
    if (m_lastResult == DiagnosisSnapshot::State::Computed && !m_stored)
      text += QStringLiteral(" · ") + tr("not stored (read-only workspace)");
    if (m_lastResult == DiagnosisSnapshot::State::Stale)
      text += QStringLiteral(" · ") + tr("older than the data: updated after the import");
    placeholder = total == 0 ? tr("No findings: nothing crossed the rules' thresholds.")
                             : tr("No finding matches the filter.");
  }
  m_status->setText(text);
  m_placeholder->setText(placeholder);
  m_tableStack->setCurrentWidget(shown > 0 ? static_cast<QWidget*>(m_table) : m_placeholder);
  m_diagnose->setEnabled(!m_path.isEmpty() && !m_importRunning && m_state != State::Diagnosing);
}

}  // namespace sightline
