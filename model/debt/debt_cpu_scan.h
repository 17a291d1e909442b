#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/debt/service_path_rules.h"
#include "model/store/workspace.h"

namespace sightline {

struct DebtSpanScan;

// A function of a CPU profile and where its file belongs.
struct DebtCpuFunction {
  std::string name;
  std::string file;
  std::string service;   // "" when no rule maps the file
  std::string relative;  // the file inside the service
};

// One merged sample: its CPU time, which of the service's own functions spent it and in
// which trace.
struct DebtCpuSample {
  std::int32_t owner = -1;  // the deepest frame whose file maps to a service (-1: none)
  double ns = 0;
  double count = 0;                   // samples taken (the "samples" type, else 1)
  std::int64_t trace = -1;            // index into DebtSpanScan's traces, -1 when unlabelled
  std::optional<TraceId> traceLabel;  // the pprof labels naming a trace or span
  std::optional<SpanId> spanLabel;
};

// A CPU profile read for the heatmap. A sample's time goes to the deepest frame of the
// application's code (a function whose file maps to a service): the service's own time and
// that of the libraries and runtime it calls ("own" below). Flat and cumulative time as in
// `pprof -top`.
struct DebtCpuProfile {
  std::int64_t id = 0;
  double totalNs = 0;
  std::vector<DebtCpuFunction> functions;
  std::vector<double> own;  // per function
  std::vector<double> flat;
  std::vector<double> cum;
  std::vector<DebtCpuSample> samples;
  std::set<std::string> services;  // of the functions with time of their own
};

struct DebtCpuScan {
  std::vector<DebtCpuProfile> profiles;
  double totalNs = 0;

  bool hasProfiles() const { return !profiles.empty(); }
  // The CPU time of the profiles in which the service's code ran.
  double serviceTotalNs(const std::string& service) const;
};

// Reads the CPU profiles (cpu/nanoseconds, or samples × period) of the workspace, with each
// sample's trace and span labels.
Status scanDebtCpu(Workspace& workspace, const ServicePathMatcher& rules, DebtCpuScan* scan);

// Ties the labelled samples to their traces (DebtCpuSample::trace).
void resolveDebtCpuTraces(const DebtSpanScan& spans, DebtCpuScan* scan);

}  // namespace sightline
