#include "ui/report/report_health_charts.h"

#include <algorithm>
#include <cmath>

#include "model/text/byte_size_text.h"
#include "ui/report/report_figures.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace {

constexpr double kNsPerSecond = 1e9;

struct SideRef {
  QString label;
  QColor colour;
  const HealthSide* side;
};

std::vector<SideRef> sidesOf(const ReportHealth& health) {
  if (!health.hasBaseline)
    return {{QString(), kHealthAfter, &health.target}};
  return {{QStringLiteral("before"), kHealthBefore, &health.baseline},
          {QStringLiteral("after"), kHealthAfter, &health.target}};
}

QString tipPrefix(const SideRef& side, double seconds) {
  return (side.label.isEmpty() ? QString() : side.label + QStringLiteral(", ")) +
         QStringLiteral("at ") + healthOffset(seconds) + QStringLiteral(": ");
}

// The scale of a chart: round ticks over its data and the rules near it; a rule far above
// the data (an SLO the service is well within) is said, not drawn, so the lines keep their
// detail.
void scale(HealthChart& chart, std::vector<HealthRule> rules) {
  double max = 0;
  for (const HealthLine& line : chart.lines)
    for (const auto& run : line.runs)
      for (const HealthMark& mark : run)
        max = std::max(max, mark.at.y());
  if (max <= 0) {
    switch (chart.unit) {
      case HealthUnit::Share:
        max = 0.01;
        break;
      case HealthUnit::Duration:
        max = 1e6;
        break;
      case HealthUnit::Cores:
        max = 0.01;
        break;
      case HealthUnit::Bytes:
        max = 1 << 20;
        break;
      default:
        max = 1;
    }
  }
  const double dataMax = max;
  for (const HealthRule& rule : rules) {
    if (rule.y <= 3 * dataMax)
      max = std::max(max, rule.y);
  }
  if (chart.unit == HealthUnit::Bytes) {
    // Round steps in the binary unit the labels use (KiB, MiB, GiB).
    double unit = 1;
    while (max / unit >= 1024)
      unit *= 1024;
    chart.yTicks = healthTicks(max / unit, 4);
    for (double& tick : chart.yTicks)
      tick *= unit;
  } else {
    chart.yTicks = healthTicks(max, 4);
  }
  chart.yMax = chart.yTicks.back();
  // A rule within a twenty-fifth of the axis' foot would lie on the data's floor.
  QStringList above;
  QStringList low;
  for (HealthRule& rule : rules) {
    if (rule.y > chart.yMax)
      above << rule.label;
    else if (rule.y < chart.yMax / 25)
      low << rule.label;
    else
      chart.rules.push_back(std::move(rule));
  }
  QStringList offScale;
  if (!above.isEmpty())
    offScale << QStringLiteral("above the scale: ") + above.join(QStringLiteral(", "));
  if (!low.isEmpty())
    offScale << QStringLiteral("near 0 here: ") + low.join(QStringLiteral(", "));
  chart.offScale = offScale.join(QStringLiteral("; "));
}

enum class RedFigure { Rate, Errors, P95 };

HealthChart redChart(const ReportHealth& health, std::size_t endpoint, RedFigure figure) {
  HealthChart chart;
  std::vector<HealthRule> rules;
  switch (figure) {
    case RedFigure::Rate:
      chart.title = QStringLiteral("Requests per second");
      chart.unit = HealthUnit::PerSecond;
      break;
    case RedFigure::Errors:
      chart.title = QStringLiteral("Error rate");
      chart.unit = HealthUnit::Share;
      if (health.slo) {
        const double budget = 1 - health.slo->objective;
        rules.push_back({QStringLiteral("budget %1").arg(healthValue(budget, chart.unit)), budget});
        const double page = budget * health.slo->pageBurnRate;
        rules.push_back({QStringLiteral("page %1").arg(healthValue(page, chart.unit)), page});
      }
      break;
    case RedFigure::P95:
      chart.title = QStringLiteral("p95 latency");
      chart.unit = HealthUnit::Duration;
      if (health.slo) {
        const auto budget = static_cast<double>(health.slo->latencyBudgetNs);
        rules.push_back({QStringLiteral("budget %1").arg(healthValue(budget, chart.unit)), budget});
      }
      break;
  }
  for (const SideRef& side : sidesOf(health)) {
    HealthLine line;
    line.side = side.label;
    line.colour = side.colour;
    if (endpoint >= side.side->red.size())
      continue;
    std::vector<HealthMark> run;
    for (const HealthBucket& bucket : side.side->red[endpoint]) {
      const double seconds =
          static_cast<double>(bucket.offsetNs + bucket.lengthNs / 2) / kNsPerSecond;
      const double length = static_cast<double>(bucket.lengthNs) / kNsPerSecond;
      std::optional<double> y;
      QString tip;
      if (figure == RedFigure::Rate && length > 0) {
        y = bucket.requests / length;
        tip = healthValue(*y, chart.unit) +
              QStringLiteral(" (%1 requests in %2)").arg(bucket.requests).arg(healthOffset(length));
      } else if (figure == RedFigure::Errors && bucket.requests > 0) {
        y = static_cast<double>(bucket.errors) / bucket.requests;
        tip = healthValue(*y, chart.unit) +
              QStringLiteral(" (%1 of %2 requests)").arg(bucket.errors).arg(bucket.requests);
      } else if (figure == RedFigure::P95 && bucket.requests > 0) {
        y = static_cast<double>(bucket.p95Ns);
        tip = healthValue(*y, chart.unit) + QStringLiteral(" (%1 requests)").arg(bucket.requests);
      }
      if (!y) {
        if (!run.empty())
          line.runs.push_back(std::move(run));
        run.clear();
        continue;
      }
      run.push_back({QPointF(seconds, *y), tipPrefix(side, seconds) + tip});
    }
    if (!run.empty())
      line.runs.push_back(std::move(run));
    chart.lines.push_back(std::move(line));
  }
  scale(chart, std::move(rules));
  return chart;
}

