#include "ui/report/report_rows.h"

#include <QLocale>
#include <QStringList>
#include <algorithm>

#include "model/text/profile_value_text.h"
#include "model/text/timestamp_text.h"
#include "ui/report/report_figures.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace {

QString plural(std::size_t n, const char* word) {
  return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(word),
                                              n == 1 ? QString() : QStringLiteral("s"));
}

QString thousands(std::uint64_t n) {
  return QLocale::c().toString(static_cast<qulonglong>(n));
}

ChangeTone toneOf(std::optional<std::uint64_t> before, std::optional<std::uint64_t> after) {
  if (!before || !after || *before == 0)
    return ChangeTone::Neutral;
  const double ratio = static_cast<double>(*after) / static_cast<double>(*before);
  if (ratio <= 0.95)
    return ChangeTone::Better;
  if (ratio >= 1.05)
    return ChangeTone::Worse;
  return ChangeTone::Neutral;
}

template <typename T, typename Get>
std::optional<T> fieldOf(const std::optional<EndpointFigures>& side, Get get) {
  if (!side)
    return std::nullopt;
  return get(*side);
}

}  // namespace

std::vector<QString> verdictLines(const ReportContent& content) {
  std::vector<QString> lines;
  if (!content.hasBaseline) {
    lines.push_back(plural(content.findings.size(), "finding") + QStringLiteral(" (see below)."));
    return lines;
  }
  std::size_t fixed = 0, added = 0, remaining = 0;
  for (const ReportFinding& row : content.findings) {
    if (row.presence == FindingPresence::FixedInTarget)
      ++fixed;
    else if (row.presence == FindingPresence::NewInTarget)
      ++added;
    else
      ++remaining;
  }
  lines.push_back(QStringLiteral("%1 gone after, %2 still present, %3 new.")
                      .arg(plural(fixed, "finding"))
                      .arg(remaining)
                      .arg(added));
  std::vector<const ReportEndpoint*> changed;
  for (const ReportEndpoint& e : content.endpoints) {
    if (e.baseline && e.target && e.baseline->latency.p95Ns > 0)
      changed.push_back(&e);
  }
  auto ratio = [](const ReportEndpoint* e) {
    return static_cast<double>(e->target->latency.p95Ns) /
           static_cast<double>(e->baseline->latency.p95Ns);
  };
  std::stable_sort(
      changed.begin(), changed.end(),
      [&](const ReportEndpoint* a, const ReportEndpoint* b) { return ratio(a) < ratio(b); });
  auto line = [](const ReportEndpoint& e, const char* verb) {
    return QStringLiteral("p95 of %1 · %2%3: %4")
        .arg(reportText(e.service), reportText(e.operation), QLatin1String(verb),
             durationChange(e.baseline->latency.p95Ns, e.target->latency.p95Ns));
  };
  for (std::size_t i = 0; i < changed.size() && i < 3 && ratio(changed[i]) <= 0.95; ++i)
    lines.push_back(line(*changed[i], ""));
  for (std::size_t i = 0; i < changed.size() && i < 3; ++i) {
    const ReportEndpoint* e = changed[changed.size() - 1 - i];
    if (ratio(e) < 1.05)
      break;
    lines.push_back(line(*e, " got worse"));
  }
  return lines;
}

std::vector<QString> endpointHeads() {
  return {QStringLiteral("Endpoint"),  QStringLiteral("Requests"), QStringLiteral("p50"),
          QStringLiteral("p95"),       QStringLiteral("p99"),      QStringLiteral("Errors"),
          QStringLiteral("Throughput")};
}

