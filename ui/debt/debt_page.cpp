#include "ui/debt/debt_page.h"

#include <algorithm>

#include <QButtonGroup>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeView>

#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_compare_model.h"
#include "ui/debt/debt_compare_pane.h"
#include "ui/debt/debt_flame_focus.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/hot_untested_model.h"
#include "ui/debt/service_path_rules_dialog.h"

namespace sightline {

DebtPage::DebtPage(QWidget* parent)
    : QWidget(parent),
      m_modes(new QButtonGroup(this)),
      m_status(new QLabel),
      m_thresholdsButton(new QPushButton(tr("Thresholds…"))),
      m_mappingButton(new QPushButton(tr("Mapping…"))),
      m_stack(new QStackedWidget),
      m_tableModel(new DebtTableModel(this)),
      m_tableProxy(new DebtSortProxy(DebtTableModel::SortRole, this)),
      m_tableView(new QTreeView),
      m_costModel(new CostDebtModel(this)),
      m_costProxy(new DebtSortProxy(CostDebtModel::SortRole, this)),
      m_costView(new QTableView),
      m_hotModel(new HotUntestedModel(this)),
      m_hotProxy(new DebtSortProxy(HotUntestedModel::SortRole, this)),
      m_hotView(new QTableView),
      m_compare(new DebtComparePane),
      m_evidence(new DebtEvidencePanel) {
  m_thresholdsButton->setToolTip(tr("The thresholds of the cell colours"));
  m_mappingButton->setToolTip(tr("Which code paths belong to which service"));
  buildLayout();
  connectSignals();
  applyThresholds(m_thresholds);
  updateStatus();
}

DebtPage::~DebtPage() = default;

void DebtPage::connectSignals() {
  connect(m_modes, &QButtonGroup::idClicked, this, [this](int id) { setMode(Mode(id)); });
  connect(m_thresholdsButton, &QPushButton::clicked, this, &DebtPage::editThresholds);
  connect(m_mappingButton, &QPushButton::clicked, this, &DebtPage::editMapping);
  connect(m_status, &QLabel::linkActivated, this, [this](const QString& link) {
    if (link == QLatin1String("mapping"))
      editMapping();
  });
  connect(m_tableView->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { onHeatmapCurrentChanged(current); });
  connect(m_costView->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { onCostCurrentChanged(current); });
  connect(m_hotView->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { onHotCurrentChanged(current); });
  connect(m_hotView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    const int row = m_hotProxy->mapToSource(index).row();
    if (row < 0 || row >= static_cast<int>(m_hotModel->functions().size()))
      return;
    const HotUntestedFunction& f = m_hotModel->functions()[static_cast<std::size_t>(row)];
    if (f.profileId != 0) {
      emit flameGraphRequested(f.profileId, debtFocusRegex(f.function),
                               QString::fromStdString(f.function));
    }
  });
  connect(m_compare, &DebtComparePane::compareRequested, this, &DebtPage::requestComparison);
  connect(m_evidence, &DebtEvidencePanel::flameGraphRequested, this,
          &DebtPage::flameGraphRequested);
  connect(m_evidence, &DebtEvidencePanel::findingOpenRequested, this,
          &DebtPage::findingOpenRequested);
}

DebtTableOptions DebtPage::options() const {
  DebtTableOptions options;
  options.thresholds = m_thresholds;
  return options;
}

bool DebtPage::isBusy() const {
  return m_tableJob.isRunning() || m_costJob.isRunning() || m_hotJob.isRunning() ||
         m_evidenceJob.isRunning() || m_compareJob.isRunning() || m_saveJob.isRunning() ||
         m_thresholdsJob.isRunning();
}

void DebtPage::setWorkspacePath(const QString& path, bool readOnly) {
  m_path = path;
  m_readOnly = readOnly;
  for (LatestJob* job : {&m_tableJob, &m_costJob, &m_hotJob, &m_evidenceJob, &m_compareJob,
                         &m_saveJob, &m_thresholdsJob})
    job->invalidate();
  // Each workspace has its own thresholds (the defaults until its read says otherwise).
  m_ownThresholds = false;
  m_thresholdsNote.clear();
  applyThresholds(DebtThresholds{});
  m_table.reset();
  m_sources.clear();
  m_tableError.clear();
  m_tableModel->setTable({});
  m_costModel->setMatrix({});
  m_hotModel->setFunctions({});
  m_compare->setSources({}, {});
  m_compare->model()->setChanges({});
  m_evidence->showHint();
  m_tableStale = m_costStale = m_hotStale = true;
  m_compareAsked = false;
  updateStatus();
  loadCurrentMode();
}

