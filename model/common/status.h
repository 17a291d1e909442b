#pragma once

#include <string>
#include <utility>

namespace sightline {

// The result of an operation that can fail with a message for a person. Used across layer
// boundaries instead of exceptions (exceptions must not cross a Qt event loop).
class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }

  bool isOk() const { return !m_failed; }
  explicit operator bool() const { return isOk(); }
  const std::string& message() const { return m_message; }

 private:
  explicit Status(std::string message) : m_failed(true), m_message(std::move(message)) {}
  bool m_failed = false;
  std::string m_message;
};

}  // namespace sightline
