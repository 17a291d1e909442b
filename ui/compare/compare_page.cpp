#include "ui/compare/compare_page.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeView>

#include "model/store/workspace.h"
#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "ui/compare/compare_operations_model.h"
#include "ui/compare/compare_path_model.h"
#include "ui/compare/compare_side_picker.h"

namespace sightline {

namespace {

// Expanding a tree of this many paths or more at once would take seconds: only its roots are.
constexpr int kExpandAllLimit = 5000;

// A whole-second UTC time as a range end: "2026-11-20T14:05:01Z".
QString rangeEnd(std::uint64_t ns) {
  const std::uint64_t seconds = (ns + 500000000ull) / 1000000000ull;
  QString text = formatUtcTimestamp(seconds * 1000000000ull);
  text.replace(QStringLiteral(".000Z"), QStringLiteral("Z"));
  return text;
}

QString sideSummary(const QString& label, const CompareSideSummary& side) {
  return QObject::tr("<b>%1</b> %2: %3 traces, %4 spans, %5 errors")
      .arg(label, QString::fromStdString(describeCompareSide(side.side)).toHtmlEscaped())
      .arg(side.traces)
      .arg(side.spans)
      .arg(side.errorSpans);
}

}  // namespace

ComparePage::ComparePage(QWidget* parent)
    : QWidget(parent),
      m_baseline(new CompareSidePicker(tr("Before"))),
      m_target(new CompareSidePicker(tr("After"))),
      m_compareButton(new QPushButton(tr("Compare"))),
      m_diffButton(new QPushButton(tr("Differential flame graph"))),
      m_summary(new QLabel),
      m_operations(new CompareOperationsModel(this)),
      m_operationsTable(new QTableView),
      m_paths(new ComparePathModel(this)),
      m_pathProxy(new QSortFilterProxyModel(this)),
      m_pathTree(new QTreeView),
      m_changedOnly(new QCheckBox(tr("Changed paths only"))) {
  buildLayout();
  connect(m_compareButton, &QPushButton::clicked, this, &ComparePage::requestComparison);
  connect(m_baseline, &CompareSidePicker::submitted, this, &ComparePage::requestComparison);
  connect(m_target, &CompareSidePicker::submitted, this, &ComparePage::requestComparison);
  connect(m_diffButton, &QPushButton::clicked, this, &ComparePage::requestDifferential);
  connect(m_changedOnly, &QCheckBox::toggled, this, [this](bool on) {
    m_pathProxy->setFilterFixedString(on ? QStringLiteral("changed") : QString());
    if (m_paths->paths().size() < static_cast<std::size_t>(kExpandAllLimit))
      m_pathTree->expandAll();
  });
  updateDiffButton();
}

ComparePage::~ComparePage() = default;

void ComparePage::setWorkspacePath(const QString& path) {
  m_path = path;
  m_listJob.invalidate();
  m_compareJob.invalidate();
  m_comparison.reset();
  m_baseline->setSideText({});
  m_target->setSideText({});
  showComparison();
  m_summary->setText(tr("Pick a time range or a source for each side, then Compare."));
  listSources();
}

void ComparePage::refresh() {
  if (!m_path.isEmpty())
    listSources();
}

void ComparePage::listSources() {
  m_listJob.run(
      this, [path = m_path] { return list(path); }, [this](Listed listed) { onListed(listed); });
}

ComparePage::Listed ComparePage::list(const QString& path) {
  Listed listed;
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    listed.error = QString::fromStdString(status.message());
    return listed;
  }
  listed.sources = listCompareSources(*workspace);
  listed.window = traceStartWindow(*workspace);
  return listed;
}

void ComparePage::onListed(const Listed& listed) {
  if (!listed.error.isEmpty())
    emit loadFailed(listed.error);
  m_baseline->setSources(listed.sources);
  m_target->setSources(listed.sources);
  const bool hadComparison = m_comparison != nullptr;
  // Sides not chosen yet: the first half of the data against the second.
  if (listed.window && m_baseline->sideText().isEmpty() && m_target->sideText().isEmpty()) {
    const auto [first, last] = *listed.window;
    const QString middle = rangeEnd(first + (last - first) / 2);
    m_baseline->setSideText(QStringLiteral("..") + middle);
    m_target->setSideText(middle + QStringLiteral(".."));
    m_comparePending = true;
  }
  emit sourcesListed(static_cast<int>(listed.sources.size()));
  if (hadComparison || (m_comparePending && isVisible()))
    requestComparison();
}

void ComparePage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_comparePending && !m_compareJob.isRunning())
    requestComparison();
}

void ComparePage::compare(const QString& baseline, const QString& target) {
  m_baseline->setSideText(baseline);
  m_target->setSideText(target);
  requestComparison();
}

