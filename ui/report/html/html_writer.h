#pragma once

#include <QString>
#include <initializer_list>
#include <utility>
#include <vector>

namespace sightline {

// Writes HTML (and inline SVG) that is also well-formed XML, so that a test can parse a report
// with an XML reader and list every element and attribute it holds. Element and attribute
// names are string literals of the code, never data; every text and attribute value passes
// through the escaping here: text escapes & < > " ', attribute values are always
// double-quoted and escape the same five. There is no way to write unescaped data: raw() takes
// only the code's own constant markup (the stylesheet).
class HtmlWriter {
 public:
  using Attribute = std::pair<const char*, QString>;

  explicit HtmlWriter(QString& out) : m_out(out) {}

  // <!DOCTYPE html>
  void doctype();
  void start(const char* tag, std::initializer_list<Attribute> attributes = {});
  void start(const char* tag, const std::vector<Attribute>& attributes);
  // Closes the innermost open element.
  void end();
  // A void element (<meta>, <br>), written as <tag .../>.
  void empty(const char* tag, std::initializer_list<Attribute> attributes = {});
  void text(const QString& text);
  // start(tag, attributes), text(content), end().
  void element(const char* tag, const QString& content,
               std::initializer_list<Attribute> attributes = {});
  // Constant markup of the code itself (a stylesheet); never data.
  void raw(const char* constantMarkup);
  // Closes every open element.
  void finish();

  static QString escaped(const QString& text);

 private:
  void writeAttributes(const Attribute* begin, const Attribute* end);
  QString& m_out;
  std::vector<const char*> m_open;
};

}  // namespace sightline
