#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sightline {

// A list of strings as a JSON array, e.g. ["api","db"]: how the workspace stores lists in
// one column (`traces.services`, `profiles.comments`) so that users can read them with
// json_each() and the readers can split them exactly.
std::string encodeStringListJson(const std::vector<std::string>& values);
// Reads what encodeStringListJson() writes; anything else yields what was read so far.
std::vector<std::string> decodeStringListJson(std::string_view json);

}  // namespace sightline
