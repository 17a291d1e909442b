#include "model/diagnosis/profile_rules.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>

#include "model/diagnosis/trace_rule_scan.h"
#include "model/profiles/profile_queries.h"
#include "model/text/duration_text.h"
#include "model/traces/trace_tree.h"

namespace sightline {

namespace {

constexpr const char* kSpanLabelKeys[] = {"span_id", "spanID", "span.id", "otel.span_id"};

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, share < 0.1 ? "%.1f %%" : "%.0f %%", share * 100);
  return text;
}

std::string duration(std::uint64_t ns) {
  return formatDuration(ns).toStdString();
}

// Runtime and standard-library frames that say how a goroutine waits, not who made it wait.
bool isPlumbing(const std::string& function) {
  return function.rfind("runtime.", 0) == 0 || function.rfind("runtime/", 0) == 0 ||
         function.rfind("sync.", 0) == 0 || function.rfind("internal/", 0) == 0 ||
         function.rfind("syscall.", 0) == 0;
}

struct LoadedProfile {
  ProfileSummary summary;
  ProfileData data;
  std::string label;  // the source's file name
};

enum class ProfileKind { Cpu, Goroutine, Contention, Other };

ProfileKind kindOf(const ProfileData& data) {
  if (data.sampleTypeIndex("cpu") >= 0 || data.periodType.type == "cpu")
    return ProfileKind::Cpu;
  if (data.sampleTypeIndex("goroutine") >= 0)
    return ProfileKind::Goroutine;
  if (data.sampleTypeIndex("delay") >= 0 || data.sampleTypeIndex("contentions") >= 0)
    return ProfileKind::Contention;
  return ProfileKind::Other;
}

int valueIndex(const ProfileData& data) {
  for (const char* type : {"cpu", "delay", "goroutine"}) {
    if (const int i = data.sampleTypeIndex(type); i >= 0)
      return i;
  }
  return data.effectiveDefaultSampleType();
}

const std::string& functionOf(const ProfileData& data, std::uint32_t node) {
  static const std::string kNone;
  if (node == 0 || node >= data.nodes.size())
    return kNone;
  const ProfileFrame& frame = data.frames[data.nodes[node].frame];
  return data.functions[frame.function].name;
}

// The stack of a leaf node, leaf first.
std::vector<std::string> stackOf(const ProfileData& data, std::uint32_t node) {
  std::vector<std::string> stack;
  for (; node != 0; node = data.nodes[node].parent)
    stack.push_back(functionOf(data, node));
  return stack;
}

// "main.(*Ledger).Append → sync.(*Mutex).Lock": the first application frame from the leaf
// and the frame it waits in.
std::string waitSite(const std::vector<std::string>& stack, std::string* application) {
  std::string primitive;
  for (const std::string& function : stack) {
    if (!isPlumbing(function)) {
      if (application)
        *application = function;
      return primitive.empty() ? function : function + " → " + primitive;
    }
    if (function.rfind("sync.", 0) == 0 || primitive.empty())
      primitive = function;
  }
  return primitive;
}

std::string spanLabel(const ProfileData& data, std::uint32_t labelSet) {
  if (labelSet == 0 || labelSet >= data.labelSets.size())
    return {};
  for (const ProfileLabel& label : data.labelSets[labelSet]) {
    for (const char* key : kSpanLabelKeys) {
      if (!label.numeric && label.key == key)
        return label.text;
    }
  }
  return {};
}

class ProfileRules {
 public:
  ProfileRules(Workspace& workspace, const DiagnosisSpanTable& spans, const DiagnosisRules& rules,
               const DiagnosisScope& scope)
      : m_workspace(workspace), m_spans(spans), m_rules(rules), m_scope(scope) {}

