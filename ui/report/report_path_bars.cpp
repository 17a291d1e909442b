#include "ui/report/report_path_bars.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "ui/report/report_figures.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace {

// Distinct on screen and on paper, and apart from the report's red/blue of better/worse.
const QColor kPalette[kPathBarColours] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b),
                                          QColor(0x59, 0xa1, 0x4f), QColor(0xb0, 0x7a, 0xa1),
                                          QColor(0xed, 0xc9, 0x48), QColor(0x76, 0xb7, 0xb2),
                                          QColor(0x9c, 0x75, 0x5f), QColor(0xff, 0x9d, 0xa7),
                                          QColor(0x8c, 0xd1, 0x7d), QColor(0x49, 0x98, 0x94)};
const QColor kOther(0xba, 0xb0, 0xac);

using EndpointKey = std::pair<std::string, std::string>;

const EndpointCriticalPath* find(const std::vector<EndpointCriticalPath>& paths,
                                 const EndpointKey& key) {
  for (const EndpointCriticalPath& path : paths) {
    if (path.service == key.first && path.operation == key.second)
      return &path;
  }
  return nullptr;
}

}  // namespace

PathBarChart pathBarChart(const ReportContent& content) {
  PathBarChart chart;
  // Endpoints: the target's by trace count, then the baseline's that the target lacks.
  std::vector<EndpointKey> endpoints;
  for (const auto* side : {&content.targetPaths, &content.baselinePaths}) {
    for (const EndpointCriticalPath& path : *side) {
      const EndpointKey key{path.service, path.operation};
      if (std::find(endpoints.begin(), endpoints.end(), key) == endpoints.end())
        endpoints.push_back(key);
    }
  }
  if (endpoints.size() > kPathBarEndpoints) {
    chart.omittedEndpoints = endpoints.size() - kPathBarEndpoints;
    endpoints.resize(kPathBarEndpoints);
  }

  // Colours by path time over the endpoints shown (both sides, per request).
  std::unordered_map<std::string, double> serviceTime;
  for (const EndpointKey& key : endpoints) {
    for (const auto* side : {&content.baselinePaths, &content.targetPaths}) {
      if (const EndpointCriticalPath* path = find(*side, key); path && path->traces) {
        for (const auto& share : path->services)
          serviceTime[share.service] += static_cast<double>(share.pathNs) / path->traces;
      }
    }
  }
  std::vector<std::pair<std::string, double>> ranked(serviceTime.begin(), serviceTime.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::map<std::string, std::size_t> colourOf;
  for (std::size_t i = 0; i < ranked.size() && i < kPathBarColours; ++i) {
    colourOf[ranked[i].first] = i;
    chart.legend.emplace_back(reportText(ranked[i].first, 60), kPalette[i]);
  }
  const std::size_t othersOverall =
      ranked.size() > kPathBarColours ? ranked.size() - kPathBarColours : 0;
  if (othersOverall > 0)
    chart.legend.emplace_back(QStringLiteral("other services (%1)").arg(othersOverall), kOther);

  for (const EndpointKey& key : endpoints) {
    PathBarGroup group;
    group.endpoint = reportText(key.first, 80) + QStringLiteral(": ") + reportText(key.second, 120);
    const std::vector<std::pair<QString, const std::vector<EndpointCriticalPath>*>> sides =
        content.hasBaseline
            ? std::vector<std::pair<
                  QString, const std::vector<EndpointCriticalPath>*>>{{QStringLiteral("before"),
                                                                       &content.baselinePaths},
                                                                      {QStringLiteral("after"),
                                                                       &content.targetPaths}}
            : std::vector<std::pair<QString, const std::vector<EndpointCriticalPath>*>>{
                  {QString(), &content.targetPaths}};
    for (const auto& [label, paths] : sides) {
      PathBar bar;
      bar.side = label;
      const EndpointCriticalPath* path = find(*paths, key);
      if (path && path->traces) {
        bar.traces = path->traces;
        bar.meanNs = path->meanNs();
        std::vector<double> byColour(kPathBarColours, 0.0);
        double other = 0;
        std::size_t otherServices = 0;
        for (const auto& share : path->services) {
          const double mean = static_cast<double>(share.pathNs) / path->traces;
          if (auto it = colourOf.find(share.service); it != colourOf.end()) {
            byColour[it->second] += mean;
          } else {
            other += mean;
            ++otherServices;
          }
        }
        for (std::size_t c = 0; c < kPathBarColours; ++c) {
          if (byColour[c] > 0)
            bar.segments.push_back({chart.legend[c].first, byColour[c], kPalette[c]});
        }
        if (other > 0) {
          bar.segments.push_back(
              {QStringLiteral("other services (%1)").arg(otherServices), other, kOther});
        }
      }
      group.scaleNs = std::max(group.scaleNs, bar.meanNs);
      group.bars.push_back(std::move(bar));
    }
    chart.groups.push_back(std::move(group));
  }
  return chart;
}

QString pathBarSummary(const PathBarGroup& group) {
  auto duration = [](double ns) -> QString {
    return reportDuration(static_cast<std::uint64_t>(ns + 0.5));
  };
  if (group.bars.size() == 2) {
    const PathBar& before = group.bars[0];
    const PathBar& after = group.bars[1];
    if (before.traces && after.traces) {
      return QStringLiteral("%1 → %2 per request (%3)")
          .arg(duration(before.meanNs), duration(after.meanNs),
               relativeChange(before.meanNs, after.meanNs));
    }
    return before.traces
               ? QStringLiteral("%1 per request before; none after").arg(duration(before.meanNs))
               : QStringLiteral("none before; %1 per request after").arg(duration(after.meanNs));
  }
  return group.bars.empty() ? QString()
                            : QStringLiteral("%1 per request").arg(duration(group.bars[0].meanNs));
}

}  // namespace sightline
