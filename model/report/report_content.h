#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/compare_traces.h"
#include "model/diagnosis/endpoint_critical_path.h"
#include "model/diagnosis/finding.h"
#include "model/profiles/call_tree.h"
#include "model/report/report_debt.h"
#include "model/report/report_finding_figures.h"
#include "model/report/report_health.h"
#include "model/report/report_trace_excerpt.h"

namespace sightline {

class Workspace;

// One imported source as the report's provenance lists it.
struct ReportSource {
  std::int64_t id = 0;
  std::string path;
  std::string kind;    // the format id (otlp-protobuf, pprof, prometheus-text, live…)
  std::string sha256;  // or the live stream's tag
  std::uint64_t bytes = 0;
  std::int64_t importedAtUnixSeconds = 0;
  std::string status;  // "ok", or what went wrong
  std::uint64_t spans = 0;
  std::uint64_t profiles = 0;
  std::uint64_t profileSamples = 0;
  std::uint64_t snapshots = 0;
  std::uint64_t metricPoints = 0;
  std::uint64_t debtRecords = 0;
};

// One entry point (the root operation of traces) on one side.
struct EndpointFigures {
  OperationSideFigures latency;
  double requestsPerSecond = 0;  // count over the side's time window
};

// An endpoint's figures before and after (or, without a baseline, of the whole workspace in
// `target`).
struct ReportEndpoint {
  std::string service;
  std::string operation;
  std::optional<EndpointFigures> baseline;
  std::optional<EndpointFigures> target;
};

// Where a finding is, relative to the two sides of a before/after report: each side is
// diagnosed on its own, and findings match by rule and subject.
enum class FindingPresence {
  Everywhere,     // no baseline given, or both sides have it (the target's is kept)
  FixedInTarget,  // only the baseline has it: gone after
  NewInTarget,    // only the target has it
};

// Findings drawn as full cards (with their exemplar trace); the others are listed in a table,
// so that a workspace with hundreds of findings still gives a report one can read (and a
// file of a few MB).
inline constexpr std::size_t kReportFindingCards = 40;

struct ReportFinding {
  Finding finding;
  FindingPresence presence = FindingPresence::Everywhere;
  std::optional<TraceExcerpt> trace;  // its exemplar trace, cut to what matters (cards only)
  std::optional<FindingFlame> flame;  // where its function spends time (cards only)
  std::optional<FindingSparkline> sparkline;  // its metric around the evidence (cards only)
};

// The differential flame graph of a before/after report: the target's profile on the
// baseline's (compare's pick: the same sample types).
struct ReportDiffFlame {
  CompareProfile baseline;
  CompareProfile target;
  std::string sampleType;  // "cpu/nanoseconds"
  CallTree tree;
  // The functions whose self share of their profile changed most, largest change first.
  struct Change {
    std::string function;
    std::int64_t beforeSelf = 0;
    std::int64_t afterSelf = 0;
    double beforeShare = 0;  // of the baseline profile's total
    double afterShare = 0;
  };
  std::vector<Change> largestChanges;
};

struct ReportOptions {
  std::string title;
  // Both set, or neither: a before → after report of these two sides.
  std::optional<CompareSideSpec> baseline;
  std::optional<CompareSideSpec> target;
  // Parts a caller that writes some sections only may skip (the debt analysis scans every
  // span and profile); the export dialog keeps them, its sections can change after reading.
  bool withHealth = true;
  bool withDebt = true;
};

// Everything a report shows that comes from the workspace, read once; the HTML and PDF
// writers only lay it out.
struct ReportContent {
  std::string title;
  std::vector<ReportSource> sources;
  bool hasBaseline = false;
  // The sides (whole workspace in `target` without a baseline).
  CompareSideSummary baselineSide;
  CompareSideSummary targetSide;
  std::vector<ReportEndpoint> endpoints;      // by target request count, then name
  std::optional<TraceComparison> comparison;  // with a baseline
  std::optional<ReportDiffFlame> diffFlame;   // with a baseline and a pair of profiles
  // sortFindings() order; with a baseline gone ones first, then the rest, then new ones
  std::vector<ReportFinding> findings;
  // Each side's endpoints with their critical-path time per service (the whole workspace in
  // `targetPaths` without a baseline), by trace count.
  std::vector<EndpointCriticalPath> baselinePaths;
  std::vector<EndpointCriticalPath> targetPaths;
  bool findingsFromStore = false;  // stored at import, else computed now
  std::string rulesJson;           // the rules the findings were made with
  // Service health over time (report_health.h): each side's RED and process series.
  ReportHealth health;
  // The tech-debt heatmap (report_debt.h): of the whole workspace even with a baseline;
  // absent when the workspace holds no debt data.
  std::optional<ReportDebt> debt;
};

// Reads the report's content. Without a baseline the findings are the stored ones when
// current (the diagnosis run matches the workspace's sources), else they are computed with the
// workspace's rules; with one, each side is diagnosed on its own (DiagnosisScope: its traces,
// and the profiles and metric points of its time). Nothing is written. Fails with a message when a
// side cannot be resolved or the workspace cannot be read.
std::optional<ReportContent> readReportContent(Workspace& workspace, const ReportOptions& options,
                                               Status* status);

// "fixed", "new", "both".
const char* findingPresenceName(FindingPresence presence);

}  // namespace sightline
