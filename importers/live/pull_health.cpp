#include "importers/live/pull_health.h"

namespace sightline {

const char* pullStateName(PullState state) {
  switch (state) {
    case PullState::Up:
      return "up";
    case PullState::Down:
      return "down";
    case PullState::Never:
      break;
  }
  return "never";
}

PullHealthTracker::PullHealthTracker(std::string target) {
  m_health.target = std::move(target);
}

void PullHealthTracker::recordAttempt(std::int64_t startUnixMs, double seconds,
                                      const std::string& error) {
  std::lock_guard lock(m_mutex);
  m_health.lastAttemptUnixMs = startUnixMs;
  m_health.lastDurationSeconds = seconds;
  m_health.lastError = error;
  ++m_health.attempts;
  if (error.empty()) {
    m_health.state = PullState::Up;
    m_health.consecutiveFailures = 0;
  } else {
    m_health.state = PullState::Down;
    ++m_health.failures;
    ++m_health.consecutiveFailures;
  }
}

void PullHealthTracker::recordStored(std::uint64_t count) {
  std::lock_guard lock(m_mutex);
  m_health.stored += count;
}

void PullHealthTracker::recordStoreFailure(const std::string& error) {
  std::lock_guard lock(m_mutex);
  ++m_health.storeFailures;
  m_health.lastStoreError = error;
}

PullHealth PullHealthTracker::snapshot() const {
  std::lock_guard lock(m_mutex);
  return m_health;
}

std::int64_t unixMs(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace sightline
