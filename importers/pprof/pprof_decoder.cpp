#include "importers/pprof/pprof_decoder.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "importers/pprof/pprof_header.h"
#include "importers/pprof/pprof_id_index.h"
#include "importers/pprof/pprof_profile.pb.h"
#include "importers/pprof/pprof_sample_pass.h"
#include "importers/pprof/pprof_stacks.h"
#include "importers/pprof/pprof_wire.h"
#include "model/profiles/profile_builder.h"

namespace sightline {
namespace {

class PprofDecoder {
 public:
  PprofDecoder(std::span<const std::uint8_t> data, ReaderContext& context, DecodeError& error,
               std::uint64_t pipelineMinSamples)
      : m_data(data),
        m_context(context),
        m_error(error),
        m_stacks(m_builder, m_locations, m_locationFrames),
        m_pipelineMinSamples(pipelineMinSamples) {}

  bool run(ProfileData& profile) {
    if (!readHeader() || !readMappingsAndFunctions() || !readLocations() || !readSamples())
      return false;
    profile = m_builder.finish();
    return true;
  }

 private:
  bool fail(std::uint64_t offset, std::string what) {
    return pprofFail(m_error, offset, std::move(what));
  }

  // Called for every top-level field: checks for cancellation now and then.
  bool tick(std::uint64_t offset) {
    if (++m_fieldsSeen % kPprofCancelCheckInterval == 0 && m_context.cancelled())
      return fail(offset, "cancelled");
    return true;
  }

  bool text(std::int64_t index, std::uint64_t offset, const char* what, std::string& out) {
    return pprofString(m_header.strings, index, offset, what, out, m_error);
  }

  template <typename Message>
  bool parse(Message& message, const WireField& field, const char* name) {
    if (message.ParseFromArray(field.body.data(), static_cast<int>(field.body.size())))
      return true;
    return fail(field.offset, std::string("expected a valid ") + name + " message of " +
                                  std::to_string(field.body.size()) + " bytes");
  }

  bool walkFailed(const WireFieldReader& reader) {
    return reader.failed() ? fail(reader.errorOffset(), reader.error()) : false;
  }

  // Pass 1: the string table and the header.
  bool readHeader() {
    if (!readPprofHeader(m_data, m_context, m_header, m_builder.data(), m_error))
      return false;
    m_mappingIds.reserve(m_header.mappings);
    m_functionIds.reserve(m_header.functions);
    m_locationIds.reserve(m_header.locations);
    m_locations.reserve(m_header.locations);
    return true;
  }

  // Pass 2: mappings and functions (locations refer to both).
  bool readMappingsAndFunctions() {
    WireFieldReader reader(m_data, 0, "Profile");
    WireField field;
    while (reader.next(field)) {
      if (!tick(field.offset))
        return false;
      if (field.number == kPprofMapping && !readMapping(field))
        return false;
      if (field.number == kPprofFunction && !readFunction(field))
        return false;
    }
    return !reader.failed() || walkFailed(reader);
  }

  bool checkId(std::uint64_t id, PprofIdIndex& index, std::uint32_t value, const char* what,
               std::uint64_t offset) {
    if (id == 0)
      return fail(offset, std::string(what) + " id 0 is reserved (ids start at 1)");
    if (!index.insert(id, value))
      return fail(offset, std::string(what) + " id " + std::to_string(id) + " is defined twice");
    return true;
  }

  bool readMapping(const WireField& field) {
    if (!parse(m_mapping, field, "Mapping"))
      return false;
    ProfileMapping mapping;
    mapping.memoryStart = m_mapping.memory_start();
    mapping.memoryLimit = m_mapping.memory_limit();
    mapping.fileOffset = m_mapping.file_offset();
    mapping.hasFunctions = m_mapping.has_functions();
    mapping.hasFilenames = m_mapping.has_filenames();
    mapping.hasLineNumbers = m_mapping.has_line_numbers();
    mapping.hasInlineFrames = m_mapping.has_inline_frames();
    if (!text(m_mapping.filename(), field.offset, "mapping.filename", mapping.fileName) ||
        !text(m_mapping.build_id(), field.offset, "mapping.build_id", mapping.buildId)) {
      return false;
    }
    const auto next = static_cast<std::uint32_t>(m_builder.data().mappings.size());
    if (!checkId(m_mapping.id(), m_mappingIds, next, "mapping", field.offset))
      return false;
    m_builder.addMapping(std::move(mapping));
    return true;
  }

