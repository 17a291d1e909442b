#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace sightline {

// Whether a pulled target answered its last attempt: the GUI's red/green status.
enum class PullState { Never, Up, Down };

// "never", "up", "down".
const char* pullStateName(PullState state);

// A snapshot of one puller's health (a scrape target, a pprof source).
struct PullHealth {
  std::string target;  // the URL pulled from
  PullState state = PullState::Never;
  std::int64_t lastAttemptUnixMs = 0;  // start of the last attempt; 0 before the first
  double lastDurationSeconds = 0;      // of the last attempt
  std::string lastError;               // of the last attempt; "" when it succeeded
  std::uint64_t attempts = 0;
  std::uint64_t failures = 0;
  std::uint64_t consecutiveFailures = 0;
  // What reached the workspace: samples (scrapes) or profiles (pprof), counted once the
  // workspace committed them.
  std::uint64_t stored = 0;
  // Attempts whose data the workspace did not take (writer behind or closed, a failed
  // commit), and the last such error: the target was fine, the store was not.
  std::uint64_t storeFailures = 0;
  std::string lastStoreError;
};

// The thread-safe keeper of one PullHealth: the pulling thread records attempts, the
// writer's thread records what was stored, any thread reads a snapshot.
class PullHealthTracker {
 public:
  explicit PullHealthTracker(std::string target);

  // An attempt started at `startUnixMs` ended after `seconds`: an empty `error` is success.
  void recordAttempt(std::int64_t startUnixMs, double seconds, const std::string& error);
  void recordStored(std::uint64_t count);
  void recordStoreFailure(const std::string& error);
  PullHealth snapshot() const;

 private:
  mutable std::mutex m_mutex;
  PullHealth m_health;
};

// Milliseconds since the Unix epoch of a system_clock time.
std::int64_t unixMs(std::chrono::system_clock::time_point time);

}  // namespace sightline
