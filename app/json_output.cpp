#include "app/json_output.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <unordered_map>

namespace sightline::cli {

namespace {

void writeAnyValueArray(JsonWriter& writer, const QJsonArray& values) {
  writer.beginArray();
  for (const QJsonValue& element : values)
    writeOtlpAnyValue(writer, element);
  writer.endArray();
}

// OTLP's KeyValue list [{"key": k, "value": AnyValue}] as a plain object.
void writeKeyValueList(JsonWriter& writer, const QJsonArray& pairs) {
  writer.beginObject();
  for (const QJsonValue& pair : pairs) {
    const QJsonObject object = pair.toObject();
    writer.key(object.value(QLatin1String("key")).toString());
    writeOtlpAnyValue(writer, object.value(QLatin1String("value")));
  }
  writer.endObject();
}

// The `values` list of an ArrayValue/KeyValueList, whether given bare or wrapped.
QJsonArray valuesOf(const QJsonValue& value) {
  if (value.isArray())
    return value.toArray();
  return value.toObject().value(QLatin1String("values")).toArray();
}

}  // namespace

void writeOtlpAnyValue(JsonWriter& writer, const QJsonValue& anyValue) {
  if (!anyValue.isObject()) {
    writer.json(anyValue);
    return;
  }
  const QJsonObject object = anyValue.toObject();
  if (object.isEmpty()) {
    writer.null();
    return;
  }
  const QJsonValue stringValue = object.value(QLatin1String("stringValue"));
  if (!stringValue.isUndefined())
    return writer.json(stringValue);
  const QJsonValue boolValue = object.value(QLatin1String("boolValue"));
  if (!boolValue.isUndefined()) {
    return writer.boolean(boolValue.isString() ? boolValue.toString() == QLatin1String("true")
                                               : boolValue.toBool());
  }
  const QJsonValue intValue = object.value(QLatin1String("intValue"));
  if (!intValue.isUndefined()) {
    // int64 travels as a string in OTLP/JSON; parse it exactly rather than via double.
    if (intValue.isString()) {
      bool ok = false;
      const qlonglong parsed = intValue.toString().toLongLong(&ok);
      if (ok)
        return writer.integer(parsed);
    }
    return writer.json(intValue);
  }
  const QJsonValue doubleValue = object.value(QLatin1String("doubleValue"));
  if (!doubleValue.isUndefined()) {
    if (doubleValue.isString())
      return writer.number(doubleValue.toString().toDouble());
    return writer.number(doubleValue.toDouble());
  }
  const QJsonValue bytesValue = object.value(QLatin1String("bytesValue"));
  if (!bytesValue.isUndefined())
    return writer.json(bytesValue);  // already base64
  const QJsonValue arrayValue = object.value(QLatin1String("arrayValue"));
  if (!arrayValue.isUndefined())
    return writeAnyValueArray(writer, valuesOf(arrayValue));
  const QJsonValue kvlistValue = object.value(QLatin1String("kvlistValue"));
  if (!kvlistValue.isUndefined())
    return writeKeyValueList(writer, valuesOf(kvlistValue));
  writer.json(anyValue);
}

void writeAttributeValue(JsonWriter& writer, const AttributeValue& value) {
  using Type = AttributeValue::Type;
  switch (value.type) {
    case Type::Empty:
      writer.null();
      return;
    case Type::String:
      writer.string(std::string_view(value.text));
      return;
    case Type::Bool:
      writer.boolean(value.intValue != 0);
      return;
    case Type::Int:
      writer.integer(value.intValue);
      return;
    case Type::Double:
      writer.number(value.doubleValue);
      return;
    case Type::Bytes:
      writer.string(QString::fromLatin1(QByteArray::fromStdString(value.text).toBase64()));
      return;
    case Type::Array:
    case Type::KvList:
      break;
  }
  QJsonParseError parseError;
  const QJsonDocument document =
      QJsonDocument::fromJson(QByteArray::fromStdString(value.text), &parseError);
  if (parseError.error != QJsonParseError::NoError) {
    // Unexpected encoding: better to show the text than to drop the value.
    writer.string(std::string_view(value.text));
    return;
  }
  const QJsonValue root =
      document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
  if (root.isObject() && (root.toObject().contains(QLatin1String("arrayValue")) ||
                          root.toObject().contains(QLatin1String("kvlistValue")))) {
    writeOtlpAnyValue(writer, root);
  } else if (value.type == Type::Array) {
    writeAnyValueArray(writer, valuesOf(root));
  } else {
    writeKeyValueList(writer, valuesOf(root));
  }
}

void writeAttributes(JsonWriter& writer, const std::vector<Attribute>& attributes) {
  // A key given twice keeps its last value. Spans carry a dozen attributes or so, for which
  // looking ahead is cheaper than a hash map per span (a 100k-span trace builds 100k of them);
  // long lists still get the map.
  constexpr std::size_t kLookAheadUpTo = 32;
  std::unordered_map<std::string, std::size_t> lastIndex;
  if (attributes.size() > kLookAheadUpTo) {
    for (std::size_t i = 0; i < attributes.size(); ++i)
      lastIndex[attributes[i].key] = i;
  }
  auto isLastOfItsKey = [&](std::size_t i) {
    if (attributes.size() > kLookAheadUpTo)
      return lastIndex[attributes[i].key] == i;
    for (std::size_t later = i + 1; later < attributes.size(); ++later) {
      if (attributes[later].key == attributes[i].key)
        return false;
    }
    return true;
  };
  writer.beginObject();
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    if (!isLastOfItsKey(i))
      continue;
    writer.key(QString::fromStdString(attributes[i].key));
    writeAttributeValue(writer, attributes[i].value);
  }
  writer.endObject();
}

QString csvField(QStringView text) {
  const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                           text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
  if (!needsQuotes)
    return text.toString();
  QString out = text.toString();
  out.replace(QLatin1Char('"'), QLatin1String("\"\""));
  return QLatin1Char('"') + out + QLatin1Char('"');
}

}  // namespace sightline::cli
