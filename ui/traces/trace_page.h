#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <QWidget>

#include "model/common/ids.h"
#include "model/profiles/profile_span_link.h"
#include "model/store/workspace.h"
#include "model/traces/trace_data.h"
#include "model/traces/trace_statistics.h"
#include "model/traces/trace_tree.h"
#include "ui/widgets/latest_job.h"

class QLabel;
class QTableView;
class QTabWidget;

namespace sightline {

class SpanDetailsPanel;
class TraceStatisticsModel;
class WaterfallPanel;

// The "Trace" page: a header line, the waterfall, and span details / statistics tabs below
// it. Loading (spans, tree, statistics) runs on a worker; a newer request drops older ones.
class TracePage : public QWidget {
  Q_OBJECT
 public:
  explicit TracePage(QWidget* parent = nullptr);
  ~TracePage() override;

  // The workspace to read; clears the page.
  void setWorkspacePath(const QString& path);
  // Loads and shows a trace; traceShown or loadFailed follows.
  void openTrace(const TraceId& traceId);
  // Loads and shows a trace like openTrace, with `spans` highlighted (and the first of them
  // selected) and the critical path on: a finding's evidence.
  void openTraceHighlighting(const TraceId& traceId, std::vector<SpanId> spans);
  void clear();

  // The trace on screen (null when none) and its tree.
  std::shared_ptr<const LoadedTrace> trace() const { return m_trace; }
  std::shared_ptr<const TraceTree> tree() const { return m_tree; }
  WaterfallPanel* waterfall() const { return m_waterfall; }
  SpanDetailsPanel* details() const { return m_details; }
  TraceStatisticsModel* statisticsModel() const { return m_statisticsModel; }
  QString headerText() const;
  // Shows the details of a span (index into LoadedTrace::spans); also what spanSelected does.
  void showSpanDetails(int spanIndex);
  // Where the selected span's CPU time is (nullopt: no profile has samples labelled with the
  // span's or its trace's id), and whether that is still being looked up.
  const std::optional<SpanProfileLink>& cpuTimeLink() const { return m_cpuLink; }
  bool cpuTimeLookupRunning() const { return m_spanLinkJob.isRunning(); }
  // Asks for the selected span's CPU time (the details button and the waterfall menu do).
  void requestCpuTime();

 signals:
  void traceShown(const sightline::TraceId& traceId);
  void loadFailed(const QString& message);
  // Open `link`'s profile with its label filter.
  void cpuTimeRequested(const sightline::SpanProfileLink& link);
  // The selected span's cpuTimeLink() is known.
  void cpuTimeLinkChanged();

 private:
  struct Snapshot {
    std::shared_ptr<const LoadedTrace> trace;
    std::shared_ptr<const TraceTree> tree;
    std::vector<OperationStatistics> statistics;
    TraceProfileLinks profileLinks;
    QString error;
  };
  static Snapshot load(const QString& path, const TraceId& traceId);
  void apply(std::uint64_t job, Snapshot snapshot);
  void updateHeader();
  void updateCpuTimeLink(int spanIndex);
  void applyCpuTimeLink();
  void applyHighlight();
  Workspace* detailsWorkspace();

  QString m_path;
  std::unique_ptr<Workspace> m_detailsWorkspace;
  std::shared_ptr<const LoadedTrace> m_trace;
  std::shared_ptr<const TraceTree> m_tree;
  QLabel* m_header = nullptr;
  WaterfallPanel* m_waterfall = nullptr;
  QTabWidget* m_tabs = nullptr;
  SpanDetailsPanel* m_details = nullptr;
  TraceStatisticsModel* m_statisticsModel = nullptr;
  QTableView* m_statisticsTable = nullptr;
  std::uint64_t m_latestJob = 0;
  TraceProfileLinks m_profileLinks;
  std::optional<SpanProfileLink> m_cpuLink;
  LatestJob m_spanLinkJob;
  std::vector<SpanId> m_highlight;  // to highlight once the trace asked for is shown
};

}  // namespace sightline
