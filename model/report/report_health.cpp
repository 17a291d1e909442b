#include "model/report/report_health.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "model/diagnosis/compare_side_scan.h"
#include "model/diagnosis/diagnosis_rules.h"
#include "model/metrics/metric_math.h"
#include "model/metrics/metric_queries.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/trace_statistics.h"

namespace sightline {

namespace {

constexpr std::uint64_t kNsPerMs = 1000000ULL;

const char* const kCpu = "process_cpu_seconds_total";
const char* const kStart = "process_start_time_seconds";
const char* const kGoroutines = "go_goroutines";
// A job's memory: the first of these it has.
const char* const kMemory[] = {"go_memstats_heap_inuse_bytes", "go_memstats_heap_alloc_bytes",
                               "process_resident_memory_bytes"};

std::int64_t clampToSql(std::uint64_t ns) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(ns, INT64_MAX));
}

// The strings table's id of `text`, or -1.
std::int64_t stringId(sqlite3* db, const std::string& text) {
  StoreStatement query(db, "SELECT id FROM strings WHERE text = ?1");
  query.bindText(1, text);
  return query.step() ? query.columnInt(0) : -1;
}

// The root spans of one side into its buckets: one statement over the traces, each joined to
// its root span (a primary-key lookup), the error test on the root only.
Status readRed(Workspace& workspace, const CompareSideSummary& summary, const ReportHealth& health,
               const std::vector<std::pair<std::int64_t, std::int64_t>>& endpointIds,
               HealthSide* side) {
  const std::vector<HealthBucket> empty = healthBuckets(side->windowNs, health.bucketNs);
  side->red.assign(health.endpoints.size(), empty);
  if (summary.traces == 0)
    return Status::ok();
  const std::string columns = "SELECT t.start_ns, s.end_ns - s.start_ns, " +
                              compareSpanErrorSql(workspace) +
                              ", t.root_service_id, t.root_name_id FROM traces t JOIN spans s ON "
                              "s.id = t.root_span ";
  const std::string sql =
      columns + (summary.side.isSource ? "WHERE s.source_id = ?1"
                                       : "WHERE t.start_ns >= ?1 AND t.start_ns < ?2");
  StoreStatement query(workspace.db(), sql);
  if (!query.valid())
    return Status::error("cannot read the traces: " + lastSqliteError(workspace.db()));
  if (summary.side.isSource) {
    query.bindInt(1, summary.side.sourceId);
  } else {
    query.bindInt(1, clampToSql(summary.side.fromNs));
    query.bindInt(2, clampToSql(summary.side.toNs));
  }
  // Durations per series and bucket, for the percentiles.
  std::vector<std::vector<std::vector<std::uint64_t>>> durations(
      health.endpoints.size(), std::vector<std::vector<std::uint64_t>>(empty.size()));
  while (query.step()) {
    const auto start = static_cast<std::uint64_t>(std::max<std::int64_t>(0, query.columnInt(0)));
    const auto duration = static_cast<std::uint64_t>(std::max<std::int64_t>(0, query.columnInt(1)));
    const bool error = query.columnInt(2) != 0;
    const std::pair<std::int64_t, std::int64_t> endpoint{query.columnInt(3), query.columnInt(4)};
    const std::size_t bucket =
        healthBucketOf(empty, start > side->startNs ? start - side->startNs : 0);
    ++side->requests;
    for (std::size_t e = 0; e < health.endpoints.size(); ++e) {
      if (e > 0 && endpointIds[e] != endpoint)
        continue;
      HealthBucket& b = side->red[e][bucket];
      ++b.requests;
      b.errors += error ? 1 : 0;
      durations[e][bucket].push_back(duration);
    }
  }
  if (!query.ok())
    return Status::error("cannot read the traces: " + lastSqliteError(workspace.db()));
  for (std::size_t e = 0; e < durations.size(); ++e) {
    for (std::size_t b = 0; b < durations[e].size(); ++b)
      side->red[e][b].p95Ns = nearestRankPercentile(durations[e][b], 95);
  }
  return Status::ok();
}

