#include "importers/otlp/otlp_proto_reader.h"

#include <string>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include "importers/core/peeking_byte_source.h"
#include "importers/otlp/otlp_proto_convert.h"
#include "importers/otlp/otlp_proto_framing.h"
#include "importers/otlp/otlp_trace.pb.h"
#include "importers/otlp/trace_batcher.h"

namespace sightline {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

class ProtoDecoder {
 public:
  ProtoDecoder(ByteSource& source, ReaderContext& context, DecodeError& error)
      : m_source(source), m_cursor(source), m_batcher(context), m_error(error) {}

  bool run(bool delimited) {
    if (delimited) {
      while (!m_cursor.atEnd()) {
        const std::uint64_t start = m_cursor.offset();
        std::uint64_t length = 0;
        if (!readVarint(length, "the length of the next ExportTraceServiceRequest"))
          return false;
        if (length > OtlpProtoReader::kMaxRequestBytes) {
          return fail(start, "expected an ExportTraceServiceRequest length of at most " +
                                 std::to_string(OtlpProtoReader::kMaxRequestBytes) +
                                 " bytes, found " + std::to_string(length));
        }
        if (!readRequest(m_cursor.offset() + length))
          return false;
      }
    } else if (!readRequest(kToEnd)) {
      return false;
    }
    std::string what;
    if (!m_batcher.finish(what))
      return fail(m_cursor.offset(), what);
    return checkSource();
  }

 private:
  static constexpr std::uint64_t kToEnd = ~0ull;

  bool fail(std::uint64_t offset, const std::string& what) {
    if (!m_source.status()) {
      m_error.message = m_source.status().message();
      m_error.offset = offset;
      m_error.hasOffset = true;
      return false;
    }
    m_error.message = what;
    m_error.offset = offset;
    m_error.hasOffset = true;
    return false;
  }
  bool checkSource() { return m_source.status() ? true : fail(m_cursor.offset(), {}); }

  bool readVarint(std::uint64_t& value, const char* what) {
    const std::uint64_t start = m_cursor.offset();
    switch (m_cursor.readVarint(value)) {
      case StreamCursor::Varint::Ok:
        return true;
      case StreamCursor::Varint::Truncated:
        return fail(start, std::string("truncated input: expected ") + what);
      case StreamCursor::Varint::Malformed:
        break;
    }
    return fail(start, std::string("malformed varint (more than 10 bytes) in ") + what);
  }

  // The fields of one ExportTraceServiceRequest, up to `end` (or the end of the stream).
  bool readRequest(std::uint64_t end) {
    while (end == kToEnd ? !m_cursor.atEnd() : m_cursor.offset() < end) {
      if (m_batcher.cancelled())
        return fail(m_cursor.offset(), "cancelled");
      const std::uint64_t start = m_cursor.offset();
      std::uint64_t tag = 0;
      if (!readVarint(tag, "a field tag of ExportTraceServiceRequest"))
        return false;
      const std::uint64_t field = tag >> 3;
      const int wireType = static_cast<int>(tag & 7);
      if (field == 0 || field > 0x1fffffff) {
        return fail(start, "expected a field tag of ExportTraceServiceRequest, found invalid tag " +
                               std::to_string(tag));
      }
      if (field == 1 && wireType != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        return fail(start,
                    std::string("expected resource_spans (field 1) to be length-delimited, found "
                                "wire type ") +
                        wireTypeName(wireType));
      }
      if (!readRequestField(start, static_cast<int>(field), wireType, end))
        return false;
    }
    if (end != kToEnd && m_cursor.offset() != end) {
      return fail(end, "a field runs past the end of its ExportTraceServiceRequest");
    }
    return true;
  }

  bool readRequestField(std::uint64_t start, int field, int wireType, std::uint64_t end) {
    std::uint64_t length = 0;
    switch (wireType) {
      case WireFormatLite::WIRETYPE_VARINT:
        return readVarint(length, "a varint field value");
      case WireFormatLite::WIRETYPE_FIXED64:
        length = 8;
        break;
      case WireFormatLite::WIRETYPE_FIXED32:
        length = 4;
        break;
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED:
        if (!readVarint(length, "a field length"))
          return false;
        break;
      default:
        return fail(start, std::string("expected a supported wire type for field ") +
                               std::to_string(field) + ", found " + wireTypeName(wireType));
    }
    const std::uint64_t bodyStart = m_cursor.offset();
    if (end != kToEnd && length > end - bodyStart) {
      return fail(start, "field " + std::to_string(field) + " of " + std::to_string(length) +
                             " bytes, but its ExportTraceServiceRequest has only " +
                             std::to_string(end - bodyStart) + " bytes left");
    }
    if (field != 1) {
      // Unknown fields are skipped: newer OTLP versions may add some.
      if (m_cursor.read(nullptr, length) != length) {
        return fail(start, "truncated input: field " + std::to_string(field) + " needs " +
                               std::to_string(length) + " bytes");
      }
      return true;
    }
    if (length > OtlpProtoReader::kMaxResourceSpansBytes) {
      return fail(start, "expected a ResourceSpans of at most " +
                             std::to_string(OtlpProtoReader::kMaxResourceSpansBytes) +
                             " bytes, found a length of " + std::to_string(length));
    }
    m_buffer.clear();
    const std::uint64_t got = m_cursor.read(&m_buffer, length);
    if (got != length) {
      return fail(start, "truncated input: a ResourceSpans of " + std::to_string(length) +
                             " bytes, but the data ends " + std::to_string(got) + " bytes later");
    }
    return readResourceSpans(reinterpret_cast<const std::uint8_t*>(m_buffer.data()),
                             static_cast<int>(length), bodyStart);
  }

