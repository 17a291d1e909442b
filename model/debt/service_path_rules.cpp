#include "model/debt/service_path_rules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <set>

#include <sqlite3.h>
#include "model/common/json_string.h"

#include "model/store/store_statement.h"
#include "model/store/workspace.h"

namespace sightline {

bool servicePrefixCovers(std::string_view prefix, std::string_view path) {
  if (prefix.empty() || path.size() + 1 < prefix.size())
    return false;
  if (prefix.back() == '/') {
    if (path.size() + 1 == prefix.size())
      return prefix.substr(0, path.size()) == path;
    return path.substr(0, prefix.size()) == prefix;
  }
  if (path.substr(0, prefix.size()) != prefix)
    return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/' || path[prefix.size()] == ':';
}

std::string pathInsidePrefix(std::string_view prefix, std::string_view path) {
  if (path.size() <= prefix.size())
    return {};
  if (prefix.back() == '/')
    return std::string(path.substr(prefix.size()));
  return std::string(path.substr(prefix.size() + 1));
}

ServicePathMatcher::ServicePathMatcher(std::vector<ServicePathRule> rules)
    : m_rules(std::move(rules)) {
  std::stable_sort(m_rules.begin(), m_rules.end(),
                   [](const ServicePathRule& a, const ServicePathRule& b) {
                     if (a.prefix.size() != b.prefix.size())
                       return a.prefix.size() > b.prefix.size();
                     return a.prefix < b.prefix;
                   });
}

std::optional<ServicePathMatch> ServicePathMatcher::match(std::string_view path) const {
  const ServicePathRule* longest = nullptr;
  const ServicePathRule* shortest = nullptr;
  for (const ServicePathRule& rule : m_rules) {
    if (!servicePrefixCovers(rule.prefix, path))
      continue;
    if (!longest)
      longest = &rule;
    if (rule.service == longest->service)
      shortest = &rule;
  }
  if (!longest)
    return std::nullopt;
  return ServicePathMatch{longest->service, pathInsidePrefix(shortest->prefix, path), longest};
}

std::vector<const ServicePathRule*> ServicePathMatcher::rulesOf(const std::string& service) const {
  std::vector<const ServicePathRule*> rules;
  for (auto it = m_rules.rbegin(); it != m_rules.rend(); ++it) {
    if (it->service == service)
      rules.push_back(&*it);
  }
  return rules;
}

Status validateServicePathRule(const ServicePathRule& rule) {
  if (rule.prefix.empty())
    return Status::error("a rule needs a non-empty \"prefix\"");
  if (rule.service.empty())
    return Status::error("the rule for \"" + rule.prefix + "\" needs a non-empty \"service\"");
  std::string_view rest = rule.prefix;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    if (rest.substr(0, slash) == "..")
      return Status::error("the prefix \"" + rule.prefix + "\" has a \"..\" segment");
    if (slash == std::string_view::npos)
      break;
    rest.remove_prefix(slash + 1);
  }
  if (rule.prefix.find('\0') != std::string::npos || rule.service.find('\0') != std::string::npos)
    return Status::error("the rule for \"" + rule.prefix + "\" holds a NUL byte");
  return Status::ok();
}

Status parseServicePathRulesJson(const std::string& json, std::vector<ServicePathRule>* rules) {
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
  if (error.error != QJsonParseError::NoError) {
    return Status::error("mapping: not JSON (" + error.errorString().toStdString() + " at offset " +
                         std::to_string(error.offset) + ")");
  }
  if (!document.isArray()) {
    return Status::error(
        "mapping: expected a JSON array such as [{\"prefix\": \"services/payment/\", "
        "\"service\": \"payment\"}]");
  }
  std::vector<ServicePathRule> parsed;
  std::set<std::string> prefixes;
  const QJsonArray array = document.array();
  for (qsizetype i = 0; i < array.size(); ++i) {
    const std::string where = "mapping: entry " + std::to_string(i + 1) + ": ";
    if (!array[i].isObject())
      return Status::error(where + "expected an object with \"prefix\" and \"service\"");
    const QJsonObject object = array[i].toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (it.key() != QLatin1String("prefix") && it.key() != QLatin1String("service") &&
          it.key() != QLatin1String("origin")) {
        return Status::error(where + "unknown key \"" + it.key().toStdString() + "\"");
      }
    }
    if (!object.value(QLatin1String("prefix")).isString() ||
        !object.value(QLatin1String("service")).isString()) {
      return Status::error(where + "\"prefix\" and \"service\" must be strings");
    }
    ServicePathRule rule{object.value(QLatin1String("prefix")).toString().toStdString(),
                         object.value(QLatin1String("service")).toString().toStdString(), "user"};
    if (Status s = validateServicePathRule(rule); !s)
      return Status::error(where + s.message());
    if (!prefixes.insert(rule.prefix).second)
      return Status::error(where + "the prefix \"" + rule.prefix + "\" is given twice");
    parsed.push_back(std::move(rule));
  }
  *rules = std::move(parsed);
  return Status::ok();
}

std::string servicePathRulesJson(const std::vector<ServicePathRule>& rules) {
  std::string json = "[";
  for (const ServicePathRule& rule : rules) {
    if (json.size() > 1)
      json += ",";
    json += "{\"prefix\":";
    appendJsonString(json, rule.prefix);
    json += ",\"service\":";
    appendJsonString(json, rule.service);
    json += ",\"origin\":";
    appendJsonString(json, rule.origin);
    json += "}";
  }
  return json + "]";
}

Status loadServicePathRules(Workspace& workspace, std::vector<ServicePathRule>* rules) {
  rules->clear();
  StoreStatement query(workspace.db(),
                       "SELECT prefix, service, origin FROM service_paths ORDER BY prefix");
  while (query.step())
    rules->push_back({query.columnText(0), query.columnText(1), query.columnText(2)});
  if (!query.ok()) {
    return Status::error("workspace: cannot read the code → service rules: " +
                         lastSqliteError(workspace.db()));
  }
  return Status::ok();
}

Status saveUserServicePathRules(Workspace& workspace, const std::vector<ServicePathRule>& rules) {
  std::set<std::string> prefixes;
  for (const ServicePathRule& rule : rules) {
    if (Status s = validateServicePathRule(rule); !s)
      return Status::error("mapping: " + s.message());
    if (!prefixes.insert(rule.prefix).second)
      return Status::error("mapping: the prefix \"" + rule.prefix + "\" is given twice");
  }
  sqlite3* db = workspace.db();
  if (Status s = execSql(db, "BEGIN IMMEDIATE"); !s)
    return s;
  auto fail = [db](const std::string& what) {
    const std::string message = "workspace: cannot store " + what + ": " + lastSqliteError(db);
    execSql(db, "ROLLBACK");
    return Status::error(message);
  };
  if (!execSql(db, "DELETE FROM service_paths WHERE origin = 'user'"))
    return fail("the code → service rules");
  // A user rule replaces a proposal for the same prefix.
  StoreStatement insert(
      db, "INSERT OR REPLACE INTO service_paths(prefix, service, origin) VALUES(?, ?, 'user')");
  for (const ServicePathRule& rule : rules) {
    insert.bindText(1, rule.prefix);
    insert.bindText(2, rule.service);
    if (insert.execute() != SQLITE_DONE)
      return fail("the rule for \"" + rule.prefix + "\"");
  }
  if (Status s = execSql(db, "COMMIT"); !s) {
    execSql(db, "ROLLBACK");
    return s;
  }
  return Status::ok();
}

}  // namespace sightline
