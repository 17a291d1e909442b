#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <QWidget>

#include "model/profiles/call_tree.h"
#include "model/profiles/profile_queries.h"
#include "ui/profiles/call_tree_worker.h"
#include "ui/profiles/profile_loader.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QToolButton;

namespace sightline {

class FlameGraphView;
class ProfileBreadcrumb;
class ProfileFilterBar;
class ProfileListModel;
class SandwichView;
class TopTableModel;

// The "Profiles" page: profile, sample type and base ("Compare with…") selectors, the pprof
// filter bar, flame/icicle toggle and search, the zoom breadcrumb, the flame graph with the
// top table below it, and a caller/callee (sandwich) tab. Profiles load and trees build on
// the thread pool; results of requests the user has moved on from are dropped.
class ProfilePage : public QWidget {
  Q_OBJECT
 public:
  enum class FunctionAction { Focus, Ignore, Hide, Show, Sandwich, CopyName };

  explicit ProfilePage(QWidget* parent = nullptr);
  ~ProfilePage() override;

  // The workspace to read; clears the page and lists its profiles.
  void setWorkspacePath(const QString& path);
  // Lists the profiles again (after an import); opens the first when none is open.
  void refresh();
  int profileCount() const;

  // Shows profile `id`; with `labels`, only the samples carrying them (e.g. a span's id), and
  // `labelDescription` says so above the graph.
  void openProfile(std::int64_t id, const std::optional<SampleLabelFilter>& labels = std::nullopt,
                   const QString& labelDescription = {});
  // Shows a profile straight from an import of file `path`, before the workspace holds it:
  // like a loaded one, with the file named in the profile box instead of a stored entry.
  // Replaces whatever the page showed; the caller decides whether to hijack the view.
  void showDecodedProfile(std::shared_ptr<const ProfileData> profile, const QString& path);
  // The import of `path` stored the decoded profile as `id`: once the list holds `id` the
  // page treats it as that stored profile, without loading it again (the data is the same).
  // Ignored when the page has moved on to another profile.
  void adoptStoredProfile(const QString& path, std::int64_t id);
  // The import of `path` failed or was cancelled (and was rolled back): its decoded profile,
  // if still shown, is closed and `message` shown instead.
  void dropDecodedProfile(const QString& path, const QString& message);
  // True while a decoded profile that the list does not hold yet is shown.
  bool showsDecodedProfile() const { return m_decoded.has_value(); }

  // Compares the current profile against `id` (0 = no comparison).
  void setBaseProfile(std::int64_t id);
  void setSampleType(int index);
  // Shows the callers and callees of `function` in the sandwich tab.
  void showSandwich(const QString& function);
  // Selects `function` in the flame graph and the top table.
  void selectFunction(const QString& function);
  // Opens profile `id` on `function` (a finding's evidence): the filters reset to focus on it
  // (pprof's -focus) and it selected; with `labels`, the samples they keep (a span's) instead
  // of the focus, as openProfile.
  void showFunction(std::int64_t id, const QString& function,
                    const std::optional<SampleLabelFilter>& labels = std::nullopt,
                    const QString& labelDescription = {});
  void applyFunctionAction(FunctionAction action, const QString& function);
  // The right-click menu offered for a function (focus, ignore, hide, show, sandwich, copy).
  QMenu* createFunctionMenu(const QString& function, QWidget* parent);

  std::int64_t currentProfileId() const { return m_currentId; }
  std::int64_t baseProfileId() const { return m_baseId; }
  std::shared_ptr<const ProfileData> profile() const { return m_profile; }
  int sampleType() const { return m_sampleType; }
  QString selectedFunction() const { return m_selectedFunction; }
  // True while a profile loads or a tree builds.
  bool isBusy() const;

  ProfileListModel* profileList() const { return m_profileList; }
  QComboBox* profileBox() const { return m_profileBox; }
  QComboBox* sampleTypeBox() const { return m_sampleTypeBox; }
  QComboBox* baseBox() const { return m_baseBox; }
  ProfileFilterBar* filterBar() const { return m_filterBar; }
  FlameGraphView* flameGraph() const { return m_flame; }
  TopTableModel* topModel() const { return m_topModel; }
  QSortFilterProxyModel* topProxy() const { return m_topProxy; }
  QTableView* topTable() const { return m_topTable; }
  SandwichView* sandwich() const { return m_sandwich; }
  ProfileBreadcrumb* breadcrumb() const { return m_breadcrumb; }
  QLineEdit* searchEdit() const { return m_search; }
  QLabel* searchLabel() const { return m_searchLabel; }
  QLabel* legend() const { return m_legend; }
  QTabWidget* tabs() const { return m_tabs; }
  QWidget* sandwichTab() const { return m_sandwichTab; }

