#pragma once

#include <QString>
#include <utility>
#include <vector>

#include "model/report/report_content.h"

namespace sightline {

// The report's words and table cells, shared by the HTML and the PDF writers so that both say
// the same thing. Every string from the data in them has been through reportText().

// How a before → after cell reads: lower is better for the figures here.
enum class ChangeTone { Neutral, Better, Worse };

struct ReportCell {
  QString text;
  ChangeTone tone = ChangeTone::Neutral;
  QString note;  // a line above the text (the service of an endpoint), may be empty
};

// The verdict: one sentence per line.
std::vector<QString> verdictLines(const ReportContent& content);

// The column heads and one row of the endpoints table (the endpoint with its service as the
// note, requests, p50, p95, p99, errors, throughput).
std::vector<QString> endpointHeads();
std::vector<ReportCell> endpointCells(const ReportEndpoint& endpoint, bool hasBaseline);

// "6,994 spans, 5 profiles (12,345 samples)…".
QString sourceContents(const ReportSource& source);
// "2026-11-20 14:00:00.000 UTC – … (667 traces, 6994 spans, 128 error spans)".
QString sideWindow(const CompareSideSummary& side);

// A finding's figures as (label, value) pairs: time to save, traffic, occurrences, when,
// example trace.
std::vector<std::pair<QString, QString>> findingNumbers(const Finding& finding);
// "critical", "high", "medium", "low": the word the data formats use (and a CSS class);
// ui/diagnosis's severityLabel is the GUI's translated label.
QString severityWord(Severity severity);
// "gone after", "new after", "before and after".
QString presenceLabel(FindingPresence presence);
// An evidence row's subject ("span … of trace …", "function (profile 3)", a series) and time.
QString evidenceSubject(const FindingEvidence& evidence);
QString evidenceWhen(const FindingEvidence& evidence);

// The differential flame graph's table of largest changes: heads and rows (function, self
// before → after with shares, change in points).
std::vector<QString> flameChangeHeads();
std::vector<std::vector<ReportCell>> flameChangeRows(const ReportDiffFlame& flame);

// The table of the findings beyond the cards: severity, rule, (presence,) title, time to save.
std::vector<QString> furtherFindingHeads(bool hasBaseline);
std::vector<ReportCell> furtherFindingCells(const ReportFinding& row, bool hasBaseline);

// Evidence rows listed per finding; the rest is counted, not listed.
inline constexpr std::size_t kReportEvidenceRows = 20;

}  // namespace sightline
