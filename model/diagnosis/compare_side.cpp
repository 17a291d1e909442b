#include "model/diagnosis/compare_side.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <charconv>
#include <vector>

#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"

namespace sightline {

namespace {

constexpr std::uint64_t kNsPerSecond = 1000000000ull;
constexpr std::string_view kSourcePrefix = "source:";

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool allDigits(std::string_view text) {
  if (text.empty())
    return false;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
  }
  return true;
}

// Reads exactly `width` digits at `pos`, advancing it.
bool readDigits(std::string_view text, std::size_t& pos, std::size_t width, int* value) {
  if (pos + width > text.size())
    return false;
  int v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  pos += width;
  return true;
}

bool readChar(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// The zone at the end of an ISO time as seconds east of UTC.
std::optional<int> parseZone(std::string_view zone) {
  if (zone == "Z" || zone == "z")
    return 0;
  if (zone.size() < 3 || (zone[0] != '+' && zone[0] != '-'))
    return std::nullopt;
  std::size_t pos = 1;
  int hours = 0;
  int minutes = 0;
  if (!readDigits(zone, pos, 2, &hours))
    return std::nullopt;
  if (pos < zone.size()) {
    readChar(zone, pos, ':');
    if (!readDigits(zone, pos, 2, &minutes) || pos != zone.size())
      return std::nullopt;
  }
  if (hours > 23 || minutes > 59)
    return std::nullopt;
  const int seconds = hours * 3600 + minutes * 60;
  return zone[0] == '-' ? -seconds : seconds;
}

std::optional<std::uint64_t> parseIsoTime(std::string_view text) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!readDigits(text, pos, 4, &year) || !readChar(text, pos, '-') ||
      !readDigits(text, pos, 2, &month) || !readChar(text, pos, '-') ||
      !readDigits(text, pos, 2, &day)) {
    return std::nullopt;
  }
  if (!readChar(text, pos, 'T') && !readChar(text, pos, 't') && !readChar(text, pos, ' '))
    return std::nullopt;
  if (!readDigits(text, pos, 2, &hour) || !readChar(text, pos, ':') ||
      !readDigits(text, pos, 2, &minute)) {
    return std::nullopt;
  }
  std::uint64_t fractionNs = 0;
  if (readChar(text, pos, ':')) {
    if (!readDigits(text, pos, 2, &second))
      return std::nullopt;
    if (readChar(text, pos, '.') || readChar(text, pos, ',')) {
      std::uint64_t scale = kNsPerSecond / 10;
      const std::size_t start = pos;
      for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
        fractionNs += static_cast<std::uint64_t>(text[pos] - '0') * scale;
        scale /= 10;
      }
      if (pos == start || pos - start > 9)
        return std::nullopt;
    }
  }
  const auto zone = parseZone(text.substr(pos));
  if (!zone)
    return std::nullopt;
  const QDate date(year, month, day);
  const QTime time(hour, minute, second);
  if (!date.isValid() || !time.isValid())
    return std::nullopt;
  const qint64 seconds =
      QDateTime(date, time, QTimeZone::utc()).toSecsSinceEpoch() - static_cast<qint64>(*zone);
  if (seconds < 0)
    return std::nullopt;
  return static_cast<std::uint64_t>(seconds) * kNsPerSecond + fractionNs;
}

std::optional<std::uint64_t> parseRangeEnd(std::string_view text, const char* which,
                                           std::string* error) {
  const auto point = parseComparePoint(text);
  if (!point) {
    *error = "the " + std::string(which) + " of the range, '" + std::string(text) +
             "', is neither an ISO 8601 time with a zone (2026-11-20T14:00Z) nor Unix "
             "nanoseconds";
  }
  return point;
}

std::string fileNameOf(const std::string& path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status resolveSource(const Workspace& workspace, const CompareSideSpec& spec,
                     ResolvedCompareSide* resolved) {
  StoreStatement query(workspace.db(), "SELECT id, path FROM sources ORDER BY id");
  std::vector<std::pair<std::int64_t, std::string>> exact;
  std::vector<std::pair<std::int64_t, std::string>> byName;
  while (query.step()) {
    const std::int64_t id = query.columnInt(0);
    std::string path = query.columnText(1);
    if (spec.sourceId) {
      if (id == *spec.sourceId)
        exact.emplace_back(id, std::move(path));
    } else if (path == spec.sourceName) {
      exact.emplace_back(id, std::move(path));
    } else if (fileNameOf(path) == spec.sourceName) {
      byName.emplace_back(id, std::move(path));
    }
  }
  const auto& found = exact.empty() ? byName : exact;
  if (found.empty()) {
    if (spec.sourceId)
      return Status::error("no source with id " + std::to_string(*spec.sourceId) +
                           " in the workspace");
    // A time written without '..' is more likely a range typed wrong than a file name.
    const std::string hint =
        parseComparePoint(spec.sourceName) ? "; a time range is written FROM..TO" : "";
    return Status::error("no source '" + spec.sourceName +
                         "' in the workspace (neither a path nor a file name of one)" + hint);
  }
  if (found.size() > 1) {
    std::string list;
    for (const auto& [id, path] : found)
      list += (list.empty() ? "" : ", ") + std::to_string(id) + " (" + path + ")";
    return Status::error("'" + spec.sourceName + "' names " + std::to_string(found.size()) +
                         " sources: " + list + "; give the id");
  }
  resolved->isSource = true;
  resolved->sourceId = found.front().first;
  resolved->sourcePath = found.front().second;
  return Status::ok();
}

}  // namespace

std::optional<std::uint64_t> parseComparePoint(std::string_view text) {
  text = trimmed(text);
  if (allDigits(text)) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > INT64_MAX)
      return std::nullopt;
    return value;
  }
  return parseIsoTime(text);
}

