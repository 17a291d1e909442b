#include "ui/report/html/html_writer.h"

namespace sightline {

QString HtmlWriter::escaped(const QString& text) {
  QString out;
  out.reserve(text.size() + text.size() / 8);
  for (const QChar c : text) {
    switch (c.unicode()) {
      case u'&':
        out += QStringLiteral("&amp;");
        break;
      case u'<':
        out += QStringLiteral("&lt;");
        break;
      case u'>':
        out += QStringLiteral("&gt;");
        break;
      case u'"':
        out += QStringLiteral("&quot;");
        break;
      case u'\'':
        out += QStringLiteral("&#39;");
        break;
      default:
        out += c;
    }
  }
  return out;
}

void HtmlWriter::doctype() {
  m_out += QStringLiteral("<!DOCTYPE html>\n");
}

void HtmlWriter::writeAttributes(const Attribute* begin, const Attribute* end) {
  for (const Attribute* a = begin; a != end; ++a) {
    m_out += QLatin1Char(' ');
    m_out += QLatin1String(a->first);
    m_out += QStringLiteral("=\"");
    m_out += escaped(a->second);
    m_out += QLatin1Char('"');
  }
}

void HtmlWriter::start(const char* tag, std::initializer_list<Attribute> attributes) {
  m_out += QLatin1Char('<');
  m_out += QLatin1String(tag);
  writeAttributes(attributes.begin(), attributes.end());
  m_out += QLatin1Char('>');
  m_open.push_back(tag);
}

void HtmlWriter::start(const char* tag, const std::vector<Attribute>& attributes) {
  m_out += QLatin1Char('<');
  m_out += QLatin1String(tag);
  writeAttributes(attributes.data(), attributes.data() + attributes.size());
  m_out += QLatin1Char('>');
  m_open.push_back(tag);
}

void HtmlWriter::end() {
  if (m_open.empty())
    return;
  m_out += QStringLiteral("</");
  m_out += QLatin1String(m_open.back());
  m_out += QLatin1Char('>');
  m_open.pop_back();
}

void HtmlWriter::empty(const char* tag, std::initializer_list<Attribute> attributes) {
  m_out += QLatin1Char('<');
  m_out += QLatin1String(tag);
  writeAttributes(attributes.begin(), attributes.end());
  m_out += QStringLiteral("/>");
}

void HtmlWriter::text(const QString& text) {
  m_out += escaped(text);
}

void HtmlWriter::element(const char* tag, const QString& content,
                         std::initializer_list<Attribute> attributes) {
  start(tag, attributes);
  text(content);
  end();
}

void HtmlWriter::raw(const char* constantMarkup) {
  m_out += QString::fromUtf8(constantMarkup);
}

void HtmlWriter::finish() {
  while (!m_open.empty())
    end();
}

}  // namespace sightline
