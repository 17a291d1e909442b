#include "model/diagnosis/findings_json.h"

#include "model/common/json_writer.h"

namespace sightline {

namespace {

void writeEvidenceJson(JsonWriter& json, const FindingEvidence& row) {
  json.beginObject();
  json.key(u"kind");
  json.string(evidenceKindName(row.kind));
  json.key(u"role");
  json.string(std::string_view(row.role));
  if (row.kind == FindingEvidence::Kind::Span) {
    json.key(u"trace_id");
    json.string(std::string_view(row.traceId.toHex()));
    json.key(u"span_id");
    json.string(std::string_view(row.spanId.toHex()));
  } else if (row.kind == FindingEvidence::Kind::ProfileFunction) {
    json.key(u"profile_id");
    json.integer(row.profileId);
    json.key(u"function");
    json.string(std::string_view(row.function));
  } else {
    json.key(u"series");
    json.string(std::string_view(row.series));
  }
  json.key(u"start_unix_nano");
  json.unsignedInteger(row.startUnixNano);
  json.key(u"end_unix_nano");
  json.unsignedInteger(row.endUnixNano);
  json.key(u"value");
  json.number(row.value);
  json.endObject();
}

void stringOrNull(JsonWriter& json, const std::string& text) {
  if (text.empty())
    json.null();
  else
    json.string(std::string_view(text));
}

}  // namespace

void writeFindingsJson(QTextStream& out, const std::vector<Finding>& findings) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"findings");
  json.beginArray();
  for (const Finding& finding : findings) {
    json.beginObject();
    json.key(u"rule");
    json.string(std::string_view(finding.rule));
    json.key(u"severity");
    json.string(severityName(finding.severity));
    json.key(u"title");
    json.string(std::string_view(finding.title));
    json.key(u"explanation");
    json.string(std::string_view(finding.explanation));
    json.key(u"service");
    stringOrNull(json, finding.service);
    json.key(u"operation");
    stringOrNull(json, finding.operation);
    json.key(u"function");
    stringOrNull(json, finding.function);
    json.key(u"impact_ns");
    json.unsignedInteger(finding.impactNs);
    json.key(u"impact_per_request_ns");
    json.unsignedInteger(finding.impactPerRequestNs);
    json.key(u"traffic_share");
    json.number(finding.trafficShare);
    json.key(u"count");
    json.unsignedInteger(finding.count);
    json.key(u"first_seen_unix_nano");
    json.unsignedInteger(finding.firstSeenUnixNano);
    json.key(u"last_seen_unix_nano");
    json.unsignedInteger(finding.lastSeenUnixNano);
    json.key(u"trace_ids");
    json.beginArray();
    for (const TraceId& id : finding.traceIds)
      json.string(std::string_view(id.toHex()));
    json.endArray();
    json.key(u"span_ids");
    json.beginArray();
    for (const FindingEvidence* row : finding.spanEvidence())
      json.string(std::string_view(row->spanId.toHex()));
    json.endArray();
    json.key(u"profile_id");
    if (finding.profileId)
      json.integer(finding.profileId);
    else
      json.null();
    json.key(u"series");
    json.beginArray();
    for (const std::string& series : finding.series)
      json.string(std::string_view(series));
    json.endArray();
    json.key(u"evidence");
    json.beginArray();
    for (const FindingEvidence& row : finding.evidence)
      writeEvidenceJson(json, row);
    json.endArray();
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

}  // namespace sightline