QString memoryTitle(const std::string& metric) {
  if (metric == "go_memstats_heap_inuse_bytes")
    return QStringLiteral("Heap in use");
  if (metric == "go_memstats_heap_alloc_bytes")
    return QStringLiteral("Heap allocated");
  if (metric == "process_resident_memory_bytes")
    return QStringLiteral("Resident memory");
  return QStringLiteral("Heap");
}

HealthChart jobChart(const ReportHealth& health, std::size_t job,
                     std::vector<HealthPoint> HealthJobSeries::*series, const QString& title,
                     HealthUnit unit) {
  HealthChart chart;
  chart.title = title;
  chart.unit = unit;
  for (const SideRef& side : sidesOf(health)) {
    if (job >= side.side->jobs.size())
      continue;
    HealthLine line;
    line.side = side.label;
    line.colour = side.colour;
    line.dots = true;
    std::vector<HealthMark> run;
    for (const HealthPoint& point : side.side->jobs[job].*series) {
      const double seconds = static_cast<double>(point.offsetNs) / kNsPerSecond;
      run.push_back({QPointF(seconds, point.value),
                     tipPrefix(side, seconds) + healthValue(point.value, unit)});
    }
    if (!run.empty())
      line.runs.push_back(std::move(run));
    chart.lines.push_back(std::move(line));
  }
  scale(chart, {});
  return chart;
}

// About three significant digits, no trailing zeros: "0.0025", "0.25", "2.5", "12.3", "140".
QString number(double value) {
  const double magnitude = std::fabs(value);
  const int decimals = magnitude >= 100  ? 0
                       : magnitude >= 10 ? 1
                       : magnitude >= 1 || magnitude == 0
                           ? 2
                           : std::min(9, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
  QString text = QString::number(value, 'f', decimals);
  if (text.contains(QLatin1Char('.'))) {
    while (text.endsWith(QLatin1Char('0')))
      text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
      text.chop(1);
  }
  return text;
}

}  // namespace

bool HealthChart::empty() const {
  return std::all_of(lines.begin(), lines.end(),
                     [](const HealthLine& line) { return line.runs.empty(); });
}

