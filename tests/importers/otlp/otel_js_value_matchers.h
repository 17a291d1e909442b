#pragma once

// Helpers of tst_otel_js_fixtures: compare stored attribute values with the typed values
// of tests/data/otel-js/expected.json, and render workspace content canonically so that
// imports of different formats can be compared.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <cmath>
#include <string>
#include <vector>

#include "model/traces/trace_records.h"

namespace sightline::testing {

inline QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

// OTLP/JSON writes int64 as a string, but encoders (the JS SDK included) also write numbers.
inline qint64 jsonInt(const QJsonValue& v) {
  return v.isString() ? v.toString().toLongLong() : v.toInteger();
}

// Items of an array/kvlist stored as OTLP/JSON text: a bare JSON array, or the
// `{"values": [...]}` object of arrayValue/kvlistValue.
inline QJsonArray storedItems(const std::string& text, bool* ok) {
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text));
  *ok = true;
  if (doc.isArray())
    return doc.array();
  if (doc.isObject() && doc.object().value(QStringLiteral("values")).isArray()) {
    return doc.object().value(QStringLiteral("values")).toArray();
  }
  *ok = false;
  return {};
}

inline QString compareAnyValueJson(const QJsonValue& actual, const QJsonObject& expected);

// Compares a list of OTLP/JSON AnyValues (array) or KeyValues (kvlist) with the expectation.
inline QString compareItems(const QJsonArray& items, const QJsonObject& expected) {
  const QString type = expected.value(QStringLiteral("type")).toString();
  if (type == QStringLiteral("array")) {
    const QJsonArray want = expected.value(QStringLiteral("values")).toArray();
    if (items.size() != want.size()) {
      return QStringLiteral("array of %1 items, expected %2").arg(items.size()).arg(want.size());
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
      const QString diff = compareAnyValueJson(items.at(i), want.at(i).toObject());
      if (!diff.isEmpty())
        return QStringLiteral("[%1]: ").arg(i) + diff;
    }
    return {};
  }
  const QJsonObject want = expected.value(QStringLiteral("values")).toObject();
  if (items.size() != want.size()) {
    return QStringLiteral("kvlist of %1 entries, expected %2").arg(items.size()).arg(want.size());
  }
  for (const QJsonValue& item : items) {
    const QString key = item.toObject().value(QStringLiteral("key")).toString();
    if (!want.contains(key))
      return QStringLiteral("unexpected kvlist key ") + key;
    const QString diff = compareAnyValueJson(item.toObject().value(QStringLiteral("value")),
                                             want.value(key).toObject());
    if (!diff.isEmpty())
      return key + QStringLiteral(": ") + diff;
  }
  return {};
}

// Compares one OTLP/JSON AnyValue (as found inside stored arrays/kvlists).
inline QString compareAnyValueJson(const QJsonValue& actual, const QJsonObject& expected) {
  const QJsonObject a = actual.toObject();
  const QString type = expected.value(QStringLiteral("type")).toString();
  const QJsonValue want = expected.value(QStringLiteral("value"));
  bool same = false;
  if (type == QStringLiteral("empty")) {
    same = a.isEmpty();
  } else if (type == QStringLiteral("string")) {
    same = a.value(QStringLiteral("stringValue")) == want;
  } else if (type == QStringLiteral("bool")) {
    same = a.value(QStringLiteral("boolValue")).isBool() &&
           a.value(QStringLiteral("boolValue")).toBool() == want.toBool();
  } else if (type == QStringLiteral("int")) {
    same = a.contains(QStringLiteral("intValue")) &&
           jsonInt(a.value(QStringLiteral("intValue"))) == want.toString().toLongLong();
  } else if (type == QStringLiteral("double")) {
    same = a.value(QStringLiteral("doubleValue")).toDouble() == want.toDouble();
  } else if (type == QStringLiteral("array") || type == QStringLiteral("kvlist")) {
    const QString key = type == QStringLiteral("array") ? QStringLiteral("arrayValue")
                                                        : QStringLiteral("kvlistValue");
    return compareItems(a.value(key).toObject().value(QStringLiteral("values")).toArray(),
                        expected);
  }
  if (same)
    return {};
  return QStringLiteral("got %1, expected %2")
      .arg(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)),
           QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)));
}

// Compares a stored AttributeValue with a typed value of expected.json; empty when equal.
inline QString compareValue(const AttributeValue& actual, const QJsonObject& expected) {
  using T = AttributeValue::Type;
  const QString type = expected.value(QStringLiteral("type")).toString();
  const QJsonValue want = expected.value(QStringLiteral("value"));
  auto mismatch = [&](const QString& got) {
    return QStringLiteral("got %1, expected %2")
        .arg(got, QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)));
  };
  if (type == QStringLiteral("string")) {
    if (actual.type != T::String || qs(actual.text) != want.toString()) {
      return mismatch(QStringLiteral("string '%1'").arg(qs(actual.text)));
    }
  } else if (type == QStringLiteral("bool")) {
    if (actual.type != T::Bool || (actual.intValue != 0) != want.toBool()) {
      return mismatch(QStringLiteral("bool %1").arg(actual.intValue));
    }
  } else if (type == QStringLiteral("int")) {
    if (actual.type != T::Int || actual.intValue != want.toString().toLongLong()) {
      return mismatch(QStringLiteral("int %1").arg(actual.intValue));
    }
  } else if (type == QStringLiteral("double")) {
    if (actual.type != T::Double || actual.doubleValue != want.toDouble()) {
      return mismatch(QStringLiteral("double %1").arg(actual.doubleValue, 0, 'g', 17));
    }
  } else if (type == QStringLiteral("bytes")) {
    const QByteArray bytes(actual.text.data(), static_cast<qsizetype>(actual.text.size()));
    if (actual.type != T::Bytes ||
        QString::fromLatin1(bytes.toHex()) != expected.value(QStringLiteral("hex")).toString()) {
      return mismatch(QStringLiteral("bytes %1").arg(QString::fromLatin1(bytes.toHex())));
    }
  } else if (type == QStringLiteral("array") || type == QStringLiteral("kvlist")) {
    const T wantType = type == QStringLiteral("array") ? T::Array : T::KvList;
    bool ok = false;
    const QJsonArray items = storedItems(actual.text, &ok);
    if (actual.type != wantType || !ok)
      return mismatch(QStringLiteral("'%1'").arg(qs(actual.text)));
    return compareItems(items, expected);
  } else if (type == QStringLiteral("empty")) {
    if (actual.type != T::Empty)
      return mismatch(QStringLiteral("non-empty value"));
  } else {
    return QStringLiteral("unknown expected type ") + type;
  }
  return {};
}

