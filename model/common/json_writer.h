#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>
#include <QTextStream>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sightline {

// Writes compact JSON straight to a stream, so that a 100k-span trace is never held as a
// document in memory. Keys are written in the order the caller gives them (the documented
// order), which QJsonObject would not keep. The caller is responsible for balancing.
class JsonWriter {
 public:
  explicit JsonWriter(QTextStream& out) : m_out(out) {}

  void beginObject();
  void endObject();
  void beginArray();
  void endArray();
  void key(QStringView name);
  void string(QStringView text);
  void string(std::string_view utf8);
  void integer(std::int64_t value);
  void unsignedInteger(std::uint64_t value);
  void number(double value);  // non-finite values become null (JSON has no NaN)
  void boolean(bool value);
  void null();
  // A parsed JSON value, written as is.
  void json(const QJsonValue& value);

 private:
  void separate();
  QTextStream& m_out;
  std::vector<bool> m_first;  // per open container: nothing written in it yet
  bool m_afterKey = false;
};

// The JSON string literal of `text`, quotes included (RFC 8259 escaping).
QString jsonQuoted(QStringView text);

}  // namespace sightline
