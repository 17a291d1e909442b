#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

namespace sightline {

// One stream of background jobs of which only the newest matters (hotspot's job tracker):
// run() starts `work` on the global thread pool and calls `apply` with its result on the
// thread of `context`, unless a newer run() or invalidate() came in between, in which case
// the result is dropped. Keep it as a member of `context`.
class LatestJob {
 public:
  template <typename Work, typename Apply>
  void run(QObject* context, Work work, Apply apply) {
    using Result = std::invoke_result_t<Work>;
    const std::uint64_t job = ++m_latest;
    ++m_pending;
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcher<Result>::finished, context,
                     [this, watcher, job, apply = std::move(apply)]() mutable {
                       --m_pending;
                       watcher->deleteLater();
                       if (job == m_latest)
                         apply(watcher->result());
                     });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
  }
  // Drops the results of every job started so far.
  void invalidate() { ++m_latest; }
  // Jobs started and not yet delivered (or dropped).
  bool isRunning() const { return m_pending > 0; }

 private:
  std::uint64_t m_latest = 0;
  int m_pending = 0;
};

}  // namespace sightline
