#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sightline {

// What a debt measure is about. Paths are as the tool wrote them, normalised by the reader
// ('/'-separated, no "file://", no "./", never a ".." segment): the code → service rules
// (service_paths) map them, so that a coverprofile's import paths and a SARIF file's
// repository paths meet on (service, path inside the service).
enum class DebtUnitKind {
  Project,    // a whole project: `path` is its key (SonarQube project key) or "" for all
  Directory,  // a directory or package
  File,
  Function,  // `path` is the file, `symbol` the function, `line` where it starts
};

const char* debtUnitKindName(DebtUnitKind kind);  // "project", "directory", "file", "function"
std::optional<DebtUnitKind> debtUnitKindFromName(std::string_view name);

// One figure of one code unit. `metric` is a SonarQube metric key where one exists
// (coverage, duplicated_lines_density, vulnerabilities, ncloc, code_smells, sqale_index, …,
// unknown keys are kept as they are) or one of Sightline's additive counts, so that files
// sum up to services: `statements` / `covered_statements` (Go coverage), `lines` /
// `duplicated_lines` (jscpd; SonarQube's keys), `ncloc` / `comment_lines` / `blank_lines`
// (cloc). docs/SCHEMA.md lists them.
struct DebtMeasureRecord {
  DebtUnitKind kind = DebtUnitKind::File;
  std::string path;
  std::string symbol;      // function name for DebtUnitKind::Function, else empty
  std::uint32_t line = 0;  // 0 when unknown
  std::string metric;
  double value = 0;
};

// One result of a static analyser (a SARIF result).
struct DebtIssueRecord {
  std::string tool;    // the SARIF run's tool.driver.name, e.g. "Staticcheck", "ESLint"
  std::string ruleId;  // e.g. "SA4006"
  std::string level;   // SARIF level: "error", "warning", "note", "none"
  // The rule's `security-severity` (CVSS-like 0–10) when it has one: such results count
  // as vulnerabilities.
  std::optional<double> securitySeverity;
  std::vector<std::string> tags;  // the rule's and the result's tags, e.g. "security"
  std::string path;
  std::uint32_t line = 0;
  std::string message;
};

// One file changed by one commit (a `git log --numstat` line).
struct DebtChangeRecord {
  std::string commit;  // full hash
  std::string author;  // "Name <email>"
  std::int64_t timeUnixNano = 0;
  std::string path;                    // the new path of a rename
  std::optional<std::uint64_t> added;  // absent for binary files ("-")
  std::optional<std::uint64_t> deleted;
};

// One CODEOWNERS rule, in file order (the last matching rule wins).
struct CodeOwnerRecord {
  std::string pattern;
  std::vector<std::string> owners;  // "@org/team", "@user" or an e-mail
  std::uint32_t line = 0;
};

// What a debt reader hands over at a time; any of the lists may be empty.
struct DebtBatch {
  std::vector<DebtMeasureRecord> measures;
  std::vector<DebtIssueRecord> issues;
  std::vector<DebtChangeRecord> changes;
  std::vector<CodeOwnerRecord> owners;

  bool empty() const {
    return measures.empty() && issues.empty() && changes.empty() && owners.empty();
  }
  std::size_t size() const {
    return measures.size() + issues.size() + changes.size() + owners.size();
  }
};

}  // namespace sightline
