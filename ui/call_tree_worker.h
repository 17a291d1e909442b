#pragma once

#include <memory>

#include <QObject>
#include <QString>

#include "model/call_tree.h"
#include "model/profile_data.h"
#include "ui/profile_latest_job.h"

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
// of an older one that has not been delivered yet.
class CallTreeWorker : public QObject {
  Q_OBJECT
 public:
  explicit CallTreeWorker(QObject* parent = nullptr);

  void requestTrees(const CallTreeRequest& request);
  void requestSandwich(const CallTreeRequest& request, const QString& function);
  // Drops every pending result (e.g. the profile was closed).
  void cancel();
  bool isBusy() const { return m_trees.isRunning() || m_sandwich.isRunning(); }

  // The computations themselves, synchronous, for tests and for the CLI-like callers.
  static CallTreeResult computeTrees(const CallTreeRequest& request);
  static SandwichResult computeSandwich(const CallTreeRequest& request, const QString& function);

 signals:
  void treesReady(const sightline::CallTreeResult& result);
  void sandwichReady(const sightline::SandwichResult& result);

 private:
  LatestJob m_trees;
  LatestJob m_sandwich;
};

}  // namespace sightline
