#pragma once

#include <cstdint>
#include <memory>

#include <QWidget>

#include "model/profiles/call_tree.h"

class QLabel;

namespace sightline {

class FlameGraphView;

// Caller/callee ("sandwich") view of one function, as speedscope shows it: its callers above,
// drawn as a flame graph so that the function sits on the bottom edge with its callers
// stacked upwards, and its callees below as an icicle hanging from the function.
class SandwichView : public QWidget {
  Q_OBJECT
 public:
  explicit SandwichView(QWidget* parent = nullptr);

  // Shows the trees of `function` (built by buildCallersTree / buildCalleesTree).
  void setTrees(const QString& function, std::shared_ptr<const CallTree> callers,
                std::shared_ptr<const CallTree> callees);
  // Shows a hint instead of trees (no function chosen, or loading).
  void setMessage(const QString& message);
  void clear();

  QString function() const { return m_function; }
  FlameGraphView* callersView() const { return m_callers; }
  FlameGraphView* calleesView() const { return m_callees; }

 signals:
  // A right click on a node of either tree, with its function name.
  void contextMenuRequested(const QString& function, const QPoint& globalPos);

 private:
  void connectView(FlameGraphView* view);

  QString m_function;
  QLabel* m_title = nullptr;
  QLabel* m_callersLabel = nullptr;
  QLabel* m_calleesLabel = nullptr;
  FlameGraphView* m_callers = nullptr;
  FlameGraphView* m_callees = nullptr;
};

// The function name of `node` in `tree`, or an empty string.
QString callTreeNodeName(const CallTree* tree, std::uint32_t node);

}  // namespace sightline
