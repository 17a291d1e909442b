#include "importers/live/pull_schedule.h"

#include <algorithm>

namespace sightline {

PullSchedule::PullSchedule(std::chrono::milliseconds interval)
    : m_interval(std::max(interval, std::chrono::milliseconds(1))) {}

bool PullSchedule::waitForNextSlot() {
  std::unique_lock lock(m_mutex);
  const Clock::time_point now = Clock::now();
  if (!m_started) {
    m_started = true;
    m_next = now;
  } else {
    m_next += m_interval;
    if (m_next < now) {
      // Overran: the next slot of the original timetable that is still ahead.
      const auto behind = now - m_next;
      m_next += m_interval * (behind / m_interval + 1);
    }
  }
  m_wake.wait_until(lock, m_next, [this] { return m_stopped; });
  return !m_stopped;
}

bool PullSchedule::sleepFor(std::chrono::milliseconds duration) {
  std::unique_lock lock(m_mutex);
  m_wake.wait_for(lock, duration, [this] { return m_stopped; });
  return !m_stopped;
}

void PullSchedule::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopped = true;
  }
  m_wake.notify_all();
}

bool PullSchedule::stopped() const {
  std::lock_guard lock(m_mutex);
  return m_stopped;
}

}  // namespace sightline
