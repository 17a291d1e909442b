#pragma once

// What the report verb's tests share: the demo's folder, a UTF-8 literal as QString, a file's
// text, and the texts of the HTML elements of one class.

#include <QFile>
#include <QString>
#include <QStringList>
#include <QXmlStreamReader>

namespace sightline::test {

inline const QString kDemo = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");

inline QString s(const char* text) {
  return QString::fromUtf8(text);
}

inline QString readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The text of every `tag` element of class `cls`, in document order.
inline QStringList textsOf(const QString& html, const QString& tag, const QString& cls) {
  QStringList texts;
  QXmlStreamReader xml(html);
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == tag &&
        xml.attributes().value(s("class")).toString().split(QLatin1Char(' ')).contains(cls))
      texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
  }
  return texts;
}

}  // namespace sightline::test