void ComparePage::requestComparison() {
  m_comparePending = false;
  if (m_path.isEmpty())
    return;
  for (const auto& [name, picker] :
       {std::pair{tr("Before"), m_baseline}, std::pair{tr("After"), m_target}}) {
    const QString problem = picker->problem();
    if (!problem.isEmpty()) {
      m_compareJob.invalidate();
      m_summary->setText(QStringLiteral("<b>%1:</b> %2").arg(name, problem.toHtmlEscaped()));
      emit comparisonShown();
      return;
    }
  }
  m_summary->setText(tr("Comparing…"));
  m_compareButton->setEnabled(false);
  m_compareJob.run(
      this,
      [path = m_path, baseline = m_baseline->sideText(), target = m_target->sideText()] {
        return run(path, baseline, target);
      },
      [this](Compared compared) { onCompared(compared); });
}

ComparePage::Compared ComparePage::run(const QString& path, const QString& baseline,
                                       const QString& target) {
  Compared compared;
  QElapsedTimer timer;
  timer.start();
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace) {
    compared.error = QString::fromStdString(status.message());
    return compared;
  }
  std::string error;
  const auto baselineSpec = parseCompareSide(baseline.toStdString(), &error);
  const auto targetSpec = parseCompareSide(target.toStdString(), &error);
  if (!baselineSpec || !targetSpec) {
    compared.error = QString::fromStdString(error);
    return compared;
  }
  auto comparison = compareTraceSets(*workspace, *baselineSpec, *targetSpec, &status);
  if (!comparison) {
    compared.error = QString::fromStdString(status.message());
    return compared;
  }
  compared.comparison = std::make_shared<const TraceComparison>(std::move(*comparison));
  compared.elapsedMs = timer.elapsed();
  return compared;
}

void ComparePage::onCompared(const Compared& compared) {
  m_compareButton->setEnabled(true);
  if (!compared.comparison) {
    m_summary->setText(compared.error.toHtmlEscaped());
    emit comparisonShown();
    return;
  }
  m_comparison = compared.comparison;
  showComparison();
  const TraceComparison& c = *m_comparison;
  int slower = 0, faster = 0, added = 0, removed = 0, changedPaths = 0;
  for (const OperationComparison& row : c.operations) {
    const auto verdict = CompareOperationsModel::p95Verdict(row);
    slower += verdict == CompareOperationsModel::Verdict::Regression;
    faster += verdict == CompareOperationsModel::Verdict::Improvement;
    added += row.status == OperationComparison::Status::Added;
    removed += row.status == OperationComparison::Status::Removed;
  }
  for (const PathComparison& path : c.paths)
    changedPaths += path.change != PathChange::Same;
  QString text = sideSummary(tr("Before"), c.baseline) + QStringLiteral(" &nbsp;·&nbsp; ") +
                 sideSummary(tr("After"), c.target) + QStringLiteral("<br>");
  text += tr("%1 operations: %2 slower at p95 (≥ 10 %), %3 faster, %4 new, %5 gone; %6 of %7 "
             "paths changed. Compared in %8 ms.")
              .arg(c.operations.size())
              .arg(slower)
              .arg(faster)
              .arg(added)
              .arg(removed)
              .arg(changedPaths)
              .arg(c.paths.size())
              .arg(compared.elapsedMs);
  m_summary->setText(text);
  emit comparisonShown();
}

void ComparePage::showComparison() {
  m_operations->setOperations(m_comparison ? m_comparison->operations
                                           : std::vector<OperationComparison>{});
  m_paths->setPaths(m_comparison ? m_comparison->paths : std::vector<PathComparison>{});
  if (m_paths->paths().size() < static_cast<std::size_t>(kExpandAllLimit))
    m_pathTree->expandAll();
  updateDiffButton();
}

void ComparePage::updateDiffButton() {
  const CompareProfiles* profiles = m_comparison ? &m_comparison->profiles : nullptr;
  const bool pair = profiles && profiles->diffBaselineId && profiles->diffTargetId;
  m_diffButton->setEnabled(pair);
  if (pair) {
    m_diffButton->setToolTip(tr("Open profile %1 against profile %2 as a differential flame "
                                "graph on the Profiles page")
                                 .arg(*profiles->diffTargetId)
                                 .arg(*profiles->diffBaselineId));
  } else if (!profiles) {
    m_diffButton->setToolTip(tr("Compare first"));
  } else if (profiles->baseline.empty() || profiles->target.empty()) {
    m_diffButton->setToolTip(tr("Needs a profile on each side (taken in the range, or of the "
                                "source); before: %1, after: %2")
                                 .arg(profiles->baseline.size())
                                 .arg(profiles->target.size()));
  } else {
    m_diffButton->setToolTip(
        tr("No profile after measures the same sample types as a profile before"));
  }
}

void ComparePage::requestDifferential() {
  if (!m_comparison)
    return;
  const CompareProfiles& profiles = m_comparison->profiles;
  if (profiles.diffBaselineId && profiles.diffTargetId)
    emit differentialRequested(*profiles.diffBaselineId, *profiles.diffTargetId);
}

}  // namespace sightline