// The labels as one string, to find an instance's series in another family.
std::string labelKey(const std::vector<MetricLabel>& labels) {
  std::string key;
  for (const MetricLabel& label : labels)
    key += label.name + '\x1e' + label.value + '\x1f';
  return key;
}

std::string jobOf(const std::vector<MetricLabel>& labels) {
  const std::string* job = findMetricLabel(labels, "job");
  return job ? *job : std::string();
}

// The columns of the series table taken in a side's window.
std::vector<std::size_t> columnsIn(const MetricSeriesTable& table, const HealthSide& side) {
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < table.snapshotTimesMs.size(); ++c) {
    const std::int64_t ms = table.snapshotTimesMs[c];
    if (ms < 0)
      continue;
    const std::uint64_t ns = static_cast<std::uint64_t>(ms) * kNsPerMs;
    if (ns >= side.startNs && ns <= side.startNs + side.windowNs)
      columns.push_back(c);
  }
  return columns;
}

std::uint64_t offsetOf(const MetricSeriesTable& table, std::size_t column, const HealthSide& side) {
  const std::uint64_t ns = static_cast<std::uint64_t>(table.snapshotTimesMs[column]) * kNsPerMs;
  return ns - side.startNs;
}

using JobSums = std::map<std::string, std::map<std::size_t, double>>;  // job → column → sum

// A gauge summed over each job's instances, per snapshot of the window.
JobSums gaugeSums(const MetricSeriesTable& table, const std::string& family,
                  const std::vector<std::size_t>& columns) {
  JobSums sums;
  for (const MetricSeriesValues& series : table.series) {
    if (series.family != family)
      continue;
    for (std::size_t column : columns) {
      if (const auto& value = series.values[column]; value && std::isfinite(*value))
        sums[jobOf(series.labels)][column] += *value;
    }
  }
  return sums;
}

// process_cpu_seconds_total's rate per job (cores), at the second snapshot of each interval;
// a changed process_start_time_seconds of the same instance counts from zero, as does a drop.
JobSums cpuRates(const MetricSeriesTable& table, const std::vector<std::size_t>& columns,
                 std::map<std::string, double>* cpuSeconds) {
  std::map<std::string, const MetricSeriesValues*> starts;
  for (const MetricSeriesValues& series : table.series) {
    if (series.family == kStart)
      starts[labelKey(series.labels)] = &series;
  }
  JobSums rates;
  for (const MetricSeriesValues& series : table.series) {
    if (series.family != kCpu)
      continue;
    const auto start = starts.find(labelKey(series.labels));
    const std::string job = jobOf(series.labels);
    std::optional<std::size_t> previous;
    for (std::size_t column : columns) {
      const auto& value = series.values[column];
      if (!value || !std::isfinite(*value))
        continue;
      if (previous) {
        const double seconds =
            static_cast<double>(table.snapshotTimesMs[column] - table.snapshotTimesMs[*previous]) /
            1000.0;
        bool restarted = false;
        if (start != starts.end()) {
          const auto& before = start->second->values[*previous];
          const auto& now = start->second->values[column];
          restarted = before && now && *before != *now;
        }
        const double delta = restarted ? *value : counterDelta(*series.values[*previous], *value);
        if (seconds > 0) {
          rates[job][column] += delta / seconds;
          (*cpuSeconds)[job] += delta;
        }
      }
      previous = column;
    }
  }
  return rates;
}

std::vector<HealthPoint> pointsOf(const JobSums& sums, const std::string& job,
                                  const MetricSeriesTable& table, const HealthSide& side) {
  std::vector<HealthPoint> points;
  const auto it = sums.find(job);
  if (it == sums.end())
    return points;
  for (const auto& [column, value] : it->second)
    points.push_back({offsetOf(table, column, side), value});
  return points;
}

