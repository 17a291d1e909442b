#include "model/debt/debt_records.h"

#include <array>
#include <utility>

namespace sightline {

namespace {

constexpr std::array<std::pair<DebtUnitKind, const char*>, 4> kKindNames = {{
    {DebtUnitKind::Project, "project"},
    {DebtUnitKind::Directory, "directory"},
    {DebtUnitKind::File, "file"},
    {DebtUnitKind::Function, "function"},
}};

}  // namespace

const char* debtUnitKindName(DebtUnitKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind)
      return name;
  }
  return "file";
}

std::optional<DebtUnitKind> debtUnitKindFromName(std::string_view name) {
  for (const auto& [k, text] : kKindNames) {
    if (name == text)
      return k;
  }
  return std::nullopt;
}

}  // namespace sightline
