#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sightline {

// The timetable of a puller's thread: attempts due at start, start + interval, start +
// 2 × interval, … (no drift; a slot missed because an attempt overran is skipped, not made
// up), and a stop that wakes the waiting thread at once.
class PullSchedule {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PullSchedule(std::chrono::milliseconds interval);

  // Waits until the next slot is due; false (at once) when stop() was called.
  bool waitForNextSlot();
  // Waits up to `duration`; false (at once) when stop() was called.
  bool sleepFor(std::chrono::milliseconds duration);
  void stop();
  bool stopped() const;

 private:
  std::chrono::milliseconds m_interval;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopped = false;
  bool m_started = false;
  Clock::time_point m_next;
};

}  // namespace sightline
