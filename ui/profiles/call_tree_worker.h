#pragma once

#include <memory>

#include <QObject>
#include <QString>

#include "model/profiles/call_tree.h"
#include "model/profiles/call_tree_refocus.h"
#include "model/profiles/profile_data.h"
#include "ui/profiles/flame_graph_data.h"
#include "ui/widgets/latest_job.h"

namespace sightline {

// What the page wants computed: the profile (and a base for a differential view) with the
// sample type and filter.
struct CallTreeRequest {
  std::shared_ptr<const ProfileData> profile;
  std::shared_ptr<const ProfileData> base;  // non-null: diff tree and -diff_base top
  int sampleType = 0;
  ProfileFilter filter;
};

// The flame graph tree and the top table of one request, immutable and shared with views.
struct CallTreeResult {
  std::shared_ptr<const CallTree> tree;
  // The flame graph view's data for `tree`, prepared on the worker (may be null).
  std::shared_ptr<const FlameGraphData> flame;
  std::shared_ptr<const TopReport> top;
  QString error;
};

// The callers and callees trees of one function.
struct SandwichResult {
  QString function;
  std::shared_ptr<const CallTree> callers;
  std::shared_ptr<const CallTree> callees;
  QString error;
};

// Builds call trees, top reports and sandwich trees on the thread pool, never on the GUI
// thread. Each kind has its own stream: a newer request of the same kind drops the result
// of an older one that has not been delivered yet. The flame graph's tree is delivered
// first (treeReady), then the top report with it (treesReady): the tree is what the user
// waits for. The last unfocused tree of a profile is kept, so that a new focus or ignore
// is answered from it (refocusCallTree) instead of a new build.
class CallTreeWorker : public QObject {
  Q_OBJECT
 public:
  explicit CallTreeWorker(QObject* parent = nullptr);

  void requestTrees(const CallTreeRequest& request);
  // Forgets the kept tree (the profile it belongs to may be freed).
  void forgetProfile();
  // The kept unfocused tree a focus or ignore is answered from (null when none).
  const RefocusableCallTree* keptTree() const { return m_kept.get(); }
  void requestSandwich(const CallTreeRequest& request, const QString& function);
  // Drops every pending result (e.g. the profile was closed).
  void cancel();
  bool isBusy() const { return m_trees.isRunning() || m_top.isRunning() || m_sandwich.isRunning(); }

  // The computations themselves, synchronous, for tests and for the CLI-like callers.
  static CallTreeResult computeTrees(const CallTreeRequest& request);
  // The flame graph tree alone; `kept` (may be null) is a tree of the same profile to
  // refocus; `keep` receives the tree to keep for the next request, if a new one was built.
  static std::shared_ptr<const CallTree> computeTree(
      const CallTreeRequest& request, const std::shared_ptr<const RefocusableCallTree>& kept,
      std::shared_ptr<const RefocusableCallTree>* keep);
  static SandwichResult computeSandwich(const CallTreeRequest& request, const QString& function);

 signals:
  // The flame graph tree of the latest request (result.top is null).
  void treeReady(const sightline::CallTreeResult& result);
  // The tree and the top report of the latest request.
  void treesReady(const sightline::CallTreeResult& result);
  void sandwichReady(const sightline::SandwichResult& result);

 private:
  // Why `request` cannot be computed (no profile, a filter that does not compile), or empty.
  static QString requestError(const CallTreeRequest& request);

  LatestJob m_trees;
  LatestJob m_top;
  LatestJob m_sandwich;
  // The kept unfocused tree and the profile it was built from (held, so that its address
  // cannot be reused by another profile while the tree is kept).
  std::shared_ptr<const RefocusableCallTree> m_kept;
  std::shared_ptr<const ProfileData> m_keptProfile;
};

}  // namespace sightline
