#pragma once

#include <QRegularExpression>

#include <string>
#include <vector>

#include "model/debt/debt_inputs.h"

namespace sightline {

// CODEOWNERS as GitHub reads it: gitignore-style patterns (a leading or inner '/' anchors a
// pattern at the root, a trailing '/' matches a directory and all below it, '*' any
// characters but '/', "**" any, '?' one), the last matching rule wins.
class CodeOwnersMatcher {
 public:
  explicit CodeOwnersMatcher(const std::vector<DebtOwnerInput>& rules);

  bool empty() const { return m_rules.empty(); }
  // The owners of a repository path (a directory ends with '/'), and whether the rule that
  // decided names a path rather than matching everything ("*").
  std::vector<std::string> ownersOf(const std::string& path, bool* specific = nullptr) const;

 private:
  struct Rule {
    QRegularExpression pattern;
    std::vector<std::string> owners;
    bool specific = false;
  };
  std::vector<Rule> m_rules;
};

}  // namespace sightline
