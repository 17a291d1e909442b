#include "importers/debt/cloc_json_reader.h"

#include <cmath>
#include <string>

#include <simdjson.h>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

using simdjson::dom::element;

struct ClocCounts {
  double code = 0;
  double comment = 0;
  double blank = 0;
};

bool readCounts(element entry, const std::string& where, ClocCounts& counts, std::string& error) {
  const auto count = [&](const char* key, double& out) {
    if (entry[key].get_double().get(out) || !std::isfinite(out) || out < 0) {
      error = "expected \"" + std::string(key) + "\" of " + where + " to be a non-negative number";
      return false;
    }
    return true;
  };
  return count("code", counts.code) && count("comment", counts.comment) &&
         count("blank", counts.blank);
}

void pushCounts(DebtBatch& batch, DebtUnitKind kind, const std::string& path,
                const ClocCounts& counts) {
  batch.measures.push_back({kind, path, {}, 0, "ncloc", counts.code});
  batch.measures.push_back({kind, path, {}, 0, "comment_lines", counts.comment});
  batch.measures.push_back({kind, path, {}, 0, "blank_lines", counts.blank});
}

}  // namespace

bool ClocJsonReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  std::string document;
  if (!readJsonDocument(source, kMaxDocumentBytes, "cloc's JSON", document, error))
    return false;
  simdjson::dom::parser parser;
  element root;
  if (const auto parsed = parser.parse(document).get(root); parsed) {
    error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
    return false;
  }
  simdjson::dom::object entries;
  if (root.get_object().get(entries)) {
    error.message = "expected cloc's JSON (an object)";
    return false;
  }
  if (element header; entries["header"].get(header) != simdjson::SUCCESS) {
    error.message = "expected cloc's JSON with a \"header\"";
    return false;
  }
  DebtBatchEmitter emitter(context);
  ClocCounts languages;
  bool anyFile = false;
  for (const auto entry : entries) {
    if (entry.key == "header" || entry.key == "SUM")
      continue;
    const std::string where = "\"" + std::string(entry.key) + "\"";
    if (!entry.value.is_object()) {
      error.message = "expected " + where + " to be an object";
      return false;
    }
    ClocCounts counts;
    if (!readCounts(entry.value, where, counts, error.message))
      return false;
    if (element language; entry.value["language"].get(language) != simdjson::SUCCESS) {
      languages.code += counts.code;
      languages.comment += counts.comment;
      languages.blank += counts.blank;
      continue;
    }
    std::string path;
    if (std::string problem = normaliseDebtPath(entry.key, DebtPathSyntax::Plain, path);
        !problem.empty() || path.empty()) {
      error.message = problem.empty() ? "expected a file path, found " + where : problem;
      return false;
    }
    anyFile = true;
    pushCounts(emitter.batch(), DebtUnitKind::File, path, counts);
    if (Status status = emitter.flushIfFull(); !status) {
      error.message = status.message();
      return false;
    }
  }
  if (!anyFile)
    pushCounts(emitter.batch(), DebtUnitKind::Project, {}, languages);
  return emitter.finish(error);
}

int sniffClocJson(std::span<const std::uint8_t> head) {
  const std::string_view text = headText(head);
  if (!headIsJsonObject(text))
    return 0;
  const auto has = [&text](std::string_view key) { return headHas(text, key); };
  if (has("\"header\"") && (has("\"cloc_url\"") || has("\"cloc_version\"")))
    return 90;
  return 0;
}

}  // namespace sightline
