#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <QWidget>

#include "model/diagnosis/outlier_comparison.h"
#include "model/traces/trace_data.h"
#include "ui/traces/trace_list_model.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;

namespace sightline {

class LatencyOverview;
class LatencyScatter;

// The "Traces" page: a filter bar, the latency scatter or heatmap (with the heatmap's "What's
// different" panel) and the sortable trace table. Queries
// run on a worker with their own read-only connection; a job counter drops results that a
// newer query has overtaken.
class TraceListPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TraceListPanel(QWidget* parent = nullptr);
  ~TraceListPanel() override;

  // The workspace file to query; clears the list and runs the query.
  void setWorkspacePath(const QString& path);
  // Re-runs the query (and refreshes the service list), e.g. after an import.
  void refresh();
  // Live data is arriving: shows the "Follow newest" toggle (or hides it again).
  void setLiveMode(bool live);
  // A refresh for live data: skipped while a query is still running (the next one brings
  // everything anyway); keeps the user's selected trace and scroll position, or with "Follow
  // newest" scrolls to the newest trace.
  void refreshLive();
  QCheckBox* followNewestBox() const { return m_followNewest; }
  // The filter as the filter bar currently describes it; nullopt while a duration box holds
  // text that is not a duration.
  std::optional<TraceFilter> currentFilter() const;

  TraceListModel* model() const { return m_model; }
  QSortFilterProxyModel* proxy() const { return m_proxy; }
  QTableView* table() const { return m_table; }
  LatencyScatter* scatter() const;
  LatencyOverview* overview() const { return m_overview; }
  QComboBox* serviceBox() const { return m_service; }
  QLineEdit* operationEdit() const { return m_operation; }
  QLineEdit* minDurationEdit() const { return m_minDuration; }
  QLineEdit* maxDurationEdit() const { return m_maxDuration; }
  QCheckBox* errorsOnlyBox() const { return m_errorsOnly; }
  QLineEdit* textEdit() const { return m_text; }
  // Traces sorted as the table shows them.
  std::vector<TraceSummary> visibleTraces() const;
  bool queryRunning() const { return m_pendingJobs > 0; }

 signals:
  // The user asked to open a trace (double-click, Enter, or a click in the scatter).
  void traceActivated(const sightline::TraceId& traceId);
  // A query result was shown.
  void tracesLoaded(int count);

 private:
  struct QueryResult {
    std::vector<TraceSummary> traces;
    std::vector<std::string> services;
    QString error;
  };
  void scheduleQuery();
  void runQuery();
  void applyResult(std::uint64_t job, QueryResult result);
  void activateRow(const QModelIndex& proxyIndex);
  // A value picked in the "What's different" panel: the filter that shows its traces.
  void filterByValue(OutlierKeyScope scope, const QString& key, const QString& value);
  static QueryResult query(const QString& path, const TraceFilter& filter);

  QString m_path;
  TraceListModel* m_model = nullptr;
  QSortFilterProxyModel* m_proxy = nullptr;
  QTableView* m_table = nullptr;
  LatencyOverview* m_overview = nullptr;
  QSplitter* m_splitter = nullptr;
  QComboBox* m_service = nullptr;
  QLineEdit* m_operation = nullptr;
  QLineEdit* m_minDuration = nullptr;
  QLineEdit* m_maxDuration = nullptr;
  QCheckBox* m_errorsOnly = nullptr;
  QCheckBox* m_logScale = nullptr;
  QCheckBox* m_followNewest = nullptr;
  QLineEdit* m_text = nullptr;
  QLabel* m_countLabel = nullptr;
  QTimer* m_debounce = nullptr;
  std::uint64_t m_latestJob = 0;
  int m_pendingJobs = 0;
};

}  // namespace sightline
