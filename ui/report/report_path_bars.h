#pragma once

#include <QColor>
#include <QString>
#include <cstdint>
#include <vector>

#include "model/report/report_content.h"

namespace sightline {

// Section 4 of the report, "critical path per endpoint", as the HTML and the PDF draw it: per
// endpoint a bar per side (before, after; or one for the whole workspace) as long as the mean
// request, split into the time each service owns on the critical path per request.
struct PathBarSegment {
  QString service;  // display text (reportText), or "other services (N)"
  double meanNs = 0;
  QColor colour;
};

struct PathBar {
  QString side;  // "before", "after", or "" for the whole workspace
  std::uint32_t traces = 0;
  double meanNs = 0;
  std::vector<PathBarSegment> segments;  // in the legend's order
};

struct PathBarGroup {
  QString endpoint;  // "service: operation"
  std::vector<PathBar> bars;
  double scaleNs = 0;  // the longest bar of the group
};

struct PathBarChart {
  std::vector<PathBarGroup> groups;
  std::size_t omittedEndpoints = 0;
  // Every service with a colour of its own, most path time first; the rest share grey.
  std::vector<std::pair<QString, QColor>> legend;
};

inline constexpr std::size_t kPathBarEndpoints = 8;
inline constexpr std::size_t kPathBarColours = 10;

// The endpoints with the most traces (target first, then baseline), at most kPathBarEndpoints;
// a service's colour is the same in every bar; services beyond the kPathBarColours with the
// most path time overall are drawn as one grey "other services" segment per bar.
PathBarChart pathBarChart(const ReportContent& content);

// "1.2 s → 410 ms per request (−66 %)" or "410 ms per request".
QString pathBarSummary(const PathBarGroup& group);

}  // namespace sightline