void DebtPage::refresh() {
  if (m_path.isEmpty())
    return;
  m_tableStale = m_costStale = m_hotStale = true;
  loadCurrentMode();
}

void DebtPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  loadCurrentMode();
}

void DebtPage::setMode(Mode mode) {
  m_mode = mode;
  if (QAbstractButton* button = m_modes->button(static_cast<int>(mode)))
    button->setChecked(true);
  m_stack->setCurrentIndex(static_cast<int>(mode));
  m_evidence->setVisible(mode != Mode::Compare);
  m_evidenceJob.invalidate();
  // The evidence belongs to the mode's own selection.
  switch (mode) {
    case Mode::Signals:
      onHeatmapCurrentChanged(m_tableView->currentIndex());
      break;
    case Mode::CostDebt:
      onCostCurrentChanged(m_costView->currentIndex());
      break;
    case Mode::HotUntested:
      onHotCurrentChanged(m_hotView->currentIndex());
      break;
    case Mode::Compare:
      break;
  }
  loadCurrentMode();
}

void DebtPage::loadCurrentMode() {
  if (m_path.isEmpty() || !isVisible())
    return;
  // A newer read replaces one still running (LatestJob drops the older result).
  if (m_tableStale)
    loadTable();
  if (m_mode == Mode::CostDebt && m_costStale)
    loadCostDebt();
  if (m_mode == Mode::HotUntested && m_hotStale)
    loadHotUntested();
  if (m_mode == Mode::Compare && !m_compareAsked && !m_tableStale) {
    m_compareAsked = true;
    if (m_compare->problem().isEmpty())
      requestComparison();
  }
}

void DebtPage::loadTable() {
  m_tableStale = false;
  updateStatus();
  m_tableJob.run(
      this,
      [path = m_path, options = options(), from = thresholdsFrom()] {
        return loadDebt(path, options, from);
      },
      [this](DebtLoad load) { onTableLoaded(load); });
  updateStatus();
}

void DebtPage::onTableLoaded(const DebtLoad& load) {
  m_tableError = load.error;
  m_tableMs = load.elapsedMs;
  // Thresholds set meanwhile (the dialog) win over those the read found in the workspace.
  if (!m_ownThresholds) {
    if (load.thresholds)
      applyThresholds(*load.thresholds);
    m_thresholdsNote = load.thresholdsError;
    if (!load.thresholdsError.isEmpty())
      emit loadFailed(load.thresholdsError);
  }
  if (!load.table) {
    m_table.reset();
    m_tableModel->setTable({});
    emit loadFailed(load.error);
  } else {
    m_table = load.table;
    replaceTable(*m_table);
    // The user's ticks survive a reload when their sources are still there.
    const DebtSides defaults = defaultDebtSides(load.sources);
    DebtSides sides = m_compare->sides();
    auto keep = [&](std::vector<std::int64_t>& ids) {
      std::erase_if(ids, [&](std::int64_t id) {
        return std::none_of(load.sources.begin(), load.sources.end(),
                            [id](const DebtSourceInfo& s) { return s.id == id; });
      });
    };
    keep(sides.baseline);
    keep(sides.target);
    m_sources = load.sources;
    m_compare->setSources(m_sources,
                          sides.baseline.empty() && sides.target.empty() ? defaults : sides);
    if (!load.error.isEmpty())
      emit loadFailed(load.error);
  }
  updateStatus();
  emit tableShown();
  if (m_mode == Mode::Compare)
    loadCurrentMode();
}

void DebtPage::loadCostDebt() {
  m_costStale = false;
  m_costJob.run(
      this,
      [path = m_path, options = options(), from = thresholdsFrom()] {
        return sightline::loadCostDebt(path, options, from);
      },
      [this](CostDebtLoad load) { onCostDebtLoaded(load); });
}

void DebtPage::onCostDebtLoaded(const CostDebtLoad& load) {
  if (!load.matrix) {
    m_costModel->setMatrix({});
    emit loadFailed(load.error);
  } else {
    m_costModel->setMatrix(*load.matrix);
  }
  emit costDebtShown();
}

