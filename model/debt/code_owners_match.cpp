#include "model/debt/code_owners_match.h"

namespace sightline {

namespace {

// The regular expression of a CODEOWNERS pattern, matched against a whole path.
QString patternExpression(std::string pattern) {
  const bool directory = !pattern.empty() && pattern.back() == '/';
  while (!pattern.empty() && pattern.back() == '/')
    pattern.pop_back();
  const bool anchored = pattern.find('/') != std::string::npos;
  while (!pattern.empty() && pattern.front() == '/')
    pattern.erase(0, 1);
  QString body;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '*' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
      // "**/" any directories (also none), a trailing or inner "**" anything.
      if (i + 2 < pattern.size() && pattern[i + 2] == '/') {
        body += QStringLiteral("(?:.*/)?");
        i += 2;
      } else {
        body += QStringLiteral(".*");
        ++i;
      }
    } else if (c == '*') {
      body += QStringLiteral("[^/]*");
    } else if (c == '?') {
      body += QStringLiteral("[^/]");
    } else {
      body += QRegularExpression::escape(QString(QChar::fromLatin1(c)));
    }
  }
  const QString head = anchored ? QStringLiteral("^") : QStringLiteral("^(?:.*/)?");
  const QString tail = directory ? QStringLiteral("/.*$") : QStringLiteral("(?:/.*)?$");
  return head + body + tail;
}

}  // namespace

CodeOwnersMatcher::CodeOwnersMatcher(const std::vector<DebtOwnerInput>& rules) {
  for (const DebtOwnerInput& input : rules) {
    Rule rule;
    rule.pattern = QRegularExpression(patternExpression(input.pattern));
    if (!rule.pattern.isValid())
      continue;
    rule.owners = input.owners;
    rule.specific = input.pattern.find('/') != std::string::npos;
    m_rules.push_back(std::move(rule));
  }
}

std::vector<std::string> CodeOwnersMatcher::ownersOf(const std::string& path,
                                                     bool* specific) const {
  std::string clean = path;
  while (!clean.empty() && clean.front() == '/')
    clean.erase(0, 1);
  const QString text = QString::fromStdString(clean);
  for (auto it = m_rules.rbegin(); it != m_rules.rend(); ++it) {
    if (it->pattern.match(text).hasMatch()) {
      if (specific)
        *specific = it->specific;
      return it->owners;
    }
  }
  if (specific)
    *specific = false;
  return {};
}

}  // namespace sightline
