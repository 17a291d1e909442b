#include "ui/debt/debt_compare_sides.h"

#include <algorithm>
#include <map>
#include <string>

namespace sightline {

namespace {

std::string seriesKey(const DebtSourceInfo& source) {
  std::string key = source.kind;
  for (const std::string& tool : source.tools)
    key += '\n' + tool;
  // One SonarQube answer (or pull) per project: its file or URL names the project.
  if (isSonarQubeKind(source.kind))
    key += '\n' + source.path;
  return key;
}

}  // namespace

DebtSides defaultDebtSides(const std::vector<DebtSourceInfo>& sources) {
  std::map<std::string, std::int64_t> newest;
  std::map<std::string, int> count;
  for (const DebtSourceInfo& source : sources) {
    const std::string key = seriesKey(source);
    newest[key] = std::max(newest[key], source.id);
    ++count[key];
  }
  DebtSides sides;
  for (const DebtSourceInfo& source : sources) {
    sides.target.push_back(source.id);
    const std::string key = seriesKey(source);
    if (count[key] < 2 || newest[key] != source.id)
      sides.baseline.push_back(source.id);
  }
  if (sides.baseline.size() == sides.target.size())
    return {};
  std::sort(sides.baseline.begin(), sides.baseline.end());
  std::sort(sides.target.begin(), sides.target.end());
  return sides;
}

QString debtSourceLabel(const DebtSourceInfo& source) {
  return QStringLiteral("%1  %2 (%3)")
      .arg(source.id)
      .arg(QString::fromStdString(source.fileName), QString::fromStdString(source.kind));
}

}  // namespace sightline
