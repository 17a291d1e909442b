#include "importers/debt/sonarqube_json_reader.h"

#include <cmath>
#include <string>

#include <simdjson.h>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

class SonarQubeDecoder {
 public:
  SonarQubeDecoder(DebtBatchEmitter& emitter, SonarQubeReadStats& stats, std::string& error)
      : m_emitter(emitter), m_stats(stats), m_error(error) {}

  bool decode(element root, bool includeBaseComponent) {
    if (!root.is_object())
      return fail("expected a SonarQube Web API answer (a JSON object)");
    if (element errors; root["errors"].get(errors) == simdjson::SUCCESS)
      return failWithErrors(errors);
    if (element component; root["component"].get(component) == simdjson::SUCCESS)
      return decodeComponent(component, "component");
    element base;
    element components;
    const bool hasBase = root["baseComponent"].get(base) == simdjson::SUCCESS;
    const bool hasComponents = root["components"].get(components) == simdjson::SUCCESS;
    if (!hasBase && !hasComponents) {
      return fail(
          "expected a SonarQube api/measures/component answer (\"component\") or an "
          "api/measures/component_tree answer (\"baseComponent\", \"components\")");
    }
    if (element paging; root["paging"].get(paging) == simdjson::SUCCESS) {
      if (!decodePaging(paging))
        return false;
    }
    if (hasBase && includeBaseComponent && !decodeComponent(base, "baseComponent"))
      return false;
    if (!hasComponents)
      return true;
    simdjson::dom::array list;
    if (components.get_array().get(list))
      return fail("expected \"components\" to be an array");
    std::size_t index = 0;
    for (element component : list) {
      if (!decodeComponent(component, "components[" + std::to_string(index) + "]"))
        return false;
      ++index;
    }
    return true;
  }

 private:
  bool fail(std::string message) {
    m_error = std::move(message);
    return false;
  }

  bool failWithErrors(element errors) {
    std::string messages;
    if (simdjson::dom::array list; !errors.get_array().get(list)) {
      for (element item : list) {
        std::string_view text;
        if (item["msg"].get_string().get(text))
          continue;
        if (!messages.empty())
          messages += "; ";
        messages += text;
      }
    }
    return fail("SonarQube answered with an error: " +
                (messages.empty() ? std::string("(no message)") : messages));
  }

  bool decodePaging(element paging) {
    SonarQubePaging result;
    const auto count = [&paging](const char* key, std::uint64_t& out) {
      std::int64_t value = 0;
      if (paging[key].get_int64().get(value) || value < 0)
        return false;
      out = static_cast<std::uint64_t>(value);
      return true;
    };
    if (!count("pageIndex", result.pageIndex) || !count("pageSize", result.pageSize) ||
        !count("total", result.total)) {
      return fail("expected \"paging\" to hold pageIndex, pageSize and total as integers");
    }
    m_stats.paging = result;
    return true;
  }

  // The unit a component is, from its qualifier.
  bool unitOf(element component, const std::string& where, DebtUnitKind& kind, std::string& path) {
    std::string_view key;
    if (component["key"].get_string().get(key))
      return fail("expected " + where + " to have a \"key\" string");
    std::string_view qualifier;
    if (component["qualifier"].get_string().get(qualifier))
      qualifier = "TRK";  // an answer without qualifiers is about the project
    const bool file = qualifier == "FIL" || qualifier == "UTS";
    const bool directory = qualifier == "DIR" || qualifier == "BRC";
    if (!file && !directory) {
      if (key.find('\0') != std::string_view::npos)
        return fail("the key of " + where + " has a NUL byte");
      kind = DebtUnitKind::Project;
      path = std::string(key);
      return true;
    }
    kind = file ? DebtUnitKind::File : DebtUnitKind::Directory;
    std::string_view raw;
    if (element value; component["path"].get(value) == simdjson::SUCCESS) {
      if (value.get_string().get(raw))
        return fail("expected the \"path\" of " + where + " to be a string");
    } else {
      // Component keys are "project:path" when the answer leaves the path out.
      const std::size_t colon = key.find(':');
      if (colon == std::string_view::npos)
        return fail("expected " + where + " (" + std::string(qualifier) + ") to have a \"path\"");
      raw = key.substr(colon + 1);
    }
    if (std::string problem = normaliseDebtPath(raw, DebtPathSyntax::Plain, path);
        !problem.empty()) {
      return fail(where + ": " + problem);
    }
    if (file && path.empty())
      return fail("expected " + where + " to have a file path, found \"" + std::string(raw) + "\"");
    return true;
  }

