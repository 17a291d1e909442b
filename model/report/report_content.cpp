#include "model/report/report_content.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <thread>
#include <unordered_map>

#include "model/diagnosis/compare_side_scan.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/diagnosis/findings_store.h"
#include "model/diagnosis/span_table.h"
#include "model/diagnosis/trace_findings.h"
#include "model/profiles/profile_queries.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"

namespace sightline {

namespace {

using Key = std::pair<std::string, std::string>;  // service, operation

// Adds `sql`'s (source id, count) rows to the sources' `field`.
void addCounts(sqlite3* db, const char* sql, std::vector<ReportSource>& sources,
               std::uint64_t ReportSource::*field) {
  std::unordered_map<std::int64_t, ReportSource*> byId;
  for (ReportSource& source : sources)
    byId[source.id] = &source;
  StoreStatement query(db, sql);
  while (query.step()) {
    auto it = byId.find(query.columnInt(0));
    if (it != byId.end())
      it->second->*field = static_cast<std::uint64_t>(query.columnInt(1));
  }
}

Status readSources(Workspace& workspace, std::vector<ReportSource>* sources) {
  sqlite3* db = workspace.db();
  StoreStatement query(db,
                       "SELECT id, path, kind, sha256, bytes, imported_at, status FROM sources "
                       "ORDER BY id");
  while (query.step()) {
    ReportSource source;
    source.id = query.columnInt(0);
    source.path = query.columnText(1);
    source.kind = query.columnText(2);
    source.sha256 = query.columnText(3);
    source.bytes = static_cast<std::uint64_t>(query.columnInt(4));
    source.importedAtUnixSeconds = query.columnInt(5);
    source.status = query.columnText(6);
    sources->push_back(std::move(source));
  }
  if (!query.ok())
    return Status::error("cannot read the sources: " + lastSqliteError(db));
  addCounts(db, "SELECT source_id, count(*) FROM spans GROUP BY source_id", *sources,
            &ReportSource::spans);
  addCounts(db, "SELECT source_id, count(*) FROM profiles GROUP BY source_id", *sources,
            &ReportSource::profiles);
  addCounts(db, "SELECT source_id, sum(sample_count) FROM profiles GROUP BY source_id", *sources,
            &ReportSource::profileSamples);
  addCounts(db, "SELECT source_id, count(*) FROM metric_snapshots GROUP BY source_id", *sources,
            &ReportSource::snapshots);
  addCounts(db,
            "SELECT n.source_id, sum(f.samples) FROM metric_snapshot_families f JOIN "
            "metric_snapshots n ON n.id = f.snapshot_id GROUP BY n.source_id",
            *sources, &ReportSource::metricPoints);
  addCounts(db,
            "SELECT source_id, sum(n) FROM (SELECT source_id, count(*) AS n FROM debt_measures "
            "GROUP BY source_id UNION ALL SELECT source_id, count(*) FROM debt_issues GROUP BY "
            "source_id UNION ALL SELECT source_id, count(*) FROM debt_changes GROUP BY "
            "source_id UNION ALL SELECT source_id, count(*) FROM code_owners GROUP BY source_id) "
            "GROUP BY source_id",
            *sources, &ReportSource::debtRecords);
  return Status::ok();
}

double windowSeconds(const CompareSideSummary& side) {
  if (side.lastEndNs <= side.firstStartNs)
    return 0;
  return static_cast<double>(side.lastEndNs - side.firstStartNs) / 1e9;
}

EndpointFigures endpointFigures(const OperationSideFigures& latency,
                                const CompareSideSummary& side) {
  EndpointFigures figures;
  figures.latency = latency;
  const double seconds = windowSeconds(side);
  figures.requestsPerSecond = seconds > 0 ? static_cast<double>(latency.count) / seconds : 0;
  return figures;
}

// The root operations of the paths: the entry points of the traces.
std::set<Key> entryPoints(const std::vector<PathComparison>& paths) {
  std::set<Key> roots;
  for (const PathComparison& path : paths) {
    if (path.depth == 0)
      roots.insert({path.step.service, path.step.operation});
  }
  return roots;
}

void sortEndpoints(std::vector<ReportEndpoint>& endpoints) {
  auto count = [](const ReportEndpoint& e) {
    return e.target ? e.target->latency.count : (e.baseline ? e.baseline->latency.count : 0);
  };
  std::sort(endpoints.begin(), endpoints.end(),
            [&](const ReportEndpoint& a, const ReportEndpoint& b) {
              if (count(a) != count(b))
                return count(a) > count(b);
              return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
            });
}

// The endpoints of a before/after comparison.
std::vector<ReportEndpoint> comparedEndpoints(const TraceComparison& comparison) {
  const std::set<Key> roots = entryPoints(comparison.paths);
  std::vector<ReportEndpoint> endpoints;
  for (const OperationComparison& row : comparison.operations) {
    if (!roots.contains({row.service, row.operation}))
      continue;
    ReportEndpoint endpoint;
    endpoint.service = row.service;
    endpoint.operation = row.operation;
    if (row.baseline)
      endpoint.baseline = endpointFigures(*row.baseline, comparison.baseline);
    if (row.target)
      endpoint.target = endpointFigures(*row.target, comparison.target);
    endpoints.push_back(std::move(endpoint));
  }
  sortEndpoints(endpoints);
  return endpoints;
}

// The time a side covers, for its own diagnosis: a range as given, a source by its spans.
DiagnosisScope scopeOf(const CompareSideSummary& side) {
  DiagnosisScope scope;
  if (side.side.isSource) {
    scope.fromNs = side.firstStartNs;
    scope.toNs = side.lastEndNs;
  } else {
    scope.fromNs = side.side.fromNs;
    scope.toNs = side.side.toNs > side.side.fromNs ? side.side.toNs - 1 : side.side.fromNs;
  }
  return scope;
}

// What makes two findings of the two sides "the same finding": the rule and its subject.
std::string findingKey(const Finding& finding) {
  std::string key = finding.rule + '\x1f' + finding.service + '\x1f' + finding.operation + '\x1f' +
                    finding.function;
  for (const std::string& series : finding.series)
    key += '\x1f' + series;
  return key;
}

// Each side diagnosed on its own; a finding of the baseline whose rule and subject the target
// has no more is gone, one only the target has is new.
Status readSideFindings(Workspace& workspace, const DiagnosisRules& rules, ReportContent* content) {
  // The two sides are diagnosed at once, the target on a connection of its own (a workspace
  // in memory has no second connection: one after the other there).
  Status targetStatus;
  std::vector<Finding> after;
  const DiagnosisScope targetScope = scopeOf(content->targetSide);
  std::thread target;
  const bool inMemory = workspace.path().empty() || workspace.path() == ":memory:";
  if (!inMemory) {
    target = std::thread([&] {
      auto own = Workspace::open(workspace.path(), Workspace::Mode::ReadOnly, &targetStatus);
      if (own)
        after = runDiagnosis(*own, rules, &targetStatus, nullptr, nullptr, targetScope,
                             &content->targetPaths);
    });
  }
  Status status;
  std::vector<Finding> before =
      runDiagnosis(workspace, rules, &status, nullptr, nullptr, scopeOf(content->baselineSide),
                   &content->baselinePaths);
  if (target.joinable())
    target.join();
  else
    after = runDiagnosis(workspace, rules, &targetStatus, nullptr, nullptr, targetScope,
                         &content->targetPaths);
  if (!status)
    return status;
  if (!targetStatus)
    return targetStatus;
  std::set<std::string> beforeKeys;
  std::set<std::string> afterKeys;
  for (const Finding& f : before)
    beforeKeys.insert(findingKey(f));
  for (const Finding& f : after)
    afterKeys.insert(findingKey(f));
  for (Finding& f : after) {
    ReportFinding row;
    row.presence = beforeKeys.contains(findingKey(f)) ? FindingPresence::Everywhere
                                                      : FindingPresence::NewInTarget;
    row.finding = std::move(f);
    content->findings.push_back(std::move(row));
  }
  for (Finding& f : before) {
    if (afterKeys.contains(findingKey(f)))
      continue;
    ReportFinding row;
    row.presence = FindingPresence::FixedInTarget;
    row.finding = std::move(f);
    content->findings.push_back(std::move(row));
  }
  // The review's order: what the change fixed, what remains, what it brought; within each,
  // the diagnosis' own order (both lists came sorted).
  auto rank = [](FindingPresence presence) {
    return presence == FindingPresence::FixedInTarget
               ? 0
               : (presence == FindingPresence::Everywhere ? 1 : 2);
  };
  std::stable_sort(content->findings.begin(), content->findings.end(),
                   [&](const ReportFinding& a, const ReportFinding& b) {
                     return rank(a.presence) < rank(b.presence);
                   });
  return Status::ok();
}

Status readFindings(Workspace& workspace, ReportContent* content) {
  Status status;
  const DiagnosisRules rules = effectiveDiagnosisRules(workspace, std::string(), &status);
  if (!status)
    return status;
  content->rulesJson = rules.toJson();
  if (content->hasBaseline) {
    if (Status s = readSideFindings(workspace, rules, content); !s)
      return s;
  } else {
    const std::optional<DiagnosisRunInfo> run = loadDiagnosisRun(workspace, &status);
    const bool current = status && run &&
                         run->sourcesSignature == diagnosisSourcesSignature(workspace) &&
                         run->rulesJson == content->rulesJson;
    std::vector<Finding> findings;
    if (current) {
      findings = loadFindings(workspace, &status);
      content->findingsFromStore = true;
      content->targetPaths = run->criticalPaths;
      // A run stored by an older Sightline kept no paths: the trace rules' scan once more.
      if (status && content->targetPaths.empty() && content->targetSide.traces > 0) {
        const DiagnosisSpanTable table = loadDiagnosisSpans(workspace, &status);
        if (status)
          runTraceRules(table, rules, &content->targetPaths);
      }
    } else {
      findings =
          runDiagnosis(workspace, rules, &status, nullptr, nullptr, {}, &content->targetPaths);
    }
    if (!status)
      return status;
    for (Finding& finding : findings) {
      ReportFinding row;
      row.finding = std::move(finding);
      content->findings.push_back(std::move(row));
    }
  }
  FindingFigureReader figures(workspace);
  for (std::size_t i = 0; i < content->findings.size() && i < kReportFindingCards; ++i) {
    ReportFinding& row = content->findings[i];
    row.trace = readTraceExcerpt(workspace, row.finding);
    row.flame = figures.flame(row.finding);
    row.sparkline = figures.sparkline(row.finding);
  }
  return Status::ok();
}

// Functions summed over the tree's nodes (a function called from several places counts once),
// the ten whose self share moved the most.
std::vector<ReportDiffFlame::Change> largestSelfChanges(const CallTree& tree) {
  std::vector<std::int64_t> after(tree.names.size(), 0);
  std::vector<std::int64_t> before(tree.names.size(), 0);
  for (std::uint32_t i = 1; i < tree.nodes.size(); ++i) {
    const std::uint32_t name = tree.nodes[i].name;
    if (name >= tree.names.size())
      continue;
    after[name] += tree.nodes[i].self;
    before[name] += tree.baseSelfOf(i);
  }
  auto share = [](std::int64_t value, std::int64_t total) {
    return total > 0 ? static_cast<double>(value) / static_cast<double>(total) : 0.0;
  };
  std::vector<ReportDiffFlame::Change> changes;
  for (std::size_t name = 0; name < tree.names.size(); ++name) {
    if (after[name] == 0 && before[name] == 0)
      continue;
    changes.push_back({tree.names[name], before[name], after[name],
                       share(before[name], tree.baseTotal()), share(after[name], tree.total())});
  }
  auto moved = [](const ReportDiffFlame::Change& c) {
    return std::abs(c.afterShare - c.beforeShare);
  };
  std::sort(changes.begin(), changes.end(), [&](const auto& a, const auto& b) {
    return moved(a) != moved(b) ? moved(a) > moved(b) : a.function < b.function;
  });
  if (changes.size() > 10)
    changes.resize(10);
  return changes;
}

const CompareProfile* profileById(const std::vector<CompareProfile>& profiles, std::int64_t id) {
  for (const CompareProfile& profile : profiles) {
    if (profile.id == id)
      return &profile;
  }
  return nullptr;
}

// The differential flame graph of compare's pair, in the target's default sample type.
Status readDiffFlame(Workspace& workspace, const CompareProfiles& profiles,
                     std::optional<ReportDiffFlame>* flame) {
  if (!profiles.diffBaselineId || !profiles.diffTargetId)
    return Status::ok();
  const CompareProfile* baseline = profileById(profiles.baseline, *profiles.diffBaselineId);
  const CompareProfile* target = profileById(profiles.target, *profiles.diffTargetId);
  if (!baseline || !target)
    return Status::ok();
  Status status;
  const std::optional<ProfileData> base = loadProfile(workspace, baseline->id, &status);
  if (!base)
    return status;
  const std::optional<ProfileData> current = loadProfile(workspace, target->id, &status);
  if (!current)
    return status;
  ReportDiffFlame diff;
  diff.baseline = *baseline;
  diff.target = *target;
  const int sampleType = current->effectiveDefaultSampleType();
  if (sampleType >= 0 && sampleType < static_cast<int>(current->sampleTypes.size())) {
    const auto& type = current->sampleTypes[static_cast<std::size_t>(sampleType)];
    diff.sampleType = type.type + "/" + type.unit;
  }
  diff.tree = buildDiffCallTree(*current, *base, sampleType);
  diff.largestChanges = largestSelfChanges(diff.tree);
  *flame = std::move(diff);
  return Status::ok();
}

}  // namespace

const char* findingPresenceName(FindingPresence presence) {
  switch (presence) {
    case FindingPresence::Everywhere:
      return "both";
    case FindingPresence::FixedInTarget:
      return "fixed";
    case FindingPresence::NewInTarget:
      return "new";
  }
  return "both";
}

std::optional<ReportContent> readReportContent(Workspace& workspace, const ReportOptions& options,
                                               Status* status) {
  auto fail = [status](const Status& cause) {
    if (status)
      *status = cause;
    return std::nullopt;
  };
  ReportContent content;
  content.title = options.title;
  if (Status s = readSources(workspace, &content.sources); !s)
    return fail(s);

  std::string error;
  const std::optional<CompareSideSpec> everything = parseCompareSide("..", &error);
  // The first nanosecond of 1970 holds no trace: against it, the whole workspace is scanned
  // once and its figures land in the target side.
  const std::optional<CompareSideSpec> nothing = parseCompareSide("0..1", &error);
  const bool withBaseline = options.baseline && options.target;
  Status compared;
  CompareOptions compareOptions;
  compareOptions.allPaths = false;  // the endpoints are the roots
  content.comparison =
      compareTraceSets(workspace, withBaseline ? *options.baseline : *nothing,
                       withBaseline ? *options.target : *everything, &compared, compareOptions);
  if (!content.comparison) {
    // A workspace without traces still gets a report (profiles, metrics, findings).
    if (withBaseline)
      return fail(compared);
  } else {
    content.hasBaseline = withBaseline;
    content.baselineSide = content.comparison->baseline;
    content.targetSide = content.comparison->target;
    content.endpoints = comparedEndpoints(*content.comparison);
    if (!withBaseline) {
      for (ReportEndpoint& endpoint : content.endpoints)
        endpoint.baseline.reset();
      content.comparison.reset();
    } else if (Status s =
                   readDiffFlame(workspace, content.comparison->profiles, &content.diffFlame);
               !s) {
      return fail(s);
    }
  }
  if (Status s = readFindings(workspace, &content); !s)
    return fail(s);
  std::vector<ReportHealth::Endpoint> endpointOrder;
  for (const ReportEndpoint& endpoint : content.endpoints)
    endpointOrder.push_back({endpoint.service, endpoint.operation});
  if (options.withHealth) {
    if (Status s = readReportHealth(workspace, content.baselineSide, content.targetSide,
                                    content.hasBaseline, endpointOrder, content.rulesJson,
                                    &content.health);
        !s)
      return fail(s);
  }
  if (options.withDebt) {
    if (Status s = readReportDebt(workspace, &content.debt); !s)
      return fail(s);
  }
  if (status)
    *status = Status::ok();
  return content;
}

}  // namespace sightline
