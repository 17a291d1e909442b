#include "ui/debt/debt_evidence_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/debt/debt_evidence_models.h"
#include "ui/debt/debt_flame_focus.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/heatmap_delegate.h"
#include "ui/debt/hot_untested_model.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

QTableView* sortedTable(QAbstractItemModel* model, int sortRole, int rowHeight, QObject* owner) {
  auto* table = new QTableView;
  auto* proxy = new DebtSortProxy(sortRole, owner);
  proxy->setSourceModel(model);
  setUpSortableTable(table, proxy, rowHeight, -1, Qt::AscendingOrder);
  table->setWordWrap(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  return table;
}

}  // namespace

DebtEvidencePanel::DebtEvidencePanel(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel),
      m_note(new QLabel),
      m_flame(new QPushButton(tr("Flame graph"))),
      m_tabs(new QTabWidget),
      m_files(new DebtFilesModel(this)),
      m_issues(new DebtIssuesModel(this)),
      m_hot(new HotUntestedModel(this)),
      m_findings(new DebtFindingsModel(this)) {
  const int rowHeight = tableRowHeight(this);
  QFont titleFont = m_title->font();
  titleFont.setBold(true);
  m_title->setFont(titleFont);
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_note->setStyleSheet(QStringLiteral("color: #555"));
  m_flame->setToolTip(tr("Open the unit's profile on the Profiles page, focused on its code"));

  m_filesTable = sortedTable(m_files, DebtFilesModel::SortRole, rowHeight, this);
  m_filesTable->setItemDelegate(new HeatmapDelegate(DebtFilesModel::StatusRole, -1, this));
  m_filesTable->horizontalHeader()->setStretchLastSection(false);
  m_filesTable->horizontalHeader()->setSectionResizeMode(DebtFilesModel::kPathColumn,
                                                         QHeaderView::Stretch);
  for (int column = 1; column < m_files->columnCount(); ++column)
    m_filesTable->setColumnWidth(column, 150);

  m_issuesTable = sortedTable(m_issues, DebtIssuesModel::SortRole, rowHeight, this);
  m_issuesTable->setColumnWidth(DebtIssuesModel::ToolColumn, 100);
  m_issuesTable->setColumnWidth(DebtIssuesModel::RuleColumn, 110);
  m_issuesTable->setColumnWidth(DebtIssuesModel::LevelColumn, 130);
  m_issuesTable->setColumnWidth(DebtIssuesModel::LocationColumn, 260);

  m_hotTable = sortedTable(m_hot, HotUntestedModel::SortRole, rowHeight, this);
  m_hotTable->setItemDelegateForColumn(HotUntestedModel::CoverageColumn,
                                       new HeatmapDelegate(HotUntestedModel::StatusRole, -1, this));
  m_hotTable->horizontalHeader()->setStretchLastSection(false);
  m_hotTable->horizontalHeader()->setSectionResizeMode(HotUntestedModel::FunctionColumn,
                                                       QHeaderView::Stretch);
  m_hotTable->setColumnWidth(HotUntestedModel::RankColumn, 40);
  m_hotTable->setColumnWidth(HotUntestedModel::ServiceColumn, 130);
  m_hotTable->setColumnWidth(HotUntestedModel::FileColumn, 260);
  for (const int column :
       {int(HotUntestedModel::CpuShareColumn), int(HotUntestedModel::CriticalPathColumn),
        int(HotUntestedModel::CoverageColumn), int(HotUntestedModel::ScoreColumn)})
    m_hotTable->setColumnWidth(column, 150);
  m_hotTable->setToolTip(tr("Double-click a function to open its flame graph"));

  m_findingsTable = new QTableView;
  setUpSortableTable(m_findingsTable, m_findings, rowHeight + 4, -1, Qt::AscendingOrder);
  m_findingsTable->setSortingEnabled(false);
  m_findingsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_findingsTable->horizontalHeader()->setStretchLastSection(false);
  m_findingsTable->horizontalHeader()->setSectionResizeMode(DebtFindingsModel::TitleColumn,
                                                            QHeaderView::Stretch);
  m_findingsTable->setColumnWidth(DebtFindingsModel::SeverityColumn, 80);
  m_findingsTable->setColumnWidth(DebtFindingsModel::RuleColumn, 160);
  m_findingsTable->setColumnWidth(DebtFindingsModel::OpenColumn, 80);

  m_tabs->setDocumentMode(true);
  m_tabs->addTab(m_filesTable, QString());
  m_tabs->addTab(m_issuesTable, QString());
  m_tabs->addTab(m_hotTable, QString());
  m_tabs->addTab(m_findingsTable, QString());

  auto* top = new QHBoxLayout;
  auto* titles = new QVBoxLayout;
  titles->setSpacing(2);
  titles->addWidget(m_title);
  titles->addWidget(m_note);
  top->addLayout(titles, 1);
  top->addWidget(m_flame, 0, Qt::AlignTop);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 4, 6, 0);
  layout->addLayout(top);
  layout->addWidget(m_tabs, 1);

  connect(m_flame, &QPushButton::clicked, this, [this] {
    const QString regex = debtFocusRegex(m_evidence.focus);
    if (m_evidence.profileId != 0 && !regex.isEmpty())
      emit flameGraphRequested(m_evidence.profileId, regex, m_unit);
  });
  connect(m_hotTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    auto* proxy = static_cast<QSortFilterProxyModel*>(m_hotTable->model());
    const int row = proxy->mapToSource(index).row();
    if (row < 0 || row >= static_cast<int>(m_hot->functions().size()))
      return;
    const HotUntestedFunction& f = m_hot->functions()[static_cast<std::size_t>(row)];
    if (f.profileId != 0)
      emit flameGraphRequested(f.profileId, debtFocusRegex(f.function),
                               QString::fromStdString(f.function));
  });
  showHint();
}

