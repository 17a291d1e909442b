#include "ui/call_tree_worker.h"

namespace sightline {

CallTreeWorker::CallTreeWorker(QObject* parent) : QObject(parent) {}

CallTreeResult CallTreeWorker::computeTrees(const CallTreeRequest& request) {
  CallTreeResult result;
  if (!request.profile) {
    result.error = tr("No profile");
    return result;
  }
  if (const Status status = validateFilter(request.filter); !status) {
    result.error = QString::fromStdString(status.message());
    return result;
  }
  const ProfileData& profile = *request.profile;
  if (request.base) {
    result.tree = std::make_shared<const CallTree>(
        buildDiffCallTree(profile, *request.base, request.sampleType, request.filter));
    result.top = std::make_shared<const TopReport>(
        computeTop(profile, request.sampleType, request.filter, request.base.get()));
  } else {
    result.tree = std::make_shared<const CallTree>(
        buildCallTree(profile, request.sampleType, request.filter));
    result.top =
        std::make_shared<const TopReport>(computeTop(profile, request.sampleType, request.filter));
  }
  return result;
}

SandwichResult CallTreeWorker::computeSandwich(const CallTreeRequest& request,
                                               const QString& function) {
  SandwichResult result;
  result.function = function;
  if (!request.profile) {
    result.error = tr("No profile");
    return result;
  }
  if (const Status status = validateFilter(request.filter); !status) {
    result.error = QString::fromStdString(status.message());
    return result;
  }
  const std::string name = function.toStdString();
  result.callers = std::make_shared<const CallTree>(
      buildCallersTree(*request.profile, request.sampleType, name, request.filter));
  result.callees = std::make_shared<const CallTree>(
      buildCalleesTree(*request.profile, request.sampleType, name, request.filter));
  return result;
}

void CallTreeWorker::requestTrees(const CallTreeRequest& request) {
  m_trees.run(
      this, [request] { return computeTrees(request); },
      [this](CallTreeResult result) { emit treesReady(result); });
}

void CallTreeWorker::requestSandwich(const CallTreeRequest& request, const QString& function) {
  m_sandwich.run(
      this, [request, function] { return computeSandwich(request, function); },
      [this](SandwichResult result) { emit sandwichReady(result); });
}

void CallTreeWorker::cancel() {
  m_trees.invalidate();
  m_sandwich.invalidate();
}

}  // namespace sightline
