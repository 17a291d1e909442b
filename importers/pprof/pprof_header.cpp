#include "importers/pprof/pprof_header.h"

#include "importers/pprof/pprof_profile.pb.h"
#include "importers/pprof/pprof_wire.h"

namespace sightline {
namespace {

const char* fieldName(int field) {
  static constexpr const char* kNames[] = {"",
                                           "sample_type",
                                           "sample",
                                           "mapping",
                                           "location",
                                           "function",
                                           "string_table",
                                           "drop_frames",
                                           "keep_frames",
                                           "time_nanos",
                                           "duration_nanos",
                                           "period_type",
                                           "period",
                                           "comment",
                                           "default_sample_type"};
  return field >= kPprofSampleType && field <= kPprofDefaultSampleType ? kNames[field] : "unknown";
}

bool isMessageOrBytes(int field) {
  return field <= kPprofStringTable || field == kPprofPeriodType;
}

// A string index met before the string table is known, with where it was met.
struct PendingString {
  std::int64_t index = 0;
  std::uint64_t offset = 0;
};
struct PendingValueType {
  PendingString type;
  PendingString unit;
};

class HeaderReader {
 public:
  HeaderReader(std::span<const std::uint8_t> data, const ReaderContext& context,
               PprofHeader& header, ProfileData& profile, DecodeError& error)
      : m_data(data), m_context(context), m_header(header), m_profile(profile), m_error(error) {}

  bool run() {
    WireFieldReader reader(m_data, 0, "Profile");
    WireField field;
    std::uint64_t fields = 0;
    while (reader.next(field)) {
      if (++fields % kPprofCancelCheckInterval == 0 && m_context.cancelled())
        return pprofFail(m_error, field.offset, "cancelled");
      if (!checkWireType(field) || !readField(field))
        return false;
    }
    if (reader.failed())
      return pprofFail(m_error, reader.errorOffset(), reader.error());
    return resolve();
  }

 private:
  bool checkWireType(const WireField& field) {
    const int number = field.number;
    if (number < kPprofSampleType || number > kPprofDefaultSampleType)
      return true;  // unknown fields (newer pprof) are skipped whatever their type
    const bool wantBytes = isMessageOrBytes(number);
    const bool packedComments = number == kPprofComment && field.wireType == 2;
    if (wantBytes ? field.wireType == 2 : field.wireType == 0 || packedComments)
      return true;
    return pprofFail(m_error, field.offset,
                     std::string("expected ") + fieldName(number) + " (field " +
                         std::to_string(number) + ") to be " +
                         (wantBytes ? "length-delimited" : "a varint") + ", found wire type " +
                         wireTypeLabel(field.wireType));
  }

  bool readField(const WireField& field) {
    const auto value = static_cast<std::int64_t>(field.value);
    switch (field.number) {
      case kPprofSampleType:
      case kPprofPeriodType: {
        if (!m_valueType.ParseFromArray(field.body.data(), static_cast<int>(field.body.size()))) {
          return pprofFail(m_error, field.offset,
                           "expected a valid ValueType message of " +
                               std::to_string(field.body.size()) + " bytes");
        }
        const PendingValueType type{{m_valueType.type(), field.offset},
                                    {m_valueType.unit(), field.offset}};
        if (field.number == kPprofSampleType)
          m_sampleTypes.push_back(type);
        else
          m_periodType = type;
        return true;
      }
      case kPprofSample:
        ++m_header.samples;
        return true;
      case kPprofMapping:
        ++m_header.mappings;
        return true;
      case kPprofLocation:
        ++m_header.locations;
        return true;
      case kPprofFunction:
        ++m_header.functions;
        return true;
      case kPprofStringTable:
        m_header.strings.emplace_back(reinterpret_cast<const char*>(field.body.data()),
                                      field.body.size());
        return true;
      case kPprofDropFrames:
        m_dropFrames = {value, field.offset};
        return true;
      case kPprofKeepFrames:
        m_keepFrames = {value, field.offset};
        return true;
      case kPprofTimeNanos:
        m_profile.timeNanos = value;
        return true;
      case kPprofDurationNanos:
        m_profile.durationNanos = value;
        return true;
      case kPprofPeriod:
        m_profile.period = value;
        return true;
      case kPprofComment:
        return readComments(field);
      case kPprofDefaultSampleType:
        m_defaultSampleType = {value, field.offset};
        return true;
      default:
        return true;  // samples come in a later pass
    }
  }

