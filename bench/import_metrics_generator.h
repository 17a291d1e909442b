#pragma once

// The synthetic snapshot of bench/import_metrics.cpp: a Prometheus text-format (0.0.4) file
// of about `lines` sample lines, shaped like a Kubernetes cluster's scrape: 16 subsystems ×
// (a counter, a gauge, a classic histogram of 10 buckets + +Inf, a summary of 3 quantiles),
// label sets of 4–5 labels, one route in 200 needing \" and \\ escapes. Deterministic: the
// same `lines` give the same bytes. (bench/make_metrics_snapshot writes a similar file with
// Go, for promtool; either can be passed with --file.)

#include <cstdint>
#include <cstdio>
#include <string>

namespace sightline::bench {

struct GeneratedSnapshot {
  std::uint64_t bytes = 0;
  std::uint64_t sampleLines = 0;
  std::uint64_t families = 0;
};

inline GeneratedSnapshot writeMetricsSnapshot(const std::string& path, std::uint64_t lines) {
  static const char* kSubsystems[] = {
      "api",    "auth",   "billing", "cart",     "catalog", "checkout", "gateway",  "images",
      "ledger", "mailer", "orders",  "payments", "queue",   "search",   "shipping", "users"};
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE"};
  static const char* kCodes[] = {"200", "201", "400", "404", "500", "503"};
  static const double kBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  constexpr int kKinds = 4;  // counter, gauge, histogram, summary
  constexpr int kLinesPerSeries[kKinds] = {1, 1, 13, 5};
  const std::uint64_t families = std::size(kSubsystems) * kKinds;
  const std::uint64_t linesPerFamily = std::max<std::uint64_t>(lines / families, 13);

  std::FILE* out = std::fopen(path.c_str(), "wb");
  GeneratedSnapshot result;
  if (!out)
    return result;
  std::string text;
  char buffer[512];
  auto flush = [&] {
    std::fwrite(text.data(), 1, text.size(), out);
    result.bytes += text.size();
    text.clear();
  };
  std::uint64_t serial = 0;
  for (const char* subsystem : kSubsystems) {
    for (int kind = 0; kind < kKinds; ++kind) {
      if (result.sampleLines >= lines)
        break;
      static const char* kNames[] = {"http_requests_total", "memory_working_set_bytes",
                                     "http_request_duration_seconds", "rpc_latency_seconds"};
      static const char* kTypes[] = {"counter", "gauge", "histogram", "summary"};
      const std::string name = std::string(subsystem) + "_" + kNames[kind];
      text += "# HELP " + name + " Synthetic " + kTypes[kind] + " of the " + subsystem +
              " subsystem.\n# TYPE " + name + " " + kTypes[kind] + "\n";
      ++result.families;
      const std::uint64_t series =
          std::max<std::uint64_t>(linesPerFamily / kLinesPerSeries[kind], 1);
      for (std::uint64_t i = 0; i < series && result.sampleLines < lines; ++i, ++serial) {
        const std::uint64_t service = serial % 40;
        const char* method = kMethods[serial % 4];
        const char* code = kCodes[(serial / 4) % 6];
        // One route in 200 needs escaping, as real query strings and Windows paths do.
        const std::string route = serial % 200 == 7 ? "/search?q=\\\"shoes\\\"&dir=C:\\\\tmp"
                                                    : "/v1/items/" + std::to_string(serial % 97);
        std::string labels;
        if (kind == 1) {
          std::snprintf(
              buffer, sizeof buffer,
              "namespace=\"ns-%llu\",node=\"node-%03llu\",pod=\"%s-%llx\",service=\"%s-%llu\"",
              static_cast<unsigned long long>(service % 8),
              static_cast<unsigned long long>(serial % 300), subsystem,
              static_cast<unsigned long long>(serial * 2654435761ull % 0xffffffffull), subsystem,
              static_cast<unsigned long long>(service));
        } else {
          std::snprintf(
              buffer, sizeof buffer,
              "instance=\"10.%llu.%llu.%llu:9090\",method=\"%s\",route=\"%s\",service=\"%s-%llu\"",
              static_cast<unsigned long long>(serial >> 16 & 255),
              static_cast<unsigned long long>(serial >> 8 & 255),
              static_cast<unsigned long long>(serial & 255), method, route.c_str(), subsystem,
              static_cast<unsigned long long>(service));
        }
        labels = buffer;
        const double base = static_cast<double>((serial * 7919) % 100000);
        switch (kind) {
          case 0:
            std::snprintf(buffer, sizeof buffer, "%s{code=\"%s\",%s} %.0f\n", name.c_str(), code,
                          labels.c_str(), base * 13);
            text += buffer;
            break;
          case 1:
            std::snprintf(buffer, sizeof buffer, "%s{%s} %.6g\n", name.c_str(), labels.c_str(),
                          base * 1048.576);
            text += buffer;
            break;
          case 2: {
            double cumulative = 0;
            for (const double bound : kBuckets) {
              cumulative += base / 50 + bound * 3;
              std::snprintf(buffer, sizeof buffer, "%s_bucket{%s,le=\"%g\"} %.0f\n", name.c_str(),
                            labels.c_str(), bound, cumulative);
              text += buffer;
            }
            std::snprintf(buffer, sizeof buffer,
                          "%s_bucket{%s,le=\"+Inf\"} %.0f\n%s_sum{%s} %.4f\n%s_count{%s} %.0f\n",
                          name.c_str(), labels.c_str(), cumulative + 1, name.c_str(),
                          labels.c_str(), cumulative * 0.137, name.c_str(), labels.c_str(),
                          cumulative + 1);
            text += buffer;
            break;
          }
          case 3:
            for (const char* quantile : {"0.5", "0.9", "0.99"}) {
              std::snprintf(buffer, sizeof buffer, "%s{%s,quantile=\"%s\"} %.6g\n", name.c_str(),
                            labels.c_str(), quantile, base / 1000 * (quantile[2] - '0' + 1));
              text += buffer;
            }
            std::snprintf(buffer, sizeof buffer, "%s_sum{%s} %.4f\n%s_count{%s} %.0f\n",
                          name.c_str(), labels.c_str(), base * 0.42, name.c_str(), labels.c_str(),
                          base);
            text += buffer;
            break;
        }
        result.sampleLines += static_cast<std::uint64_t>(kLinesPerSeries[kind]);
        if (text.size() > (1u << 20))
          flush();
      }
    }
  }
  flush();
  std::fclose(out);
  return result;
}

}  // namespace sightline::bench