std::optional<CompareSideSpec> parseCompareSide(std::string_view text, std::string* error) {
  CompareSideSpec spec;
  spec.text = std::string(trimmed(text));
  const std::string_view body = spec.text;
  if (body.empty()) {
    *error = "a side is empty: give a source (id, path or file name) or a time range";
    return std::nullopt;
  }
  if (body.starts_with(kSourcePrefix) ||
      (body.find("..") == std::string_view::npos && !body.starts_with("first ") &&
       !body.starts_with("last "))) {
    spec.kind = CompareSideSpec::Kind::Source;
    const std::string_view name =
        trimmed(body.starts_with(kSourcePrefix) ? body.substr(kSourcePrefix.size()) : body);
    if (name.empty()) {
      *error = "'source:' needs a source id, path or file name";
      return std::nullopt;
    }
    if (allDigits(name)) {
      std::int64_t id = 0;
      const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
      if (ec != std::errc() || end != name.data() + name.size()) {
        *error = "source id '" + std::string(name) + "' is out of range";
        return std::nullopt;
      }
      spec.sourceId = id;
    }
    spec.sourceName = std::string(name);
    return spec;
  }
  if (body.starts_with("first ") || body.starts_with("last ")) {
    const bool first = body.starts_with("first ");
    spec.kind = first ? CompareSideSpec::Kind::First : CompareSideSpec::Kind::Last;
    const std::string_view length = trimmed(body.substr(first ? 6 : 5));
    const auto ns = parseDurationArgument(
        QString::fromUtf8(length.data(), static_cast<qsizetype>(length.size())));
    if (!ns || *ns == 0) {
      *error = "'" + spec.text + "': expected a duration such as 5m, 90s or 1h after '" +
               (first ? "first" : "last") + "'";
      return std::nullopt;
    }
    spec.lengthNs = *ns;
    return spec;
  }
  spec.kind = CompareSideSpec::Kind::Range;
  const std::size_t dots = body.find("..");
  const std::string_view from = trimmed(body.substr(0, dots));
  const std::string_view to = trimmed(body.substr(dots + 2));
  if (to.find("..") != std::string_view::npos) {
    *error = "'" + spec.text + "': a range has one '..' (FROM..TO)";
    return std::nullopt;
  }
  if (!from.empty()) {
    spec.fromNs = parseRangeEnd(from, "start", error);
    if (!spec.fromNs)
      return std::nullopt;
  }
  if (!to.empty()) {
    spec.toNs = parseRangeEnd(to, "end", error);
    if (!spec.toNs)
      return std::nullopt;
  }
  if (spec.fromNs && spec.toNs && *spec.toNs <= *spec.fromNs) {
    *error = "'" + spec.text + "' is empty: the range ends before or where it starts";
    return std::nullopt;
  }
  return spec;
}

Status resolveCompareSide(const Workspace& workspace, const CompareSideSpec& spec,
                          ResolvedCompareSide* resolved) {
  *resolved = ResolvedCompareSide{};
  resolved->spec = spec;
  if (spec.kind == CompareSideSpec::Kind::Source)
    return resolveSource(workspace, spec, resolved);

  const bool absolute = spec.kind == CompareSideSpec::Kind::Range && spec.fromNs && spec.toNs;
  if (absolute) {
    resolved->fromNs = *spec.fromNs;
    resolved->toNs = *spec.toNs;
    return Status::ok();
  }
  const auto window = traceStartWindow(workspace);
  if (!window) {
    return Status::error("'" + spec.text +
                         "' is relative to the data, and the workspace has no traces");
  }
  const auto [first, last] = *window;
  switch (spec.kind) {
    case CompareSideSpec::Kind::First:
      resolved->fromNs = first;
      resolved->toNs = first + spec.lengthNs;
      break;
    case CompareSideSpec::Kind::Last:
      resolved->toNs = last + 1;
      resolved->fromNs = spec.lengthNs >= last + 1 ? 0 : last + 1 - spec.lengthNs;
      break;
    default:
      resolved->fromNs = spec.fromNs.value_or(first);
      resolved->toNs = spec.toNs.value_or(last + 1);
      break;
  }
  if (resolved->toNs <= resolved->fromNs) {
    return Status::error("'" + spec.text + "' is empty: the data's traces start from " +
                         formatUtcTimestamp(first).toStdString() + " to " +
                         formatUtcTimestamp(last).toStdString());
  }
  return Status::ok();
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> traceStartWindow(
    const Workspace& workspace) {
  StoreStatement query(workspace.db(), "SELECT min(start_ns), max(start_ns) FROM traces");
  if (!query.step() || query.columnIsNull(0))
    return std::nullopt;
  return std::pair{static_cast<std::uint64_t>(query.columnInt(0)),
                   static_cast<std::uint64_t>(query.columnInt(1))};
}

std::vector<CompareSourceChoice> listCompareSources(const Workspace& workspace) {
  StoreStatement query(workspace.db(),
                       "SELECT s.id, s.path FROM sources s WHERE EXISTS (SELECT 1 FROM resources "
                       "r WHERE r.source_id = s.id) ORDER BY s.id");
  std::vector<CompareSourceChoice> sources;
  while (query.step())
    sources.push_back({query.columnInt(0), query.columnText(1)});
  return sources;
}

std::string describeCompareSide(const ResolvedCompareSide& side) {
  if (side.isSource)
    return "source " + std::to_string(side.sourceId) + " (" + fileNameOf(side.sourcePath) + ")";
  return formatUtcTimestamp(side.fromNs).toStdString() + " .. " +
         formatUtcTimestamp(side.toNs).toStdString();
}

}  // namespace sightline
