#include "importers/live/otlp_request_decoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

#include "importers/core/memory_byte_source.h"
#include "importers/live/otlp_service.pb.h"
#include "importers/otlp/otlp_json_reader.h"
#include "importers/otlp/otlp_proto_reader.h"

namespace sightline {

namespace {

// Keeps everything a reader sends as one batch: the batcher numbers resources and scopes
// across its batches, so appending keeps the local ids unique.
class RequestSink : public TraceSink {
 public:
  explicit RequestSink(TraceBatch* batch) : m_batch(batch) {}

  Status consume(TraceBatch&& part) override {
    auto append = [](auto& to, auto& from) {
      if (to.empty()) {
        to = std::move(from);
        return;
      }
      to.insert(to.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
    };
    append(m_batch->resources, part.resources);
    append(m_batch->scopes, part.scopes);
    append(m_batch->spans, part.spans);
    return Status::ok();
  }

 private:
  TraceBatch* m_batch;
};

QJsonArray arrayOf(const QJsonObject& object, const char* camel, const char* snake) {
  const QJsonValue value = object.value(QLatin1String(camel));
  return value.isUndefined() ? object.value(QLatin1String(snake)).toArray() : value.toArray();
}

}  // namespace

Status decodeOtlpTraceRequest(std::string body, OtlpEncoding encoding, TraceBatch* batch) {
  batch->clear();
  RequestSink sink(batch);
  ReaderContext context;
  context.traces = &sink;
  context.batchSize = std::numeric_limits<std::size_t>::max();
  MemoryByteSource source(std::move(body));
  DecodeError error;
  bool ok = false;
  if (encoding == OtlpEncoding::Protobuf) {
    OtlpProtoReader reader;
    ok = reader.read(source, context, error);
  } else {
    OtlpJsonReader reader;
    ok = reader.read(source, context, error);
  }
  if (ok)
    return Status::ok();
  batch->clear();
  std::string message = error.message;
  if (error.hasOffset || error.offset > 0)
    message += " (at byte " + std::to_string(error.offset) + ")";
  return Status::error(message);
}

std::uint64_t countOtlpLogRecords(const std::string& body, OtlpEncoding encoding) {
  std::uint64_t records = 0;
  if (encoding == OtlpEncoding::Protobuf) {
    live::ExportLogsServiceRequest request;
    if (!request.ParseFromString(body))
      return 0;
    for (const auto& resource : request.resource_logs()) {
      for (const auto& scope : resource.scope_logs())
        records += static_cast<std::uint64_t>(scope.log_records_size());
    }
    return records;
  }
  const QJsonDocument document = QJsonDocument::fromJson(
      QByteArray::fromRawData(body.data(), static_cast<qsizetype>(body.size())));
  for (const QJsonValue resource : arrayOf(document.object(), "resourceLogs", "resource_logs")) {
    for (const QJsonValue scope : arrayOf(resource.toObject(), "scopeLogs", "scope_logs"))
      records +=
          static_cast<std::uint64_t>(arrayOf(scope.toObject(), "logRecords", "log_records").size());
  }
  return records;
}

}  // namespace sightline