std::vector<ReportCell> endpointCells(const ReportEndpoint& e, bool hasBaseline) {
  std::vector<ReportCell> cells{
      {reportText(e.operation), ChangeTone::Neutral, reportText(e.service)}};
  const auto count = [](const std::optional<EndpointFigures>& s) {
    return fieldOf<std::uint64_t>(s, [](const EndpointFigures& f) { return f.latency.count; });
  };
  const auto percentile = [](const std::optional<EndpointFigures>& s,
                             std::uint64_t OperationSideFigures::*field) {
    return fieldOf<std::uint64_t>(s, [&](const EndpointFigures& f) { return f.latency.*field; });
  };
  const auto errors = [](const std::optional<EndpointFigures>& s) {
    return fieldOf<double>(s, [](const EndpointFigures& f) { return f.latency.errorRate; });
  };
  const auto rate = [](const std::optional<EndpointFigures>& s) {
    return fieldOf<double>(s, [](const EndpointFigures& f) { return f.requestsPerSecond; });
  };
  if (hasBaseline) {
    cells.push_back({countChange(count(e.baseline), count(e.target))});
    for (auto field : {&OperationSideFigures::p50Ns, &OperationSideFigures::p95Ns,
                       &OperationSideFigures::p99Ns}) {
      const auto before = percentile(e.baseline, field);
      const auto after = percentile(e.target, field);
      cells.push_back({durationChange(before, after), toneOf(before, after)});
    }
    cells.push_back({shareChange(errors(e.baseline), errors(e.target))});
    cells.push_back({rateChange(rate(e.baseline), rate(e.target), QStringLiteral("/s"))});
  } else if (e.target) {
    const OperationSideFigures& f = e.target->latency;
    cells.push_back({QString::number(f.count)});
    cells.push_back({reportDuration(f.p50Ns)});
    cells.push_back({reportDuration(f.p95Ns)});
    cells.push_back({reportDuration(f.p99Ns)});
    cells.push_back({QString::number(f.errorRate * 100, 'f', 1) + QStringLiteral(" %")});
    cells.push_back({QString::number(e.target->requestsPerSecond, 'f', 2) + QStringLiteral("/s")});
  }
  while (cells.size() < endpointHeads().size())
    cells.push_back({QStringLiteral("–")});
  return cells;
}

QString sourceContents(const ReportSource& source) {
  QStringList parts;
  if (source.spans > 0)
    parts << thousands(source.spans) + QStringLiteral(" spans");
  if (source.profiles > 0) {
    parts << plural(source.profiles, "profile") +
                 QStringLiteral(" (%1 samples)").arg(thousands(source.profileSamples));
  }
  if (source.snapshots > 0) {
    parts << plural(source.snapshots, "snapshot") +
                 QStringLiteral(" (%1 samples)").arg(thousands(source.metricPoints));
  }
  if (source.debtRecords > 0)
    parts << thousands(source.debtRecords) + QStringLiteral(" debt records");
  return parts.isEmpty() ? QStringLiteral("nothing stored") : parts.join(QStringLiteral(", "));
}

QString sideWindow(const CompareSideSummary& side) {
  if (side.lastEndNs == 0)
    return QStringLiteral("no spans");
  return formatUtcTimestamp(side.firstStartNs) + QStringLiteral(" – ") +
         formatUtcTimestamp(side.lastEndNs) +
         QStringLiteral(" (%1 traces, %2 spans, %3 error spans)")
             .arg(thousands(side.traces), thousands(side.spans), thousands(side.errorSpans));
}

std::vector<std::pair<QString, QString>> findingNumbers(const Finding& f) {
  std::vector<std::pair<QString, QString>> rows;
  if (f.impactNs > 0) {
    QString impact = reportDuration(f.impactNs) + QStringLiteral(" in total");
    if (f.impactPerRequestNs > 0) {
      impact += QStringLiteral(", ") + reportDuration(f.impactPerRequestNs) +
                QStringLiteral(" per affected request");
    }
    rows.emplace_back(QStringLiteral("Time to save"), impact);
  }
  if (f.trafficShare > 0) {
    rows.emplace_back(
        QStringLiteral("Traffic touched"),
        QString::number(f.trafficShare * 100, 'f', 1) + QStringLiteral(" % of the traces"));
  }
  if (f.count > 0)
    rows.emplace_back(QStringLiteral("Occurrences"), thousands(f.count));
  if (f.firstSeenUnixNano > 0) {
    rows.emplace_back(QStringLiteral("Seen"), formatUtcTimestamp(f.firstSeenUnixNano) +
                                                  QStringLiteral(" – ") +
                                                  formatUtcTimestamp(f.lastSeenUnixNano));
  }
  if (!f.traceIds.empty()) {
    rows.emplace_back(QStringLiteral("Example trace"),
                      QString::fromStdString(f.traceIds.front().toHex()));
  }
  return rows;
}

