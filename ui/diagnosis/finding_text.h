#pragma once

#include <QColor>
#include <QString>

#include "model/diagnosis/finding.h"

namespace sightline {

// How the Diagnosis page words and colours a finding; shared by the table, the details panel
// and the tests.

// "Critical", "High", "Medium", "Low".
QString severityLabel(Severity severity);
// The badge's fill (dark red, orange, amber, slate) and the text colour that reads on it.
QColor severityColor(Severity severity);
QColor severityTextColor(Severity severity);

// What the finding is about: "service · operation", the function, or the series (several
// joined with ", "); empty when the rule names no subject.
QString findingSubject(const Finding& finding);

// "first – last" of a finding, in local time; the date once when both are on the same day.
QString findingTimeRange(const Finding& finding);

// An evidence row in words: the kind ("Span", "Function", "Series"), what it names
// ("trace 4bf9… span 00f0…", "main.computeFraudScore in profile #3", the series) and its
// time ("12:00:01.250, 1.78 s" for a span; the range for a series).
QString evidenceKindLabel(FindingEvidence::Kind kind);
QString evidenceTarget(const FindingEvidence& evidence);
QString evidenceTime(const FindingEvidence& evidence);

}  // namespace sightline
