#include "importers/debt/sarif_reader.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

namespace od = simdjson::ondemand;

constexpr int kMaxUriBaseDepth = 8;

struct SarifRule {
  std::string id;
  std::string level;  // defaultConfiguration.level, "" when not given
  std::vector<std::string> tags;
  std::optional<double> securitySeverity;
};

struct SarifUri {
  std::string uri;
  std::string baseId;
};

// What one run knows before its results: the tool, its rules, the URI bases and artifacts.
struct SarifRun {
  std::string tool;
  std::vector<SarifRule> rules;
  std::unordered_map<std::string, std::size_t> ruleById;
  std::unordered_map<std::string, SarifUri> uriBases;
  std::vector<SarifUri> artifacts;
};

// One result as read, before the rule fills in what it leaves out.
struct SarifResult {
  std::string ruleId;
  std::optional<std::uint64_t> ruleIndex;
  std::string level;
  std::string kind;
  std::string message;
  std::vector<std::string> tags;
  std::optional<double> securitySeverity;
  SarifUri location;
  std::optional<std::uint64_t> artifactIndex;
  std::uint32_t line = 0;
  bool suppressed = false;
  bool absent = false;
};

void addTag(std::vector<std::string>& tags, std::string_view tag) {
  if (std::find(tags.begin(), tags.end(), tag) == tags.end())
    tags.emplace_back(tag);
}

class SarifDecoder {
 public:
  SarifDecoder(DebtBatchEmitter& emitter, SarifReadStats& stats, DecodeError& error)
      : m_emitter(emitter), m_stats(stats), m_error(error) {}

