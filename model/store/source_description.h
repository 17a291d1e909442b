#pragma once

#include <cstdint>
#include <string>

namespace sightline {

// Describes the file or stream an import comes from (becomes a `sources` row). Every
// signal's writer takes one.
struct SourceDescription {
  std::string path;
  std::string kind;  // format id
  std::string sha256;
  std::uint64_t bytes = 0;
};

}  // namespace sightline