  enum class Next { Field, End, Bad };

  // Reads the next tag and, for length-delimited fields, the length, checking that the
  // value stays inside the enclosing message. `fieldStart` gets the tag's position.
  Next nextField(CodedInputStream& in, std::uint64_t base, const char* message, std::uint32_t& tag,
                 int& fieldStart) {
    fieldStart = in.CurrentPosition();
    tag = in.ReadTag();
    if (tag == 0) {
      if (in.ConsumedEntireMessage())
        return Next::End;
      fail(base + static_cast<std::uint64_t>(fieldStart),
           std::string("expected a valid field tag inside ") + message);
      return Next::Bad;
    }
    return Next::Field;
  }

  // For a length-delimited field just read: its length, checked against what is left.
  bool readLength(CodedInputStream& in, int size, std::uint64_t base, int fieldStart,
                  const char* message, const char* field, std::uint32_t& length) {
    const std::uint64_t at = base + static_cast<std::uint64_t>(fieldStart);
    if (!in.ReadVarint32(&length)) {
      return fail(at, std::string("expected the length of ") + field + " inside " + message);
    }
    const int left = size - in.CurrentPosition();
    if (length > static_cast<std::uint32_t>(left)) {
      return fail(at, std::string(field) + " of " + std::to_string(length) +
                          " bytes runs past the end of its " + message + " (" +
                          std::to_string(left) + " bytes left)");
    }
    return true;
  }

  bool expectLengthDelimited(std::uint32_t tag, std::uint64_t at, const char* field) {
    const int wireType = static_cast<int>(WireFormatLite::GetTagWireType(tag));
    if (wireType == WireFormatLite::WIRETYPE_LENGTH_DELIMITED)
      return true;
    return fail(at, "expected " + std::string(field) + " to be length-delimited, found wire type " +
                        wireTypeName(wireType));
  }

  bool skipUnknown(CodedInputStream& in, std::uint32_t tag, std::uint64_t at, const char* message) {
    if (WireFormatLite::SkipField(&in, tag))
      return true;
    return fail(at, std::string("expected a well-formed field ") +
                        std::to_string(WireFormatLite::GetTagFieldNumber(tag)) + " inside " +
                        message);
  }

  // ResourceSpans and ScopeSpans have the same shape: their header message (Resource,
  // InstrumentationScope) in field 1, their children in field 2 and a schema URL in field 3.
  // The header is serialised after the children, yet must reach the writer before them: pass
  // 1 reads the header and the schema URL and checks every field, pass 2 the children.
  struct Envelope {
    const char* message;     // "ResourceSpans"
    const char* fields[4];   // names of fields 1-3, for messages ([0] unused)
    const char* headerType;  // "Resource"
  };
  static constexpr Envelope kResourceSpans{
      "ResourceSpans", {"", "resource", "scope_spans", "schema_url"}, "Resource"};
  static constexpr Envelope kScopeSpans{
      "ScopeSpans", {"", "scope", "spans", "schema_url"}, "InstrumentationScope"};

  // Calls onField(in, tag, start) for each field of the message in data[0, size): `in` is
  // just past the field's tag, `start` where the tag began. False when a tag is invalid or
  // onField returns false.
  template <typename OnField>
  bool forEachField(const std::uint8_t* data, int size, std::uint64_t base, const char* message,
                    OnField&& onField) {
    CodedInputStream in(data, size);
    std::uint32_t tag = 0;
    int start = 0;
    for (;;) {
      const Next next = nextField(in, base, message, tag, start);
      if (next == Next::End)
        return true;
      if (next == Next::Bad || !onField(in, tag, start))
        return false;
    }
  }

