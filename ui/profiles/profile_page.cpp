#include "ui/profiles/profile_page.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

#include "model/text/profile_value_text.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_breadcrumb.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/sandwich_view.h"
#include "ui/profiles/top_table_model.h"

namespace sightline {

ProfilePage::ProfilePage(QWidget* parent)
    : QWidget(parent),
      m_loader(new ProfileLoader(this)),
      m_worker(new CallTreeWorker(this)),
      m_profileList(new ProfileListModel(this)),
      m_profileBox(new QComboBox),
      m_sampleTypeBox(new QComboBox),
      m_baseBox(new QComboBox),
      m_orientation(new QButtonGroup(this)),
      m_search(new QLineEdit),
      m_searchLabel(new QLabel),
      m_filterBar(new ProfileFilterBar),
      m_header(new QLabel),
      m_allSamples(new QToolButton),
      m_legend(new QLabel),
      m_breadcrumb(new ProfileBreadcrumb),
      m_tabs(new QTabWidget),
      m_flame(new FlameGraphView),
      m_topModel(new TopTableModel(this)),
      m_topProxy(new QSortFilterProxyModel(this)),
      m_sandwich(new SandwichView) {
  buildLayout();
  connectSignals();
  updateHeader();
  updateLegend();
}

ProfilePage::~ProfilePage() = default;

void ProfilePage::connectSignals() {
  connect(m_loader, &ProfileLoader::profilesListed, this, &ProfilePage::onProfilesListed);
  connect(m_loader, &ProfileLoader::profileLoaded, this, &ProfilePage::onProfileLoaded);
  connect(m_loader, &ProfileLoader::cachedTreeLoaded, this, &ProfilePage::onCachedTreeLoaded);
  connect(m_loader, &ProfileLoader::failed, this, &ProfilePage::loadFailed);
  connect(m_worker, &CallTreeWorker::treeReady, this,
          [this](const CallTreeResult& result) { showTrees(result); });
  connect(m_worker, &CallTreeWorker::treesReady, this, &ProfilePage::onTreesReady);
  connect(m_worker, &CallTreeWorker::sandwichReady, this, &ProfilePage::onSandwichReady);

  connect(m_profileBox, &QComboBox::activated, this, [this](int row) {
    const QModelIndex index = m_profileList->index(row, 0);
    openProfile(index.data(ProfileListModel::ProfileIdRole).toLongLong());
  });
  connect(m_sampleTypeBox, &QComboBox::activated, this, &ProfilePage::setSampleType);
  connect(m_baseBox, &QComboBox::activated, this,
          [this](int row) { setBaseProfile(m_baseBox->itemData(row).toLongLong()); });
  connect(m_orientation, &QButtonGroup::idClicked, this, [this](int id) {
    m_flame->setOrientation(static_cast<FlameGraphView::Orientation>(id));
  });
  connect(m_filterBar, &ProfileFilterBar::filterChanged, this, &ProfilePage::requestTrees);
  connect(m_allSamples, &QToolButton::clicked, this, [this] { openProfile(m_currentId); });

  connect(m_search, &QLineEdit::textChanged, this, &ProfilePage::updateSearch);
  connect(m_flame, &FlameGraphView::searchMatched, this, &ProfilePage::updateSearchLabel);
  connect(m_flame, &FlameGraphView::zoomChanged, this, &ProfilePage::updateBreadcrumb);
  connect(m_flame, &FlameGraphView::selectionChanged, this, &ProfilePage::onFlameSelection);
  connect(m_flame, &FlameGraphView::contextMenuRequested, this,
          [this](std::uint32_t node, const QPoint& globalPos) {
            const QString name = callTreeNodeName(m_flame->callTree(), node);
            if (name.isEmpty())
              return;
            QMenu* menu = createFunctionMenu(name, this);
            menu->popup(globalPos);
          });
  connect(m_breadcrumb, &ProfileBreadcrumb::crumbClicked, this, [this](std::uint32_t node) {
    if (node == 0) {
      m_flame->resetZoom();
    } else {
      m_flame->zoomTo(node);
    }
  });
  connect(m_breadcrumb, &ProfileBreadcrumb::backClicked, this, [this] { m_flame->back(); });

  connect(m_topTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &ProfilePage::onTopRowChanged);
  connect(m_topTable, &QTableView::customContextMenuRequested, this,
          [this](const QPoint& pos) { showTopContextMenu(m_topTable, pos); });
  connect(m_sandwichTable, &QTableView::customContextMenuRequested, this,
          [this](const QPoint& pos) { showTopContextMenu(m_sandwichTable, pos); });
  connect(m_sandwichTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            const QString name = current.data(TopTableModel::FunctionRole).toString();
            if (!name.isEmpty() && name != m_sandwichFunction)
              showSandwich(name);
          });
  connect(m_sandwich, &SandwichView::contextMenuRequested, this,
          [this](const QString& function, const QPoint& globalPos) {
            createFunctionMenu(function, this)->popup(globalPos);
          });
}