std::vector<QString> flameChangeHeads() {
  return {QStringLiteral("Function"), QStringLiteral("Self before"), QStringLiteral("Self after"),
          QStringLiteral("Change")};
}

std::vector<std::vector<ReportCell>> flameChangeRows(const ReportDiffFlame& flame) {
  const std::string& unit = flame.tree.sampleType.unit;
  auto value = [&unit](std::int64_t v, double share) -> QString {
    return formatProfileValue(v, unit) + QStringLiteral(" (") +
           QString::number(share * 100, 'f', 1) + QStringLiteral(" %)");
  };
  std::vector<std::vector<ReportCell>> rows;
  for (const ReportDiffFlame::Change& c : flame.largestChanges) {
    const double points = (c.afterShare - c.beforeShare) * 100;
    const ChangeTone tone = points < 0 ? ChangeTone::Better : ChangeTone::Worse;
    rows.push_back({{reportText(c.function)},
                    {value(c.beforeSelf, c.beforeShare)},
                    {value(c.afterSelf, c.afterShare)},
                    {(points > 0 ? QStringLiteral("+") : QString()) +
                         QString::number(points, 'f', 1) + QStringLiteral(" points"),
                     tone}});
  }
  return rows;
}

std::vector<QString> furtherFindingHeads(bool hasBaseline) {
  std::vector<QString> heads{QStringLiteral("Severity"), QStringLiteral("Rule")};
  if (hasBaseline)
    heads.push_back(QStringLiteral("Where"));
  heads.push_back(QStringLiteral("Finding"));
  heads.push_back(QStringLiteral("Time to save"));
  return heads;
}

std::vector<ReportCell> furtherFindingCells(const ReportFinding& row, bool hasBaseline) {
  const Finding& f = row.finding;
  std::vector<ReportCell> cells{{severityWord(f.severity)}, {reportText(f.rule)}};
  if (hasBaseline)
    cells.push_back({presenceLabel(row.presence)});
  cells.push_back({reportText(f.title)});
  cells.push_back({f.impactNs > 0 ? reportDuration(f.impactNs) : QStringLiteral("–")});
  return cells;
}

QString severityWord(Severity severity) {
  const std::string_view name = severityName(severity);
  return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString presenceLabel(FindingPresence presence) {
  switch (presence) {
    case FindingPresence::FixedInTarget:
      return QStringLiteral("gone after");
    case FindingPresence::NewInTarget:
      return QStringLiteral("new after");
    case FindingPresence::Everywhere:
      return QStringLiteral("before and after");
  }
  return QString();
}

QString evidenceSubject(const FindingEvidence& e) {
  switch (e.kind) {
    case FindingEvidence::Kind::Span:
      return QStringLiteral("span %1 of trace %2")
          .arg(QString::fromStdString(e.spanId.toHex()), QString::fromStdString(e.traceId.toHex()));
    case FindingEvidence::Kind::ProfileFunction:
      return QStringLiteral("%1 (profile %2)").arg(reportText(e.function)).arg(e.profileId);
    case FindingEvidence::Kind::MetricSeries:
      return reportText(e.series);
  }
  return QString();
}

QString evidenceWhen(const FindingEvidence& e) {
  if (e.startUnixNano == 0)
    return QString();
  QString text = formatUtcTimestamp(e.startUnixNano);
  if (e.endUnixNano > e.startUnixNano) {
    text +=
        QStringLiteral(" (") + reportDuration(e.endUnixNano - e.startUnixNano) + QLatin1Char(')');
  }
  return text;
}

}  // namespace sightline
