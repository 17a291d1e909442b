#include "model/diagnosis/metric_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "model/metrics/metric_math.h"
#include "model/metrics/metric_queries.h"
#include "model/text/duration_text.h"
#include "model/text/metric_value_text.h"
#include "model/text/timestamp_text.h"

namespace sightline {

namespace {

std::uint64_t msToNs(std::int64_t ms) {
  return static_cast<std::uint64_t>(ms) * 1000000ULL;
}

std::string label(const std::vector<MetricLabel>& labels, const char* name) {
  for (const MetricLabel& l : labels) {
    if (l.name == name)
      return l.value;
  }
  return {};
}

std::vector<MetricLabel> without(const std::vector<MetricLabel>& labels,
                                 std::initializer_list<const char*> names) {
  std::vector<MetricLabel> kept;
  for (const MetricLabel& l : labels) {
    if (std::find_if(names.begin(), names.end(), [&](const char* n) { return l.name == n; }) ==
        names.end())
      kept.push_back(l);
  }
  return kept;
}

std::string clock(std::int64_t ms) {
  return formatUtcTimestamp(msToNs(ms)).toStdString();
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

struct Series {
  MetricSeriesInfo info;
  std::vector<MetricPoint> points;
};

class MetricRules {
 public:
  MetricRules(Workspace& workspace, const DiagnosisRules& rules, const DiagnosisScope& scope)
      : m_workspace(workspace), m_rules(rules), m_scope(scope) {}

  Status load() {
    Status status;
    for (const MetricFamilySummary& family : listMetricFamilies(m_workspace, &status))
      m_families[family.name] = family;
    return status;
  }

  // Every series of a family with its points; empty when the family is absent.
  std::vector<Series> series(const std::string& family) {
    std::vector<Series> all;
    const auto it = m_families.find(family);
    if (it == m_families.end())
      return all;
    for (MetricSeriesInfo& info : listFamilySeries(m_workspace, it->second.id)) {
      Series& s = all.emplace_back();
      s.points = loadSeriesPoints(m_workspace, info.id);
      if (!m_scope.isWhole()) {
        std::erase_if(s.points, [this](const MetricPoint& point) {
          return point.timeMs < 0 ||
                 !m_scope.contains(static_cast<std::uint64_t>(point.timeMs) * 1'000'000ULL);
        });
      }
      s.info = std::move(info);
      std::sort(s.points.begin(), s.points.end(),
                [](const MetricPoint& a, const MetricPoint& b) { return a.timeMs < b.timeMs; });
    }
    return all;
  }

  FindingEvidence seriesEvidence(const Series& s, const char* role, std::int64_t fromMs,
                                 std::int64_t toMs, double value) const {
    FindingEvidence evidence;
    evidence.kind = FindingEvidence::Kind::MetricSeries;
    evidence.role = role;
    evidence.series = seriesText(s.info.name, s.info.labels).toStdString();
    evidence.startUnixNano = msToNs(fromMs);
    evidence.endUnixNano = msToNs(toMs);
    evidence.value = value;
    return evidence;
  }

  void restarts(std::vector<Finding>& out) {
    for (const Series& s : series("process_start_time_seconds")) {
      for (std::size_t i = 1; i < s.points.size(); ++i) {
        if (s.points[i].value == s.points[i - 1].value)
          continue;
        const std::string job = label(s.info.labels, "job");
        const std::string instance = label(s.info.labels, "instance");
        Finding finding;
        finding.rule = "process-restart";
        finding.service = job;
        finding.severity = Severity::High;
        finding.count = 1;
        finding.firstSeenUnixNano = msToNs(s.points[i - 1].timeMs);
        finding.lastSeenUnixNano = msToNs(s.points[i].timeMs);
        finding.series.push_back(seriesText(s.info.name, s.info.labels).toStdString());
        finding.title = (job.empty() ? std::string("a process") : job) +
                        (instance.empty() ? std::string() : " " + instance) +
                        " restarted between " + clock(s.points[i - 1].timeMs) + " and " +
                        clock(s.points[i].timeMs) + " (process start " +
                        clock(static_cast<std::int64_t>(s.points[i].value * 1000)) +
                        "): its counters started again from zero";
        finding.evidence.push_back(seriesEvidence(s, "process start time", s.points[i - 1].timeMs,
                                                  s.points[i].timeMs, s.points[i].value));
        finding.explanation =
            "process_start_time_seconds changed between two snapshots: the process restarted "
            "(a crash, an OOM kill, a failed liveness probe or a deploy). Rates over the "
            "restart count from zero; the traces of the same time show what failed before.";
        out.push_back(std::move(finding));
      }
    }
  }

  void pools(std::vector<Finding>& out) {
    const double maxUtilisation = m_rules.number("saturation", "max_utilisation");
    std::vector<Series> usage = series("db_client_connections_usage");
    std::vector<Series> limits = series("db_client_connections_max");
    std::vector<Series> pending = series("db_client_connections_pending_requests");
    for (const Series& used : usage) {
      if (label(used.info.labels, "state") != "used")
        continue;
      const auto key = without(used.info.labels, {"state"});
      const auto limit = std::find_if(limits.begin(), limits.end(), [&](const Series& s) {
        return without(s.info.labels, {"state"}) == key;
      });
      if (limit == limits.end())
        continue;
      const auto waiting = std::find_if(pending.begin(), pending.end(), [&](const Series& s) {
        return without(s.info.labels, {"state"}) == key;
      });
      std::int64_t from = 0;
      std::int64_t to = 0;
      double peak = 0;
      double peakPending = 0;
      for (const MetricPoint& point : used.points) {
        const auto max =
            std::find_if(limit->points.begin(), limit->points.end(),
                         [&](const MetricPoint& p) { return p.timeMs == point.timeMs; });
        if (max == limit->points.end() || max->value <= 0)
          continue;
        double queued = 0;
        if (waiting != pending.end()) {
          for (const MetricPoint& p : waiting->points) {
            if (p.timeMs == point.timeMs)
              queued = p.value;
          }
        }
        const double utilisation = point.value / max->value;
        if (utilisation < maxUtilisation && queued <= 0)
          continue;
        from = from ? from : point.timeMs;
        to = point.timeMs;
        peak = std::max(peak, utilisation);
        peakPending = std::max(peakPending, queued);
      }
      if (!from)
        continue;
      const std::string job = label(used.info.labels, "job");
      const std::string pool = label(used.info.labels, "pool_name");
      Finding finding;
      finding.rule = "saturation";
      finding.service = job;
      finding.severity = Severity::High;
      finding.count = 1;
      finding.firstSeenUnixNano = msToNs(from);
      finding.lastSeenUnixNano = msToNs(to);
      finding.title =
          (job.empty() ? std::string("a service") : job) + ": connection pool" +
          (pool.empty() ? std::string() : " " + pool) + " at " + fixed(peak * 100, 0) +
          " % of its maximum" +
          (peakPending > 0 ? ", " + fixed(peakPending, 0) + " requests waiting" : std::string()) +
          " (" + clock(from) + (from == to ? "" : " – " + clock(to)) + ")";
      finding.series.push_back(seriesText(used.info.name, used.info.labels).toStdString());
      finding.evidence.push_back(seriesEvidence(used, "connections used", from, to, peak));
      finding.evidence.push_back(seriesEvidence(*limit, "pool maximum", from, to, 0));
      if (waiting != pending.end())
        finding.evidence.push_back(
            seriesEvidence(*waiting, "requests waiting", from, to, peakPending));
      finding.explanation =
          "Every connection of the pool was in use and requests queued for one: the pool is "
          "the bottleneck (or connections leak). Acquire timeouts turn into errors upstream.";
      out.push_back(std::move(finding));
    }
  }

  void nodeCpu(std::vector<Finding>& out) {
    const double maxUtilisation = m_rules.number("saturation", "max_utilisation");
    // node_cpu_seconds_total{cpu, mode}: busy = 1 − idle rate per CPU.
    std::map<std::string, std::vector<const Series*>> idleByInstance;
    const std::vector<Series> cpu = series("node_cpu_seconds_total");
    for (const Series& s : cpu) {
      if (label(s.info.labels, "mode") == "idle")
        idleByInstance[label(s.info.labels, "instance")].push_back(&s);
    }
    for (const auto& [instance, idle] : idleByInstance) {
      std::map<std::int64_t, double> idleRate;
      for (const Series* s : idle) {
        for (const RatePoint& rate : counterRates(s->points))
          idleRate[rate.timeMs] += rate.perSecond;
      }
      double worst = 0;
      std::int64_t at = 0;
      for (const auto& [time, rate] : idleRate) {
        const double busy = 1 - rate / static_cast<double>(idle.size());
        if (busy > worst) {
          worst = busy;
          at = time;
        }
      }
      if (worst < maxUtilisation)
        continue;
      Finding finding;
      finding.rule = "saturation";
      finding.service = instance;
      finding.severity = Severity::High;
      finding.firstSeenUnixNano = msToNs(at);
      finding.lastSeenUnixNano = msToNs(at);
      finding.title = instance + ": CPU " + fixed(worst * 100, 0) + " % busy over " +
                      std::to_string(idle.size()) + " CPUs (at " + clock(at) + ")";
      finding.evidence.push_back(seriesEvidence(*idle.front(), "idle CPU time", at, at, worst));
      finding.explanation =
          "The machine's CPUs were busy most of the interval: requests queue for CPU and every "
          "latency rises with it.";
      out.push_back(std::move(finding));
    }
  }

  // Error ratio per job from http_requests_total (code ≥ 500) and grpc_server_handled_total
  // (grpc_code ≠ OK), as burn rates of the error budget over the whole range (long window)
  // and the worst interval between two snapshots (short window).
  void burnRates(std::vector<Finding>& out) {
    const double objective = m_rules.number("slo-burn", "objective");
    const double budget = std::max(1e-9, 1 - objective);
    struct Counts {
      double total = 0;
      double errors = 0;
      std::map<std::int64_t, std::pair<double, double>> byInterval;  // end → total, errors
      std::vector<const Series*> errorSeries;
      std::int64_t from = 0;
      std::int64_t to = 0;
    };
    std::map<std::string, Counts> jobs;
    std::vector<Series> http = series("http_requests_total");
    std::vector<Series> grpc = series("grpc_server_handled_total");
    auto add = [&](const Series& s, bool error) {
      Counts& counts = jobs[label(s.info.labels, "job")];
      const double increase = counterIncrease(s.points);
      counts.total += increase;
      if (error) {
        counts.errors += increase;
        if (increase > 0)
          counts.errorSeries.push_back(&s);
      }
      if (!s.points.empty()) {
        counts.from =
            counts.from ? std::min(counts.from, s.points.front().timeMs) : s.points.front().timeMs;
        counts.to = std::max(counts.to, s.points.back().timeMs);
      }
      for (std::size_t i = 1; i < s.points.size(); ++i) {
        const double delta = counterDelta(s.points[i - 1].value, s.points[i].value);
        auto& interval = counts.byInterval[s.points[i].timeMs];
        interval.first += delta;
        if (error)
          interval.second += delta;
      }
    };
    for (const Series& s : http) {
      std::string code = label(s.info.labels, "code");
      if (code.empty())
        code = label(s.info.labels, "status_code");
      add(s, std::atoi(code.c_str()) >= 500);
    }
    for (const Series& s : grpc) {
      const std::string code = label(s.info.labels, "grpc_code");
      add(s, !code.empty() && code != "OK");
    }
    const double page = m_rules.number("slo-burn", "page_burn_rate");
    const double ticket = m_rules.number("slo-burn", "ticket_burn_rate");
    const double slow = m_rules.number("slo-burn", "slow_burn_rate");
    for (const auto& [job, counts] : jobs) {
      if (counts.total <= 0 || counts.errors <= 0)
        continue;
      const double longBurn = counts.errors / counts.total / budget;
      double shortBurn = 0;
      std::int64_t worstAt = 0;
      for (const auto& [end, interval] : counts.byInterval) {
        if (interval.first <= 0)
          continue;
        const double burn = interval.second / interval.first / budget;
        if (burn > shortBurn) {
          shortBurn = burn;
          worstAt = end;
        }
      }
      // Multi-window: both windows must burn at the level (the short one shows it is still
      // happening, the long one that it matters).
      const double level = std::min(longBurn, shortBurn);
      if (level < slow)
        continue;
      Finding finding;
      finding.rule = "slo-burn";
      finding.service = job;
      finding.severity = level >= page     ? Severity::Critical
                         : level >= ticket ? Severity::High
                                           : Severity::Medium;
      finding.count = static_cast<std::uint64_t>(std::llround(counts.errors));
      finding.firstSeenUnixNano = msToNs(counts.from);
      finding.lastSeenUnixNano = msToNs(counts.to);
      finding.title = (job.empty() ? std::string("requests") : job) + ": error budget burning " +
                      fixed(longBurn, 1) + "× over the range and " + fixed(shortBurn, 1) +
                      "× at the worst minute (" + clock(worstAt) + "), " + fixed(counts.errors, 0) +
                      " errors of " + fixed(counts.total, 0) + " requests, objective " +
                      fixed(objective * 100, 2) + " %";
      for (const Series* s : counts.errorSeries) {
        finding.series.push_back(seriesText(s->info.name, s->info.labels).toStdString());
        finding.evidence.push_back(seriesEvidence(*s, "error requests", counts.from, counts.to,
                                                  counterIncrease(s->points)));
      }
      finding.explanation =
          "The burn rate is the error ratio divided by the error budget (1 − objective): at 14.4 "
          "a 30-day budget is gone in two days (page), at 6 in five days, at 1 exactly in the "
          "period (ticket). Both the whole range and the worst interval must burn at a level "
          "for it to count.";
      out.push_back(std::move(finding));
    }
  }

  // Histograms in seconds whose p99 over the range (bucket increases) is over the budget.
  void latencyHistograms(std::vector<Finding>& out) {
    const double budgetSeconds = m_rules.number("slo-burn", "latency_budget_ms") / 1000;
    for (const auto& [name, family] : m_families) {
      if (family.type != MetricType::Histogram || name.size() < 8 ||
          name.compare(name.size() - 8, 8, "_seconds") != 0)
        continue;
      struct Group {
        std::vector<MetricLabel> labels;
        std::vector<std::pair<HistogramBucket, const Series*>> buckets;
      };
      std::map<std::string, Group> groups;  // by the series text without le
      std::vector<Series> all = series(name);
      for (const Series& s : all) {
        if (s.info.name != name + "_bucket")
          continue;
        const std::string le = label(s.info.labels, "le");
        HistogramBucket bucket;
        bucket.upperBound = le == "+Inf" ? std::numeric_limits<double>::infinity()
                                         : std::strtod(le.c_str(), nullptr);
        bucket.count = counterIncrease(s.points);
        std::vector<MetricLabel> labels = without(s.info.labels, {"le"});
        Group& group = groups[seriesText(name, labels).toStdString()];
        group.labels = std::move(labels);
        group.buckets.emplace_back(bucket, &s);
      }
      for (auto& [text, group] : groups) {
        const std::vector<MetricLabel>& labels = group.labels;
        const auto& buckets = group.buckets;
        std::vector<HistogramBucket> plain;
        for (const auto& entry : buckets)
          plain.push_back(entry.first);
        const double p99 = histogramQuantile(0.99, plain);
        if (!(p99 > budgetSeconds))
          continue;
        const Series* any = buckets.front().second;
        Finding finding;
        finding.rule = "slo-burn";
        finding.service = label(labels, "job");
        finding.severity = Severity::Medium;
        finding.firstSeenUnixNano = msToNs(any->points.empty() ? 0 : any->points.front().timeMs);
        finding.lastSeenUnixNano = msToNs(any->points.empty() ? 0 : any->points.back().timeMs);
        const std::string series = seriesText(name, labels).toStdString();
        finding.series.push_back(series);
        finding.title = series + ": p99 " + formatSeconds(p99).toStdString() +
                        " over the range, budget " + formatSeconds(budgetSeconds).toStdString();
        FindingEvidence evidence = seriesEvidence(*any, "latency histogram", 0, 0, p99);
        evidence.series = series;
        evidence.startUnixNano = finding.firstSeenUnixNano;
        evidence.endUnixNano = finding.lastSeenUnixNano;
        finding.evidence.push_back(evidence);
        finding.explanation =
            "histogram_quantile(0.99) over the increase of the buckets across all snapshots is "
            "over the latency budget. The traces of the same operation name the spans behind "
            "it.";
        out.push_back(std::move(finding));
      }
    }
  }

 private:
  Workspace& m_workspace;
  const DiagnosisRules& m_rules;
  DiagnosisScope m_scope;
  std::map<std::string, MetricFamilySummary> m_families;
};

// "fraud check" → "fraud_check": how metric names spell an operation.
std::string metricWord(const std::string& operation) {
  std::string word;
  for (char c : operation) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    else if (!word.empty() && word.back() != '_')
      word.push_back('_');
  }
  while (!word.empty() && word.back() == '_')
    word.pop_back();
  return word;
}

}  // namespace

std::vector<Finding> runMetricRules(Workspace& workspace, const DiagnosisRules& rules,
                                    Status* status, const DiagnosisScope& scope) {
  std::vector<Finding> findings;
  MetricRules metricRules(workspace, rules, scope);
  if (Status loaded = metricRules.load(); !loaded) {
    if (status)
      *status = loaded;
    return {};
  }
  if (rules.enabled("slo-burn")) {
    metricRules.burnRates(findings);
    metricRules.latencyHistograms(findings);
  }
  if (rules.enabled("saturation")) {
    metricRules.pools(findings);
    metricRules.nodeCpu(findings);
  }
  if (rules.enabled("process-restart"))
    metricRules.restarts(findings);
  if (status)
    *status = Status::ok();
  return findings;
}

void linkMetricEvidence(std::vector<Finding>& findings,
                        const std::vector<Finding>& metricFindings) {
  (void)metricFindings;
  std::vector<std::string> errorOrigins;
  for (const Finding& f : findings) {
    if (f.rule == "error-spans" && f.severity >= Severity::High)
      errorOrigins.push_back(f.service);
  }
  std::vector<const Finding*> histograms;
  for (const Finding& f : findings) {
    if (f.rule == "slo-burn" && !f.evidence.empty() &&
        f.evidence.front().role == "latency histogram")
      histograms.push_back(&f);
  }
  std::vector<FindingEvidence> pending;
  for (Finding& f : findings) {
    if (f.rule == "slow-operation" && f.severity >= Severity::Medium) {
      const std::string word = metricWord(f.operation);
      for (const Finding* h : histograms) {
        if (!word.empty() && h->series.front().rfind(word, 0) == 0 &&
            (h->service.empty() || h->service == f.service)) {
          f.evidence.push_back(h->evidence.front());
          f.series.push_back(h->series.front());
        }
      }
    }
    if (f.rule == "slo-burn" && f.evidence.size() && f.evidence.front().role == "error requests" &&
        f.severity >= Severity::High && !errorOrigins.empty() &&
        std::find(errorOrigins.begin(), errorOrigins.end(), f.service) == errorOrigins.end()) {
      // Its traces show these errors start in another service: a symptom, not a cause.
      f.severity = Severity::Medium;
      std::string origins;
      for (const std::string& o : errorOrigins) {
        if (origins.find(o) == std::string::npos)
          origins += (origins.empty() ? "" : ", ") + o;
      }
      f.title += "; the traces show the errors start in " + origins;
    }
  }
}

}  // namespace sightline