// Compares attributes (any order) with an expected.json attribute object.
inline QString compareAttributes(const std::vector<Attribute>& actual,
                                 const QJsonObject& expected) {
  if (actual.size() != static_cast<std::size_t>(expected.size())) {
    return QStringLiteral("%1 attributes, expected %2").arg(actual.size()).arg(expected.size());
  }
  for (const Attribute& attribute : actual) {
    const QString key = qs(attribute.key);
    if (!expected.contains(key))
      return QStringLiteral("unexpected attribute ") + key;
    const QString diff = compareValue(attribute.value, expected.value(key).toObject());
    if (!diff.isEmpty())
      return key + QStringLiteral(": ") + diff;
  }
  return {};
}

// A format-independent rendering of an OTLP/JSON AnyValue ("3" and 3 as intValue agree).
inline QString canonicalAnyJson(const QJsonValue& value) {
  const QJsonObject o = value.toObject();
  if (o.contains(QStringLiteral("stringValue"))) {
    return QStringLiteral("s:") + o.value(QStringLiteral("stringValue")).toString();
  }
  if (o.contains(QStringLiteral("boolValue"))) {
    return QStringLiteral("b:%1").arg(o.value(QStringLiteral("boolValue")).toBool());
  }
  if (o.contains(QStringLiteral("intValue"))) {
    return QStringLiteral("i:%1").arg(jsonInt(o.value(QStringLiteral("intValue"))));
  }
  if (o.contains(QStringLiteral("doubleValue"))) {
    return QStringLiteral("d:%1").arg(o.value(QStringLiteral("doubleValue")).toDouble(), 0, 'g',
                                      17);
  }
  if (o.contains(QStringLiteral("bytesValue"))) {
    return QStringLiteral("x:") + o.value(QStringLiteral("bytesValue")).toString();
  }
  QStringList parts;
  if (o.contains(QStringLiteral("arrayValue"))) {
    const QJsonArray items =
        o.value(QStringLiteral("arrayValue")).toObject().value(QStringLiteral("values")).toArray();
    for (const QJsonValue& item : items)
      parts << canonicalAnyJson(item);
    return QStringLiteral("a:[") + parts.join(QLatin1Char(',')) + QLatin1Char(']');
  }
  if (o.contains(QStringLiteral("kvlistValue"))) {
    const QJsonArray items =
        o.value(QStringLiteral("kvlistValue")).toObject().value(QStringLiteral("values")).toArray();
    for (const QJsonValue& item : items) {
      parts << item.toObject().value(QStringLiteral("key")).toString() + QLatin1Char('=') +
                   canonicalAnyJson(item.toObject().value(QStringLiteral("value")));
    }
    return QStringLiteral("k:{") + parts.join(QLatin1Char(',')) + QLatin1Char('}');
  }
  return o.isEmpty() ? QStringLiteral("empty")
                     : QStringLiteral("?") + qs(QJsonDocument(o).toJson().toStdString());
}

inline QString canonicalValue(const AttributeValue& v) {
  using T = AttributeValue::Type;
  switch (v.type) {
    case T::Empty:
      return QStringLiteral("empty");
    case T::String:
      return QStringLiteral("s:") + qs(v.text);
    case T::Bool:
      return QStringLiteral("b:%1").arg(v.intValue != 0);
    case T::Int:
      return QStringLiteral("i:%1").arg(v.intValue);
    case T::Double:
      return QStringLiteral("d:%1").arg(v.doubleValue, 0, 'g', 17);
    case T::Bytes:
      return QStringLiteral("x:") +
             QString::fromLatin1(
                 QByteArray(v.text.data(), static_cast<qsizetype>(v.text.size())).toBase64());
    case T::Array:
    case T::KvList: {
      bool ok = false;
      const QJsonArray items = storedItems(v.text, &ok);
      if (!ok)
        return QStringLiteral("unparsable:") + qs(v.text);
      QJsonObject wrapper;
      wrapper.insert(
          v.type == T::Array ? QStringLiteral("arrayValue") : QStringLiteral("kvlistValue"),
          QJsonObject{{QStringLiteral("values"), items}});
      return canonicalAnyJson(wrapper);
    }
  }
  return QStringLiteral("?");
}

inline QString canonicalAttributes(const std::vector<Attribute>& attributes) {
  QStringList parts;
  for (const Attribute& a : attributes)
    parts << qs(a.key) + QLatin1Char('=') + canonicalValue(a.value);
  parts.sort();  // storage order is not part of the contract
  return QLatin1Char('{') + parts.join(QLatin1Char(';')) + QLatin1Char('}');
}

}  // namespace sightline::testing