  bool readFunction(const WireField& field) {
    if (!parse(m_function, field, "Function"))
      return false;
    ProfileFunction function;
    function.startLine = m_function.start_line();
    if (!text(m_function.name(), field.offset, "function.name", function.name) ||
        !text(m_function.system_name(), field.offset, "function.system_name",
              function.systemName) ||
        !text(m_function.filename(), field.offset, "function.filename", function.fileName)) {
      return false;
    }
    return checkId(m_function.id(), m_functionIds, m_builder.internFunction(function), "function",
                   field.offset);
  }

  // Pass 3: locations, each expanded into its frames (one per line, leaf first).
  bool readLocations() {
    WireFieldReader reader(m_data, 0, "Profile");
    WireField field;
    while (reader.next(field)) {
      if (!tick(field.offset))
        return false;
      if (field.number == kPprofLocation && !readLocation(field))
        return false;
    }
    return !reader.failed() || walkFailed(reader);
  }

  // pprof shows an unsymbolized location as its binary's name, or "<unknown>".
  std::uint32_t unsymbolizedFunction(std::uint32_t mapping) {
    ProfileFunction function;
    function.name = "<unknown>";
    if (mapping != kNoMapping) {
      const std::string& file = m_builder.data().mappings[mapping].fileName;
      if (!file.empty()) {
        // Appended piece by piece: GCC 12's -O3 -Wrestrict misfires on "[" + string + "]".
        function.name.assign(1, '[');
        function.name.append(file, file.find_last_of('/') + 1);
        function.name.push_back(']');
      }
    }
    return m_builder.internFunction(function);
  }

  bool readLocation(const WireField& field) {
    if (!parse(m_location, field, "Location"))
      return false;
    const std::uint64_t id = m_location.id();
    if (!checkId(id, m_locationIds, static_cast<std::uint32_t>(m_locations.size()), "location",
                 field.offset)) {
      return false;
    }
    // Like pprof, an unknown mapping id leaves the location without a mapping.
    std::uint32_t mapping = kNoMapping;
    if (m_location.mapping_id() != 0) {
      const std::uint32_t found = m_mappingIds.find(m_location.mapping_id());
      mapping = found == PprofIdIndex::kAbsent ? kNoMapping : found;
    }
    LocationFrames frames;
    frames.begin = static_cast<std::uint32_t>(m_locationFrames.size());
    ProfileFrame frame;
    frame.address = m_location.address();
    frame.mapping = mapping;
    const int lines = m_location.line_size();
    if (lines == 0) {
      frame.function = unsymbolizedFunction(mapping);
      m_locationFrames.push_back(m_builder.internFrame(frame));
    }
    for (int i = 0; i < lines; ++i) {
      const auto& line = m_location.line(i);
      frame.function = m_functionIds.find(line.function_id());
      if (line.function_id() == 0 || frame.function == PprofIdIndex::kAbsent) {
        return fail(field.offset, "location " + std::to_string(id) + " refers to function id " +
                                      std::to_string(line.function_id()) +
                                      ", which is not defined");
      }
      frame.line = line.line();
      frame.inlined = i + 1 < lines;
      m_locationFrames.push_back(m_builder.internFrame(frame));
    }
    frames.end = static_cast<std::uint32_t>(m_locationFrames.size());
    m_locations.push_back(frames);
    return true;
  }

  // Pass 4: samples.
  bool readSamples() {
    PprofSampleInputs inputs;
    inputs.data = m_data;
    inputs.locationIds = &m_locationIds;
    inputs.strings = &m_header.strings;
    inputs.types = m_builder.data().sampleTypes.size();
    inputs.sampleCount = m_header.samples;
    return readPprofSamples(inputs, m_stacks, m_builder, m_context, m_error, m_pipelineMinSamples);
  }

  std::span<const std::uint8_t> m_data;
  ReaderContext& m_context;
  DecodeError& m_error;
  ProfileBuilder m_builder;
  std::uint64_t m_fieldsSeen = 0;

  PprofHeader m_header;

  PprofIdIndex m_mappingIds;
  PprofIdIndex m_functionIds;
  PprofIdIndex m_locationIds;
  std::vector<LocationFrames> m_locations;
  std::vector<std::uint32_t> m_locationFrames;
  PprofStackResolver m_stacks;
  std::uint64_t m_pipelineMinSamples;

  // Reused generated messages: their allocations survive from one field to the next.
  pprof::Mapping m_mapping;
  pprof::Function m_function;
  pprof::Location m_location;
};

}  // namespace

bool decodePprofProfile(std::span<const std::uint8_t> data, ReaderContext& context,
                        ProfileData& profile, DecodeError& error,
                        std::uint64_t pipelineMinSamples) {
  PprofDecoder decoder(data, context, error, pipelineMinSamples);
  return decoder.run(profile);
}

}  // namespace sightline
