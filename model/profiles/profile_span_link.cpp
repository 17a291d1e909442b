#include "model/profiles/profile_span_link.h"

#include <algorithm>
#include <cctype>

#include <QObject>

namespace sightline {

namespace {

void addHex(std::vector<std::string>& values, std::string hex) {
  values.push_back(hex);
  std::transform(hex.begin(), hex.end(), hex.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (hex != values.back())
    values.push_back(std::move(hex));
}

}  // namespace

SampleLabelFilter spanLabelFilter(const std::vector<SpanId>& spans) {
  SampleLabelFilter filter;
  filter.keys = {"span_id", "spanID", "span.id", "otel.span_id"};
  for (const SpanId& span : spans)
    addHex(filter.values, span.toHex());
  return filter;
}

SampleLabelFilter traceLabelFilter(const TraceId& trace) {
  SampleLabelFilter filter;
  filter.keys = {"trace_id", "traceID", "trace.id"};
  addHex(filter.values, trace.toHex());
  return filter;
}

TraceProfileLinks findTraceProfileLinks(Workspace& workspace, const TraceId& trace,
                                        const std::vector<SpanId>& spans, Status* status) {
  TraceProfileLinks links;
  SampleLabelFilter filter = traceLabelFilter(trace);
  const std::vector<std::int64_t> byTrace = profilesWithLabel(workspace, filter, status);
  if (!byTrace.empty()) {
    links.trace = SpanProfileLink{
        byTrace.front(), std::move(filter), false,
        QObject::tr("only samples of trace %1").arg(QString::fromStdString(trace.toHex()))};
  }
  if (!spans.empty())
    links.spansLabelled = !profilesWithLabel(workspace, spanLabelFilter(spans), status).empty();
  return links;
}

std::optional<SpanProfileLink> findSpanProfileLink(Workspace& workspace, const SpanId& span,
                                                   Status* status) {
  SampleLabelFilter filter = spanLabelFilter({span});
  const std::vector<std::int64_t> profiles = profilesWithLabel(workspace, filter, status);
  if (profiles.empty())
    return std::nullopt;
  return SpanProfileLink{
      profiles.front(), std::move(filter), true,
      QObject::tr("only samples of span %1").arg(QString::fromStdString(span.toHex()))};
}

}  // namespace sightline