  bool readEnvelopeHeader(const std::uint8_t* data, int size, std::uint64_t base,
                          const Envelope& envelope, google::protobuf::MessageLite& header,
                          std::string& schemaUrl) {
    return forEachField(
        data, size, base, envelope.message,
        [&](CodedInputStream& in, std::uint32_t tag, int start) {
          const int field = WireFormatLite::GetTagFieldNumber(tag);
          const std::uint64_t at = base + static_cast<std::uint64_t>(start);
          if (field < 1 || field > 3)
            return skipUnknown(in, tag, at, envelope.message);
          if (!expectLengthDelimited(tag, at, envelope.fields[field]))
            return false;
          std::uint32_t length = 0;
          if (!readLength(in, size, base, start, envelope.message, envelope.fields[field], length))
            return false;
          const std::uint8_t* body = data + in.CurrentPosition();
          if (field == 1) {
            CodedInputStream sub(body, static_cast<int>(length));
            if (!header.MergePartialFromCodedStream(&sub) || !sub.ConsumedEntireMessage()) {
              return fail(at, std::string("expected a valid ") + envelope.headerType +
                                  " message of " + std::to_string(length) + " bytes");
            }
          } else if (field == 3) {
            schemaUrl.assign(reinterpret_cast<const char*>(body), length);
          }
          in.Skip(static_cast<int>(length));
          return true;
        });
  }

  // Calls readChild(body, length, at, bodyBase) for each child (field 2) of an envelope
  // whose fields pass 1 has checked: `at` is where the child's field starts, `bodyBase`
  // where its bytes do.
  template <typename ReadChild>
  bool readEnvelopeChildren(const std::uint8_t* data, int size, std::uint64_t base,
                            const Envelope& envelope, ReadChild&& readChild) {
    return forEachField(
        data, size, base, envelope.message,
        [&](CodedInputStream& in, std::uint32_t tag, int start) {
          if (WireFormatLite::GetTagFieldNumber(tag) != 2)
            return WireFormatLite::SkipField(&in, tag);  // checked in pass 1
          std::uint32_t length = 0;
          if (!readLength(in, size, base, start, envelope.message, envelope.fields[2], length))
            return false;
          const int bodyStart = in.CurrentPosition();
          if (!readChild(data + bodyStart, length, base + static_cast<std::uint64_t>(start),
                         base + static_cast<std::uint64_t>(bodyStart))) {
            return false;
          }
          in.Skip(static_cast<int>(length));
          return true;
        });
  }

  bool readResourceSpans(const std::uint8_t* data, int size, std::uint64_t base) {
    ResourceRecord resource;
    m_resource.Clear();
    if (!readEnvelopeHeader(data, size, base, kResourceSpans, m_resource, resource.schemaUrl))
      return false;
    convertAttributes(m_resource.attributes(), resource.attributes);
    resource.droppedAttributesCount = m_resource.dropped_attributes_count();
    const std::uint32_t resourceId = m_batcher.addResource(std::move(resource));
    return readEnvelopeChildren(
        data, size, base, kResourceSpans,
        [&](const std::uint8_t* body, std::uint32_t length, std::uint64_t, std::uint64_t bodyBase) {
          return readScopeSpans(body, static_cast<int>(length), bodyBase, resourceId);
        });
  }

  bool readScopeSpans(const std::uint8_t* data, int size, std::uint64_t base,
                      std::uint32_t resourceId) {
    ScopeRecord scope;
    m_scope.Clear();
    if (!readEnvelopeHeader(data, size, base, kScopeSpans, m_scope, scope.schemaUrl))
      return false;
    scope.name = m_scope.name();
    scope.version = m_scope.version();
    convertAttributes(m_scope.attributes(), scope.attributes);
    scope.droppedAttributesCount = m_scope.dropped_attributes_count();
    const std::uint32_t scopeId = m_batcher.addScope(std::move(scope));
    std::string what;
    return readEnvelopeChildren(
        data, size, base, kScopeSpans,
        [&](const std::uint8_t* body, std::uint32_t length, std::uint64_t at, std::uint64_t) {
          // Parsing into one reused message keeps its allocations from span to span.
          if (!m_span.ParseFromArray(body, static_cast<int>(length))) {
            return fail(at,
                        "expected a valid Span message of " + std::to_string(length) + " bytes");
          }
          SpanRecord& span = m_batcher.newSpan();
          span.resourceLocalId = resourceId;
          span.scopeLocalId = scopeId;
          what = convertSpan(m_span, span);
          if (!what.empty()) {
            m_batcher.dropLastSpan();
            return fail(at, "invalid Span: " + what);
          }
          if (!m_batcher.spanDone(what))
            return fail(at, what);
          return true;
        });
  }

  ByteSource& m_source;
  StreamCursor m_cursor;
  TraceBatcher m_batcher;
  DecodeError& m_error;
  std::string m_buffer;
  otlp::Resource m_resource;
  otlp::InstrumentationScope m_scope;
  otlp::Span m_span;
};

}  // namespace

bool OtlpProtoReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  PeekingByteSource peeking(source);
  const auto head = peeking.peek(kOtlpHeadBytes);
  const bool delimited = looksLengthDelimited(head, head.size() < kOtlpHeadBytes);
  ProtoDecoder decoder(peeking, context, error);
  return decoder.run(delimited);
}

}  // namespace sightline
