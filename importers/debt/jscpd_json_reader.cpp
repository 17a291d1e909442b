#include "importers/debt/jscpd_json_reader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

using simdjson::dom::element;

struct JscpdFile {
  std::optional<double> lines;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> clones;  // [start, end] line ranges
};

class JscpdDecoder {
 public:
  explicit JscpdDecoder(std::string& error) : m_error(error) {}

  bool decode(element root) {
    if (!root.is_object())
      return fail("expected a jscpd report (a JSON object)");
    element duplicates;
    element statistics;
    const bool hasDuplicates = root["duplicates"].get(duplicates) == simdjson::SUCCESS;
    const bool hasStatistics = root["statistics"].get(statistics) == simdjson::SUCCESS;
    if (!hasDuplicates && !hasStatistics)
      return fail("expected a jscpd report with \"duplicates\" and \"statistics\"");
    if (element summary; root["summary"].get(summary) == simdjson::SUCCESS) {
      if (!decodeSummary(summary))
        return false;
    }
    if (hasStatistics && !decodeStatistics(statistics))
      return false;
    if (hasDuplicates && !decodeDuplicates(duplicates))
      return false;
    return true;
  }

  bool emit(DebtBatchEmitter& emitter) {
    for (const std::string& path : m_order) {
      JscpdFile& file = m_files[path];
      auto& measures = emitter.batch().measures;
      if (file.lines)
        measures.push_back({DebtUnitKind::File, path, {}, 0, "lines", *file.lines});
      measures.push_back(
          {DebtUnitKind::File, path, {}, 0, "duplicated_lines", duplicatedLines(file)});
      if (Status status = emitter.flushIfFull(); !status)
        return fail(status.message());
    }
    return true;
  }

 private:
  bool fail(std::string message) {
    m_error = std::move(message);
    return false;
  }

  // The distinct lines covered by the file's clone ranges.
  static double duplicatedLines(JscpdFile& file) {
    std::sort(file.clones.begin(), file.clones.end());
    std::uint64_t total = 0;
    std::uint64_t coveredTo = 0;  // last line counted, inclusive; 0 = none yet
    bool any = false;
    for (const auto& [start, end] : file.clones) {
      const std::uint64_t from = any ? std::max(start, coveredTo + 1) : start;
      if (end >= from)
        total += end - from + 1;
      coveredTo = any ? std::max(coveredTo, end) : end;
      any = true;
    }
    return static_cast<double>(total);
  }

  bool fileOf(std::string_view raw, const std::string& where, JscpdFile*& file) {
    std::string path;
    if (std::string problem = normaliseDebtPath(raw, DebtPathSyntax::Plain, path);
        !problem.empty()) {
      return fail(where + ": " + problem);
    }
    if (path.empty())
      return fail("expected a file path in " + where);
    const auto [it, inserted] = m_files.try_emplace(path);
    if (inserted)
      m_order.push_back(path);
    file = &it->second;
    return true;
  }

  bool number(element value, const std::string& what, double& out) {
    if (value.get_double().get(out) || !std::isfinite(out) || out < 0)
      return fail("expected " + what + " to be a non-negative number");
    return true;
  }

  bool setLines(std::string_view raw, element entry, const std::string& where) {
    JscpdFile* file = nullptr;
    if (!fileOf(raw, where, file))
      return false;
    element lines;
    if (entry["lines"].get(lines) != simdjson::SUCCESS)
      return fail("expected " + where + " to have \"lines\"");
    double value = 0;
    if (!number(lines, "the lines of " + where, value))
      return false;
    file->lines = value;
    return true;
  }

  // jscpd 5: "summary": {"files": [{"path", "lines", "duplicatedLines", …}], "folders": […]}.
  bool decodeSummary(element summary) {
    element files;
    if (summary["files"].get(files) != simdjson::SUCCESS)
      return true;
    simdjson::dom::array list;
    if (files.get_array().get(list))
      return fail("expected summary.files to be an array");
    std::size_t index = 0;
    for (element entry : list) {
      const std::string where = "summary.files[" + std::to_string(index++) + "]";
      std::string_view path;
      if (entry["path"].get_string().get(path))
        return fail("expected " + where + " to have a \"path\" string");
      if (!setLines(path, entry, where))
        return false;
    }
    return true;
  }

