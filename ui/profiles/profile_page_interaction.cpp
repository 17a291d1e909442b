// The page's interaction: search, breadcrumb, selection kept in step between the flame graph
// and the top table, and the function menu (focus, ignore, hide, show, sandwich, copy).
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>

#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_breadcrumb.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_page.h"
#include "ui/profiles/sandwich_view.h"
#include "ui/profiles/top_table_model.h"

namespace sightline {

void ProfilePage::updateSearch() {
  const QString text = m_search->text().trimmed();
  if (text.isEmpty()) {
    m_flame->setSearchPattern(QRegularExpression());
    m_searchLabel->clear();
    m_searchLabel->setToolTip({});
    return;
  }
  const QRegularExpression pattern(text, QRegularExpression::CaseInsensitiveOption);
  if (!pattern.isValid()) {
    m_flame->setSearchPattern(QRegularExpression());
    m_searchLabel->setText(
        QStringLiteral("<span style='color:#c62828'>%1</span>").arg(tr("invalid regex")));
    m_searchLabel->setToolTip(pattern.errorString());
    return;
  }
  m_searchLabel->setToolTip({});
  updateSearchLabel(m_flame->setSearchPattern(pattern));
}

void ProfilePage::updateSearchLabel(double fraction) {
  if (m_search->text().trimmed().isEmpty())
    return;
  if (!QRegularExpression(m_search->text().trimmed()).isValid())
    return;
  m_searchLabel->setText(tr("%1% matched").arg(fraction * 100.0, 0, 'f', 1));
}

void ProfilePage::updateBreadcrumb() {
  std::vector<ProfileBreadcrumb::Crumb> crumbs;
  const CallTree* tree = m_flame->callTree();
  if (tree && !tree->nodes.empty()) {
    for (std::uint32_t node : m_flame->zoomPath()) {
      const QString name = node == 0 ? tr("all") : callTreeNodeName(tree, node);
      crumbs.push_back({node, name});
    }
  }
  m_breadcrumb->setPath(crumbs, m_flame->zoomedNode() != 0);
}

void ProfilePage::onFlameSelection(std::uint32_t node) {
  const QString name = callTreeNodeName(m_flame->callTree(), node);
  if (m_syncingSelection)
    return;
  m_selectedFunction = name;
  selectTopRow(name);
}

void ProfilePage::onTopRowChanged(const QModelIndex& current) {
  if (m_syncingSelection || !current.isValid())
    return;
  const QString name = current.data(TopTableModel::FunctionRole).toString();
  m_selectedFunction = name;
  m_syncingSelection = true;
  m_flame->selectFunction(name);
  m_syncingSelection = false;
}

void ProfilePage::selectTopRow(const QString& function) {
  m_syncingSelection = true;
  const int row = function.isEmpty() ? -1 : m_topModel->rowOfFunction(function);
  if (row < 0) {
    m_topTable->selectionModel()->clearSelection();
  } else {
    const QModelIndex index = m_topProxy->mapFromSource(m_topModel->index(row, 0));
    m_topTable->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_topTable->scrollTo(index);
  }
  m_syncingSelection = false;
}

void ProfilePage::selectFunction(const QString& function) {
  m_selectedFunction = function;
  m_syncingSelection = true;
  m_flame->selectFunction(function);
  m_syncingSelection = false;
  selectTopRow(function);
}

void ProfilePage::showTopContextMenu(QTableView* table, const QPoint& pos) {
  const QString name = table->indexAt(pos).data(TopTableModel::FunctionRole).toString();
  if (name.isEmpty())
    return;
  createFunctionMenu(name, this)->popup(table->viewport()->mapToGlobal(pos));
}

QMenu* ProfilePage::createFunctionMenu(const QString& function, QWidget* parent) {
  auto* menu = new QMenu(parent);
  menu->setAttribute(Qt::WA_DeleteOnClose);
  const struct {
    FunctionAction action;
    QString text;
  } entries[] = {
      {FunctionAction::Focus, tr("Focus on %1")},
      {FunctionAction::Ignore, tr("Ignore %1")},
      {FunctionAction::Hide, tr("Hide %1")},
      {FunctionAction::Show, tr("Show only %1")},
      {FunctionAction::Sandwich, tr("Show callers and callees")},
      {FunctionAction::CopyName, tr("Copy name")},
  };
  // Long C++ names would make the menu as wide as the screen.
  const QString shortName = menu->fontMetrics().elidedText(function, Qt::ElideMiddle, 320);
  for (const auto& entry : entries) {
    if (entry.action == FunctionAction::Sandwich || entry.action == FunctionAction::CopyName)
      menu->addSeparator();
    const QString text =
        entry.text.contains(QStringLiteral("%1")) ? entry.text.arg(shortName) : entry.text;
    const FunctionAction action = entry.action;
    menu->addAction(text, this, [this, action, function] { applyFunctionAction(action, function); })
        ->setData(static_cast<int>(action));
  }
  return menu;
}

void ProfilePage::applyFunctionAction(FunctionAction action, const QString& function) {
  const QString regex = regexForFunction(function);
  // Focus and show narrow to one function, as pprof's flags do; ignore and hide accumulate, so
  // that several functions can be taken out one after another.
  switch (action) {
    case FunctionAction::Focus:
      m_filterBar->setField(ProfileFilterBar::Field::Focus, regex);
      break;
    case FunctionAction::Ignore:
      m_filterBar->setField(ProfileFilterBar::Field::Ignore, regex, true);
      break;
    case FunctionAction::Hide:
      m_filterBar->setField(ProfileFilterBar::Field::Hide, regex, true);
      break;
    case FunctionAction::Show:
      m_filterBar->setField(ProfileFilterBar::Field::Show, regex);
      break;
    case FunctionAction::Sandwich:
      showSandwich(function);
      break;
    case FunctionAction::CopyName:
      QApplication::clipboard()->setText(function);
      break;
  }
}

}  // namespace sightline
