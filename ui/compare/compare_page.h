#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <QString>
#include <QWidget>

#include "model/diagnosis/compare_traces.h"
#include "ui/widgets/latest_job.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;

namespace sightline {

class CompareOperationsModel;
class ComparePathModel;
class CompareSidePicker;

// The "Compare" page: a baseline and a target (each a time range or a source), the operations
// with their latency and error changes (largest p95 regression first), the trace shapes as a
// tree of ancestral paths, and a button that opens the differential flame graph of the two
// sides' profiles. Comparisons run on the thread pool with their own read-only connection; a
// newer request drops the result of an older one.
class ComparePage : public QWidget {
  Q_OBJECT
 public:
  explicit ComparePage(QWidget* parent = nullptr);
  ~ComparePage() override;

  // The workspace to read; clears the page, lists its trace sources and, once shown, compares
  // the first half of the data with the second unless the sides were set.
  void setWorkspacePath(const QString& path);
  // Lists the sources again (after an import) and compares again if a comparison was shown.
  void refresh();
  // Sets both sides (as `sightline compare` takes them) and compares.
  void compare(const QString& baseline, const QString& target);
  // Compares what the side pickers say.
  void requestComparison();

  std::shared_ptr<const TraceComparison> comparison() const { return m_comparison; }
  bool isBusy() const { return m_listJob.isRunning() || m_compareJob.isRunning(); }

  CompareSidePicker* baselinePicker() const { return m_baseline; }
  CompareSidePicker* targetPicker() const { return m_target; }
  QPushButton* compareButton() const { return m_compareButton; }
  QPushButton* diffButton() const { return m_diffButton; }
  QLabel* summaryLabel() const { return m_summary; }
  CompareOperationsModel* operationsModel() const { return m_operations; }
  QTableView* operationsTable() const { return m_operationsTable; }
  ComparePathModel* pathModel() const { return m_paths; }
  QSortFilterProxyModel* pathProxy() const { return m_pathProxy; }
  QTreeView* pathTree() const { return m_pathTree; }
  QCheckBox* changedPathsOnly() const { return m_changedOnly; }

 signals:
  // The workspace's trace sources were listed (after setWorkspacePath or refresh).
  void sourcesListed(int count);
  // A comparison (or why there is none) is on screen.
  void comparisonShown();
  void loadFailed(const QString& message);
  // The user asked for the differential flame graph of the two sides' profiles.
  void differentialRequested(std::int64_t baselineProfileId, std::int64_t targetProfileId);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  struct Listed {
    std::vector<CompareSourceChoice> sources;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> window;  // first, last trace start
    QString error;
  };
  struct Compared {
    std::shared_ptr<const TraceComparison> comparison;
    QString error;
    qint64 elapsedMs = 0;
  };

  void buildLayout();
  void listSources();
  void onListed(const Listed& listed);
  void onCompared(const Compared& compared);
  void showComparison();
  void updateDiffButton();
  void requestDifferential();
  static Listed list(const QString& path);
  static Compared run(const QString& path, const QString& baseline, const QString& target);

  QString m_path;
  LatestJob m_listJob;
  LatestJob m_compareJob;
  std::shared_ptr<const TraceComparison> m_comparison;
  // A comparison is wanted as soon as the page is on screen (set with the default sides).
  bool m_comparePending = false;

  CompareSidePicker* m_baseline = nullptr;
  CompareSidePicker* m_target = nullptr;
  QPushButton* m_compareButton = nullptr;
  QPushButton* m_diffButton = nullptr;
  QLabel* m_summary = nullptr;
  CompareOperationsModel* m_operations = nullptr;
  QTableView* m_operationsTable = nullptr;
  ComparePathModel* m_paths = nullptr;
  QSortFilterProxyModel* m_pathProxy = nullptr;
  QTreeView* m_pathTree = nullptr;
  QCheckBox* m_changedOnly = nullptr;
};

}  // namespace sightline