  // jscpd 3 and 4: "statistics": {"formats": {"go": {"sources": {"<path>": {"lines", …}}}}}.
  // jscpd 5 has totals only there.
  bool decodeStatistics(element statistics) {
    element formats;
    if (statistics["formats"].get(formats) != simdjson::SUCCESS)
      return true;
    simdjson::dom::object byFormat;
    if (formats.get_object().get(byFormat))
      return fail("expected statistics.formats to be an object");
    for (const auto format : byFormat) {
      element sources;
      if (format.value["sources"].get(sources) != simdjson::SUCCESS)
        continue;
      // jscpd 5 has the number of files there.
      simdjson::dom::object byPath;
      if (sources.get_object().get(byPath))
        continue;
      for (const auto source : byPath) {
        const std::string where = "statistics.formats." + std::string(format.key) + ".sources[\"" +
                                  std::string(source.key) + "\"]";
        if (!source.value.is_object())
          return fail("expected " + where + " to be an object");
        if (!setLines(source.key, source.value, where))
          return false;
      }
    }
    return true;
  }

  bool decodeSide(element clone, const char* side, const std::string& where) {
    element location;
    if (clone[side].get(location) != simdjson::SUCCESS || !location.is_object())
      return fail("expected " + where + " to have a \"" + side + "\" object");
    const std::string at = where + "." + side;
    std::string_view name;
    if (location["name"].get_string().get(name))
      return fail("expected " + at + " to have a \"name\" string");
    std::int64_t start = 0;
    std::int64_t end = 0;
    if (location["start"].get_int64().get(start) || location["end"].get_int64().get(end) ||
        start < 0 || end < start) {
      return fail("expected " + at + " to have line numbers \"start\" ≤ \"end\"");
    }
    JscpdFile* file = nullptr;
    if (!fileOf(name, at, file))
      return false;
    file->clones.emplace_back(static_cast<std::uint64_t>(start), static_cast<std::uint64_t>(end));
    return true;
  }

  bool decodeDuplicates(element duplicates) {
    simdjson::dom::array list;
    if (duplicates.get_array().get(list))
      return fail("expected \"duplicates\" to be an array");
    std::size_t index = 0;
    for (element clone : list) {
      const std::string where = "duplicates[" + std::to_string(index++) + "]";
      if (!clone.is_object())
        return fail("expected " + where + " to be an object");
      if (!decodeSide(clone, "firstFile", where) || !decodeSide(clone, "secondFile", where))
        return false;
    }
    return true;
  }

  std::string& m_error;
  std::map<std::string, JscpdFile> m_files;
  std::vector<std::string> m_order;  // files in the order the report names them
};

}  // namespace

bool JscpdJsonReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  std::string document;
  if (!readJsonDocument(source, kMaxDocumentBytes, "a jscpd report", document, error))
    return false;
  simdjson::dom::parser parser;
  element root;
  if (const auto parsed = parser.parse(document).get(root); parsed) {
    error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
    return false;
  }
  JscpdDecoder decoder(error.message);
  if (!decoder.decode(root))
    return false;
  DebtBatchEmitter emitter(context);
  if (!decoder.emit(emitter))
    return false;
  return emitter.finish(error);
}

int sniffJscpdJson(std::span<const std::uint8_t> head) {
  const std::string_view text = headText(head);
  if (!headIsJsonObject(text))
    return 0;
  const auto has = [&text](std::string_view key) { return headHas(text, key); };
  if (has("\"duplicates\"") && (has("\"firstFile\"") || has("\"statistics\"")))
    return 85;
  if (has("\"statistics\"") && has("\"detectionDate\""))
    return 85;
  return 0;
}

}  // namespace sightline
