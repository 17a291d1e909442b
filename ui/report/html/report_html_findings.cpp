#include "ui/report/html/report_html_parts.h"
#include "ui/report/html/report_svg_waterfall.h"
#include "ui/report/report_rows.h"
#include "ui/report/report_text.h"

namespace sightline::report_html {

namespace {

void numbers(HtmlWriter& html, const Finding& f) {
  html.start("dl", {{"class", QStringLiteral("numbers")}});
  for (const auto& [label, value] : findingNumbers(f)) {
    html.element("dt", label);
    html.element("dd", value);
  }
  html.end();
}

void evidence(HtmlWriter& html, const Finding& f) {
  if (f.evidence.empty())
    return;
  html.start("details");
  html.element("summary", QStringLiteral("Evidence (%1)").arg(f.evidence.size()));
  html.start("table", {{"class", QStringLiteral("evidence")}});
  html.start("thead");
  html.start("tr");
  html.element("th", QStringLiteral("Role"));
  html.element("th", QStringLiteral("What"));
  html.element("th", QStringLiteral("When"));
  html.end();
  html.end();
  html.start("tbody");
  for (std::size_t i = 0; i < f.evidence.size() && i < kReportEvidenceRows; ++i) {
    const FindingEvidence& e = f.evidence[i];
    html.start("tr");
    html.element("td", dataText(e.role));
    html.element("td", evidenceSubject(e), {{"class", QStringLiteral("name")}});
    html.element("td", evidenceWhen(e));
    html.end();
  }
  html.end();
  html.end();
  if (f.evidence.size() > kReportEvidenceRows) {
    html.element(
        "p",
        QStringLiteral("%1 more evidence rows not listed (all are in the appendix's JSON).")
            .arg(f.evidence.size() - kReportEvidenceRows),
        {{"class", QStringLiteral("muted")}});
  }
  html.end();
}

// The heading of a group of a before/after report.
const char* groupName(FindingPresence presence) {
  switch (presence) {
    case FindingPresence::FixedInTarget:
      return "Gone after the change";
    case FindingPresence::NewInTarget:
      return "New after the change";
    case FindingPresence::Everywhere:
      return "Still present";
  }
  return "Still present";
}

void card(HtmlWriter& html, const ReportFinding& row, bool withPresence) {
  const Finding& f = row.finding;
  const QString severity = severityWord(f.severity);
  html.start("article", {{"class", QStringLiteral("finding sev-") + severity}});
  html.start("header");
  html.element("span", severity, {{"class", QStringLiteral("badge sev-") + severity}});
  html.text(QStringLiteral(" "));
  if (withPresence) {
    html.element(
        "span", presenceLabel(row.presence),
        {{"class", QStringLiteral("badge ") + QLatin1String(findingPresenceName(row.presence))}});
    html.text(QStringLiteral(" "));
  }
  html.element("span", dataText(f.rule), {{"class", QStringLiteral("rule")}});
  html.end();
  html.element("h3", dataText(f.title));
  const std::string subject = findingSubject(f, " · ");
  if (!subject.empty())
    html.element("p", dataText(subject), {{"class", QStringLiteral("muted")}});
  if (!f.explanation.empty())
    html.element("p", reportText(f.explanation, 4000));
  numbers(html, f);
  if (row.trace && !row.trace->rows.empty())
    writeSvgWaterfall(html, *row.trace);
  if (row.flame)
    writeFindingFlame(html, *row.flame);
  if (row.sparkline)
    writeFindingSparkline(html, *row.sparkline);
  evidence(html, f);
  html.end();
}

}  // namespace

void writeFindings(HtmlWriter& html, const ReportContent& content) {
  html.start("section", {{"id", QStringLiteral("findings")}});
  html.element("h2", QStringLiteral("Findings (%1)").arg(content.findings.size()));
  html.element("p",
               content.findingsFromStore
                   ? QStringLiteral("From the diagnosis stored at the last import, most severe "
                                    "and costly first.")
                   : QStringLiteral("Computed for this report with the workspace's rules, most "
                                    "severe and costly first."),
               {{"class", QStringLiteral("muted")}});
  if (content.findings.empty())
    html.element("p", QStringLiteral("The rules found nothing."));
  // The first kReportFindingCards as cards (with a baseline under their group's heading),
  // the rest in one table.
  const std::size_t cards = std::min(content.findings.size(), kReportFindingCards);
  const char* groupHeading = nullptr;
  for (std::size_t i = 0; i < cards; ++i) {
    const ReportFinding& row = content.findings[i];
    if (content.hasBaseline) {
      const char* heading = groupName(row.presence);
      if (heading != groupHeading) {
        std::size_t n = 0;
        for (const ReportFinding& other : content.findings)
          n += other.presence == row.presence ? 1 : 0;
        html.element("h3", QStringLiteral("%1 (%2)").arg(QLatin1String(heading)).arg(n));
        groupHeading = heading;
      }
    }
    card(html, row, content.hasBaseline);
  }
  if (content.findings.size() > cards) {
    html.element("h3",
                 QStringLiteral("Further findings (%1)").arg(content.findings.size() - cards));
    html.element("p",
                 QStringLiteral("Listed without their evidence; all of it is in the appendix's "
                                "findings JSON."),
                 {{"class", QStringLiteral("muted")}});
    html.start("table", {{"class", QStringLiteral("further")}});
    html.start("thead");
    html.start("tr");
    for (const QString& head : furtherFindingHeads(content.hasBaseline))
      html.element("th", head);
    html.end();
    html.end();
    html.start("tbody");
    for (std::size_t i = cards; i < content.findings.size(); ++i) {
      html.start("tr");
      for (const ReportCell& cell : furtherFindingCells(content.findings[i], content.hasBaseline))
        html.element("td", cell.text, {{"class", QStringLiteral("name")}});
      html.end();
    }
    html.end();
    html.end();
  }
  html.end();
}

}  // namespace sightline::report_html