// The metric families of the section, every job ranked by the CPU time it used in the windows.
Status readJobs(Workspace& workspace, ReportHealth* health) {
  std::vector<std::int64_t> familyIds;
  {
    StoreStatement query(workspace.db(),
                         "SELECT id FROM metric_families WHERE name IN (?1, ?2, ?3, ?4, ?5, ?6)");
    int index = 1;
    for (const char* name : {kCpu, kStart, kGoroutines, kMemory[0], kMemory[1], kMemory[2]})
      query.bindText(index++, name);
    while (query.step())
      familyIds.push_back(query.columnInt(0));
    if (!query.ok())
      return Status::error("cannot read the metric families: " + lastSqliteError(workspace.db()));
  }
  if (familyIds.empty())
    return Status::ok();
  Status status;
  const MetricSeriesTable table = loadMetricSeriesTable(workspace, familyIds, &status);
  if (!status)
    return status;

  std::vector<HealthSide*> sides{&health->target};
  if (health->hasBaseline)
    sides.insert(sides.begin(), &health->baseline);
  struct SideSums {
    JobSums cpu, goroutines;
    std::map<std::string, JobSums> memory;  // by family
  };
  std::vector<SideSums> sums(sides.size());
  std::map<std::string, double> cpuSeconds;
  std::set<std::string> jobs;
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (sides[i]->windowNs == 0 && sides[i]->startNs == 0)
      continue;
    const std::vector<std::size_t> columns = columnsIn(table, *sides[i]);
    sums[i].cpu = cpuRates(table, columns, &cpuSeconds);
    sums[i].goroutines = gaugeSums(table, kGoroutines, columns);
    for (const char* family : kMemory)
      sums[i].memory[family] = gaugeSums(table, family, columns);
    for (const JobSums* s : {&sums[i].cpu, &sums[i].goroutines})
      for (const auto& entry : *s)
        jobs.insert(entry.first);
    for (const auto& [family, bySeries] : sums[i].memory)
      for (const auto& entry : bySeries)
        jobs.insert(entry.first);
  }
  std::vector<ReportHealth::Job> ranked;
  for (const std::string& job : jobs) {
    ReportHealth::Job entry;
    entry.job = job;
    entry.cpuSeconds = cpuSeconds.count(job) ? cpuSeconds[job] : 0.0;
    // One memory family per job on both sides, so that the two lines measure the same.
    for (const char* family : kMemory) {
      const bool has = std::any_of(sums.begin(), sums.end(), [&](const SideSums& s) {
        const auto it = s.memory.find(family);
        return it != s.memory.end() && it->second.count(job);
      });
      if (has) {
        entry.memoryMetric = family;
        break;
      }
    }
    ranked.push_back(std::move(entry));
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.cpuSeconds != b.cpuSeconds ? a.cpuSeconds > b.cpuSeconds : a.job < b.job;
  });
  for (std::size_t i = kHealthJobs; i < ranked.size(); ++i)
    health->omittedJobs.push_back(ranked[i].job);
  if (ranked.size() > kHealthJobs)
    ranked.resize(kHealthJobs);
  health->jobs = std::move(ranked);
  for (std::size_t i = 0; i < sides.size(); ++i) {
    HealthSide& side = *sides[i];
    for (const ReportHealth::Job& job : health->jobs) {
      HealthJobSeries& series = side.jobs.emplace_back();
      series.cpuCores = pointsOf(sums[i].cpu, job.job, table, side);
      series.goroutines = pointsOf(sums[i].goroutines, job.job, table, side);
      if (!job.memoryMetric.empty())
        series.memoryBytes = pointsOf(sums[i].memory[job.memoryMetric], job.job, table, side);
    }
  }
  return Status::ok();
}

