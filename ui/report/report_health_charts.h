#pragma once

#include <QColor>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <vector>

#include "model/report/report_content.h"

namespace sightline {

// Section 6 of the report, "service health over time", as the HTML and the PDF draw it: rows
// of small charts (requests: rate, errors, p95; processes: CPU, goroutines, memory), each with
// a line per side over the time since the side's start, on one x axis for both.
enum class HealthUnit { PerSecond, Share, Duration, Cores, Count, Bytes };

struct HealthMark {
  QPointF at;  // x: seconds since the side's start; y: the value in the chart's unit
  QString tip;
};

struct HealthLine {
  QString side;  // "before", "after", or "" for the whole workspace
  QColor colour;
  bool dots = false;                          // metric readings: a dot at each
  std::vector<std::vector<HealthMark>> runs;  // broken where a bucket had no request
};

// A dashed reference line (the SLO's), drawn when it falls inside the chart's scale.
struct HealthRule {
  QString label;
  double y = 0;
};

struct HealthChart {
  QString title;
  HealthUnit unit = HealthUnit::Count;
  double yMax = 1;
  std::vector<double> yTicks;  // 0 … yMax
  std::vector<HealthLine> lines;
  std::vector<HealthRule> rules;  // inside the scale
  QString offScale;               // rules above the scale, said in words ("" when none)
  bool empty() const;             // no line has a point
};

struct HealthRow {
  QString heading;  // "All requests", "frontend: GET /api/products", "job payment"
  std::vector<HealthChart> charts;
};

struct HealthCharts {
  double axisSeconds = 0;
  std::vector<double> xTicks;       // seconds, 0 … axisSeconds
  std::vector<HealthRow> requests;  // empty when neither side has a request
  std::vector<HealthRow> processes;
  std::vector<std::pair<QString, QColor>> legend;  // the sides
  QString bucketText;                              // "60 buckets of 10.0 s"
  QString sloText;      // what the dashed lines are, or why there are none
  QStringList omitted;  // what was left out, one sentence each
};

inline const QColor kHealthBefore(0x8f, 0xa3, 0xbd);  // grey-blue
inline const QColor kHealthAfter(0xd9, 0x48, 0x0f);   // a strong orange
inline const QColor kHealthRule(0x5b, 0x64, 0x75);

HealthCharts healthCharts(const ReportContent& content);

// A value in a chart's unit, for axes and tooltips: "12.5 /s", "3.2 %", "410 ms", "0.25 cores",
// "33", "84.2 MB".
QString healthValue(double value, HealthUnit unit);
// An axis label: as healthValue, without the unit the chart's title names ("/s", "cores").
QString healthAxisValue(double value, HealthUnit unit);
// Time since a side's start: "0", "45 s", "2 min", "2 min 30 s", "1 h 5 min".
QString healthOffset(double seconds);

// Round steps for an axis from 0 to at least `max`: the ticks (about `count` intervals);
// the last tick is the axis' end.
std::vector<double> healthTicks(double max, int count);
std::vector<double> healthTimeTicks(double seconds, int count);

}  // namespace sightline
