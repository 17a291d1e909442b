#pragma once

#include <string_view>

namespace sightline {

// resources/diagnosis/rules.json as compiled in.
std::string_view defaultRulesJson();

}  // namespace sightline