  bool decode(od::document& document) {
    od::object root;
    if (auto code = document.get_object().get(root))
      return failCode(code, "expected a SARIF log (a JSON object)");
    bool sawRuns = false;
    std::string version;
    for (auto fieldResult : root) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid SARIF log");
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid SARIF log");
      if (key == "version") {
        std::string_view text;
        if (auto code = field.value().get_string().get(text))
          return failCode(code, "expected \"version\" to be a string");
        version = std::string(text);
        if (version != "2.1.0")
          return fail("expected SARIF version 2.1.0, found \"" + version + "\"");
      } else if (key == "runs") {
        sawRuns = true;
        od::array runs;
        if (auto code = field.value().get_array().get(runs))
          return failCode(code, "expected \"runs\" to be an array");
        std::size_t index = 0;
        for (auto runResult : runs) {
          od::object run;
          const std::string where = "runs[" + std::to_string(index++) + "]";
          if (auto code = runResult.get_object().get(run))
            return failCode(code, "expected " + where + " to be an object");
          if (!decodeRun(run, where))
            return false;
          ++m_stats.runs;
        }
      }
    }
    if (!sawRuns)
      return fail("expected a SARIF log with \"runs\"");
    // At the end of the document, current_location() has nothing left to point at.
    if (const char* rest = nullptr; document.current_location().get(rest) == simdjson::SUCCESS)
      return fail("unexpected data after the SARIF log");
    return true;
  }

  // Where the parser stopped, for the error's offset.
  // The document's bytes, and the end of its padded buffer (the results are parsed again
  // from a view into it).
  void setDocument(const char* start, const char* paddedEnd) {
    m_start = start;
    m_end = paddedEnd;
  }
  void locate(od::document& document) {
    const char* at = nullptr;
    if (!m_start || document.current_location().get(at) || !at)
      return;
    m_error.offset = static_cast<std::uint64_t>(at - m_start);
    m_error.hasOffset = true;
  }

 private:
  bool fail(std::string message) {
    m_error.message = std::move(message);
    return false;
  }
  bool failCode(simdjson::error_code code, std::string what) {
    // A structural error (truncated or invalid JSON) says more than the expectation.
    if (code != simdjson::INCORRECT_TYPE && code != simdjson::NO_SUCH_FIELD)
      return fail("invalid JSON: " + std::string(simdjson::error_message(code)));
    return fail(std::move(what));
  }

  bool readString(od::value value, std::string& out, const std::string& what) {
    std::string_view text;
    if (auto code = value.get_string().get(text))
      return failCode(code, "expected " + what + " to be a string");
    out = std::string(text);
    return true;
  }

  bool readIndex(od::value value, std::optional<std::uint64_t>& out, const std::string& what) {
    std::int64_t number = 0;
    if (auto code = value.get_int64().get(number))
      return failCode(code, "expected " + what + " to be an integer");
    // -1 means "not given" in SARIF.
    if (number >= 0)
      out = static_cast<std::uint64_t>(number);
    return true;
  }

  // The text of a message object ({"text": …}); other members are skipped.
  bool readMessage(od::value value, std::string& out, const std::string& where) {
    od::object message;
    if (auto code = value.get_object().get(message))
      return failCode(code, "expected the message of " + where + " to be an object");
    for (auto fieldResult : message) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid message in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid message in " + where);
      if (key == "text" && !readString(field.value(), out, "message.text of " + where))
        return false;
    }
    return true;
  }

  // A property bag's tags, category and security-severity.
  bool readProperties(od::value value, std::vector<std::string>& tags,
                      std::optional<double>& severity, const std::string& where) {
    od::object properties;
    if (auto code = value.get_object().get(properties))
      return failCode(code, "expected the properties of " + where + " to be an object");
    for (auto fieldResult : properties) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid properties in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid properties in " + where);
      if (key == "tags") {
        od::array list;
        if (auto code = field.value().get_array().get(list))
          return failCode(code, "expected the tags of " + where + " to be an array");
        for (auto item : list) {
          std::string_view tag;
          if (auto code = item.get_string().get(tag))
            return failCode(code, "expected the tags of " + where + " to be strings");
          addTag(tags, tag);
        }
      } else if (key == "category") {
        // ESLint's SARIF formatter files a rule under its docs category ("Possible Security
        // Vulnerability" for eslint-plugin-security) and has no tags: keep it as one, so the
        // evidence shows it. It makes no vulnerability: only a `security` tag or a
        // security-severity does.
        std::string_view category;
        if (field.value().get_string().get(category) == simdjson::SUCCESS && !category.empty())
          addTag(tags, category);
      } else if (key == "security-severity") {
        od::json_type type;
        if (auto code = field.value().type().get(type))
          return failCode(code, "invalid security-severity in " + where);
        if (type == od::json_type::number) {
          double number = 0;
          if (auto code = field.value().get_double().get(number))
            return failCode(code, "expected the security-severity of " + where + " to be a number");
          severity = number;
        } else if (type == od::json_type::string) {
          std::string_view text;
          if (auto code = field.value().get_string().get(text))
            return failCode(code, "invalid security-severity in " + where);
          // A word ("high") instead of a score carries no number to keep.
          severity = parseDebtNumber(text);
        } else if (type != od::json_type::null) {
          return fail("expected the security-severity of " + where + " to be a number or a string");
        }
      }
    }
    return true;
  }

  bool readRule(od::value value, SarifRule& rule, const std::string& where) {
    od::object object;
    if (auto code = value.get_object().get(object))
      return failCode(code, "expected " + where + " to be an object");
    for (auto fieldResult : object) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid rule " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid rule " + where);
      if (key == "id") {
        if (!readString(field.value(), rule.id, "the id of " + where))
          return false;
      } else if (key == "defaultConfiguration") {
        od::object configuration;
        if (auto code = field.value().get_object().get(configuration))
          return failCode(code,
                          "expected the defaultConfiguration of " + where + " to be an object");
        od::value level;
        if (auto code = configuration.find_field_unordered("level").get(level);
            code == simdjson::SUCCESS) {
          if (!readString(level, rule.level, "the default level of " + where))
            return false;
        } else if (code != simdjson::NO_SUCH_FIELD) {
          return failCode(code, "invalid defaultConfiguration in " + where);
        }
      } else if (key == "properties") {
        if (!readProperties(field.value(), rule.tags, rule.securitySeverity, where))
          return false;
      }
    }
    return true;
  }

  bool readTool(od::value value, SarifRun& run, const std::string& where) {
    od::object tool;
    if (auto code = value.get_object().get(tool))
      return failCode(code, "expected the tool of " + where + " to be an object");
    od::object driver;
    if (auto code = tool.find_field_unordered("driver").get_object().get(driver))
      return failCode(code, "expected the tool of " + where + " to have a \"driver\" object");
    for (auto fieldResult : driver) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid tool.driver in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid tool.driver in " + where);
      if (key == "name") {
        if (!readString(field.value(), run.tool, "tool.driver.name of " + where))
          return false;
      } else if (key == "rules") {
        od::array rules;
        if (auto code = field.value().get_array().get(rules))
          return failCode(code, "expected tool.driver.rules of " + where + " to be an array");
        for (auto item : rules) {
          od::value ruleValue;
          if (auto code = std::move(item).get(ruleValue))
            return failCode(code, "invalid rule in " + where);
          SarifRule rule;
          const std::string at =
              where + ".tool.driver.rules[" + std::to_string(run.rules.size()) + "]";
          if (!readRule(ruleValue, rule, at))
            return false;
          run.ruleById.emplace(rule.id, run.rules.size());
          run.rules.push_back(std::move(rule));
        }
      }
    }
    return true;
  }

  bool readUri(od::value value, SarifUri& uri, std::optional<std::uint64_t>* index,
               const std::string& where) {
    od::object location;
    if (auto code = value.get_object().get(location))
      return failCode(code, "expected the artifact location of " + where + " to be an object");
    for (auto fieldResult : location) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid artifact location in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid artifact location in " + where);
      if (key == "uri") {
        if (!readString(field.value(), uri.uri, "the uri of " + where))
          return false;
      } else if (key == "uriBaseId") {
        if (!readString(field.value(), uri.baseId, "the uriBaseId of " + where))
          return false;
      } else if (key == "index" && index) {
        if (!readIndex(field.value(), *index, "the artifact index of " + where))
          return false;
      }
    }
    return true;
  }

  bool readUriBases(od::value value, SarifRun& run, const std::string& where) {
    od::object bases;
    if (auto code = value.get_object().get(bases))
      return failCode(code, "expected originalUriBaseIds of " + where + " to be an object");
    for (auto fieldResult : bases) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid originalUriBaseIds in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid originalUriBaseIds in " + where);
      SarifUri base;
      if (!readUri(field.value(), base, nullptr, "originalUriBaseIds of " + where))
        return false;
      run.uriBases[std::string(key)] = std::move(base);
    }
    return true;
  }

  bool readArtifacts(od::value value, SarifRun& run, const std::string& where) {
    od::array artifacts;
    if (auto code = value.get_array().get(artifacts))
      return failCode(code, "expected the artifacts of " + where + " to be an array");
    for (auto item : artifacts) {
      od::object artifact;
      if (auto code = item.get_object().get(artifact))
        return failCode(code, "expected the artifacts of " + where + " to be objects");
      SarifUri uri;
      od::value location;
      if (auto code = artifact.find_field_unordered("location").get(location);
          code == simdjson::SUCCESS) {
        if (!readUri(location, uri, nullptr, "artifacts of " + where))
          return false;
      } else if (code != simdjson::NO_SUCH_FIELD) {
        return failCode(code, "invalid artifact in " + where);
      }
      run.artifacts.push_back(std::move(uri));
    }
    return true;
  }

  // One pass over the run's members, in document order. On-Demand's out-of-order lookups
  // rewind over members they skipped and assume those were well formed, which a hostile
  // file breaks (undefined behaviour, found by fuzz_sarif); so nothing here looks back.
  // The results may come before the tool, rules and artifacts they refer to: their text is
  // kept and decoded by a second parser once the run's other members are known.
  bool decodeRun(od::object& run, const std::string& where) {
    SarifRun state;
    bool sawTool = false;
    std::optional<std::string_view> results;
    for (auto fieldResult : run) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid member in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid member in " + where);
      if (key == "tool") {
        sawTool = true;
        if (!readTool(field.value(), state, where))
          return false;
      } else if (key == "originalUriBaseIds") {
        if (!readUriBases(field.value(), state, where))
          return false;
      } else if (key == "artifacts") {
        if (!readArtifacts(field.value(), state, where))
          return false;
      } else if (key == "results") {
        od::array array;
        if (auto code = field.value().get_array().get(array))
          return failCode(code, "expected the results of " + where + " to be an array");
        std::string_view text;
        if (auto code = array.raw_json().get(text))
          return failCode(code, "invalid results in " + where);
        results = text;
      }
    }
    if (!sawTool)
      return fail("expected " + where + " to have a \"tool\"");
    if (!results)
      return true;
    return decodeResults(*results, state, where);
  }

  // The results array's text, a view into the padded document: parsed on its own.
  bool decodeResults(std::string_view text, SarifRun& state, const std::string& where) {
    if (!m_end || text.data() < m_start || text.data() + text.size() > m_end)
      return fail("internal error: results outside the document");
    od::parser parser;
    od::document document;
    const simdjson::padded_string_view view(text.data(), text.size(),
                                            static_cast<std::size_t>(m_end - text.data()));
    if (auto code = parser.iterate(view).get(document))
      return failCode(code, "invalid results in " + where);
    od::array results;
    if (auto code = document.get_array().get(results))
      return failCode(code, "expected the results of " + where + " to be an array");
    std::uint64_t index = 0;
    for (auto item : results) {
      od::value result;
      if (auto code = std::move(item).get(result))
        return failCode(code, "invalid result in " + where);
      if (!decodeResult(result, state, where + ".results[" + std::to_string(index++) + "]"))
        return false;
    }
    return true;
  }

  bool readLocation(od::value value, SarifResult& result, const std::string& where) {
    od::object location;
    if (auto code = value.get_object().get(location))
      return failCode(code, "expected the locations of " + where + " to be objects");
    od::object physical;
    if (auto code = location.find_field_unordered("physicalLocation").get_object().get(physical)) {
      if (code == simdjson::NO_SUCH_FIELD)
        return true;  // a logical location only: no file
      return failCode(code, "expected the physicalLocation of " + where + " to be an object");
    }
    for (auto fieldResult : physical) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid physicalLocation in " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid physicalLocation in " + where);
      if (key == "artifactLocation") {
        if (!readUri(field.value(), result.location, &result.artifactIndex, where))
          return false;
      } else if (key == "region") {
        od::object region;
        if (auto code = field.value().get_object().get(region))
          return failCode(code, "expected the region of " + where + " to be an object");
        od::value startLine;
        if (auto code = region.find_field_unordered("startLine").get(startLine);
            code == simdjson::SUCCESS) {
          std::uint64_t line = 0;
          if (auto lineCode = startLine.get_uint64().get(line))
            return failCode(lineCode,
                            "expected the startLine of " + where + " to be a positive integer");
          result.line = static_cast<std::uint32_t>(std::min<std::uint64_t>(line, UINT32_MAX));
        } else if (code != simdjson::NO_SUCH_FIELD) {
          return failCode(code, "invalid region in " + where);
        }
      }
    }
    return true;
  }

  bool readSuppressions(od::value value, SarifResult& result, const std::string& where) {
    od::array suppressions;
    if (auto code = value.get_array().get(suppressions))
      return failCode(code, "expected the suppressions of " + where + " to be an array");
    for (auto item : suppressions) {
      od::object suppression;
      if (auto code = item.get_object().get(suppression))
        return failCode(code, "expected the suppressions of " + where + " to be objects");
      // A suppression without a status, or "accepted", suppresses the result.
      std::string status;
      od::value statusValue;
      if (auto code = suppression.find_field_unordered("status").get(statusValue);
          code == simdjson::SUCCESS) {
        if (!readString(statusValue, status, "the suppression status of " + where))
          return false;
      } else if (code != simdjson::NO_SUCH_FIELD) {
        return failCode(code, "invalid suppression in " + where);
      }
      if (status.empty() || status == "accepted")
        result.suppressed = true;
    }
    return true;
  }

  bool decodeResult(od::value value, const SarifRun& run, const std::string& where) {
    od::object object;
    if (auto code = value.get_object().get(object))
      return failCode(code, "expected " + where + " to be an object");
    SarifResult result;
    for (auto fieldResult : object) {
      od::field field;
      std::string_view key;
      if (auto code = std::move(fieldResult).get(field))
        return failCode(code, "invalid " + where);
      if (auto code = field.unescaped_key().get(key))
        return failCode(code, "invalid " + where);
      bool ok = true;
      if (key == "ruleId") {
        ok = readString(field.value(), result.ruleId, "the ruleId of " + where);
      } else if (key == "ruleIndex") {
        ok = readIndex(field.value(), result.ruleIndex, "the ruleIndex of " + where);
      } else if (key == "rule") {
        od::object rule;
        if (auto code = field.value().get_object().get(rule))
          return failCode(code, "expected the rule of " + where + " to be an object");
        for (auto ruleField : rule) {
          od::field member;
          std::string_view name;
          if (auto code = std::move(ruleField).get(member))
            return failCode(code, "invalid rule in " + where);
          if (auto code = member.unescaped_key().get(name))
            return failCode(code, "invalid rule in " + where);
          if (name == "id" && result.ruleId.empty())
            ok = readString(member.value(), result.ruleId, "the rule id of " + where);
          else if (name == "index" && !result.ruleIndex)
            ok = readIndex(member.value(), result.ruleIndex, "the rule index of " + where);
          if (!ok)
            return false;
        }
      } else if (key == "level") {
        ok = readString(field.value(), result.level, "the level of " + where);
      } else if (key == "kind") {
        ok = readString(field.value(), result.kind, "the kind of " + where);
      } else if (key == "message") {
        ok = readMessage(field.value(), result.message, where);
      } else if (key == "locations") {
        od::array locations;
        if (auto code = field.value().get_array().get(locations))
          return failCode(code, "expected the locations of " + where + " to be an array");
        for (auto item : locations) {
          od::value location;
          if (auto code = std::move(item).get(location))
            return failCode(code, "invalid location in " + where);
          ok = readLocation(location, result, where);
          break;  // the first location is the result's place
        }
      } else if (key == "properties") {
        ok = readProperties(field.value(), result.tags, result.securitySeverity, where);
      } else if (key == "suppressions") {
        ok = readSuppressions(field.value(), result, where);
      } else if (key == "baselineState") {
        std::string state;
        ok = readString(field.value(), state, "the baselineState of " + where);
        result.absent = state == "absent";
      }
      if (!ok)
        return false;
    }
    return emit(std::move(result), run, where);
  }

  // The URI with its base resolved through originalUriBaseIds (bases may have bases).
  std::string resolve(const SarifUri& uri, const SarifRun& run) const {
    std::string resolved = uri.uri;
    std::string baseId = uri.baseId;
    for (int depth = 0; depth < kMaxUriBaseDepth && !baseId.empty(); ++depth) {
      const auto base = run.uriBases.find(baseId);
      if (base == run.uriBases.end())
        break;  // an undefined base (%SRCROOT%): the path stays relative to it
      resolved = joinDebtUri(base->second.uri, resolved);
      baseId = base->second.baseId;
    }
    return resolved;
  }

  bool emit(SarifResult result, const SarifRun& run, const std::string& where) {
    if (result.suppressed || result.absent) {
      ++(result.suppressed ? m_stats.suppressed : m_stats.absent);
      return true;
    }
    const SarifRule* rule = nullptr;
    if (result.ruleIndex) {
      if (*result.ruleIndex >= run.rules.size()) {
        return fail("the ruleIndex " + std::to_string(*result.ruleIndex) + " of " + where +
                    " is beyond the run's " + std::to_string(run.rules.size()) + " rules");
      }
      rule = &run.rules[*result.ruleIndex];
    } else if (!result.ruleId.empty()) {
      if (const auto found = run.ruleById.find(result.ruleId); found != run.ruleById.end())
        rule = &run.rules[found->second];
    }
    DebtIssueRecord issue;
    issue.tool = run.tool;
    issue.ruleId =
        !result.ruleId.empty() ? std::move(result.ruleId) : (rule ? rule->id : std::string());
    if (!result.level.empty())
      issue.level = std::move(result.level);
    else if (!result.kind.empty() && result.kind != "fail")
      issue.level = "none";
    else if (rule && !rule->level.empty())
      issue.level = rule->level;
    else
      issue.level = "warning";
    if (rule) {
      issue.tags = rule->tags;
      issue.securitySeverity = rule->securitySeverity;
    }
    for (const std::string& tag : result.tags)
      addTag(issue.tags, tag);
    if (result.securitySeverity)
      issue.securitySeverity = result.securitySeverity;
    SarifUri location = std::move(result.location);
    if (location.uri.empty() && result.artifactIndex) {
      if (*result.artifactIndex >= run.artifacts.size()) {
        return fail("the artifact index " + std::to_string(*result.artifactIndex) + " of " + where +
                    " is beyond the run's " + std::to_string(run.artifacts.size()) + " artifacts");
      }
      location = run.artifacts[*result.artifactIndex];
    }
    if (!location.uri.empty()) {
      if (std::string problem =
              normaliseDebtPath(resolve(location, run), DebtPathSyntax::Uri, issue.path);
          !problem.empty()) {
        return fail(where + ": " + problem);
      }
    }
    issue.line = result.line;
    issue.message = std::move(result.message);
    m_emitter.batch().issues.push_back(std::move(issue));
    ++m_stats.results;
    if (Status status = m_emitter.flushIfFull(); !status)
      return fail(status.message());
    return true;
  }

  DebtBatchEmitter& m_emitter;
  SarifReadStats& m_stats;
  DecodeError& m_error;
  const char* m_start = nullptr;
  const char* m_end = nullptr;
};

}  // namespace