  bool readComments(const WireField& field) {
    if (field.wireType == 0) {
      m_comments.push_back({static_cast<std::int64_t>(field.value), field.offset});
      return true;
    }
    // Packed: a run of varints.
    std::size_t pos = 0;
    while (pos < field.body.size()) {
      std::uint64_t value = 0;
      for (int shift = 0;; shift += 7) {
        if (pos >= field.body.size() || shift > 63)
          return pprofFail(m_error, field.offset, "expected packed varints in comment (field 13)");
        const std::uint8_t byte = field.body[pos++];
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80))
          break;
      }
      m_comments.push_back({static_cast<std::int64_t>(value), field.offset});
    }
    return true;
  }

  bool text(const PendingString& pending, const char* what, std::string& out) {
    return pprofString(m_header.strings, pending.index, pending.offset, what, out, m_error);
  }

  bool resolve() {
    if (m_header.strings.empty()) {
      return pprofFail(m_error, m_data.size(),
                       "expected a string table (field 6) in the profile, found none (truncated, "
                       "or not a pprof profile)");
    }
    if (!m_header.strings[0].empty()) {
      return pprofFail(m_error, 0, "the first entry of the string table must be the empty string");
    }
    for (const PendingValueType& pending : m_sampleTypes) {
      ProfileValueType type;
      if (!text(pending.type, "sample_type.type", type.type) ||
          !text(pending.unit, "sample_type.unit", type.unit)) {
        return false;
      }
      m_profile.sampleTypes.push_back(std::move(type));
    }
    if (!text(m_periodType.type, "period_type.type", m_profile.periodType.type) ||
        !text(m_periodType.unit, "period_type.unit", m_profile.periodType.unit) ||
        !text(m_dropFrames, "drop_frames", m_profile.dropFrames) ||
        !text(m_keepFrames, "keep_frames", m_profile.keepFrames)) {
      return false;
    }
    for (const PendingString& comment : m_comments) {
      if (!text(comment, "comment", m_profile.comments.emplace_back()))
        return false;
    }
    // pprof names the default sample type by its type; "" means the last one.
    std::string defaultType;
    if (!text(m_defaultSampleType, "default_sample_type", defaultType))
      return false;
    m_profile.defaultSampleType = defaultType.empty() ? -1 : m_profile.sampleTypeIndex(defaultType);
    return true;
  }

  std::span<const std::uint8_t> m_data;
  const ReaderContext& m_context;
  PprofHeader& m_header;
  ProfileData& m_profile;
  DecodeError& m_error;
  pprof::ValueType m_valueType;
  std::vector<PendingValueType> m_sampleTypes;
  PendingValueType m_periodType;
  PendingString m_dropFrames;
  PendingString m_keepFrames;
  PendingString m_defaultSampleType;
  std::vector<PendingString> m_comments;
};

}  // namespace

bool pprofFail(DecodeError& error, std::uint64_t offset, std::string what) {
  error.message = std::move(what);
  error.offset = offset;
  error.hasOffset = true;
  return false;
}

bool pprofString(const std::vector<std::string_view>& strings, std::int64_t index,
                 std::uint64_t offset, const char* what, std::string& out, DecodeError& error) {
  if (index < 0 || static_cast<std::uint64_t>(index) >= strings.size()) {
    return pprofFail(error, offset,
                     std::string(what) + " refers to string " + std::to_string(index) +
                         ", but the string table has " + std::to_string(strings.size()) +
                         " entries");
  }
  out.assign(strings[static_cast<std::size_t>(index)]);
  return true;
}

bool readPprofHeader(std::span<const std::uint8_t> data, const ReaderContext& context,
                     PprofHeader& header, ProfileData& profile, DecodeError& error) {
  return HeaderReader(data, context, header, profile, error).run();
}

}  // namespace sightline
