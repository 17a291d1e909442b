#include "importers/core/importer_registry.h"

#include "importers/debt/cloc_json_reader.h"
#include "importers/debt/codeowners_reader.h"
#include "importers/debt/git_numstat_reader.h"
#include "importers/debt/go_cover_func_reader.h"
#include "importers/debt/go_coverprofile_reader.h"
#include "importers/debt/jscpd_json_reader.h"
#include "importers/debt/sarif_reader.h"
#include "importers/debt/sonarqube_json_reader.h"
#include "importers/otlp/otlp_json_reader.h"
#include "importers/otlp/otlp_metrics_reader.h"
#include "importers/otlp/otlp_proto_reader.h"
#include "importers/pprof/collapsed_reader.h"
#include "importers/pprof/pprof_reader.h"
#include "importers/prometheus/prometheus_api_json_reader.h"
#include "importers/prometheus/prometheus_text_reader.h"

namespace sightline {

const std::vector<FormatDescriptor>& importerRegistry() {
  static const std::vector<FormatDescriptor> registry = {
      {"otlp-proto",
       "OTLP traces (protobuf)",
       {"pb", "binpb", "otlp", "bin"},
       SignalKind::Traces,
       sniffOtlpProto,
       [] { return std::unique_ptr<FormatReader>(new OtlpProtoReader()); }},
      {"otlp-json",
       "OTLP traces (JSON)",
       {"json", "jsonl", "ndjson"},
       SignalKind::Traces,
       sniffOtlpJson,
       [] { return std::unique_ptr<FormatReader>(new OtlpJsonReader()); }},
      {"otlp-metrics-proto",
       "OTLP metrics (protobuf)",
       {"pb", "binpb", "otlp", "bin"},
       SignalKind::Metrics,
       sniffOtlpMetricsProto,
       [] { return std::unique_ptr<FormatReader>(new OtlpMetricsProtoReader()); }},
      {"otlp-metrics-json",
       "OTLP metrics (JSON)",
       {"json", "jsonl", "ndjson"},
       SignalKind::Metrics,
       sniffOtlpMetricsJson,
       [] { return std::unique_ptr<FormatReader>(new OtlpMetricsJsonReader()); }},
      {"pprof",
       "pprof profiles",
       {"pprof", "prof", "pb"},  // *.pb.gz too: every extension also comes with .gz
       SignalKind::Profiles,
       sniffPprof,
       [] { return std::unique_ptr<FormatReader>(new PprofReader()); }},
      {"collapsed",
       "Collapsed stacks",
       {"txt", "folded", "collapsed"},
       SignalKind::Profiles,
       sniffCollapsed,
       [] { return std::unique_ptr<FormatReader>(new CollapsedReader()); }},
      {"prometheus",
       "Prometheus metrics (text, OpenMetrics)",
       {"prom", "metrics", "om", "txt"},
       SignalKind::Metrics,
       sniffPrometheusText,
       [] { return std::unique_ptr<FormatReader>(new PrometheusTextReader()); }},
      {"prometheus-api-json",
       "Prometheus API answers (JSON)",
       {"json"},
       SignalKind::Metrics,
       sniffPrometheusApiJson,
       [] { return std::unique_ptr<FormatReader>(new PrometheusApiJsonReader()); }},
      {"sonarqube-json",
       "SonarQube measures (Web API JSON)",
       {"json"},
       SignalKind::Debt,
       sniffSonarQubeJson,
       [] { return std::unique_ptr<FormatReader>(new SonarQubeJsonReader()); }},
      {"sarif",
       "Static analysis results (SARIF 2.1.0)",
       {"sarif", "json"},
       SignalKind::Debt,
       sniffSarif,
       [] { return std::unique_ptr<FormatReader>(new SarifReader()); }},
      {"go-coverprofile",
       "Go coverage profiles (go test -coverprofile)",
       {"out", "cov", "coverprofile"},
       SignalKind::Debt,
       sniffGoCoverprofile,
       [] { return std::unique_ptr<FormatReader>(new GoCoverprofileReader()); }},
      {"go-cover-func",
       "Go coverage per function (go tool cover -func)",
       {"txt"},
       SignalKind::Debt,
       sniffGoCoverFunc,
       [] { return std::unique_ptr<FormatReader>(new GoCoverFuncReader()); }},
      {"jscpd-json",
       "Duplicated code (jscpd JSON report)",
       {"json"},
       SignalKind::Debt,
       sniffJscpdJson,
       [] { return std::unique_ptr<FormatReader>(new JscpdJsonReader()); }},
      {"cloc-json",
       "Lines of code (cloc JSON)",
       {"json"},
       SignalKind::Debt,
       sniffClocJson,
       [] { return std::unique_ptr<FormatReader>(new ClocJsonReader()); }},
      {"git-numstat",
       "Code churn (git log --numstat)",
       {"numstat", "txt"},
       SignalKind::Debt,
       sniffGitNumstat,
       [] { return std::unique_ptr<FormatReader>(new GitNumstatReader()); }},
      // No extension: the file is called CODEOWNERS (pick "All files" in the Open dialog).
      {"codeowners",
       "Code owners (CODEOWNERS files)",
       {},
       SignalKind::Debt,
       sniffCodeowners,
       [] { return std::unique_ptr<FormatReader>(new CodeownersReader()); },
       {"CODEOWNERS"}},
  };
  return registry;
}

const FormatDescriptor* detectFormat(std::span<const std::uint8_t> head) {
  const FormatDescriptor* best = nullptr;
  int bestScore = 0;
  for (const auto& descriptor : importerRegistry()) {
    const int score = descriptor.sniff ? descriptor.sniff(head) : 0;
    if (score > bestScore) {
      best = &descriptor;
      bestScore = score;
    }
  }
  return best;
}

std::string openDialogFilter() {
  std::string all;
  std::string each;
  for (const auto& descriptor : importerRegistry()) {
    std::string patterns;
    const auto add = [&patterns](const std::string& pattern) {
      for (const char* suffix : {"", ".gz", ".zst"}) {
        if (!patterns.empty())
          patterns += ' ';
        patterns += pattern + suffix;
      }
    };
    for (const auto& extension : descriptor.extensions)
      add("*." + extension);
    for (const auto& name : descriptor.fileNames)
      add(name);
    if (!all.empty())
      all += ' ';
    all += patterns;
    each += ";;" + descriptor.displayName + " (" + patterns + ")";
  }
  return "All supported files (" + all + ")" + each;
}

}  // namespace sightline