bool ProfilePage::isBusy() const {
  return m_loader->isBusy() || m_worker->isBusy();
}

int ProfilePage::profileCount() const {
  return m_profileList->rowCount();
}

void ProfilePage::setWorkspacePath(const QString& path) {
  m_path = path;
  m_loader->setWorkspacePath(path);
  m_worker->cancel();
  m_profileList->setProfiles({});
  m_currentId = 0;
  m_baseId = 0;
  m_base.reset();
  m_loadingCurrent = false;
  m_loadingBase = false;
  clearProfile();
  fillBaseBox();
  refresh();
}

void ProfilePage::refresh() {
  if (!m_path.isEmpty())
    m_loader->listProfiles();
}

void ProfilePage::onProfilesListed(const std::vector<ProfileSummary>& profiles) {
  {
    const QSignalBlocker blocker(m_profileBox);
    m_profileList->setProfiles(profiles);
    m_profileBox->setCurrentIndex(m_profileList->rowOfProfile(m_currentId));
  }
  fillBaseBox();
  if (m_decoded) {
    adoptDecodedWhenListed();
  } else if (m_profileList->rowOfProfile(m_currentId) < 0) {
    if (profiles.empty()) {
      m_currentId = 0;
      clearProfile();
    } else {
      openProfile(profiles.front().id);
    }
  }
  emit profilesListed(static_cast<int>(profiles.size()));
}

void ProfilePage::fillBaseBox() {
  const QSignalBlocker blocker(m_baseBox);
  m_baseBox->clear();
  m_baseBox->addItem(tr("(none)"), QVariant::fromValue<qlonglong>(0));
  for (const ProfileSummary& profile : m_profileList->profiles()) {
    m_baseBox->addItem(ProfileListModel::describe(profile),
                       QVariant::fromValue<qlonglong>(profile.id));
  }
  const int row = m_baseBox->findData(QVariant::fromValue<qlonglong>(m_baseId));
  m_baseBox->setCurrentIndex(row < 0 ? 0 : row);
}

void ProfilePage::openProfile(std::int64_t id, const std::optional<SampleLabelFilter>& labels,
                              const QString& labelDescription) {
  m_decoded.reset();
  fillProfileBoxPlaceholder();
  m_currentId = id;
  m_labels = labels;
  m_labelDescription = labels ? labelDescription : QString();
  {
    const QSignalBlocker blocker(m_profileBox);
    m_profileBox->setCurrentIndex(m_profileList->rowOfProfile(id));
  }
  m_worker->cancel();
  m_loadingCurrent = true;
  // Reading a large profile takes about a second; its default flame graph, stored at import,
  // is exactly what the first request would build and shows long before.
  std::optional<int> cachedTreeType;
  if (wantsDefaultTree() && initialSampleType(id) >= 0)
    cachedTreeType = initialSampleType(id);
  m_loader->loadProfile(ProfileLoader::Slot::Current, id, labels, cachedTreeType);
  updateHeader();
}

void ProfilePage::showFunction(std::int64_t id, const QString& function,
                               const std::optional<SampleLabelFilter>& labels,
                               const QString& labelDescription) {
  // The filter first: openProfile then asks for the focused tree, not the stored default.
  ProfileFilter filter;
  if (!labels)
    filter.focus = regexForFunction(function).toStdString();
  m_filterBar->setFilter(filter);
  if (m_baseId != 0)
    setBaseProfile(0);
  openProfile(id, labels, labelDescription);
  m_selectedFunction = function;
}

void ProfilePage::setBaseProfile(std::int64_t id) {
  m_baseId = id;
  m_base.reset();
  {
    const QSignalBlocker blocker(m_baseBox);
    const int row = m_baseBox->findData(QVariant::fromValue<qlonglong>(id));
    m_baseBox->setCurrentIndex(row < 0 ? 0 : row);
  }
  if (id == 0) {
    m_loadingBase = false;
    m_loader->cancel(ProfileLoader::Slot::Base);
    requestTrees();
  } else {
    m_loadingBase = true;
    m_worker->cancel();
    m_loader->loadProfile(ProfileLoader::Slot::Base, id);
  }
  updateLegend();
}