HealthCharts healthCharts(const ReportContent& content) {
  const ReportHealth& health = content.health;
  HealthCharts charts;
  charts.axisSeconds = static_cast<double>(health.axisNs) / kNsPerSecond;
  charts.xTicks = healthTimeTicks(charts.axisSeconds, 4);
  if (!charts.xTicks.empty())
    charts.axisSeconds = std::max(charts.axisSeconds, charts.xTicks.back());
  if (content.hasBaseline) {
    charts.legend.emplace_back(
        QStringLiteral("before: ") + reportText(describeCompareSide(content.baselineSide.side)),
        kHealthBefore);
    charts.legend.emplace_back(
        QStringLiteral("after: ") + reportText(describeCompareSide(content.targetSide.side)),
        kHealthAfter);
  }
  const std::size_t buckets =
      std::max(health.baseline.red.empty() ? 0 : health.baseline.red.front().size(),
               health.target.red.empty() ? 0 : health.target.red.front().size());
  charts.bucketText = QStringLiteral("%1 buckets of %2")
                          .arg(buckets)
                          .arg(healthOffset(static_cast<double>(health.bucketNs) / kNsPerSecond));
  if (health.slo) {
    charts.sloText = QStringLiteral(
                         "Dashed lines: the SLO of the diagnosis rules (slo-burn): objective %1, "
                         "so an error budget of %2 of requests, paging at %3× the budget; latency "
                         "budget %4 (a p99 budget, drawn on the p95 chart for reference).")
                         .arg(healthValue(health.slo->objective, HealthUnit::Share),
                              healthValue(1 - health.slo->objective, HealthUnit::Share))
                         .arg(health.slo->pageBurnRate)
                         .arg(healthValue(static_cast<double>(health.slo->latencyBudgetNs),
                                          HealthUnit::Duration));
  } else {
    charts.sloText = QStringLiteral(
        "No SLO lines: the slo-burn rule is off in the rules the "
        "findings were made with.");
  }

  const bool requests = health.baseline.requests + health.target.requests > 0;
  for (std::size_t e = 0; requests && e < health.endpoints.size(); ++e) {
    HealthRow row;
    const ReportHealth::Endpoint& endpoint = health.endpoints[e];
    row.heading = e == 0 ? QStringLiteral("All requests")
                         : reportText(endpoint.service, 80) + QStringLiteral(": ") +
                               reportText(endpoint.operation, 120);
    for (RedFigure figure : {RedFigure::Rate, RedFigure::Errors, RedFigure::P95})
      row.charts.push_back(redChart(health, e, figure));
    charts.requests.push_back(std::move(row));
  }
  if (health.omittedEndpoints > 0) {
    charts.omitted << QStringLiteral(
                          "%1 more endpoint(s) with fewer requests not drawn (they "
                          "count in All requests).")
                          .arg(health.omittedEndpoints);
  }

  for (std::size_t j = 0; j < health.jobs.size(); ++j) {
    const ReportHealth::Job& job = health.jobs[j];
    HealthRow row;
    row.heading = QStringLiteral("job ") +
                  (job.job.empty() ? QStringLiteral("(none)") : reportText(job.job, 80));
    row.charts.push_back(jobChart(health, j, &HealthJobSeries::cpuCores,
                                  QStringLiteral("CPU (cores)"), HealthUnit::Cores));
    row.charts.push_back(jobChart(health, j, &HealthJobSeries::goroutines,
                                  QStringLiteral("Goroutines"), HealthUnit::Count));
    row.charts.push_back(jobChart(health, j, &HealthJobSeries::memoryBytes,
                                  memoryTitle(job.memoryMetric), HealthUnit::Bytes));
    charts.processes.push_back(std::move(row));
  }
  if (!health.omittedJobs.empty()) {
    QStringList names;
    for (const std::string& job : health.omittedJobs)
      names << reportText(job, 80);
    charts.omitted << QStringLiteral("%1 more %2 using less CPU %3 not drawn: %4.")
                          .arg(health.omittedJobs.size())
                          .arg(health.omittedJobs.size() == 1 ? QStringLiteral("job")
                                                              : QStringLiteral("jobs"))
                          .arg(health.omittedJobs.size() == 1 ? QStringLiteral("is")
                                                              : QStringLiteral("are"))
                          .arg(names.join(QStringLiteral(", ")));
  }
  return charts;
}

QString healthValue(double value, HealthUnit unit) {
  switch (unit) {
    case HealthUnit::PerSecond:
      return number(value) + QStringLiteral(" /s");
    case HealthUnit::Share:
      return number(value * 100) + QStringLiteral(" %");
    case HealthUnit::Duration:
      return reportDuration(static_cast<std::uint64_t>(std::max(0.0, value) + 0.5));
    case HealthUnit::Cores:
      return number(value) + QStringLiteral(" cores");
    case HealthUnit::Count:
      return number(value);
    case HealthUnit::Bytes:
      return formatByteSize(value);
  }
  return number(value);
}

QString healthAxisValue(double value, HealthUnit unit) {
  return unit == HealthUnit::PerSecond || unit == HealthUnit::Cores ? number(value)
                                                                    : healthValue(value, unit);
}

QString healthOffset(double seconds) {
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (seconds < 10 && std::fabs(seconds - static_cast<double>(whole)) > 0.05)
    return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
  if (whole == 0)
    return QStringLiteral("0");
  if (whole < 60)
    return QStringLiteral("%1 s").arg(whole);
  if (whole < 3600) {
    return whole % 60 ? QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60)
                      : QStringLiteral("%1 min").arg(whole / 60);
  }
  const long long minutes = (whole + 30) / 60;
  return minutes % 60 ? QStringLiteral("%1 h %2 min").arg(minutes / 60).arg(minutes % 60)
                      : QStringLiteral("%1 h").arg(minutes / 60);
}

std::vector<double> healthTicks(double max, int count) {
  if (!(max > 0) || count < 1)
    return {0, 1};
  const double raw = max / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw)
      break;
  }
  std::vector<double> ticks;
  const int steps = static_cast<int>(std::ceil(max / step - 1e-9));
  for (int i = 0; i <= std::max(steps, 1); ++i)
    ticks.push_back(step * i);
  return ticks;
}

std::vector<double> healthTimeTicks(double seconds, int count) {
  if (!(seconds > 0) || count < 1)
    return {0};
  static const double kSteps[] = {0.1,  0.2,   0.5,   1,     2,     5,      10,    15,
                                  30,   60,    120,   300,   600,   900,    1800,  3600,
                                  7200, 10800, 21600, 43200, 86400, 172800, 604800};
  double step = kSteps[std::size(kSteps) - 1];
  for (double s : kSteps) {
    if (std::floor(seconds / s) <= count) {
      step = s;
      break;
    }
  }
  std::vector<double> ticks;
  for (double t = 0; t <= seconds + step * 1e-6; t += step)
    ticks.push_back(t);
  return ticks;
}

}  // namespace sightline
