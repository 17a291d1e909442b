#include "ui/diagnosis/finding_text.h"

#include <QCoreApplication>
#include <QStringList>

#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"

namespace sightline {

namespace {

QString tr(const char* text) {
  return QCoreApplication::translate("sightline::FindingText", text);
}

QString shortHex(const std::string& hex) {
  return QString::fromStdString(hex.substr(0, 8)) + QStringLiteral("…");
}

// "yyyy-MM-dd " is the first 11 characters of formatLocalTimestamp.
constexpr qsizetype kDatePrefix = 11;

}  // namespace

QString severityLabel(Severity severity) {
  switch (severity) {
    case Severity::Critical:
      return tr("Critical");
    case Severity::High:
      return tr("High");
    case Severity::Medium:
      return tr("Medium");
    case Severity::Low:
      return tr("Low");
  }
  return {};
}

QColor severityColor(Severity severity) {
  switch (severity) {
    case Severity::Critical:
      return QColor(0xb7, 0x1c, 0x1c);
    case Severity::High:
      return QColor(0xe6, 0x51, 0x00);
    case Severity::Medium:
      return QColor(0xf9, 0xa8, 0x25);
    case Severity::Low:
      return QColor(0x78, 0x90, 0x9c);
  }
  return Qt::gray;
}

QColor severityTextColor(Severity severity) {
  // Amber is too light for white text.
  return severity == Severity::Medium ? QColor(0x21, 0x21, 0x21) : QColor(Qt::white);
}

QString findingSubject(const Finding& finding) {
  return QString::fromStdString(sightline::findingSubject(finding, " · "));
}

QString findingTimeRange(const Finding& finding) {
  if (finding.firstSeenUnixNano == 0 && finding.lastSeenUnixNano == 0)
    return {};
  const QString first = formatLocalTimestamp(finding.firstSeenUnixNano);
  QString last = formatLocalTimestamp(finding.lastSeenUnixNano);
  if (finding.lastSeenUnixNano == finding.firstSeenUnixNano)
    return first;
  if (first.left(kDatePrefix) == last.left(kDatePrefix))
    last = last.mid(kDatePrefix);
  return first + QStringLiteral(" – ") + last;
}

QString evidenceKindLabel(FindingEvidence::Kind kind) {
  switch (kind) {
    case FindingEvidence::Kind::Span:
      return tr("Span");
    case FindingEvidence::Kind::ProfileFunction:
      return tr("Function");
    case FindingEvidence::Kind::MetricSeries:
      return tr("Series");
  }
  return {};
}

QString evidenceTarget(const FindingEvidence& evidence) {
  switch (evidence.kind) {
    case FindingEvidence::Kind::Span:
      return tr("trace %1 · span %2")
          .arg(shortHex(evidence.traceId.toHex()), QString::fromStdString(evidence.spanId.toHex()));
    case FindingEvidence::Kind::ProfileFunction: {
      QString text = QString::fromStdString(evidence.function);
      if (evidence.profileId != 0)
        text += tr(" in profile #%1").arg(evidence.profileId);
      if (!evidence.spanId.isZero())
        text += tr(" · span %1").arg(QString::fromStdString(evidence.spanId.toHex()));
      return text;
    }
    case FindingEvidence::Kind::MetricSeries:
      return QString::fromStdString(evidence.series);
  }
  return {};
}

QString evidenceTime(const FindingEvidence& evidence) {
  if (evidence.startUnixNano == 0)
    return {};
  const QString start = formatLocalTimestamp(evidence.startUnixNano).mid(kDatePrefix);
  if (evidence.endUnixNano <= evidence.startUnixNano)
    return start;
  const std::uint64_t length = evidence.endUnixNano - evidence.startUnixNano;
  if (evidence.kind == FindingEvidence::Kind::Span)
    return tr("%1, %2").arg(start, formatDuration(length));
  return tr("%1 – %2").arg(start, formatLocalTimestamp(evidence.endUnixNano).mid(kDatePrefix));
}

}  // namespace sightline
