#include "ui/debt/debt_flame_focus.h"

namespace sightline {

namespace {

QString escaped(const QString& text) {
  static const QString kSpecial = QStringLiteral("\\^$.|?*+()[]{}/");
  QString out;
  out.reserve(text.size() + 8);
  for (const QChar c : text) {
    if (kSpecial.contains(c))
      out += QLatin1Char('\\');
    out += c;
  }
  return out;
}

}  // namespace

bool debtFocusIsFunction(const std::string& focus) {
  const std::size_t slash = focus.rfind('/');
  const std::string last = slash == std::string::npos ? focus : focus.substr(slash + 1);
  return last.find('.') != std::string::npos || last.find('(') != std::string::npos;
}

QString debtFocusRegex(const std::string& focus) {
  std::string name = focus;
  while (!name.empty() && name.back() == '/')
    name.pop_back();
  if (name.empty())
    return {};
  const QString text = escaped(QString::fromStdString(name));
  if (debtFocusIsFunction(name))
    return QLatin1Char('^') + text + QLatin1Char('$');
  // A package: its functions are "pkg.F", "pkg.(*T).M" or "host/path/pkg.F".
  return QStringLiteral("^(.*\\/)?") + text + QStringLiteral("\\.");
}

}  // namespace sightline