void DebtPage::loadHotUntested() {
  m_hotStale = false;
  m_hotJob.run(
      this,
      [path = m_path, options = options(), from = thresholdsFrom()] {
        return loadHotUntestedFunctions(path, options, from);
      },
      [this](HotUntestedLoad load) { onHotUntestedLoaded(load); });
}

void DebtPage::onHotUntestedLoaded(const HotUntestedLoad& load) {
  if (!load.error.isEmpty())
    emit loadFailed(load.error);
  m_hotModel->setFunctions(load.functions);
  emit hotUntestedShown();
}

void DebtPage::requestComparison() {
  const QString problem = m_compare->problem();
  if (!problem.isEmpty() || m_path.isEmpty()) {
    m_compareJob.invalidate();
    m_compare->showMessage(problem);
    emit comparisonShown();
    return;
  }
  const DebtSides sides = m_compare->sides();
  m_compare->showMessage(tr("Comparing…"));
  m_compareJob.run(
      this,
      [path = m_path, sides] { return compareDebtSources(path, sides.baseline, sides.target); },
      [this](DebtCompareLoad load) {
        if (!load.error.isEmpty()) {
          m_compare->model()->setChanges({});
          m_compare->showMessage(load.error);
        } else {
          m_compare->showChanges(std::move(load.changes));
        }
        emit comparisonShown();
      });
}

void DebtPage::editMapping() {
  const DebtTable empty;
  const DebtTable& table = m_table ? *m_table : empty;
  ServicePathRulesDialog dialog(table.rules, table.unmappedPaths, m_readOnly || m_path.isEmpty(),
                                this);
  if (dialog.exec() == QDialog::Accepted && !m_readOnly)
    saveMapping(dialog.userRules());
}

void DebtPage::saveMapping(const std::vector<ServicePathRule>& userRules) {
  if (m_path.isEmpty() || m_readOnly)
    return;
  m_status->setText(tr("Saving the mapping…"));
  m_saveJob.run(
      this, [path = m_path, userRules] { return saveServicePathRules(path, userRules); },
      [this](const QString& error) {
        if (!error.isEmpty()) {
          emit loadFailed(error);
          updateStatus();
          return;
        }
        emit rulesSaved();
        m_tableStale = m_costStale = m_hotStale = true;
        loadCurrentMode();
      });
}

void DebtPage::updateStatus() {
  if (m_path.isEmpty()) {
    m_status->setText(tr("No workspace open."));
    return;
  }
  if (m_tableJob.isRunning() && !m_table) {
    m_status->setText(tr("Reading the code-quality inputs and the runtime signals…"));
    return;
  }
  if (!m_tableError.isEmpty() && !m_table) {
    m_status->setText(m_tableError.toHtmlEscaped());
    return;
  }
  if (!m_table) {
    m_status->clear();
    return;
  }
  if (m_table->rows.empty()) {
    m_status->setText(
        tr("No code-quality inputs yet: import SonarQube measures, SARIF, Go coverage profiles, "
           "jscpd or cloc reports, <code>git log --numstat</code> or CODEOWNERS "
           "(File → Import…)."));
    return;
  }
  int services = 0, directories = 0, files = 0;
  for (const DebtRow& row : m_table->rows) {
    services += row.parent < 0;
    directories += row.parent >= 0 && row.kind == DebtUnitKind::Directory;
    files += row.parent >= 0 && row.kind == DebtUnitKind::File;
  }
  const int sources = static_cast<int>(m_table->sourceIds.size());
  QString text = tr("%n service(s)", nullptr, services) + QStringLiteral(", ") +
                 tr("%n directory(ies)", nullptr, directories) + QStringLiteral(", ") +
                 tr("%n file(s)", nullptr, files) + QLatin1Char(' ') +
                 tr("from %n debt source(s)", nullptr, sources);
  if (!m_table->unmappedPaths.empty()) {
    text += QStringLiteral(" · <a href=\"mapping\">") +
            tr("%1 paths mapped to no service").arg(m_table->unmappedPaths.size()) +
            QStringLiteral("</a>");
  }
  text += QStringLiteral(" · ") + tr("read in %1 ms").arg(m_tableMs);
  if (!m_thresholdsNote.isEmpty())
    text += QStringLiteral(" · ") + m_thresholdsNote.toHtmlEscaped();
  m_status->setText(text);
}

}  // namespace sightline