  bool decodeComponent(element component, const std::string& where) {
    if (!component.is_object())
      return fail("expected " + where + " to be an object");
    DebtUnitKind kind = DebtUnitKind::Project;
    std::string path;
    if (!unitOf(component, where, kind, path))
      return false;
    ++m_stats.components;
    element measures;
    if (component["measures"].get(measures) != simdjson::SUCCESS)
      return true;  // a component without measures (none of the asked metrics apply)
    simdjson::dom::array list;
    if (measures.get_array().get(list))
      return fail("expected the \"measures\" of " + where + " to be an array");
    std::size_t index = 0;
    for (element measure : list) {
      const std::string at = where + ".measures[" + std::to_string(index++) + "]";
      if (!decodeMeasure(measure, at, kind, path))
        return false;
    }
    return true;
  }

  // The measure's value: its own, else the new code period's. `text` is empty when there is
  // none; `number` is set when the value is a JSON number.
  bool valueOf(element measure, const std::string& at, std::optional<double>& number,
               std::string_view& text, bool& present) {
    present = false;
    element value;
    if (measure["value"].get(value) != simdjson::SUCCESS) {
      element period;
      if (measure["period"].get(period) == simdjson::SUCCESS) {
        if (!period.is_object())
          return fail("expected the \"period\" of " + at + " to be an object");
        if (period["value"].get(value) != simdjson::SUCCESS)
          return true;
      } else if (measure["periods"].get(period) == simdjson::SUCCESS) {
        simdjson::dom::array periods;
        if (period.get_array().get(periods))
          return fail("expected the \"periods\" of " + at + " to be an array");
        // Since SonarQube 6.7 there is one period, the new code period (index 1).
        bool found = false;
        for (element item : periods) {
          if (item["value"].get(value) == simdjson::SUCCESS) {
            found = true;
            break;
          }
        }
        if (!found)
          return true;
      } else {
        return true;
      }
    }
    if (value.is_null())
      return true;  // no value for this component
    present = true;
    switch (value.type()) {
      case element_type::STRING:
        text = value.get_string().value_unsafe();
        return true;
      case element_type::DOUBLE:
        number = value.get_double().value_unsafe();
        return true;
      case element_type::INT64:
        number = static_cast<double>(value.get_int64().value_unsafe());
        return true;
      case element_type::UINT64:
        number = static_cast<double>(value.get_uint64().value_unsafe());
        return true;
      case element_type::BOOL:
        text = value.get_bool().value_unsafe() ? "true" : "false";
        return true;
      default:
        return fail("expected the value of " + at + " to be a string or a number");
    }
  }

  bool decodeMeasure(element measure, const std::string& at, DebtUnitKind kind,
                     const std::string& path) {
    if (!measure.is_object())
      return fail("expected " + at + " to be an object");
    std::string_view metric;
    if (measure["metric"].get_string().get(metric) || metric.empty())
      return fail("expected " + at + " to have a \"metric\" key");
    std::optional<double> number;
    std::string_view text;
    bool present = false;
    if (!valueOf(measure, at, number, text, present))
      return false;
    if (!present)
      return true;
    if (!number)
      number = parseDebtNumber(text);
    if (!number || !std::isfinite(*number)) {
      ++m_stats.skippedValues;
      return true;
    }
    m_emitter.batch().measures.push_back({kind, path, {}, 0, std::string(metric), *number});
    ++m_stats.measures;
    if (Status status = m_emitter.flushIfFull(); !status)
      return fail(status.message());
    return true;
  }

  DebtBatchEmitter& m_emitter;
  SonarQubeReadStats& m_stats;
  std::string& m_error;
};

}  // namespace

bool SonarQubeJsonReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  m_stats = SonarQubeReadStats{};
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  std::string document;
  if (!readJsonDocument(source, kMaxDocumentBytes, "a SonarQube Web API answer", document, error))
    return false;
  simdjson::dom::parser parser;
  element root;
  if (const auto parsed = parser.parse(document).get(root); parsed) {
    error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
    return false;
  }
  DebtBatchEmitter emitter(context);
  SonarQubeDecoder decoder(emitter, m_stats, error.message);
  if (!decoder.decode(root, m_includeBaseComponent))
    return false;
  return emitter.finish(error);
}

int sniffSonarQubeJson(std::span<const std::uint8_t> head) {
  const std::string_view text = headText(head);
  if (!headIsJsonObject(text))
    return 0;
  const auto has = [&text](std::string_view key) { return headHas(text, key); };
  if (has("\"baseComponent\""))
    return 90;
  if (has("\"components\"") && has("\"paging\""))
    return 85;
  if (has("\"component\"") && has("\"measures\""))
    return 85;
  return 0;
}

}  // namespace sightline