void ProfilePage::setSampleType(int index) {
  if (!m_profile || index < 0 || index >= static_cast<int>(m_profile->typeCount()))
    return;
  m_sampleType = index;
  {
    const QSignalBlocker blocker(m_sampleTypeBox);
    m_sampleTypeBox->setCurrentIndex(index);
  }
  requestTrees();
}

void ProfilePage::onProfileLoaded(const ProfileLoader::Loaded& loaded) {
  if (loaded.slot == ProfileLoader::Slot::Base) {
    m_loadingBase = false;
    if (loaded.profileId != m_baseId)
      return;
    m_base = loaded.profile;
    if (!m_base)
      m_baseId = 0;
    fillBaseBox();
    updateLegend();
    requestTrees();
    return;
  }
  m_loadingCurrent = false;
  if (loaded.profileId != m_currentId)
    return;
  if (!loaded.profile) {
    clearProfile();
    m_header->setText(loaded.error);
    return;
  }
  showProfile(loaded.profile);
}

void ProfilePage::showProfile(std::shared_ptr<const ProfileData> profile) {
  // A new profile keeps the sample type the user chose when it has one of that name.
  const QString previousType = m_sampleTypeBox->currentText();
  m_profile = std::move(profile);
  const int sameName = m_profile->sampleTypeIndex(previousType.toStdString());
  m_sampleType = sameName >= 0 ? sameName : m_profile->effectiveDefaultSampleType();
  fillSampleTypes();
  updateHeader();
  requestTrees();
}

void ProfilePage::fillSampleTypes() {
  const QSignalBlocker blocker(m_sampleTypeBox);
  m_sampleTypeBox->clear();
  if (!m_profile)
    return;
  for (const ProfileValueType& type : m_profile->sampleTypes) {
    m_sampleTypeBox->addItem(QString::fromStdString(type.type));
    m_sampleTypeBox->setItemData(m_sampleTypeBox->count() - 1,
                                 QString::fromStdString(type.type + " (" + type.unit + ")"),
                                 Qt::ToolTipRole);
  }
  m_sampleTypeBox->setCurrentIndex(m_sampleType);
}

CallTreeRequest ProfilePage::currentRequest() const {
  CallTreeRequest request;
  request.profile = m_profile;
  request.base = m_baseId != 0 ? m_base : nullptr;
  request.sampleType = m_sampleType;
  request.filter = m_filterBar->filter();
  return request;
}

void ProfilePage::requestTrees() {
  // Wait for both sides of a comparison; the last one to arrive asks again.
  if (!m_profile || m_loadingCurrent || (m_baseId != 0 && !m_base) || !m_filterBar->isValid())
    return;
  const CallTreeRequest request = currentRequest();
  m_worker->requestTrees(request);
  if (!m_sandwichFunction.isEmpty())
    m_worker->requestSandwich(request, m_sandwichFunction);
}

void ProfilePage::onTreesReady(const CallTreeResult& result) {
  if (!result.error.isEmpty()) {
    emit loadFailed(result.error);
    return;
  }
  showTrees(result);
  emit treesShown();
}

// The flame graph comes first (result.top null), then the same tree with the top table.
void ProfilePage::showTrees(const CallTreeResult& result) {
  // Replacing the tree and the table clears their selections; the function stays selected.
  const QString selected = m_selectedFunction;
  m_syncingSelection = true;
  // The tree built from the loaded profile replaces the one stored at import; when they
  // are the same (as they should be) the view keeps its zoom and selection. Only then is a
  // whole tree compared on this thread: once per profile opened.
  const CallTree* shown = m_flame->callTree();
  bool replace = shown != result.tree.get() && result.tree != m_equalToShown;
  if (replace && m_showingStoredTree && shown && result.tree &&
      sameCallTree(*shown, *result.tree)) {
    m_equalToShown = result.tree;
    replace = false;
  }
  m_showingStoredTree = false;
  if (replace) {
    m_equalToShown.reset();
    if (result.flame && result.flame->tree == result.tree)
      m_flame->setFlameGraph(result.flame);
    else
      m_flame->setCallTree(result.tree);
  }
  m_topModel->setReport(result.top);
  m_syncingSelection = false;
  m_selectedFunction = selected;
  updateSearch();
  updateBreadcrumb();
  updateLegend();
  updateHeader();
  if (!m_selectedFunction.isEmpty())
    selectFunction(m_selectedFunction);
}

