#include "model/profiles/profile_tag_filter.h"

#include <QString>

#include "model/profiles/profile_filter.h"

namespace sightline {
namespace {

// pprof's parseTagFilterRange: the first two runs of digits (with an optional sign and
// letters for a unit); the value is a range when it is one of them alone, or followed or
// preceded by ':', or both joined by ':'.
bool looksLikeNumericRange(const std::string& value) {
  static const QRegularExpression number(QStringLiteral("([+-]?[0-9]+)([A-Za-z]+)?"));
  QStringList found;
  auto it = number.globalMatch(QString::fromStdString(value));
  while (it.hasNext() && found.size() < 2)
    found.append(it.next().captured(0));
  const QString text = QString::fromStdString(value);
  if (found.size() == 1) {
    return text == found[0] || text == found[0] + QLatin1Char(':') ||
           text == QLatin1Char(':') + found[0];
  }
  return found.size() == 2 && text == found[0] + QLatin1Char(':') + found[1];
}

}  // namespace

std::optional<CompiledTagFilter> CompiledTagFilter::compile(const std::string& spec,
                                                            std::string* error) {
  CompiledTagFilter filter;
  std::string value = spec;
  if (const std::size_t eq = spec.find('='); eq != std::string::npos) {
    filter.m_key = spec.substr(0, eq);
    value = spec.substr(eq + 1);
  }
  if (looksLikeNumericRange(value)) {
    if (error)
      *error = "'" + value + "' is a numeric range, which is not supported (string labels only)";
    return std::nullopt;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = value.find(',', start);
    const std::string part = value.substr(start, comma - start);
    std::optional<QRegularExpression> regex = compileProfileRegex(part, error);
    if (!regex)
      return std::nullopt;
    filter.m_regexes.push_back(std::move(*regex));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return filter;
}

bool CompiledTagFilter::matches(const std::vector<ProfileLabel>& labels) const {
  if (!m_key.empty()) {
    for (const ProfileLabel& label : labels) {
      if (label.numeric || label.key != m_key)
        continue;
      const QString text = QString::fromStdString(label.text);
      for (const QRegularExpression& regex : m_regexes)
        if (regex.match(text).hasMatch())
          return true;
    }
    return false;
  }
  for (const QRegularExpression& regex : m_regexes) {
    bool matched = false;
    for (const ProfileLabel& label : labels) {
      if (!label.numeric &&
          regex.match(QString::fromStdString(label.key + ":" + label.text)).hasMatch()) {
        matched = true;
        break;
      }
    }
    if (!matched)
      return false;
  }
  return true;
}

}  // namespace sightline
