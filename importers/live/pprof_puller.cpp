#include "importers/live/pprof_puller.h"

#include <QDateTime>

#include <algorithm>
#include <mutex>
#include <thread>

#include "importers/live/pprof_pull_store.h"
#include "importers/live/pull_http_client.h"
#include "importers/live/pull_schedule.h"

namespace sightline {
namespace {

constexpr PprofProfile kAllProfiles[] = {PprofProfile::Cpu,    PprofProfile::Heap,
                                         PprofProfile::Allocs, PprofProfile::Mutex,
                                         PprofProfile::Block,  PprofProfile::Goroutine};
constexpr std::size_t kMaxErrorText = 500;

// Whether Go's handler for `profile` waits N seconds: the CPU profile, and the deltas.
bool waitsSeconds(PprofProfile profile, bool deltas) {
  return profile == PprofProfile::Cpu || (deltas && profile != PprofProfile::Goroutine);
}

// The error text of a Go pprof answer (serveError writes one line), cut to a sane length.
std::string goErrorText(std::string body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' '))
    body.pop_back();
  if (body.size() > kMaxErrorText)
    body = body.substr(0, kMaxErrorText) + "…";
  return body;
}

std::string httpStatusText(const PullAnswer& answer) {
  return "HTTP status " + std::to_string(answer.status) +
         (answer.reason.empty() ? "" : " " + answer.reason);
}

}  // namespace

const char* pprofProfileName(PprofProfile profile) {
  switch (profile) {
    case PprofProfile::Cpu:
      return "cpu";
    case PprofProfile::Heap:
      return "heap";
    case PprofProfile::Allocs:
      return "allocs";
    case PprofProfile::Mutex:
      return "mutex";
    case PprofProfile::Block:
      return "block";
    case PprofProfile::Goroutine:
      return "goroutine";
  }
  return "cpu";
}

std::optional<PprofProfile> parsePprofProfile(std::string_view name) {
  if (name == "profile")
    return PprofProfile::Cpu;
  for (const PprofProfile profile : kAllProfiles) {
    if (name == pprofProfileName(profile))
      return profile;
  }
  return std::nullopt;
}

std::string PprofPuller::profilePath(PprofProfile profile, int seconds, bool deltas) {
  const std::string query = "?seconds=" + std::to_string(seconds);
  if (profile == PprofProfile::Cpu)
    return "profile" + query;
  const std::string name = pprofProfileName(profile);
  return waitsSeconds(profile, deltas) ? name + query : name;
}

std::string PprofPuller::profileSourceName(PprofProfile profile, int seconds, bool deltas,
                                           std::int64_t pullStartUnixMs,
                                           const std::string& hostPort) {
  std::string name = pprofProfileName(profile);
  if (waitsSeconds(profile, deltas))
    name += " " + std::to_string(seconds) + " s";
  const QString time =
      QDateTime::fromMSecsSinceEpoch(pullStartUnixMs).toString(QStringLiteral("HH:mm:ss"));
  return name + " @ " + time.toStdString() + " from " + hostPort;
}

class PprofPuller::Impl {
 public:
  Impl(Workspace& workspace, PprofPullOptions options)
      : m_workspace(workspace), m_options(std::move(options)) {}

  ~Impl() { stop(); }

  Status start() {
    std::lock_guard lock(m_mutex);
    if (m_started)
      return Status::error("pprof pull from " + m_options.baseUrl + " already started");
    std::string error;
    auto base = parsePullUrl(m_options.baseUrl, &error);
    if (!base)
      return Status::error("pprof source: " + error);
    if (m_options.seconds < 1)
      return Status::error("pprof source: the profile length must be at least 1 s");
    if (m_options.every.count() < 1)
      return Status::error("pprof source: the pull interval must be positive");
    if (m_options.profiles.empty())
      return Status::error("pprof source: no profile selected");
    base->path = base->path.substr(0, base->path.find('?'));
    if (base->path == "/")
      base->path = "/debug/pprof/";
    if (base->path.back() != '/')
      base->path += '/';
    m_base = *base;

    std::vector<PprofProfile> profiles;
    for (const PprofProfile profile : m_options.profiles) {
      if (std::find(profiles.begin(), profiles.end(), profile) == profiles.end())
        profiles.push_back(profile);
    }
    for (const PprofProfile profile : profiles) {
      auto lane = std::make_unique<Lane>();
      lane->profile = profile;
      lane->url = m_base;
      lane->url.path += profilePath(profile, m_options.seconds, m_options.deltas);
      lane->health = std::make_unique<PullHealthTracker>(lane->url.text());
      lane->client = std::make_unique<PullHttpClient>(lane->url);
      lane->schedule = std::make_unique<PullSchedule>(m_options.every);
      m_lanes.push_back(std::move(lane));
    }
    m_started = true;
    for (auto& lane : m_lanes)
      lane->thread = std::thread([this, raw = lane.get()] { run(*raw); });
    return Status::ok();
  }

  void stop() {
    std::lock_guard lock(m_mutex);
    for (auto& lane : m_lanes) {
      lane->schedule->stop();
      lane->client->abort();
    }
    for (auto& lane : m_lanes) {
      if (lane->thread.joinable())
        lane->thread.join();
    }
  }

