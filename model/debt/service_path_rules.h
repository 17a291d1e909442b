#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_table.h"

namespace sightline {

// Whether a rule's prefix covers `path`. A prefix ending in '/' covers the paths below it
// and the directory itself written without the '/'; any other prefix covers that exact path
// and what lies below it after a '/' or a ':' (SonarQube keys "project:path").
bool servicePrefixCovers(std::string_view prefix, std::string_view path);

// `path` relative to `prefix` (which covers it): "" for the prefix itself.
std::string pathInsidePrefix(std::string_view prefix, std::string_view path);

// Which service a path belongs to: the longest covering prefix wins. The path inside the
// service is taken relative to the *shortest* covering prefix of that same service, so that
// a nested rule of one service (services/pay/ and services/pay/internal/) keeps the
// directories below the service's root.
struct ServicePathMatch {
  std::string service;
  std::string relative;  // "" when the path is the prefix itself (a project, a directory)
  const ServicePathRule* rule = nullptr;
};

class ServicePathMatcher {
 public:
  ServicePathMatcher() = default;
  explicit ServicePathMatcher(std::vector<ServicePathRule> rules);

  std::optional<ServicePathMatch> match(std::string_view path) const;
  const std::vector<ServicePathRule>& rules() const { return m_rules; }
  // The shortest prefix of each service's rules (for CODEOWNERS and SonarQube lookups).
  std::vector<const ServicePathRule*> rulesOf(const std::string& service) const;

 private:
  std::vector<ServicePathRule> m_rules;  // longest prefix first
};

// The rules as JSON, `[{"prefix": "...", "service": "...", "origin": "..."}]`, and back.
// Reading accepts objects with "prefix" and "service" (an "origin" is ignored: what is read
// becomes the user's rules); an empty prefix or service, a ".." segment or a prefix given
// twice is an error naming the entry.
Status parseServicePathRulesJson(const std::string& json, std::vector<ServicePathRule>* rules);
std::string servicePathRulesJson(const std::vector<ServicePathRule>& rules);

// A rule as the user may store it: non-empty prefix and service, no ".." segment.
Status validateServicePathRule(const ServicePathRule& rule);

}  // namespace sightline
