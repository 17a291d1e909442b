#include "ui/profiles/call_tree_worker.h"

namespace sightline {

CallTreeWorker::CallTreeWorker(QObject* parent) : QObject(parent) {}

namespace {

struct TreeJob {
  std::shared_ptr<const CallTree> tree;
  std::shared_ptr<const FlameGraphData> flame;
  std::shared_ptr<const RefocusableCallTree> keep;
  QString error;
};

struct TopJob {
  std::shared_ptr<const TopReport> top;
  // The kept tree with its parent index added (null when there was nothing to add to).
  std::shared_ptr<const RefocusableCallTree> kept;
};

}  // namespace

QString CallTreeWorker::requestError(const CallTreeRequest& request) {
  if (!request.profile)
    return tr("No profile");
  if (const Status status = validateFilter(request.filter); !status)
    return QString::fromStdString(status.message());
  return {};
}

std::shared_ptr<const CallTree> CallTreeWorker::computeTree(
    const CallTreeRequest& request, const std::shared_ptr<const RefocusableCallTree>& kept,
    std::shared_ptr<const RefocusableCallTree>* keep) {
  const ProfileData& profile = *request.profile;
  if (request.base) {
    return std::make_shared<const CallTree>(
        buildDiffCallTree(profile, *request.base, request.sampleType, request.filter));
  }
  if (kept) {
    if (std::optional<CallTree> tree =
            refocusCallTree(*kept, profile, request.sampleType, request.filter)) {
      return std::make_shared<const CallTree>(std::move(*tree));
    }
  }
  auto built = std::make_shared<const RefocusableCallTree>(
      buildRefocusableCallTree(profile, request.sampleType, request.filter));
  if (keep)
    *keep = built;
  if (request.filter.focus.empty() && request.filter.ignore.empty() &&
      request.filter.tagFocus.empty() && request.filter.tagIgnore.empty()) {
    return built->tree;
  }
  std::optional<CallTree> tree =
      refocusCallTree(*built, profile, request.sampleType, request.filter);
  return std::make_shared<const CallTree>(tree ? std::move(*tree) : CallTree{});
}

CallTreeResult CallTreeWorker::computeTrees(const CallTreeRequest& request) {
  CallTreeResult result;
  result.error = requestError(request);
  if (!result.error.isEmpty())
    return result;
  result.tree = computeTree(request, nullptr, nullptr);
  result.flame = prepareFlameGraph(result.tree);
  result.top = std::make_shared<const TopReport>(
      computeTop(*request.profile, request.sampleType, request.filter, request.base.get()));
  return result;
}

SandwichResult CallTreeWorker::computeSandwich(const CallTreeRequest& request,
                                               const QString& function) {
  SandwichResult result;
  result.function = function;
  result.error = requestError(request);
  if (!result.error.isEmpty())
    return result;
  const std::string name = function.toStdString();
  // Against a base, both halves are differential, like the flame graph above them.
  if (request.base) {
    result.callers = std::make_shared<const CallTree>(buildDiffCallersTree(
        *request.profile, *request.base, request.sampleType, name, request.filter));
    result.callees = std::make_shared<const CallTree>(buildDiffCalleesTree(
        *request.profile, *request.base, request.sampleType, name, request.filter));
    return result;
  }
  result.callers = std::make_shared<const CallTree>(
      buildCallersTree(*request.profile, request.sampleType, name, request.filter));
  result.callees = std::make_shared<const CallTree>(
      buildCalleesTree(*request.profile, request.sampleType, name, request.filter));
  return result;
}

void CallTreeWorker::requestTrees(const CallTreeRequest& request) {
  m_top.invalidate();
  std::shared_ptr<const RefocusableCallTree> kept;
  if (request.profile && request.profile == m_keptProfile)
    kept = m_kept;
  m_trees.run(
      this,
      [request, kept] {
        TreeJob job;
        job.error = requestError(request);
        if (job.error.isEmpty()) {
          job.tree = computeTree(request, kept, &job.keep);
          job.flame = prepareFlameGraph(job.tree);
        }
        return job;
      },
      [this, request](TreeJob job) {
        if (job.keep) {
          m_kept = job.keep;
          m_keptProfile = request.profile;
        }
        CallTreeResult result;
        result.tree = job.tree;
        result.flame = job.flame;
        result.error = job.error;
        if (!job.tree) {
          emit treesReady(result);
          return;
        }
        emit treeReady(result);
        // After the first frame: the top report, and the parent index that speeds up the
        // next refocus (a copy, so that a refocus running meanwhile reads a finished one).
        m_top.run(
            this,
            [request, keep = job.keep] {
              TopJob top;
              if (keep) {
                auto indexed = std::make_shared<RefocusableCallTree>(*keep);
                addParentIndex(*indexed);
                top.kept = std::move(indexed);
              }
              top.top = std::make_shared<const TopReport>(computeTop(
                  *request.profile, request.sampleType, request.filter, request.base.get()));
              return top;
            },
            [this, result, keep = job.keep](TopJob top) mutable {
              if (top.kept && m_kept == keep)
                m_kept = std::move(top.kept);
              result.top = std::move(top.top);
              emit treesReady(result);
            });
      });
}

void CallTreeWorker::forgetProfile() {
  m_kept.reset();
  m_keptProfile.reset();
}

void CallTreeWorker::requestSandwich(const CallTreeRequest& request, const QString& function) {
  m_sandwich.run(
      this, [request, function] { return computeSandwich(request, function); },
      [this](SandwichResult result) { emit sandwichReady(result); });
}

void CallTreeWorker::cancel() {
  m_trees.invalidate();
  m_top.invalidate();
  m_sandwich.invalidate();
}

}  // namespace sightline
