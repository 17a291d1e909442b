#pragma once

#include <memory>
#include <vector>

#include <QWidget>

#include "model/diagnosis/outlier_comparison.h"
#include "model/traces/trace_data.h"
#include "ui/widgets/latest_job.h"

class QSplitter;
class QStackedWidget;
class QToolButton;

namespace sightline {

class LatencyHeatmap;
class LatencyScatter;
class OutlierPanel;

// Latency over time above the trace list: the scatter or the heatmap (switched by
// modeSwitch()), and beside the heatmap the "What's different" panel of its selection. A
// selection compares the root spans of the selected traces with those of the other listed
// traces on a worker; a newer selection drops an older comparison.
class LatencyOverview : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { Scatter, Heatmap };

  explicit LatencyOverview(QWidget* parent = nullptr);
  ~LatencyOverview() override;

  void setWorkspacePath(const QString& path);
  // The listed traces; the comparison on screen (if any) stays until the next selection.
  void setTraces(const std::vector<TraceSummary>& traces);

  void setMode(Mode mode);
  Mode mode() const { return m_mode; }
  // Two small toggle buttons, for the page's filter bar.
  QWidget* modeSwitch() const { return m_switch; }
  QToolButton* scatterButton() const { return m_scatterButton; }
  QToolButton* heatmapButton() const { return m_heatmapButton; }

  LatencyScatter* scatter() const { return m_scatter; }
  LatencyHeatmap* heatmap() const { return m_heatmap; }
  OutlierPanel* outlierPanel() const { return m_panel; }
  bool comparisonRunning() const { return m_job.isRunning(); }
  // How long the last comparison took on its worker, in milliseconds.
  double lastComparisonMs() const { return m_lastComparisonMs; }

 signals:
  void modeChanged(sightline::LatencyOverview::Mode mode);
  // A comparison's result (or its error) is on screen.
  void comparisonShown();
  // The user picked a value in the comparison: filter the trace list by it.
  void valueActivated(sightline::OutlierKeyScope scope, const QString& key, const QString& value);

 private:
  struct ComparisonResult {
    std::shared_ptr<const OutlierComparison> comparison;
    QString error;
    double elapsedMs = 0;
  };
  void compareSelection();
  static ComparisonResult compare(const QString& path, const std::vector<TraceId>& listed,
                                  const std::vector<TraceId>& selected);

  QString m_path;
  Mode m_mode = Mode::Scatter;
  QWidget* m_switch = nullptr;
  QToolButton* m_scatterButton = nullptr;
  QToolButton* m_heatmapButton = nullptr;
  QStackedWidget* m_stack = nullptr;
  QSplitter* m_splitter = nullptr;
  LatencyScatter* m_scatter = nullptr;
  LatencyHeatmap* m_heatmap = nullptr;
  OutlierPanel* m_panel = nullptr;
  LatestJob m_job;
  double m_lastComparisonMs = 0;
};

}  // namespace sightline