void DebtEvidencePanel::setThresholds(const DebtThresholds& thresholds) {
  m_files->setThresholds(thresholds);
  m_hot->setThresholds(thresholds);
}

void DebtEvidencePanel::clearTables() {
  m_evidence = {};
  m_files->setFiles({});
  m_issues->setIssues({});
  m_hot->setFunctions({});
  m_findings->setFindings({});
  m_flame->setEnabled(false);
  setCounts();
}

void DebtEvidencePanel::showHint(const QString& text) {
  clearTables();
  m_unit.clear();
  m_title->setText(tr("Evidence"));
  m_note->setText(text.isEmpty() ? tr("Select a cell or a row to see the files, static-analysis "
                                      "results, hot untested functions and findings behind it.")
                                 : text);
}

void DebtEvidencePanel::showLoading(const QString& unit) {
  clearTables();
  m_unit = unit;
  m_title->setText(unit);
  m_note->setText(tr("Reading the evidence…"));
}

void DebtEvidencePanel::showError(const QString& message) {
  clearTables();
  m_note->setText(message);
}

void DebtEvidencePanel::showEvidence(const DebtEvidenceLoad& load, const QString& note,
                                     Tab preferred) {
  if (!load.error.isEmpty())
    return showError(load.error);
  m_evidence = load.evidence;
  m_unit = load.unitPath.empty()
               ? QString::fromStdString(load.service)
               : QStringLiteral("%1 · %2").arg(QString::fromStdString(load.service),
                                               QString::fromStdString(load.unitPath));
  m_title->setText(m_unit);
  m_note->setText(note);
  m_files->setFiles(load.evidence.files);
  m_issues->setIssues(load.evidence.issues);
  m_hot->setFunctions(load.evidence.hotUntested);
  m_findings->setFindings(load.findings);
  for (int row = 0; row < m_findings->rowCount(); ++row) {
    auto* button = new QPushButton(tr("Open"));
    button->setToolTip(tr("Show this finding on the Diagnosis tab"));
    const DebtFindingRef finding = load.findings[static_cast<std::size_t>(row)];
    connect(button, &QPushButton::clicked, this, [this, finding] {
      emit findingOpenRequested(QString::fromStdString(finding.rule),
                                QString::fromStdString(finding.title));
    });
    m_findingsTable->setIndexWidget(m_findings->index(row, DebtFindingsModel::OpenColumn), button);
  }
  const bool canFocus = m_evidence.profileId != 0 && !debtFocusRegex(m_evidence.focus).isEmpty();
  m_flame->setEnabled(canFocus);
  m_flame->setToolTip(canFocus ? tr("Open profile %1 focused on %2")
                                     .arg(m_evidence.profileId)
                                     .arg(QString::fromStdString(m_evidence.focus))
                               : tr("No profile has samples in this unit's code"));
  setCounts();
  const int counts[] = {m_files->rowCount(), m_issues->rowCount(), m_hot->rowCount(),
                        m_findings->rowCount()};
  int tab = static_cast<int>(preferred);
  if (counts[tab] == 0) {
    for (int i = 0; i < 4; ++i) {
      if (counts[i] > 0) {
        tab = i;
        break;
      }
    }
  }
  m_tabs->setCurrentIndex(tab);
}

void DebtEvidencePanel::setCounts() {
  m_tabs->setTabText(0, tr("Files (%1)").arg(m_files->rowCount()));
  m_tabs->setTabText(1, tr("Static analysis (%1)").arg(m_issues->rowCount()));
  m_tabs->setTabText(2, tr("Hot and untested (%1)").arg(m_hot->rowCount()));
  m_tabs->setTabText(3, tr("Findings (%1)").arg(m_findings->rowCount()));
}

QPushButton* DebtEvidencePanel::openFindingButton(int row) const {
  return qobject_cast<QPushButton*>(
      m_findingsTable->indexWidget(m_findings->index(row, DebtFindingsModel::OpenColumn)));
}

}  // namespace sightline
