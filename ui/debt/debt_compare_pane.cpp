#include "ui/debt/debt_compare_pane.h"

#include <algorithm>

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/debt/debt_compare_model.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
}  // namespace

DebtComparePane::DebtComparePane(QWidget* parent)
    : QWidget(parent),
      m_baseline(new QListWidget),
      m_target(new QListWidget),
      m_compare(new QPushButton(tr("Compare"))),
      m_model(new DebtCompareModel(this)),
      m_table(new QTableView),
      m_summary(new QLabel) {
  for (QListWidget* list : {m_baseline, m_target}) {
    list->setMaximumHeight(130);
    list->setToolTip(tr("Tick the debt sources of this side"));
    connect(list, &QListWidget::itemChanged, this, &DebtComparePane::updateButton);
  }
  auto* proxy = new DebtSortProxy(DebtCompareModel::SortRole, this);
  proxy->setSourceModel(m_model);
  setUpSortableTable(m_table, proxy, tableRowHeight(this), -1, Qt::AscendingOrder);
  m_table->setWordWrap(false);
  m_table->setColumnWidth(DebtCompareModel::kServiceColumn, 180);
  for (std::size_t figure = 0; figure < DebtCompareModel::comparedColumns().size(); ++figure) {
    m_table->setColumnWidth(DebtCompareModel::bothColumn(static_cast<int>(figure)), 150);
    m_table->setColumnWidth(DebtCompareModel::changeColumn(static_cast<int>(figure)), 70);
  }
  m_summary->setWordWrap(true);
  m_compare->setDefault(true);

  auto* sides = new QGridLayout;
  auto* before = new QLabel(tr("<b>Before</b>"));
  auto* after = new QLabel(tr("<b>After</b>"));
  sides->addWidget(before, 0, 0);
  sides->addWidget(after, 0, 1);
  sides->addWidget(m_baseline, 1, 0);
  sides->addWidget(m_target, 1, 1);
  sides->addWidget(m_compare, 1, 2, Qt::AlignBottom);
  sides->setColumnStretch(0, 1);
  sides->setColumnStretch(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(sides);
  layout->addWidget(m_summary);
  layout->addWidget(m_table, 1);

  connect(m_compare, &QPushButton::clicked, this, &DebtComparePane::compareRequested);
  showMessage(
      tr("Tick the sources of each side (e.g. the coverage before and after a testing "
         "push), then Compare."));
  updateButton();
}

void DebtComparePane::setSources(const std::vector<DebtSourceInfo>& sources,
                                 const DebtSides& sides) {
  m_sources = sources;
  setSides(sides);
}

void DebtComparePane::setSides(const DebtSides& sides) {
  fill(m_baseline, sides.baseline);
  fill(m_target, sides.target);
  updateButton();
}

void DebtComparePane::fill(QListWidget* list, const std::vector<std::int64_t>& tickedIds) {
  const QSignalBlocker blocker(list);
  list->clear();
  for (const DebtSourceInfo& source : m_sources) {
    auto* item = new QListWidgetItem(debtSourceLabel(source), list);
    item->setData(kIdRole, QVariant::fromValue<qlonglong>(source.id));
    item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
    const bool on = std::find(tickedIds.begin(), tickedIds.end(), source.id) != tickedIds.end();
    item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(QString::fromStdString(source.path));
  }
}

std::vector<std::int64_t> DebtComparePane::ticked(const QListWidget* list) {
  std::vector<std::int64_t> ids;
  for (int row = 0; row < list->count(); ++row) {
    const QListWidgetItem* item = list->item(row);
    if (item->checkState() == Qt::Checked)
      ids.push_back(item->data(kIdRole).toLongLong());
  }
  return ids;
}

DebtSides DebtComparePane::sides() const {
  return {ticked(m_baseline), ticked(m_target)};
}

QString DebtComparePane::problem() const {
  const DebtSides s = sides();
  if (m_sources.empty())
    return tr("The workspace has no debt sources to compare.");
  if (s.baseline.empty() || s.target.empty())
    return tr("Tick at least one source on each side.");
  if (s.baseline == s.target)
    return tr("Both sides hold the same sources: nothing can have changed.");
  return {};
}

void DebtComparePane::updateButton() {
  m_compare->setEnabled(problem().isEmpty());
  m_compare->setToolTip(problem());
}

void DebtComparePane::showChanges(std::vector<DebtServiceChange> changes) {
  const std::size_t count = changes.size();
  m_model->setChanges(std::move(changes));
  int better = 0;
  int worse = 0;
  for (const DebtServiceChange& change : m_model->changes()) {
    for (const DebtColumn column : DebtCompareModel::comparedColumns()) {
      const auto direction = DebtCompareModel::direction(column, change);
      better += direction && *direction > 0;
      worse += direction && *direction < 0;
    }
  }
  m_summary->setText(tr("Services compared: %1. Figures better: %2, worse: %3 (green and red "
                        "below).")
                         .arg(count)
                         .arg(better)
                         .arg(worse));
}

void DebtComparePane::showMessage(const QString& text) {
  m_summary->setText(text);
}

}  // namespace sightline
