#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/live/pull_health.h"
#include "model/common/status.h"
#include "model/store/workspace.h"

namespace sightline {

// The profiles of Go's net/http/pprof that a PprofPuller can pull.
enum class PprofProfile { Cpu, Heap, Allocs, Mutex, Block, Goroutine };

// "cpu", "heap", "allocs", "mutex", "block", "goroutine".
const char* pprofProfileName(PprofProfile profile);
std::optional<PprofProfile> parsePprofProfile(std::string_view name);

struct PprofPullOptions {
  // "http://127.0.0.1:9090/debug/pprof/"; a URL with no path gets /debug/pprof/.
  std::string baseUrl;
  // Mutex and block profiles stay empty unless the program sets their rates
  // (runtime.SetMutexProfileFraction, runtime.SetBlockProfileRate): ask for them explicitly.
  std::vector<PprofProfile> profiles = {PprofProfile::Cpu, PprofProfile::Heap, PprofProfile::Allocs,
                                        PprofProfile::Goroutine};
  int seconds = 10;  // the CPU profile's length, and the window of delta profiles
  std::chrono::milliseconds every{60000};
  // Heap, allocs, mutex and block as `?seconds=N` deltas (what happened during the N
  // seconds) rather than totals since the program started. Go's net/http/pprof computes them
  // (1.19 accepts `seconds` for allocs, block, goroutine, heap, mutex and threadcreate).
  bool deltas = true;
  // Each request's timeout is 1.5 × seconds plus this.
  std::chrono::milliseconds timeoutMargin{2000};
  std::string userAgent = "Sightline";
  std::uint64_t maxBodyBytes = 256u << 20;
};

// The health of one profile's pulls.
struct PprofProfileHealth {
  PprofProfile profile = PprofProfile::Cpu;
  std::string url;
  PullHealth health;
};

// Pulls profiles from a Go program's /debug/pprof/ every `every`, each selected profile on
// a thread of its own (so a round takes about N seconds, not N per profile), and stores
// each profile as a profile source of its own, named after the profile, the pull time and
// the target ("cpu 10 s @ 14:05:00 from 127.0.0.1:9090"), through the same decoding and
// writer as a file import. A failed pull (no connection, timeout, HTTP error — with Go's
// error text when the answer carries X-Go-Pprof — or a body that is no profile) shows in
// health(); nothing throws.
class PprofPuller {
 public:
  // `workspace` must outlive the puller; it is written through its writer connection.
  PprofPuller(Workspace& workspace, PprofPullOptions options);
  // stop()s.
  ~PprofPuller();
  PprofPuller(const PprofPuller&) = delete;
  PprofPuller& operator=(const PprofPuller&) = delete;

  // Checks the options and starts pulling (the first round at once).
  Status start();
  // Returns promptly: wakes the waiting threads and ends the pulls in progress (nothing of
  // them is stored). Idempotent.
  void stop();
  // All profiles together: down when any profile's last pull failed (its error, prefixed by
  // the profile's name), the latest attempt, the sums of attempts, failures and profiles
  // stored, the longest run of consecutive failures.
  PullHealth health() const;
  std::vector<PprofProfileHealth> profileHealth() const;

  // The path below the base URL for `profile`: "profile?seconds=10", "allocs?seconds=10",
  // "goroutine", "heap" (without deltas).
  static std::string profilePath(PprofProfile profile, int seconds, bool deltas);
  // "cpu 10 s @ 14:05:00 from 127.0.0.1:9090" / "goroutine @ 14:05:00 from …" (local time).
  static std::string profileSourceName(PprofProfile profile, int seconds, bool deltas,
                                       std::int64_t pullStartUnixMs, const std::string& hostPort);

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
