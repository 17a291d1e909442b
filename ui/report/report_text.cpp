#include "ui/report/report_text.h"

namespace sightline {

namespace {

constexpr char16_t kReplacement = 0xFFFD;

// Characters that change the direction or the lines of the text around them.
bool isLayoutControl(char16_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C || c == 0x2028 || c == 0x2029;
}

QString visibleCodePoint(char16_t c) {
  return QStringLiteral("⟨U+") +
         QString::number(static_cast<uint>(c), 16).toUpper().rightJustified(4, QLatin1Char('0')) +
         QStringLiteral("⟩");
}

}  // namespace

QString reportText(std::string_view utf8, qsizetype limit, bool multiline) {
  return reportText(QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size())), limit,
                    multiline);
}

QString reportText(const QString& text, qsizetype limit, bool multiline) {
  QString out;
  out.reserve(std::min(text.size(), limit) + 8);
  qsizetype characters = 0;
  for (qsizetype i = 0; i < text.size(); ++i) {
    if (characters >= limit) {
      out.append(QChar(0x2026));
      break;
    }
    const char16_t c = text.at(i).unicode();
    ++characters;
    if (QChar::isHighSurrogate(c) && i + 1 < text.size() &&
        QChar::isLowSurrogate(text.at(i + 1).unicode())) {
      out.append(text.at(i));
      out.append(text.at(++i));
    } else if (QChar::isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
      out.append(QChar(kReplacement));
    } else if (multiline && (c == u'\n' || c == u'\t')) {
      out.append(QChar(c));
    } else if (c < 0x20) {
      out.append(QChar(static_cast<char16_t>(0x2400 + c)));
    } else if (c == 0x7F) {
      out.append(QChar(0x2421));
    } else if (c >= 0x80 && c < 0xA0) {
      out.append(QChar(kReplacement));
    } else if (isLayoutControl(c)) {
      out.append(visibleCodePoint(c));
    } else {
      out.append(QChar(c));
    }
  }
  return out;
}

}  // namespace sightline
