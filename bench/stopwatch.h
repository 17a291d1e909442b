#pragma once

// Wall and process-CPU time of a benchmark step. On a shared machine the CPU time is the
// steadier figure, so every benchmark prints both.
#include <time.h>

#include <chrono>

namespace sightline::bench {

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
  Stopwatch() : m_wall(std::chrono::steady_clock::now()), m_cpu(cpuNow()) {}
  Elapsed elapsed() const {
    return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_wall)
                .count(),
            cpuNow() - m_cpu};
  }

 private:
  static double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  }
  std::chrono::steady_clock::time_point m_wall;
  double m_cpu;
};

}  // namespace sightline::bench