// A workspace of metrics only: the whole time of its snapshots.
void snapshotWindow(Workspace& workspace, HealthSide* side) {
  StoreStatement query(workspace.db(), "SELECT min(time_ms), max(time_ms) FROM metric_snapshots");
  if (query.step() && !query.columnIsNull(0) && query.columnInt(0) >= 0) {
    side->startNs = static_cast<std::uint64_t>(query.columnInt(0)) * kNsPerMs;
    side->windowNs = static_cast<std::uint64_t>(query.columnInt(1) - query.columnInt(0)) * kNsPerMs;
  }
}

}  // namespace

std::vector<HealthBucket> healthBuckets(std::uint64_t windowNs, std::uint64_t bucketNs) {
  std::vector<HealthBucket> buckets;
  if (bucketNs == 0 || windowNs <= bucketNs) {
    buckets.push_back({0, windowNs});
    return buckets;
  }
  std::uint64_t count = windowNs / bucketNs;
  const std::uint64_t rest = windowNs % bucketNs;
  if (rest * 2 >= bucketNs)
    ++count;
  for (std::uint64_t i = 0; i < count; ++i)
    buckets.push_back({i * bucketNs, bucketNs});
  buckets.back().lengthNs = windowNs - buckets.back().offsetNs;
  return buckets;
}

std::size_t healthBucketOf(const std::vector<HealthBucket>& buckets, std::uint64_t offsetNs) {
  if (buckets.size() <= 1 || buckets.front().lengthNs == 0)
    return 0;
  return std::min<std::size_t>(offsetNs / buckets.front().lengthNs, buckets.size() - 1);
}

Status readReportHealth(Workspace& workspace, const CompareSideSummary& baseline,
                        const CompareSideSummary& target, bool hasBaseline,
                        const std::vector<ReportHealth::Endpoint>& endpointOrder,
                        const std::string& rulesJson, ReportHealth* health) {
  *health = ReportHealth{};
  health->hasBaseline = hasBaseline;
  auto window = [](const CompareSideSummary& side, HealthSide* out) {
    if (side.traces == 0 || side.lastEndNs < side.firstStartNs)
      return;
    out->startNs = side.firstStartNs;
    out->windowNs = side.lastEndNs - side.firstStartNs;
  };
  if (hasBaseline)
    window(baseline, &health->baseline);
  window(target, &health->target);
  if (!hasBaseline && target.traces == 0)
    snapshotWindow(workspace, &health->target);
  health->axisNs = std::max(health->baseline.windowNs, health->target.windowNs);
  health->bucketNs =
      std::max<std::uint64_t>(1, (health->axisNs + kHealthBuckets - 1) / kHealthBuckets);

  Status status;
  const DiagnosisRules rules =
      rulesJson.empty() ? DiagnosisRules::defaults() : DiagnosisRules::fromJson(rulesJson, &status);
  if (status && rules.enabled("slo-burn")) {
    HealthSlo slo;
    slo.objective = rules.number("slo-burn", "objective");
    slo.pageBurnRate = rules.number("slo-burn", "page_burn_rate");
    slo.latencyBudgetNs = rules.nanoseconds("slo-burn", "latency_budget_ms");
    health->slo = slo;
  }

  health->endpoints.push_back({});
  std::vector<std::pair<std::int64_t, std::int64_t>> endpointIds{{-1, -1}};
  for (const ReportHealth::Endpoint& endpoint : endpointOrder) {
    if (health->endpoints.size() > kHealthEndpoints) {
      ++health->omittedEndpoints;
      continue;
    }
    health->endpoints.push_back(endpoint);
    endpointIds.emplace_back(stringId(workspace.db(), endpoint.service),
                             stringId(workspace.db(), endpoint.operation));
  }
  if (hasBaseline) {
    if (Status s = readRed(workspace, baseline, *health, endpointIds, &health->baseline); !s)
      return s;
  }
  if (Status s = readRed(workspace, target, *health, endpointIds, &health->target); !s)
    return s;
  return readJobs(workspace, health);
}

}  // namespace sightline