void ProfilePage::showSandwich(const QString& function) {
  m_sandwichFunction = function;
  m_tabs->setCurrentWidget(m_sandwichTab);
  const int row = m_topModel->rowOfFunction(function);
  if (row >= 0) {
    const QModelIndex index = m_topProxy->mapFromSource(m_topModel->index(row, 0));
    m_sandwichTable->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_sandwichTable->scrollTo(index);
  }
  if (!m_profile)
    return;
  m_sandwich->setMessage(tr("Building callers and callees of %1…").arg(function));
  if (m_filterBar->isValid())
    m_worker->requestSandwich(currentRequest(), function);
}

void ProfilePage::onSandwichReady(const SandwichResult& result) {
  if (!result.error.isEmpty()) {
    m_sandwich->setMessage(result.error);
    return;
  }
  m_sandwich->setTrees(result.function, result.callers, result.callees);
  emit sandwichShown(result.function);
}

void ProfilePage::clearProfile() {
  m_decoded.reset();
  fillProfileBoxPlaceholder();
  m_profile.reset();
  m_sampleType = -1;
  m_selectedFunction.clear();
  m_sandwichFunction.clear();
  m_worker->cancel();
  m_worker->forgetProfile();
  m_showingStoredTree = false;
  m_equalToShown.reset();
  fillSampleTypes();
  m_flame->setCallTree(nullptr);
  m_topModel->setReport(nullptr);
  m_sandwich->clear();
  updateBreadcrumb();
  updateHeader();
}

void ProfilePage::updateHeader() {
  const int row = m_profileList->rowOfProfile(m_currentId);
  if (row < 0 && !m_decoded) {
    m_header->setText(m_path.isEmpty() || profileCount() > 0
                          ? tr("No profile open.")
                          : tr("No profiles in this workspace: import a pprof file (File › "
                               "Import…) or drop one on the window."));
    m_allSamples->hide();
    return;
  }
  m_allSamples->setVisible(m_labels.has_value());
  if (m_loadingCurrent) {
    m_header->setText(tr("Loading the profile…"));
    return;
  }
  const std::vector<std::int64_t>& totals =
      m_decoded ? m_decoded->totals
                : m_profileList->profiles()[static_cast<std::size_t>(row)].totals;
  const CallTree* tree = m_flame->callTree();
  if (!tree || !m_profile) {
    m_header->clear();
    return;
  }
  // The combo box names the profile; this line says how much of it the graph shows.
  const std::string& unit = tree->sampleType.unit;
  QString text = tr("Shown: %1 of %2 %3")
                     .arg(formatProfileValue(tree->total(), unit),
                          m_sampleType >= 0 && static_cast<size_t>(m_sampleType) < totals.size()
                              ? formatProfileValue(totals[static_cast<size_t>(m_sampleType)], unit)
                              : QStringLiteral("?"),
                          QString::fromStdString(tree->sampleType.type));
  if (m_sampleType >= 0 && static_cast<size_t>(m_sampleType) < totals.size() &&
      totals[static_cast<size_t>(m_sampleType)] != 0) {
    text += QStringLiteral(" (%1)").arg(
        formatProfilePercent(tree->total(), totals[static_cast<size_t>(m_sampleType)]));
  }
  if (m_labels)
    text += QStringLiteral(" · ") + m_labelDescription;
  if (m_decoded)
    text += QStringLiteral(" · ") + tr("storing in the workspace…");
  m_header->setText(text);
}

void ProfilePage::updateLegend() {
  if (m_baseId == 0) {
    m_legend->hide();
    return;
  }
  const int row = m_profileList->rowOfProfile(m_baseId);
  const QString base =
      row < 0 ? tr("profile %1").arg(m_baseId)
              : ProfileListModel::describe(m_profileList->profiles()[static_cast<size_t>(row)]);
  m_legend->setText(
      tr("<span style='color:#d32f2f'>&#9632;</span> grew &nbsp; "
         "<span style='color:#1976d2'>&#9632;</span> shrank &nbsp; vs %1 "
         "<span style='color:#777'>(each side normalised to its own total; the table is "
         "-diff_base)</span>")
          .arg(base.toHtmlEscaped()));
  m_legend->setToolTip(base);
  m_legend->show();
}

}  // namespace sightline
