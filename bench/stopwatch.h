#pragma once

// Wall and process-CPU time of a benchmark step. On a shared machine the CPU time is the
// steadier figure, so every benchmark prints both.
#include <time.h>

#include <chrono>

namespace sightline::bench {

// Milliseconds of CPU time of `clock`: CLOCK_PROCESS_CPUTIME_ID (all threads) or
// CLOCK_THREAD_CPUTIME_ID (the calling thread).
inline double cpuMs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Elapsed {
  double wallMs = 0;
  double cpuMs = 0;
  Elapsed& operator+=(const Elapsed& o) {
    wallMs += o.wallMs;
    cpuMs += o.cpuMs;
    return *this;
  }
};

class Stopwatch {
 public:
  Stopwatch() : m_wall(std::chrono::steady_clock::now()), m_cpu(cpuMs(CLOCK_PROCESS_CPUTIME_ID)) {}
  Elapsed elapsed() const {
    return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_wall)
                .count(),
            cpuMs(CLOCK_PROCESS_CPUTIME_ID) - m_cpu};
  }

 private:
  std::chrono::steady_clock::time_point m_wall;
  double m_cpu;
};

}  // namespace sightline::bench
