#include "model/common/json_writer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>
#include <cmath>

namespace sightline {

void JsonWriter::separate() {
  if (m_afterKey) {
    m_afterKey = false;
    return;
  }
  if (m_first.empty())
    return;
  if (!m_first.back())
    m_out << ',';
  m_first.back() = false;
}

void JsonWriter::beginObject() {
  separate();
  m_out << '{';
  m_first.push_back(true);
}

void JsonWriter::endObject() {
  m_first.pop_back();
  m_out << '}';
}

void JsonWriter::beginArray() {
  separate();
  m_out << '[';
  m_first.push_back(true);
}

void JsonWriter::endArray() {
  m_first.pop_back();
  m_out << ']';
}

void JsonWriter::key(QStringView name) {
  separate();
  m_out << jsonQuoted(name) << ':';
  m_afterKey = true;
}

void JsonWriter::string(QStringView text) {
  separate();
  m_out << jsonQuoted(text);
}

void JsonWriter::string(std::string_view utf8) {
  string(QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size())));
}

void JsonWriter::integer(std::int64_t value) {
  separate();
  m_out << QString::number(static_cast<qlonglong>(value));
}

void JsonWriter::unsignedInteger(std::uint64_t value) {
  separate();
  m_out << QString::number(static_cast<qulonglong>(value));
}

void JsonWriter::number(double value) {
  separate();
  if (!std::isfinite(value)) {
    m_out << "null";
    return;
  }
  m_out << QString::number(value, 'g', QLocale::FloatingPointShortest);
}

void JsonWriter::boolean(bool value) {
  separate();
  m_out << (value ? "true" : "false");
}

void JsonWriter::null() {
  separate();
  m_out << "null";
}

void JsonWriter::json(const QJsonValue& value) {
  switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
      null();
      break;
    case QJsonValue::Bool:
      boolean(value.toBool());
      break;
    case QJsonValue::Double: {
      // Integral values parsed from a document keep their exact digits this way.
      const QVariant variant = value.toVariant();
      if (variant.typeId() == QMetaType::LongLong) {
        integer(variant.toLongLong());
      } else {
        number(value.toDouble());
      }
      break;
    }
    case QJsonValue::String:
      string(value.toString());
      break;
    case QJsonValue::Array: {
      beginArray();
      const QJsonArray array = value.toArray();
      for (const QJsonValue& element : array)
        json(element);
      endArray();
      break;
    }
    case QJsonValue::Object: {
      beginObject();
      const QJsonObject object = value.toObject();
      for (auto it = object.begin(); it != object.end(); ++it) {
        key(it.key());
        json(it.value());
      }
      endObject();
      break;
    }
  }
}

QString jsonQuoted(QStringView text) {
  QString out;
  out.reserve(text.size() + 2);
  out += QLatin1Char('"');
  // Characters that need no escape are copied in runs (most strings are a single run), not
  // appended one by one: `trace --json` of a 100k-span trace quotes millions of strings.
  qsizetype run = 0;
  for (qsizetype i = 0; i < text.size(); ++i) {
    const char16_t c = text[i].unicode();
    if (c >= 0x20 && c != u'"' && c != u'\\')
      continue;
    out += text.sliced(run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += QLatin1String("\\\"");
        break;
      case '\\':
        out += QLatin1String("\\\\");
        break;
      case '\n':
        out += QLatin1String("\\n");
        break;
      case '\r':
        out += QLatin1String("\\r");
        break;
      case '\t':
        out += QLatin1String("\\t");
        break;
      case '\b':
        out += QLatin1String("\\b");
        break;
      case '\f':
        out += QLatin1String("\\f");
        break;
      default:
        out += QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'));
    }
  }
  out += text.sliced(run);
  out += QLatin1Char('"');
  return out;
}

}  // namespace sightline
