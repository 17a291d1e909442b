#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QRegularExpression>

#include "model/profiles/profile_data.h"

namespace sightline {

// pprof's -tagfocus / -tagignore on string labels. "key=re1,re2": a sample matches when its
// label `key` has a value matching one of the regexes. Without "key=", every regex must
// match one of the sample's labels written "key:value". pprof reads a value that looks like a
// number or a numeric range ("64", "1mb:", ":10ms", "1kb:2kb") as a range over numeric
// labels; those are refused here with an error rather than read differently.
class CompiledTagFilter {
 public:
  // Nothing (and `error`) for an invalid regex or a numeric range.
  static std::optional<CompiledTagFilter> compile(const std::string& spec, std::string* error);

  bool matches(const std::vector<ProfileLabel>& labels) const;

 private:
  std::string m_key;  // empty: match "key:value" of any label
  std::vector<QRegularExpression> m_regexes;
};

}  // namespace sightline