 signals:
  void profilesListed(int count);
  // The flame graph and top table of the current request are on screen.
  void treesShown();
  void sandwichShown(const QString& function);
  void loadFailed(const QString& message);

 private:
  void buildLayout();
  void connectSignals();
  void onProfilesListed(const std::vector<ProfileSummary>& profiles);
  void onProfileLoaded(const ProfileLoader::Loaded& loaded);
  // The stored default tree of the profile being loaded: shown until the built one comes.
  void onCachedTreeLoaded(const ProfileLoader::Cached& cached);
  // The sample type showProfile() will pick for listed profile `id` (-1 if not listed).
  int initialSampleType(std::int64_t id) const;
  // True when the first tree requested for the current profile will be its default one.
  bool wantsDefaultTree() const;
  // Makes `profile` the current one and asks for its trees.
  void showProfile(std::shared_ptr<const ProfileData> profile);
  // profile_page_decoded.cpp
  void adoptDecodedWhenListed();
  void fillProfileBoxPlaceholder();
  void onTreesReady(const CallTreeResult& result);
  void showTrees(const CallTreeResult& result);
  void onSandwichReady(const SandwichResult& result);
  void fillBaseBox();
  void fillSampleTypes();
  void requestTrees();
  CallTreeRequest currentRequest() const;
  void clearProfile();
  void updateHeader();
  void updateLegend();
  // profile_page_interaction.cpp
  void updateSearch();
  void updateSearchLabel(double fraction);
  void updateBreadcrumb();
  void onFlameSelection(std::uint32_t node);
  void onTopRowChanged(const QModelIndex& current);
  void selectTopRow(const QString& function);
  void showTopContextMenu(QTableView* table, const QPoint& pos);

  ProfileLoader* m_loader = nullptr;
  CallTreeWorker* m_worker = nullptr;
  ProfileListModel* m_profileList = nullptr;
  QComboBox* m_profileBox = nullptr;
  QComboBox* m_sampleTypeBox = nullptr;
  QComboBox* m_baseBox = nullptr;
  QButtonGroup* m_orientation = nullptr;
  QLineEdit* m_search = nullptr;
  QLabel* m_searchLabel = nullptr;
  ProfileFilterBar* m_filterBar = nullptr;
  QLabel* m_header = nullptr;
  QToolButton* m_allSamples = nullptr;
  QLabel* m_legend = nullptr;
  ProfileBreadcrumb* m_breadcrumb = nullptr;
  QTabWidget* m_tabs = nullptr;
  FlameGraphView* m_flame = nullptr;
  TopTableModel* m_topModel = nullptr;
  QSortFilterProxyModel* m_topProxy = nullptr;
  QTableView* m_topTable = nullptr;
  QTableView* m_sandwichTable = nullptr;
  QWidget* m_sandwichTab = nullptr;
  SandwichView* m_sandwich = nullptr;

  QString m_path;
  std::int64_t m_currentId = 0;
  // A profile shown from an import before the list holds it; m_currentId is 0 meanwhile.
  struct DecodedProfile {
    QString path;
    std::int64_t storedId = 0;         // known once the import committed
    std::vector<std::int64_t> totals;  // as ProfileSummary::totals, for the header
  };
  std::optional<DecodedProfile> m_decoded;
  std::optional<SampleLabelFilter> m_labels;
  QString m_labelDescription;
  std::shared_ptr<const ProfileData> m_profile;
  std::int64_t m_baseId = 0;
  std::shared_ptr<const ProfileData> m_base;
  int m_sampleType = -1;
  QString m_selectedFunction;
  QString m_sandwichFunction;
  bool m_syncingSelection = false;
  bool m_loadingCurrent = false;
  bool m_loadingBase = false;
  // The flame graph shows the tree stored at import (until a built tree replaces it).
  bool m_showingStoredTree = false;
  // A built tree found equal to the stored one on screen: kept out of the view, so that a
  // zoom made meanwhile survives, and not compared again when it comes back with its top.
  std::shared_ptr<const CallTree> m_equalToShown;
};

}  // namespace sightline
