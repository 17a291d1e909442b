#include "ui/debt/service_path_rules_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/debt/service_path_rules_model.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

ServicePathRulesDialog::ServicePathRulesDialog(const std::vector<ServicePathRule>& rules,
                                               const std::vector<std::string>& unmappedPaths,
                                               bool readOnly, QWidget* parent)
    : QDialog(parent),
      m_readOnly(readOnly),
      m_model(new ServicePathRulesModel(this)),
      m_table(new QTableView),
      m_unmapped(new QListWidget),
      m_add(new QPushButton(tr("Add rule"))),
      m_accept(new QPushButton(tr("Accept proposal"))),
      m_remove(new QPushButton(tr("Remove"))),
      m_map(new QPushButton(tr("Map to a service…"))),
      m_save(nullptr),
      m_problem(new QLabel) {
  setWindowTitle(tr("Code → service mapping"));
  resize(900, 600);
  m_model->setRules(rules);

  m_table->setModel(m_model);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setDefaultSectionSize(tableRowHeight(this));
  m_table->horizontalHeader()->setSectionResizeMode(ServicePathRulesModel::PrefixColumn,
                                                    QHeaderView::Stretch);
  m_table->setColumnWidth(ServicePathRulesModel::ServiceColumn, 180);
  m_table->setColumnWidth(ServicePathRulesModel::OriginColumn, 200);
  m_table->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                    : QAbstractItemView::DoubleClicked |
                                          QAbstractItemView::EditKeyPressed |
                                          QAbstractItemView::AnyKeyPressed);

  for (const std::string& path : unmappedPaths)
    m_unmapped->addItem(QString::fromStdString(path));

  auto* ruleButtons = new QHBoxLayout;
  ruleButtons->addWidget(m_add);
  ruleButtons->addWidget(m_accept);
  ruleButtons->addWidget(m_remove);
  ruleButtons->addStretch(1);
  auto* rulesPane = new QWidget;
  auto* rulesLayout = new QVBoxLayout(rulesPane);
  rulesLayout->setContentsMargins(0, 0, 0, 0);
  auto* help = new QLabel(
      tr("A path belongs to the service of its longest matching prefix. Proposals come from span "
         "code.* attributes, profile file names, SonarQube project keys, Go module paths and "
         "directory names; yours are never replaced by them."));
  help->setWordWrap(true);
  rulesLayout->addWidget(help);
  rulesLayout->addWidget(m_table, 1);
  rulesLayout->addLayout(ruleButtons);

  auto* unmappedPane = new QWidget;
  auto* unmappedLayout = new QVBoxLayout(unmappedPane);
  unmappedLayout->setContentsMargins(0, 0, 0, 0);
  unmappedLayout->addWidget(
      new QLabel(tr("%n path(s) no rule maps:", nullptr, static_cast<int>(unmappedPaths.size()))));
  unmappedLayout->addWidget(m_unmapped, 1);
  auto* mapRow = new QHBoxLayout;
  mapRow->addWidget(m_map);
  mapRow->addStretch(1);
  unmappedLayout->addLayout(mapRow);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(rulesPane);
  splitter->addWidget(unmappedPane);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
  m_save = buttons->button(QDialogButtonBox::Save);
  m_problem->setStyleSheet(QStringLiteral("color: #b71c1c"));
  m_problem->setWordWrap(true);
  if (readOnly) {
    m_problem->setText(tr("The workspace is open read-only: the mapping cannot be changed."));
  }
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter, 1);
  layout->addWidget(m_problem);
  layout->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_add, &QPushButton::clicked, this, [this] {
    const int row = m_model->addRule({}, {});
    m_table->setCurrentIndex(m_model->index(row, ServicePathRulesModel::PrefixColumn));
    m_table->edit(m_table->currentIndex());
  });
  connect(m_accept, &QPushButton::clicked, this, [this] { m_model->acceptRule(currentRow()); });
  connect(m_remove, &QPushButton::clicked, this, [this] { m_model->removeRule(currentRow()); });
  connect(m_map, &QPushButton::clicked, this, [this] {
    QListWidgetItem* item = m_unmapped->currentItem();
    if (!item)
      return;
    const int row = m_model->addRule(proposedPrefixFor(item->text().toStdString()), {});
    m_table->setCurrentIndex(m_model->index(row, ServicePathRulesModel::ServiceColumn));
    m_table->edit(m_table->currentIndex());
  });
  connect(m_model, &QAbstractItemModel::dataChanged, this, &ServicePathRulesDialog::updateButtons);
  connect(m_model, &QAbstractItemModel::rowsInserted, this, &ServicePathRulesDialog::updateButtons);
  connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ServicePathRulesDialog::updateButtons);
  connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
          &ServicePathRulesDialog::updateButtons);
  connect(m_unmapped, &QListWidget::currentRowChanged, this,
          &ServicePathRulesDialog::updateButtons);
  updateButtons();
}

std::vector<ServicePathRule> ServicePathRulesDialog::userRules() const {
  return m_model->userRules();
}

int ServicePathRulesDialog::currentRow() const {
  const QModelIndex current = m_table->currentIndex();
  return current.isValid() ? current.row() : -1;
}

void ServicePathRulesDialog::updateButtons() {
  const int row = currentRow();
  const bool user = row >= 0 && ServicePathRulesModel::isUserRule(
                                    m_model->rules()[static_cast<std::size_t>(row)]);
  m_add->setEnabled(!m_readOnly);
  m_accept->setEnabled(!m_readOnly && row >= 0 && !user);
  m_remove->setEnabled(!m_readOnly && user);
  m_map->setEnabled(!m_readOnly && m_unmapped->currentItem() != nullptr);
  if (m_readOnly) {
    m_save->setEnabled(false);
    return;
  }
  const QString problem = m_model->problem();
  m_problem->setText(problem);
  m_save->setEnabled(problem.isEmpty());
}

}  // namespace sightline