  Status load() {
    Status status;
    const std::vector<ProfileSummary> summaries = listProfiles(m_workspace, &status);
    if (!status)
      return status;
    for (const ProfileSummary& summary : summaries) {
      const auto start = static_cast<std::uint64_t>(std::max<std::int64_t>(0, summary.timeNanos));
      const auto length =
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, summary.durationNanos));
      if (!m_scope.overlaps(start, start + length))
        continue;
      std::optional<ProfileData> data = loadProfile(m_workspace, summary.id, &status);
      if (!status)
        return status;
      if (!data)
        continue;
      m_profiles.push_back(
          {summary, std::move(*data),
           QFileInfo(QString::fromStdString(summary.sourcePath)).fileName().toStdString()});
    }
    // The span index costs a second per million spans: only profiles with span labels
    // need it.
    const bool labelled = std::any_of(m_profiles.begin(), m_profiles.end(), [](const auto& p) {
      for (std::size_t set = 1; set < p.data.labelSets.size(); ++set) {
        if (!spanLabel(p.data, static_cast<std::uint32_t>(set)).empty())
          return true;
      }
      return false;
    });
    if (labelled) {
      m_spanIndex.reserve(m_spans.spans.size());
      for (std::uint32_t i = 0; i < m_spans.spans.size(); ++i)
        m_spanIndex.emplace(m_spans.spans[i].spanId, i);
    }
    return Status::ok();
  }

  void cpuHotspots(std::vector<Finding>& out) const {
    const double minShare = m_rules.number("cpu-hotspot", "min_flat_share");
    for (const LoadedProfile& profile : m_profiles) {
      const ProfileData& data = profile.data;
      if (kindOf(data) != ProfileKind::Cpu)
        continue;
      const int type = valueIndex(data);
      std::int64_t total = 0;
      std::map<std::string, std::int64_t> flat;
      // function → span row → value: where the function ran, through the span_id labels.
      std::map<std::string, std::unordered_map<std::uint32_t, std::int64_t>> underSpans;
      for (std::size_t s = 0; s < data.samples.size(); ++s) {
        const std::int64_t value = data.value(s, static_cast<std::size_t>(type));
        total += value;
        const std::string& function = functionOf(data, data.samples[s].node);
        flat[function] += value;
        if (const auto span = spanRow(spanLabel(data, data.samples[s].labelSet)))
          underSpans[function][*span] += value;
      }
      if (total <= 0)
        continue;
      for (const auto& [function, value] : flat) {
        const double share = static_cast<double>(value) / static_cast<double>(total);
        if (share < minShare)
          continue;
        out.push_back(hotspot(profile, type, function, value, total,
                              underSpans.count(function)
                                  ? underSpans.at(function)
                                  : std::unordered_map<std::uint32_t, std::int64_t>{}));
      }
    }
  }

  void waitingNotComputing(std::vector<Finding>& out) const {
    const std::uint64_t minNs = m_rules.nanoseconds("waiting-not-computing", "min_duration_ms");
    const double maxShare = m_rules.number("waiting-not-computing", "max_cpu_share");
    // (service, name) → waiting spans (row, CPU ns)
    std::map<std::pair<std::uint32_t, std::uint32_t>,
             std::vector<std::pair<std::uint32_t, std::int64_t>>>
        waiting;
    const LoadedProfile* cpuProfile = nullptr;
    for (const LoadedProfile& profile : m_profiles) {
      const ProfileData& data = profile.data;
      if (kindOf(data) != ProfileKind::Cpu)
        continue;
      const int type = valueIndex(data);
      if (data.sampleTypes[static_cast<std::size_t>(type)].unit != "nanoseconds")
        continue;
      std::unordered_map<std::uint32_t, std::int64_t> cpuBySpan;
      for (std::size_t s = 0; s < data.samples.size(); ++s) {
        if (const auto row = spanRow(spanLabel(data, data.samples[s].labelSet)))
          cpuBySpan[*row] += data.value(s, static_cast<std::size_t>(type));
      }
      if (cpuBySpan.empty())
        continue;
      cpuProfile = &profile;
      // Only the services whose spans label this profile's samples are covered by it: for
      // any other span, no samples proves nothing.
      std::vector<std::uint32_t> services;
      for (const auto& [row, cpu] : cpuBySpan) {
        if (std::find(services.begin(), services.end(), m_spans.spans[row].service) ==
            services.end())
          services.push_back(m_spans.spans[row].service);
      }
      // Go's pprof labels are per goroutine: a child span that does not set its own labels
      // has its CPU charged to an ancestor's span id. Such a span is judged only when its
      // operation is labelled elsewhere (so its own samples would carry its id).
      std::vector<std::pair<std::uint32_t, std::uint32_t>> labelledOperations;
      for (const auto& [row, cpu] : cpuBySpan)
        labelledOperations.emplace_back(m_spans.spans[row].service, m_spans.spans[row].name);
      std::sort(labelledOperations.begin(), labelledOperations.end());
      const auto t0 = static_cast<std::uint64_t>(data.timeNanos);
      const auto t1 = static_cast<std::uint64_t>(data.timeNanos + data.durationNanos);
      std::map<std::uint32_t, std::vector<std::uint32_t>> candidatesByTrace;
      for (std::uint32_t row = 0; row < m_spans.spans.size(); ++row) {
        const DiagnosisSpan& span = m_spans.spans[row];
        if (span.durationNs() < minNs || span.startUnixNano < t0 || span.endUnixNano > t1 ||
            std::find(services.begin(), services.end(), span.service) == services.end())
          continue;
        candidatesByTrace[traceOfRow(row)].push_back(row);
      }
      for (const auto& [trace, rows] : candidatesByTrace) {
        const TraceTree tree = buildTableTraceTree(m_spans, trace);
        const std::uint32_t first = m_spans.traceBegin[trace];
        for (std::uint32_t row : rows) {
          const auto local = static_cast<std::int32_t>(row - first);
          const DiagnosisSpan& span = m_spans.spans[row];
          if (!tree.onCriticalPath[static_cast<std::size_t>(local)])
            continue;
          // A span whose time is its children's waits on them, visibly: not this rule's case.
          if (2 * tree.selfTimeNs[static_cast<std::size_t>(local)] < span.durationNs())
            continue;
          if (!cpuBySpan.count(row) &&
              !std::binary_search(labelledOperations.begin(), labelledOperations.end(),
                                  std::make_pair(span.service, span.name)) &&
              ancestorLabelled(tree, first, local, span.service, cpuBySpan))
            continue;
          const std::int64_t cpu = subtreeCpu(tree, first, local, span.service, cpuBySpan);
          if (static_cast<double>(cpu) < maxShare * static_cast<double>(span.durationNs()))
            waiting[{span.service, span.name}].emplace_back(row, cpu);
        }
      }
    }
    for (auto& [operation, spans] : waiting)
      out.push_back(waitingFinding(*cpuProfile, operation.first, operation.second, spans));
  }

  void goroutinePileups(std::vector<Finding>& out) const {
    const double minGoroutines = m_rules.number("goroutine-pileup", "min_goroutines");
    const double minGrowth = m_rules.number("goroutine-pileup", "min_growth");
    const LoadedProfile* previous = nullptr;
    std::map<std::vector<std::string>, std::int64_t> previousCounts;
    for (const LoadedProfile& profile : m_profiles) {
      if (kindOf(profile.data) != ProfileKind::Goroutine)
        continue;
      const ProfileData& data = profile.data;
      const int type = valueIndex(data);
      std::map<std::vector<std::string>, std::int64_t> counts;
      for (std::size_t s = 0; s < data.samples.size(); ++s)
        counts[stackOf(data, data.samples[s].node)] +=
            data.value(s, static_cast<std::size_t>(type));
      for (const auto& [stack, count] : counts) {
        const std::int64_t before =
            previous && previousCounts.count(stack) ? previousCounts.at(stack) : 0;
        const bool many = static_cast<double>(count) >= minGoroutines;
        const bool growing = previous && static_cast<double>(count - before) >= minGrowth;
        if (!many && !growing)
          continue;
        std::string application;
        const std::string site = waitSite(stack, &application);
        Finding finding;
        finding.rule = "goroutine-pileup";
        finding.function = application.empty() ? site : application;
        finding.profileId = profile.summary.id;
        finding.count = static_cast<std::uint64_t>(count);
        finding.severity = Severity::High;
        finding.firstSeenUnixNano = static_cast<std::uint64_t>(data.timeNanos);
        finding.lastSeenUnixNano = static_cast<std::uint64_t>(data.timeNanos);
        finding.title =
            std::to_string(count) + " goroutines parked in " + site + " (" + profile.label + ")" +
            (growing ? ", " + std::to_string(before) + " in " + previous->label : std::string());
        finding.evidence.push_back(
            functionEvidence(profile, finding.function, "parked here", static_cast<double>(count)));
        finding.explanation =
            "Goroutines that pile up on one stack wait for the same thing (a lock, a channel, a "
            "slow downstream): each holds memory and a request. Growth between two goroutine "
            "profiles is a leak or a backlog.";
        out.push_back(std::move(finding));
      }
      previous = &profile;
      previousCounts = std::move(counts);
    }
  }

  void profileRegressions(std::vector<Finding>& out) const {
    const double minRelative = m_rules.number("profile-regression", "min_relative_growth");
    const double minAbsolute = m_rules.number("profile-regression", "min_absolute_growth");
    // Consecutive profiles of one kind and sample type, oldest first.
    std::map<std::string, const LoadedProfile*> last;
    for (const LoadedProfile& profile : m_profiles) {
      const ProfileData& data = profile.data;
      const int type = data.effectiveDefaultSampleType();
      if (type < 0)
        continue;
      // Go's mutex and block profiles share their sample types; the mutex profile charges
      // delay to the unlocker, so its stacks end in Unlock.
      const std::string kind =
          data.sampleTypes[static_cast<std::size_t>(type)].type + "/" +
          data.sampleTypes[static_cast<std::size_t>(type)].unit +
          (kindOf(data) == ProfileKind::Contention && chargesUnlockers(data) ? "/mutex" : "");
      const LoadedProfile* before = last[kind];
      last[kind] = &profile;
      if (!before)
        continue;
      const auto baseline = flatShares(before->data, type);
      const auto target = flatShares(data, type);
      for (const auto& [function, share] : target) {
        const double old = baseline.count(function) ? baseline.at(function) : 0;
        if (share - old < minAbsolute || (old > 0 && share < old * (1 + minRelative)))
          continue;
        Finding finding;
        finding.rule = "profile-regression";
        finding.function = function;
        finding.profileId = profile.summary.id;
        finding.severity = Severity::High;
        finding.firstSeenUnixNano = static_cast<std::uint64_t>(before->data.timeNanos);
        finding.lastSeenUnixNano = static_cast<std::uint64_t>(data.timeNanos);
        finding.title = function + ": " + percent(old) + " → " + percent(share) + " of " +
                        data.sampleTypes[static_cast<std::size_t>(type)].type + " from " +
                        before->label + " to " + profile.label;
        finding.evidence.push_back(functionEvidence(*before, function, "baseline", old));
        finding.evidence.push_back(functionEvidence(profile, function, "target", share));
        finding.explanation =
            "The function's flat share of the profile grew between the two profiles (each side "
            "normalised to its own total, as the differential flame graph shows it).";
        out.push_back(std::move(finding));
      }
    }
  }

 private:
  std::optional<std::uint32_t> spanRow(const std::string& hex) const {
    if (hex.empty())
      return std::nullopt;
    const auto id = SpanId::fromHex(hex);
    if (!id)
      return std::nullopt;
    const auto it = m_spanIndex.find(*id);
    if (it == m_spanIndex.end())
      return std::nullopt;
    return it->second;
  }

  std::uint32_t traceOfRow(std::uint32_t row) const {
    return static_cast<std::uint32_t>(
        std::upper_bound(m_spans.traceBegin.begin(), m_spans.traceBegin.end(), row) -
        m_spans.traceBegin.begin() - 1);
  }

  FindingEvidence spanEvidence(std::uint32_t row, const char* role, double value) const {
    FindingEvidence evidence;
    evidence.kind = FindingEvidence::Kind::Span;
    evidence.role = role;
    evidence.traceId = m_spans.traceIds[traceOfRow(row)];
    evidence.spanId = m_spans.spans[row].spanId;
    evidence.startUnixNano = m_spans.spans[row].startUnixNano;
    evidence.endUnixNano = m_spans.spans[row].endUnixNano;
    evidence.value = value;
    return evidence;
  }

  FindingEvidence functionEvidence(const LoadedProfile& profile, const std::string& function,
                                   const char* role, double value) const {
    FindingEvidence evidence;
    evidence.kind = FindingEvidence::Kind::ProfileFunction;
    evidence.role = role;
    evidence.profileId = profile.summary.id;
    evidence.function = function;
    evidence.startUnixNano = static_cast<std::uint64_t>(profile.data.timeNanos);
    evidence.endUnixNano =
        static_cast<std::uint64_t>(profile.data.timeNanos + profile.data.durationNanos);
    evidence.value = value;
    return evidence;
  }

  std::string operation(std::uint32_t row) const {
    const DiagnosisSpan& span = m_spans.spans[row];
    return m_spans.text(span.service) + " " + m_spans.text(span.name);
  }

  Finding hotspot(const LoadedProfile& profile, int type, const std::string& function,
                  std::int64_t value, std::int64_t total,
                  const std::unordered_map<std::uint32_t, std::int64_t>& spans) const {
    const double share = static_cast<double>(value) / static_cast<double>(total);
    const bool nanoseconds =
        profile.data.sampleTypes[static_cast<std::size_t>(type)].unit == "nanoseconds";
    Finding finding;
    finding.rule = "cpu-hotspot";
    finding.function = function;
    finding.profileId = profile.summary.id;
    finding.count = 0;
    finding.impactNs = nanoseconds ? static_cast<std::uint64_t>(value) : 0;
    finding.severity = share >= 0.2 ? Severity::High : Severity::Medium;
    finding.firstSeenUnixNano = static_cast<std::uint64_t>(profile.data.timeNanos);
    finding.lastSeenUnixNano =
        static_cast<std::uint64_t>(profile.data.timeNanos + profile.data.durationNanos);
    finding.evidence.push_back(functionEvidence(profile, function, "hot function", share));
    finding.title = function + ": " + percent(share) + " of the CPU time of " + profile.label +
                    (nanoseconds ? " (" + duration(static_cast<std::uint64_t>(value)) + " of " +
                                       duration(static_cast<std::uint64_t>(total)) + ")"
                                 : std::string());
    // Where it runs: operations by CPU time, then the spans with the most of it.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::int64_t, std::uint32_t>>
        byOperation;
    std::vector<std::pair<std::int64_t, std::uint32_t>> bySpan;
    std::int64_t labelled = 0;
    for (const auto& [row, cpu] : spans) {
      const DiagnosisSpan& span = m_spans.spans[row];
      auto& entry = byOperation[{span.service, span.name}];
      entry.first += cpu;
      entry.second += 1;
      bySpan.emplace_back(cpu, row);
      labelled += cpu;
    }
    if (!byOperation.empty()) {
      auto top = std::max_element(
          byOperation.begin(), byOperation.end(),
          [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
      finding.service = m_spans.text(top->first.first);
      finding.operation = m_spans.text(top->first.second);
      finding.count = spans.size();
      finding.title +=
          "; runs under " + finding.service + " " + finding.operation + " (" +
          std::to_string(top->second.second) + " spans, " +
          percent(static_cast<double>(top->second.first) / static_cast<double>(value)) + " of it)";
      std::sort(bySpan.begin(), bySpan.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      std::vector<TraceId> traces;
      for (std::size_t i = 0;
           i < bySpan.size() && i < static_cast<std::size_t>(m_rules.exemplars()); ++i) {
        finding.evidence.push_back(spanEvidence(bySpan[i].second, "span running it",
                                                static_cast<double>(bySpan[i].first)));
        const TraceId trace = m_spans.traceIds[traceOfRow(bySpan[i].second)];
        if (std::find(traces.begin(), traces.end(), trace) == traces.end())
          traces.push_back(trace);
      }
      finding.traceIds = std::move(traces);
    }
    (void)labelled;
    finding.explanation =
        "This function is the leaf of " + percent(share) +
        " of the CPU samples: the time is spent in its own code, not in what it calls. Where "
        "samples carry span ids, the spans that ran it are the evidence: open one to see the "
        "request it served.";
    return finding;
  }

  static bool chargesUnlockers(const ProfileData& data) {
    const int type = valueIndex(data);
    double unlock = 0;
    double total = 0;
    for (std::size_t s = 0; s < data.samples.size(); ++s) {
      const auto value = static_cast<double>(data.value(s, static_cast<std::size_t>(type)));
      total += value;
      if (functionOf(data, data.samples[s].node).find("Unlock") != std::string::npos)
        unlock += value;
    }
    return total > 0 && 2 * unlock >= total;
  }

  static std::map<std::string, double> flatShares(const ProfileData& data, int type) {
    std::map<std::string, double> shares;
    double total = 0;
    for (std::size_t s = 0; s < data.samples.size(); ++s) {
      const auto value = static_cast<double>(data.value(s, static_cast<std::size_t>(type)));
      shares[functionOf(data, data.samples[s].node)] += value;
      total += value;
    }
    for (auto& [function, share] : shares)
      share = total > 0 ? share / total : 0;
    return shares;
  }

  std::int64_t subtreeCpu(const TraceTree& tree, std::uint32_t first, std::int32_t root,
                          std::uint32_t service,
                          const std::unordered_map<std::uint32_t, std::int64_t>& cpuBySpan) const {
    // Samples of in-process children count: their goroutines are the span's work.
    std::int64_t cpu = 0;
    std::vector<std::int32_t> stack{root};
    while (!stack.empty()) {
      const std::int32_t i = stack.back();
      stack.pop_back();
      const std::uint32_t row = first + static_cast<std::uint32_t>(i);
      if (m_spans.spans[row].service != service)
        continue;
      if (const auto it = cpuBySpan.find(row); it != cpuBySpan.end())
        cpu += it->second;
      for (const std::int32_t* c = tree.childrenBegin(i); c != tree.childrenEnd(i); ++c)
        stack.push_back(*c);
    }
    return cpu;
  }

  bool ancestorLabelled(const TraceTree& tree, std::uint32_t first, std::int32_t i,
                        std::uint32_t service,
                        const std::unordered_map<std::uint32_t, std::int64_t>& cpuBySpan) const {
    for (std::int32_t p = tree.parent[static_cast<std::size_t>(i)]; p >= 0;
         p = tree.parent[static_cast<std::size_t>(p)]) {
      const std::uint32_t row = first + static_cast<std::uint32_t>(p);
      if (m_spans.spans[row].service != service)
        return false;
      if (cpuBySpan.count(row))
        return true;
    }
    return false;
  }

  Finding waitingFinding(const LoadedProfile& cpuProfile, std::uint32_t service, std::uint32_t name,
                         std::vector<std::pair<std::uint32_t, std::int64_t>>& spans) const {
    std::sort(spans.begin(), spans.end(), [&](const auto& a, const auto& b) {
      return m_spans.spans[a.first].durationNs() > m_spans.spans[b.first].durationNs();
    });
    Finding finding;
    finding.rule = "waiting-not-computing";
    finding.service = m_spans.text(service);
    finding.operation = m_spans.text(name);
    finding.profileId = cpuProfile.summary.id;
    finding.count = spans.size();
    finding.severity = spans.size() >= 5 ? Severity::High : Severity::Medium;
    std::uint64_t lo = UINT64_MAX;
    std::uint64_t hi = 0;
    std::int64_t cpuMax = 0;
    finding.firstSeenUnixNano = UINT64_MAX;
    std::vector<std::string> waitingIds;
    for (const auto& [row, cpu] : spans) {
      const DiagnosisSpan& span = m_spans.spans[row];
      lo = std::min(lo, span.durationNs());
      hi = std::max(hi, span.durationNs());
      cpuMax = std::max(cpuMax, cpu);
      finding.impactNs += span.durationNs() - static_cast<std::uint64_t>(cpu);
      finding.firstSeenUnixNano = std::min(finding.firstSeenUnixNano, span.startUnixNano);
      finding.lastSeenUnixNano = std::max(finding.lastSeenUnixNano, span.endUnixNano);
      waitingIds.push_back(span.spanId.toHex());
    }
    finding.impactPerRequestNs = finding.impactNs / spans.size();
    for (std::size_t i = 0; i < spans.size() && i < static_cast<std::size_t>(m_rules.exemplars());
         ++i) {
      finding.evidence.push_back(
          spanEvidence(spans[i].first, "waiting span", static_cast<double>(spans[i].second)));
      const TraceId trace = m_spans.traceIds[traceOfRow(spans[i].first)];
      if (std::find(finding.traceIds.begin(), finding.traceIds.end(), trace) ==
          finding.traceIds.end())
        finding.traceIds.push_back(trace);
    }
    finding.title = finding.service + " " + finding.operation + ": " +
                    std::to_string(spans.size()) + " slow spans (" +
                    (lo == hi ? duration(lo) : duration(lo) + "–" + duration(hi)) +
                    ") on the critical path ran on CPU for at most " +
                    duration(static_cast<std::uint64_t>(cpuMax)) + " each: they wait";
    std::string where = waitingEvidence(finding, waitingIds);
    if (!where.empty())
      finding.title += where;
    finding.explanation =
        "These spans are slow, own most of their time (no child span explains it), and the CPU "
        "profile has almost no samples labelled with their span ids: they are not computing. "
        "They wait for a lock, I/O or a call that has no span. The mutex, block and goroutine "
        "profiles, when present, say on what.";
    return finding;
  }

  // Names what the waiting spans wait on from the goroutine (labelled with the spans), block
  // and mutex profiles; adds their functions as evidence; returns text for the title.
  std::string waitingEvidence(Finding& finding, const std::vector<std::string>& spanIds) const {
    std::string text;
    for (const LoadedProfile& profile : m_profiles) {
      const ProfileData& data = profile.data;
      const ProfileKind kind = kindOf(data);
      if (kind == ProfileKind::Goroutine) {
        std::map<std::string, std::pair<int, std::string>> sites;
        for (std::size_t s = 0; s < data.samples.size(); ++s) {
          const std::string label = spanLabel(data, data.samples[s].labelSet);
          if (label.empty() || std::find(spanIds.begin(), spanIds.end(), label) == spanIds.end())
            continue;
          std::string application;
          const std::string site = waitSite(stackOf(data, data.samples[s].node), &application);
          sites[site].first += 1;
          sites[site].second = application;
        }
        for (const auto& [site, entry] : sites) {
          finding.evidence.push_back(functionEvidence(profile,
                                                      entry.second.empty() ? site : entry.second,
                                                      "parked goroutine", entry.first));
          if (text.find("parked") == std::string::npos)
            text += "; parked in " + site + " (goroutine profile)";
        }
      } else if (kind == ProfileKind::Contention) {
        const int type = valueIndex(data);
        std::int64_t best = 0;
        std::uint32_t bestNode = 0;
        std::map<std::uint32_t, std::int64_t> byNode;
        for (std::size_t s = 0; s < data.samples.size(); ++s)
          byNode[data.samples[s].node] += data.value(s, static_cast<std::size_t>(type));
        for (const auto& [node, value] : byNode) {
          if (value > best) {
            best = value;
            bestNode = node;
          }
        }
        if (bestNode == 0)
          continue;
        const std::vector<std::string> stack = stackOf(data, bestNode);
        std::string application;
        const std::string site = waitSite(stack, &application);
        // The mutex profile charges the delay to the unlocker's stack; the block profile to
        // the waiter's.
        const bool holder = !stack.empty() && stack.front().find("Unlock") != std::string::npos;
        const std::string subject = application.empty() ? site : application;
        finding.evidence.push_back(functionEvidence(
            profile, subject, holder ? "lock holder" : "blocked here", static_cast<double>(best)));
        if (holder)
          text +=
              "; the mutex profile charges the delay to " + subject + " (" + profile.label + ")";
        else
          text += "; the block profile's heaviest wait is " + site + " (" + profile.label + ")";
      }
    }
    return text;
  }

  Workspace& m_workspace;
  const DiagnosisSpanTable& m_spans;
  const DiagnosisRules& m_rules;
  DiagnosisScope m_scope;
  std::vector<LoadedProfile> m_profiles;
  std::unordered_map<SpanId, std::uint32_t, SpanIdHash> m_spanIndex;
};

}  // namespace

std::vector<Finding> runProfileRules(Workspace& workspace, const DiagnosisSpanTable& spans,
                                     const DiagnosisRules& rules, Status* status,
                                     const DiagnosisScope& scope) {
  std::vector<Finding> findings;
  ProfileRules profileRules(workspace, spans, rules, scope);
  if (Status loaded = profileRules.load(); !loaded) {
    if (status)
      *status = loaded;
    return {};
  }
  if (rules.enabled("cpu-hotspot"))
    profileRules.cpuHotspots(findings);
  if (rules.enabled("waiting-not-computing"))
    profileRules.waitingNotComputing(findings);
  if (rules.enabled("goroutine-pileup"))
    profileRules.goroutinePileups(findings);
  if (rules.enabled("profile-regression"))
    profileRules.profileRegressions(findings);
  if (status)
    *status = Status::ok();
  return findings;
}

}  // namespace sightline