bool SarifReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  m_stats = SarifReadStats{};
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  std::string document;
  if (!readJsonDocument(source, kMaxDocumentBytes, "a SARIF log", document, error))
    return false;
  od::parser parser;
  od::document parsed;
  const simdjson::padded_string_view view(document.data(), document.size(), document.capacity());
  if (auto code = parser.iterate(view).get(parsed)) {
    error.message = std::string("invalid JSON: ") + simdjson::error_message(code);
    return false;
  }
  DebtBatchEmitter emitter(context);
  SarifDecoder decoder(emitter, m_stats, error);
  decoder.setDocument(document.data(), document.data() + document.capacity());
  if (!decoder.decode(parsed)) {
    if (!error.hasOffset && error.message != "cancelled")
      decoder.locate(parsed);
    return false;
  }
  return emitter.finish(error);
}

int sniffSarif(std::span<const std::uint8_t> head) {
  const std::string_view text = headText(head);
  if (!headIsJsonObject(text))
    return 0;
  const auto has = [&text](std::string_view key) { return headHas(text, key); };
  // "$schema": "https://…/sarif-schema-2.1.0.json" or "…/sarif-2.1.0-rtm.5".
  if (const std::size_t schema = text.find("\"$schema\""); schema != std::string_view::npos) {
    const std::size_t end = text.find(',', schema);
    const std::string_view value =
        text.substr(schema, end == std::string_view::npos ? std::string_view::npos : end - schema);
    if (value.find("sarif") != std::string_view::npos)
      return 95;
  }
  if (has("\"runs\"") && (has("\"2.1.0\"") || has("\"tool\"")))
    return 90;
  return 0;
}

}  // namespace sightline
