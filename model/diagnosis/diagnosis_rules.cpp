#include "model/diagnosis/diagnosis_rules.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cassert>
#include <cmath>

#include "model/diagnosis/default_rules_json.h"

namespace sightline {

namespace {

QJsonObject parseObject(std::string_view json, Status* status) {
  QJsonParseError error{};
  const QJsonDocument document =
      QJsonDocument::fromJson(QByteArray(json.data(), static_cast<qsizetype>(json.size())), &error);
  if (error.error != QJsonParseError::NoError) {
    *status = Status::error("rules: not JSON at byte " + std::to_string(error.offset) + ": " +
                            error.errorString().toStdString());
    return {};
  }
  if (!document.isObject()) {
    *status = Status::error("rules: expected a JSON object with \"rules\"");
    return {};
  }
  *status = Status::ok();
  return document.object();
}

}  // namespace

DiagnosisRules DiagnosisRules::defaults() {
  static const DiagnosisRules kDefaults = [] {
    DiagnosisRules rules;
    Status status;
    const QJsonObject root = parseObject(defaultRulesJson(), &status);
    assert(status.isOk());
    rules.m_exemplars = root.value(QLatin1String("exemplars")).toInt(10);
    const QJsonObject all = root.value(QLatin1String("rules")).toObject();
    for (auto it = all.begin(); it != all.end(); ++it) {
      Rule& rule = rules.m_rules[it.key().toStdString()];
      const QJsonObject values = it.value().toObject();
      for (auto value = values.begin(); value != values.end(); ++value) {
        if (value.key() == QLatin1String("enabled"))
          rule.enabled = value.value().toBool(true);
        else
          rule.values[value.key().toStdString()] = value.value().toDouble();
      }
    }
    return rules;
  }();
  return kDefaults;
}

DiagnosisRules DiagnosisRules::fromJson(std::string_view json, Status* status) {
  DiagnosisRules rules = defaults();
  Status local;
  Status& result = status ? *status : local;
  const QJsonObject root = parseObject(json, &result);
  if (!result.isOk())
    return defaults();
  for (auto it = root.begin(); it != root.end(); ++it) {
    const QString key = it.key();
    if (key == QLatin1String("comment"))
      continue;
    if (key == QLatin1String("exemplars")) {
      if (!it.value().isDouble() || it.value().toDouble() < 1) {
        result = Status::error("rules: \"exemplars\" must be a number of at least 1");
        return defaults();
      }
      rules.m_exemplars = it.value().toInt();
      continue;
    }
    if (key != QLatin1String("rules")) {
      result = Status::error("rules: unknown key \"" + key.toStdString() +
                             "\" (expected \"rules\", \"exemplars\" or \"comment\")");
      return defaults();
    }
  }
  const QJsonObject all = root.value(QLatin1String("rules")).toObject();
  for (auto it = all.begin(); it != all.end(); ++it) {
    const std::string ruleName = it.key().toStdString();
    auto rule = rules.m_rules.find(ruleName);
    if (rule == rules.m_rules.end()) {
      result = Status::error("rules: unknown rule \"" + ruleName + "\"");
      return defaults();
    }
    if (!it.value().isObject()) {
      result = Status::error("rules: \"" + ruleName + "\" must be an object");
      return defaults();
    }
    const QJsonObject values = it.value().toObject();
    for (auto value = values.begin(); value != values.end(); ++value) {
      const std::string key = value.key().toStdString();
      if (key == "enabled") {
        if (!value.value().isBool()) {
          result = Status::error("rules: " + ruleName + ".enabled must be true or false");
          return defaults();
        }
        rule->second.enabled = value.value().toBool();
        continue;
      }
      auto threshold = rule->second.values.find(key);
      if (threshold == rule->second.values.end()) {
        result =
            Status::error("rules: unknown threshold \"" + key + "\" of rule \"" + ruleName + "\"");
        return defaults();
      }
      if (!value.value().isDouble() || !std::isfinite(value.value().toDouble()) ||
          value.value().toDouble() < 0) {
        result =
            Status::error("rules: " + ruleName + "." + key + " must be a number of at least 0");
        return defaults();
      }
      threshold->second = value.value().toDouble();
    }
  }
  result = Status::ok();
  return rules;
}

bool DiagnosisRules::enabled(std::string_view rule) const {
  const auto it = m_rules.find(rule);
  return it != m_rules.end() && it->second.enabled;
}

double DiagnosisRules::number(std::string_view rule, std::string_view key) const {
  const auto it = m_rules.find(rule);
  assert(it != m_rules.end());
  if (it == m_rules.end())
    return 0;
  const auto value = it->second.values.find(key);
  assert(value != it->second.values.end());
  return value == it->second.values.end() ? 0 : value->second;
}

std::uint64_t DiagnosisRules::nanoseconds(std::string_view rule, std::string_view key) const {
  return static_cast<std::uint64_t>(std::llround(number(rule, key) * 1e6));
}

std::string DiagnosisRules::toJson() const {
  QJsonObject all;
  for (const auto& [name, rule] : m_rules) {
    QJsonObject values;
    values.insert(QLatin1String("enabled"), rule.enabled);
    for (const auto& [key, value] : rule.values)
      values.insert(QString::fromStdString(key), value);
    all.insert(QString::fromStdString(name), values);
  }
  QJsonObject root;
  root.insert(QLatin1String("exemplars"), m_exemplars);
  root.insert(QLatin1String("rules"), all);
  return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

void DiagnosisRules::set(const std::string& rule, const std::string& key, double value) {
  m_rules[rule].values[key] = value;
}

void DiagnosisRules::setEnabled(const std::string& rule, bool on) {
  m_rules[rule].enabled = on;
}

}  // namespace sightline
