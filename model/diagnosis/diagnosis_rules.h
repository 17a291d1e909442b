#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "model/common/status.h"

namespace sightline {

// The rules of the diagnosis engine and their thresholds. The defaults are
// resources/diagnosis/rules.json (compiled in); a user's rules file overrides any rule's
// keys and leaves the rest. Thresholds are plain numbers named with their unit
// (`min_total_ms`, `min_share`), so the file reads without a manual.
class DiagnosisRules {
 public:
  // The compiled-in defaults.
  static DiagnosisRules defaults();
  // Defaults overridden by `json` (the --rules file format). Unknown rules and keys, and
  // values of the wrong type, are errors that name them.
  static DiagnosisRules fromJson(std::string_view json, Status* status);

  bool enabled(std::string_view rule) const;
  // A threshold; the rule and key must exist in the defaults (a typo is a programming error
  // caught by the tests, so this asserts and returns 0).
  double number(std::string_view rule, std::string_view key) const;
  double ms(std::string_view rule, std::string_view key) const { return number(rule, key); }
  std::uint64_t nanoseconds(std::string_view rule, std::string_view key) const;
  int exemplars() const { return m_exemplars; }

  // The effective rules as JSON (stored with the findings, shown by --rules-help).
  std::string toJson() const;

  // For tests and the CLI: override one value.
  void set(const std::string& rule, const std::string& key, double value);
  void setEnabled(const std::string& rule, bool on);

 private:
  struct Rule {
    bool enabled = true;
    std::map<std::string, double, std::less<>> values;
  };
  std::map<std::string, Rule, std::less<>> m_rules;
  int m_exemplars = 10;
};

}  // namespace sightline