  PullHealth health() const {
    PullHealth total;
    {
      std::lock_guard lock(m_mutex);
      total.target = m_started ? m_base.text() : m_options.baseUrl;
    }
    bool anyDown = false;
    std::int64_t lastFailure = -1;
    std::int64_t lastStoreFailure = -1;
    for (const PprofProfileHealth& lane : profileHealth()) {
      const PullHealth& h = lane.health;
      if (h.state == PullState::Never)
        continue;
      anyDown = anyDown || h.state == PullState::Down;
      if (h.lastAttemptUnixMs >= total.lastAttemptUnixMs) {
        total.lastAttemptUnixMs = h.lastAttemptUnixMs;
        total.lastDurationSeconds = h.lastDurationSeconds;
      }
      if (h.state == PullState::Down && h.lastAttemptUnixMs > lastFailure) {
        lastFailure = h.lastAttemptUnixMs;
        total.lastError = std::string(pprofProfileName(lane.profile)) + ": " + h.lastError;
      }
      if (h.storeFailures > 0 && h.lastAttemptUnixMs > lastStoreFailure) {
        lastStoreFailure = h.lastAttemptUnixMs;
        total.lastStoreError =
            std::string(pprofProfileName(lane.profile)) + ": " + h.lastStoreError;
      }
      total.attempts += h.attempts;
      total.failures += h.failures;
      total.consecutiveFailures = std::max(total.consecutiveFailures, h.consecutiveFailures);
      total.stored += h.stored;
      total.storeFailures += h.storeFailures;
      total.state = PullState::Up;
    }
    if (anyDown)
      total.state = PullState::Down;
    return total;
  }

  std::vector<PprofProfileHealth> profileHealth() const {
    std::vector<PprofProfileHealth> result;
    for (const auto& lane : lanes())
      result.push_back(
          PprofProfileHealth{lane->profile, lane->url.text(), lane->health->snapshot()});
    return result;
  }

 private:
  struct Lane {
    PprofProfile profile = PprofProfile::Cpu;
    PullUrl url;
    std::unique_ptr<PullHealthTracker> health;
    std::unique_ptr<PullHttpClient> client;
    std::unique_ptr<PullSchedule> schedule;
    std::thread thread;
  };

  // The lanes are created once by start() and never change afterwards.
  const std::vector<std::unique_ptr<Lane>>& lanes() const {
    static const std::vector<std::unique_ptr<Lane>> none;
    std::lock_guard lock(m_mutex);
    return m_started ? m_lanes : none;
  }

  void run(Lane& lane) {
    while (lane.schedule->waitForNextSlot())
      pull(lane);
  }

  void pull(Lane& lane) {
    const auto startTime = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    PullRequest request;
    request.path = lane.url.path;
    request.timeout = std::chrono::milliseconds(m_options.seconds * 1500) + m_options.timeoutMargin;
    request.maxBodyBytes = m_options.maxBodyBytes;
    request.headers = {{"User-Agent", m_options.userAgent}, {"Accept-Encoding", "gzip"}};
    const PullAnswer answer = lane.client->get(request);
    if (lane.schedule->stopped())
      return;  // stop() ended it: not a verdict on the target

    std::string error = answer.error;
    if (answer.received && answer.status != 200) {
      error = answer.goPprof ? httpStatusText(answer) + ": " + goErrorText(answer.body)
                             : "server returned " + httpStatusText(answer);
    }
    PulledProfileResult stored;
    if (error.empty()) {
      const std::string name = profileSourceName(lane.profile, m_options.seconds, m_options.deltas,
                                                 unixMs(startTime), m_base.hostPort());
      // One writer at a time: a ":memory:" workspace has a single connection.
      std::lock_guard storeLock(m_storeMutex);
      stored = storePulledProfile(m_workspace, name, answer.body, m_options.maxBodyBytes * 4);
      if (!stored.decoded)
        error = "bad answer: " + stored.decoded.message();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    lane.health->recordAttempt(unixMs(startTime), seconds, error);
    if (!error.empty())
      return;
    if (stored.stored)
      lane.health->recordStored(stored.profiles);
    else
      lane.health->recordStoreFailure(stored.stored.message());
  }

  Workspace& m_workspace;
  PprofPullOptions m_options;
  PullUrl m_base;
  mutable std::mutex m_mutex;
  std::mutex m_storeMutex;
  bool m_started = false;
  std::vector<std::unique_ptr<Lane>> m_lanes;
};

PprofPuller::PprofPuller(Workspace& workspace, PprofPullOptions options)
    : m_impl(std::make_unique<Impl>(workspace, std::move(options))) {}

PprofPuller::~PprofPuller() = default;

Status PprofPuller::start() {
  return m_impl->start();
}

void PprofPuller::stop() {
  m_impl->stop();
}

PullHealth PprofPuller::health() const {
  return m_impl->health();
}

std::vector<PprofProfileHealth> PprofPuller::profileHealth() const {
  return m_impl->profileHealth();
}

}  // namespace sightline
