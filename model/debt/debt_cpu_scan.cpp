#include "model/debt/debt_cpu_scan.h"

#include <algorithm>

#include "model/debt/debt_span_scan.h"
#include "model/profiles/profile_queries.h"
#include "model/store/store_statement.h"

namespace sightline {

namespace {

bool isOneOf(const std::string& key, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&key](const char* name) { return key == name; });
}

double nanosecondsPer(const std::string& unit) {
  if (unit == "nanoseconds" || unit == "ns")
    return 1;
  if (unit == "microseconds" || unit == "us")
    return 1e3;
  if (unit == "milliseconds" || unit == "ms")
    return 1e6;
  if (unit == "seconds" || unit == "s")
    return 1e9;
  return 1;
}

// Which value is the CPU time and at what scale: the cpu type, else samples × period.
struct CpuValue {
  int type = -1;
  double scale = 1;
  int countType = -1;
};

CpuValue cpuValueOf(const ProfileData& data) {
  CpuValue value;
  value.countType = data.sampleTypeIndex("samples");
  if (const int cpu = data.sampleTypeIndex("cpu"); cpu >= 0) {
    value.type = cpu;
    value.scale = nanosecondsPer(data.sampleTypes[static_cast<std::size_t>(cpu)].unit);
  } else if (value.countType >= 0) {
    value.type = value.countType;
    value.scale = data.period > 0 && data.periodType.type == "cpu"
                      ? static_cast<double>(data.period) * nanosecondsPer(data.periodType.unit)
                      : 1;
  }
  return value;
}

DebtCpuProfile readProfile(std::int64_t id, const ProfileData& data,
                           const ServicePathMatcher& rules) {
  DebtCpuProfile profile;
  profile.id = id;
  const CpuValue cpu = cpuValueOf(data);
  const std::size_t n = data.functions.size();
  profile.functions.resize(n);
  profile.own.assign(n, 0);
  profile.flat.assign(n, 0);
  profile.cum.assign(n, 0);
  for (std::size_t f = 0; f < n; ++f) {
    DebtCpuFunction& function = profile.functions[f];
    function.name = data.functions[f].name;
    function.file = data.functions[f].fileName;
    if (function.file.empty())
      continue;
    if (const auto match = rules.match(function.file)) {
      function.service = match->service;
      function.relative = match->relative;
    }
  }
  if (cpu.type < 0)
    return profile;
  std::vector<std::size_t> seen(n, SIZE_MAX);  // cum counts a function once per sample
  for (std::size_t s = 0; s < data.samples.size(); ++s) {
    const ProfileSample& sample = data.samples[s];
    DebtCpuSample out;
    out.ns = static_cast<double>(data.value(s, static_cast<std::size_t>(cpu.type))) * cpu.scale;
    out.count = cpu.countType >= 0
                    ? static_cast<double>(data.value(s, static_cast<std::size_t>(cpu.countType)))
                    : 1;
    if (out.ns == 0)
      continue;
    profile.totalNs += out.ns;
    bool leaf = true;
    for (std::uint32_t node = sample.node; node != 0 && node < data.nodes.size();
         node = data.nodes[node].parent) {
      const std::uint32_t f = data.frames[data.nodes[node].frame].function;
      if (leaf)
        profile.flat[f] += out.ns;
      leaf = false;
      if (seen[f] != s) {
        seen[f] = s;
        profile.cum[f] += out.ns;
      }
      if (out.owner < 0 && !profile.functions[f].service.empty())
        out.owner = static_cast<std::int32_t>(f);
    }
    if (out.owner >= 0) {
      profile.own[static_cast<std::size_t>(out.owner)] += out.ns;
      profile.services.insert(profile.functions[static_cast<std::size_t>(out.owner)].service);
    }
    if (sample.labelSet != 0 && sample.labelSet < data.labelSets.size()) {
      for (const ProfileLabel& label : data.labelSets[sample.labelSet]) {
        if (isOneOf(label.key, {"trace_id", "traceID", "trace.id", "otel.trace_id"}))
          out.traceLabel = TraceId::fromHex(label.text);
        else if (isOneOf(label.key, {"span_id", "spanID", "span.id", "otel.span_id"}))
          out.spanLabel = SpanId::fromHex(label.text);
      }
    }
    profile.samples.push_back(out);
  }
  return profile;
}

}  // namespace

double DebtCpuScan::serviceTotalNs(const std::string& service) const {
  double total = 0;
  for (const DebtCpuProfile& profile : profiles) {
    if (profile.services.count(service))
      total += profile.totalNs;
  }
  return total;
}

void resolveDebtCpuTraces(const DebtSpanScan& spans, DebtCpuScan* scan) {
  for (DebtCpuProfile& profile : scan->profiles) {
    for (DebtCpuSample& sample : profile.samples) {
      if (sample.traceLabel || sample.spanLabel)
        sample.trace = spans.traceOfLabels(sample.traceLabel, sample.spanLabel);
    }
  }
}

Status scanDebtCpu(Workspace& workspace, const ServicePathMatcher& rules, DebtCpuScan* scan) {
  *scan = DebtCpuScan{};
  std::vector<std::int64_t> ids;
  {
    StoreStatement query(workspace.db(),
                         "SELECT id FROM profiles WHERE period_type = 'cpu' OR id IN (SELECT "
                         "profile_id FROM profile_sample_types WHERE type = 'cpu') ORDER BY id");
    while (query.step())
      ids.push_back(query.columnInt(0));
    if (!query.ok())
      return Status::error("workspace: cannot read the profiles: " +
                           lastSqliteError(workspace.db()));
  }
  for (std::int64_t id : ids) {
    Status status;
    const std::optional<ProfileData> data = loadProfile(workspace, id, &status);
    if (!status)
      return status;
    if (!data)
      continue;
    DebtCpuProfile profile = readProfile(id, *data, rules);
    if (profile.totalNs <= 0)
      continue;
    scan->totalNs += profile.totalNs;
    scan->profiles.push_back(std::move(profile));
  }
  return Status::ok();
}

}  // namespace sightline
