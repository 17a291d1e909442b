#include "model/debt/debt_thresholds.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <array>
#include <cmath>

#include "model/debt/debt_table.h"

namespace sightline {

namespace {

struct ColumnInfo {
  DebtColumn column;
  const char* id;
  const char* title;
};

constexpr std::array<ColumnInfo, kDebtColumnCount> kColumns = {{
    {DebtColumn::Coverage, "coverage", "Coverage %"},
    {DebtColumn::Duplication, "duplication", "Duplication %"},
    {DebtColumn::VulnerabilityDensity, "vulnerability_density", "Vulnerabilities / kLOC"},
    {DebtColumn::CodeSmells, "code_smells", "Code smells"},
    {DebtColumn::DebtMinutes, "debt_minutes", "Debt (min)"},
    {DebtColumn::Churn, "churn", "Churn"},
    {DebtColumn::P99, "p99", "p99"},
    {DebtColumn::ErrorRate, "error_rate", "Error rate"},
    {DebtColumn::CriticalPathShare, "critical_path_share", "Critical path"},
    {DebtColumn::CpuShare, "cpu_share", "CPU"},
    {DebtColumn::Findings, "findings", "Findings"},
}};

// The JSON keys of the thresholds, each with its member.
struct ThresholdKey {
  const char* key;
  double DebtThresholds::*member;
};

constexpr std::array<ThresholdKey, 12> kKeys = {{
    {"min_coverage", &DebtThresholds::minCoverage},
    {"max_duplication", &DebtThresholds::maxDuplication},
    {"max_vulnerability_density", &DebtThresholds::maxVulnerabilityDensity},
    {"max_code_smells_per_kloc", &DebtThresholds::maxCodeSmellsPerKloc},
    {"max_debt_minutes_per_kloc", &DebtThresholds::maxDebtMinutesPerKloc},
    {"max_churn", &DebtThresholds::maxChurn},
    {"p99_budget_ms", &DebtThresholds::p99BudgetMs},
    {"max_error_rate", &DebtThresholds::maxErrorRate},
    {"max_critical_path_share", &DebtThresholds::maxCriticalPathShare},
    {"max_cpu_share", &DebtThresholds::maxCpuShare},
    {"max_findings", &DebtThresholds::maxFindings},
    {"warn_margin", &DebtThresholds::warnMargin},
}};

// Higher is worse: past `limit` is bad, within `margin` (relative) below it a warning. A
// limit of 0 has no warn band: anything above it is bad.
DebtCellStatus atMost(double value, double limit, double margin) {
  if (value > limit)
    return DebtCellStatus::Bad;
  if (limit > 0 && value > limit * (1 - margin))
    return DebtCellStatus::Warn;
  return DebtCellStatus::Good;
}

// Lower is worse (coverage): below `limit` is bad, within `margin` above it a warning.
DebtCellStatus atLeast(double value, double limit, double margin) {
  if (value < limit)
    return DebtCellStatus::Bad;
  if (value < std::min(100.0, limit * (1 + margin)))
    return DebtCellStatus::Warn;
  return DebtCellStatus::Good;
}

// A count per 1,000 lines of code; without a size, the count itself (as if the unit had
// 1,000 lines), so that a unit without `ncloc` still shows its count against the limit.
double perKloc(double count, const std::optional<double>& ncloc) {
  if (ncloc && *ncloc > 0)
    return count / (*ncloc / 1000.0);
  return count;
}

}  // namespace

const char* debtColumnId(DebtColumn column) {
  return kColumns[static_cast<std::size_t>(column)].id;
}

const char* debtColumnTitle(DebtColumn column) {
  return kColumns[static_cast<std::size_t>(column)].title;
}

std::optional<double> debtColumnValue(DebtColumn column, const DebtFigures& figures) {
  auto unsignedValue = [](const std::optional<std::uint64_t>& v) -> std::optional<double> {
    if (!v)
      return std::nullopt;
    return static_cast<double>(*v);
  };
  switch (column) {
    case DebtColumn::Coverage:
      return figures.coverage;
    case DebtColumn::Duplication:
      return figures.duplication;
    case DebtColumn::VulnerabilityDensity:
      return figures.vulnerabilityDensity ? figures.vulnerabilityDensity : figures.vulnerabilities;
    case DebtColumn::CodeSmells:
      return figures.codeSmells;
    case DebtColumn::DebtMinutes:
      return figures.debtMinutes;
    case DebtColumn::Churn:
      return figures.churn;
    case DebtColumn::P99:
      return unsignedValue(figures.p99Ns);
    case DebtColumn::ErrorRate:
      return figures.errorRate;
    case DebtColumn::CriticalPathShare:
      return figures.criticalPathShare;
    case DebtColumn::CpuShare:
      return figures.cpuShare;
    case DebtColumn::Findings:
      return unsignedValue(figures.findings);
  }
  return std::nullopt;
}

DebtCellStatus debtCellStatus(DebtColumn column, const DebtFigures& figures,
                              const DebtThresholds& thresholds) {
  const double margin = thresholds.warnMargin;
  switch (column) {
    case DebtColumn::Coverage:
      if (!figures.coverage)
        return DebtCellStatus::Absent;
      return atLeast(*figures.coverage, thresholds.minCoverage, margin);
    case DebtColumn::Duplication:
      if (!figures.duplication)
        return DebtCellStatus::Absent;
      return atMost(*figures.duplication, thresholds.maxDuplication, margin);
    case DebtColumn::VulnerabilityDensity:
      if (figures.vulnerabilityDensity)
        return atMost(*figures.vulnerabilityDensity, thresholds.maxVulnerabilityDensity, margin);
      if (!figures.vulnerabilities)
        return DebtCellStatus::Absent;
      return atMost(*figures.vulnerabilities, thresholds.maxVulnerabilityDensity, margin);
    case DebtColumn::CodeSmells:
      if (!figures.codeSmells)
        return DebtCellStatus::Absent;
      return atMost(perKloc(*figures.codeSmells, figures.ncloc), thresholds.maxCodeSmellsPerKloc,
                    margin);
    case DebtColumn::DebtMinutes:
      if (!figures.debtMinutes)
        return DebtCellStatus::Absent;
      return atMost(perKloc(*figures.debtMinutes, figures.ncloc), thresholds.maxDebtMinutesPerKloc,
                    margin);
    case DebtColumn::Churn:
      if (!figures.churn)
        return DebtCellStatus::Absent;
      return atMost(*figures.churn, thresholds.maxChurn, margin);
    case DebtColumn::P99:
      if (!figures.p99Ns)
        return DebtCellStatus::Absent;
      return atMost(static_cast<double>(*figures.p99Ns) / 1e6, thresholds.p99BudgetMs, margin);
    case DebtColumn::ErrorRate:
      if (!figures.errorRate)
        return DebtCellStatus::Absent;
      return atMost(*figures.errorRate, thresholds.maxErrorRate, margin);
    case DebtColumn::CriticalPathShare:
      if (!figures.criticalPathShare)
        return DebtCellStatus::Absent;
      return atMost(*figures.criticalPathShare, thresholds.maxCriticalPathShare, margin);
    case DebtColumn::CpuShare:
      if (!figures.cpuShare)
        return DebtCellStatus::Absent;
      return atMost(*figures.cpuShare, thresholds.maxCpuShare, margin);
    case DebtColumn::Findings: {
      // The limit is about findings of severity high or above; all findings when the
      // severities are not known.
      const std::optional<std::uint64_t>& count =
          figures.severeFindings ? figures.severeFindings : figures.findings;
      if (!count)
        return DebtCellStatus::Absent;
      return atMost(static_cast<double>(*count), thresholds.maxFindings, margin);
    }
  }
  return DebtCellStatus::Absent;
}

Status parseDebtThresholds(const std::string& json, DebtThresholds* thresholds) {
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
  if (error.error != QJsonParseError::NoError) {
    return Status::error("thresholds: not JSON (" + error.errorString().toStdString() +
                         " at offset " + std::to_string(error.offset) + ")");
  }
  if (!document.isObject())
    return Status::error("thresholds: expected a JSON object such as {\"min_coverage\": 80}");
  DebtThresholds parsed = *thresholds;
  const QJsonObject object = document.object();
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string key = it.key().toStdString();
    const ThresholdKey* known = nullptr;
    for (const ThresholdKey& candidate : kKeys) {
      if (key == candidate.key)
        known = &candidate;
    }
    if (!known) {
      std::string keys;
      for (const ThresholdKey& candidate : kKeys)
        keys += std::string(keys.empty() ? "" : ", ") + candidate.key;
      return Status::error("thresholds: unknown key \"" + key + "\" (known: " + keys + ")");
    }
    if (!it.value().isDouble())
      return Status::error("thresholds: \"" + key + "\" must be a number");
    const double value = it.value().toDouble();
    if (!std::isfinite(value) || value < 0)
      return Status::error("thresholds: \"" + key + "\" must be a number ≥ 0");
    if (known->member == &DebtThresholds::minCoverage && value > 100)
      return Status::error("thresholds: \"min_coverage\" is a percentage (0–100)");
    if (known->member == &DebtThresholds::warnMargin && value >= 1)
      return Status::error("thresholds: \"warn_margin\" is a fraction below 1 (e.g. 0.1)");
    parsed.*(known->member) = value;
  }
  *thresholds = parsed;
  return Status::ok();
}

std::string debtThresholdsJson(const DebtThresholds& thresholds) {
  // Written by hand to keep the documented key order (QJsonObject sorts its keys).
  std::string json = "{";
  for (const ThresholdKey& key : kKeys) {
    if (json.size() > 1)
      json += ",";
    json += "\"" + std::string(key.key) + "\":" +
            QByteArray::number(thresholds.*(key.member), 'g', QLocale::FloatingPointShortest)
                .toStdString();
  }
  return json + "}";
}

}  // namespace sightline
