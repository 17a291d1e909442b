#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <QWidget>

#include "ui/metrics/metric_chart_builder.h"
#include "ui/metrics/metric_loader.h"

class QButtonGroup;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
class QTreeView;

namespace sightline {

class MetricBucketChart;
class MetricChartView;
class MetricCompareModel;
class MetricFamilyTreeModel;
class MetricLabelChips;
class MetricRedChart;
class MetricRedModel;
class MetricSeriesTableModel;

// The "Metrics" page. Browser tab: the families in a searchable tree, the chosen family's
// series with label-filter chips and latest values, and its chart (counters as rates with
// the raw value one click away, histograms as quantiles over time next to the bucket
// distribution of a chosen snapshot, summaries as their quantiles). RED tab: rate, errors
// and latency per service. Compare tab: the biggest changes between two snapshots.
// Everything is read and computed on the thread pool; stale results are dropped.
class MetricPage : public QWidget {
  Q_OBJECT
 public:
  explicit MetricPage(QWidget* parent = nullptr);
  ~MetricPage() override;

  // The workspace to read; clears the page and lists its families.
  void setWorkspacePath(const QString& path);
  // Lists the families again (after an import); opens one when none is open.
  void refresh();
  int familyCount() const;
  int snapshotCount() const { return static_cast<int>(m_snapshots.size()); }

  // Shows family `id` in the browser (series table and chart).
  void openFamily(std::int64_t id);
  // The same by name; false when there is no such family.
  bool openFamily(const QString& name);
  // Shows `series` (name{labels}, as seriesText writes it) in the browser: its family, its
  // labels as chips (le and quantile left out), the chart over [fromMs, toMs] (Unix ms).
  // False when no family holds the name.
  bool showSeries(const QString& series, std::int64_t fromMs, std::int64_t toMs);
  std::int64_t currentFamilyId() const { return m_currentId; }
  std::shared_ptr<const MetricFamilyData> familyData() const { return m_data; }
  // The family a fresh page opens: request counters first, then latency histograms, then
  // the first by name; 0 when there is none.
  static std::int64_t showcaseFamily(const std::vector<MetricFamilySummary>& families,
                                     MetricType preferred = MetricType::Counter);

  void setChartMode(ChartMode mode);
  ChartMode chartMode() const { return m_mode; }
  std::vector<ChartMode> chartModes() const { return m_modes; }
  // The snapshot (index into the family's snapshots) the bucket distribution shows.
  void setBucketSnapshot(int index);

  void showBrowser();
  void showRed();
  // Shows the Compare tab comparing snapshot indexes `baseline` and `current`.
  void compareSnapshots(std::size_t baseline, std::size_t current);
  bool isBusy() const;

  MetricFamilyTreeModel* familyModel() const { return m_familyModel; }
  QSortFilterProxyModel* familyProxy() const { return m_familyProxy; }
  QTreeView* familyTree() const { return m_familyTree; }
  QLineEdit* familySearch() const { return m_familySearch; }
  QLabel* familyHeader() const { return m_familyHeader; }
  MetricLabelChips* chips() const { return m_chips; }
  MetricSeriesTableModel* seriesModel() const { return m_seriesModel; }
  QTableView* seriesTable() const { return m_seriesTable; }
  MetricChartView* chart() const { return m_chart; }
  MetricBucketChart* bucketChart() const { return m_bucketChart; }
  QComboBox* bucketSnapshotBox() const { return m_bucketSnapshotBox; }
  QButtonGroup* modeButtons() const { return m_modeButtons; }
  MetricRedModel* redModel() const { return m_redModel; }
  MetricRedChart* redChart() const { return m_redChart; }
  QLabel* redMessage() const { return m_redMessage; }
  MetricCompareModel* compareModel() const { return m_compareModel; }
  QComboBox* baselineBox() const { return m_baselineBox; }
  QComboBox* currentBox() const { return m_currentBox; }
  QTabWidget* tabs() const { return m_tabs; }
  QWidget* browserTab() const { return m_browserTab; }
  QWidget* redTab() const { return m_redTab; }
  QWidget* compareTab() const { return m_compareTab; }

 signals:
  void familiesListed(int count);
  // The series table and chart of the current family are on screen.
  void familyShown();
  void redShown();
  void compareShown();
  void loadFailed(const QString& message);

 private:
  // metric_page_layout.cpp
  void buildLayout();
  QWidget* buildBrowser();
  QWidget* buildRed();
  QWidget* buildCompare();
  // metric_page.cpp
  void connectSignals();
  void onFamiliesListed(const MetricLoader::Catalog& catalog);
  void onFamilyLoaded(const std::shared_ptr<const MetricFamilyData>& data);
  void clearFamily();
  void updateFamilyHeader();
  void fillSnapshotBoxes();
  // metric_page_chart.cpp
  void rebuildModeButtons();
  void updateChart();
  void updateBucketChart();
  std::vector<MetricSeriesInfo> chosenSeries() const;
  void showSeriesContextMenu(const QPoint& pos);
  // metric_page_compare.cpp
  void onRedLoaded(const MetricLoader::Red& red);
  void requestComparison();
  void onCompared(const MetricLoader::Comparison& comparison);

  MetricLoader* m_loader = nullptr;
  QTabWidget* m_tabs = nullptr;
  QWidget* m_browserTab = nullptr;
  QWidget* m_redTab = nullptr;
  QWidget* m_compareTab = nullptr;

  MetricFamilyTreeModel* m_familyModel = nullptr;
  QSortFilterProxyModel* m_familyProxy = nullptr;
  QTreeView* m_familyTree = nullptr;
  QLineEdit* m_familySearch = nullptr;
  QLabel* m_familyHeader = nullptr;
  MetricLabelChips* m_chips = nullptr;
  MetricSeriesTableModel* m_seriesModel = nullptr;
  QSortFilterProxyModel* m_seriesProxy = nullptr;
  QTableView* m_seriesTable = nullptr;
  QHBoxLayout* m_modeLayout = nullptr;
  QButtonGroup* m_modeButtons = nullptr;
  MetricChartView* m_chart = nullptr;
  QWidget* m_bucketPane = nullptr;
  QComboBox* m_bucketSnapshotBox = nullptr;
  MetricBucketChart* m_bucketChart = nullptr;

  MetricRedModel* m_redModel = nullptr;
  QSortFilterProxyModel* m_redProxy = nullptr;
  MetricRedChart* m_redChart = nullptr;
  QLabel* m_redMessage = nullptr;

  MetricCompareModel* m_compareModel = nullptr;
  QSortFilterProxyModel* m_compareProxy = nullptr;
  QComboBox* m_baselineBox = nullptr;
  QComboBox* m_currentBox = nullptr;
  QLineEdit* m_compareSearch = nullptr;
  QLabel* m_compareMessage = nullptr;

  QString m_path;
  std::vector<MetricFamilySummary> m_families;
  std::vector<MetricSnapshotInfo> m_snapshots;
  std::int64_t m_currentId = 0;
  std::shared_ptr<const MetricFamilyData> m_data;
  std::vector<ChartMode> m_modes;
  ChartMode m_mode = ChartMode::Raw;
  // The whole workspace as a table, read once for the comparisons (reset by refresh()).
  std::shared_ptr<const MetricSeriesTable> m_compareTable;
  bool m_comparisonWanted = false;
  // showSeries' time range, applied once its family is shown.
  QMetaObject::Connection m_seriesRange;
};

}  // namespace sightline
