#include "importers/prometheus/prometheus_text_parser.h"

#include <cmath>
#include <cstring>

#include "importers/prometheus/prometheus_family_rules.h"

namespace sightline {
namespace {

constexpr std::uint64_t kCancelCheckInterval = 4096;
constexpr std::uint64_t kRowsReportInterval = 16384;

bool isOpenMetricsOnlyType(MetricType type) {
  return type == MetricType::GaugeHistogram || type == MetricType::StateSet ||
         type == MetricType::Info;
}

const LexedLabel* findLabel(const std::vector<LexedLabel>& labels, std::string_view name) {
  for (const auto& label : labels) {
    if (label.name == name)
      return &label;
  }
  return nullptr;
}

void sortByName(std::vector<LexedLabel>& labels) {
  // Label sets are short and often sorted already: insertion sort beats std::sort here.
  for (std::size_t i = 1; i < labels.size(); ++i) {
    LexedLabel label = labels[i];
    std::size_t j = i;
    for (; j > 0 && labels[j - 1].name > label.name; --j)
      labels[j] = labels[j - 1];
    labels[j] = label;
  }
}

std::vector<MetricLabel> unescapedLabels(const std::vector<LexedLabel>& lexed) {
  std::vector<MetricLabel> labels(lexed.size());
  for (std::size_t i = 0; i < lexed.size(); ++i) {
    labels[i].name.assign(lexed[i].name);
    if (lexed[i].escaped)
      unescapeLabelValue(lexed[i].rawValue, labels[i].value);
    else
      labels[i].value.assign(lexed[i].rawValue);
  }
  return labels;
}

}  // namespace

PrometheusTextParser::PrometheusTextParser(MetricSink& sink, ReaderContext& context,
                                           DecodeError& error)
    : m_sink(sink), m_context(context), m_error(error) {
  m_batch.samples.reserve(m_context.batchSize);
}

bool PrometheusTextParser::fail(std::string what) {
  m_error.message = std::move(what);
  m_error.line = m_line;
  return false;
}

bool PrometheusTextParser::failNextLine(std::string what) {
  ++m_line;
  return fail(std::move(what));
}

bool PrometheusTextParser::line(std::string_view text) {
  ++m_line;
  if (m_line % kCancelCheckInterval == 0 && m_context.cancelled())
    return fail("cancelled");
  if (m_line % kRowsReportInterval == 0 && m_context.onRows)
    m_context.onRows(m_samples);
  if (!text.empty() && text.back() == '\r')
    text.remove_suffix(1);
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return true;  // blank lines are tolerated in both dialects
  if (m_eofLine != 0)
    return fail("text after # EOF (line " + std::to_string(m_eofLine) + ")");
  if (text[first] == '#')
    return comment(text.substr(first));
  return sample(text);
}

bool PrometheusTextParser::comment(std::string_view text) {
  const LexedComment lexed = lexCommentLine(text);
  switch (lexed.kind) {
    case CommentKind::Other:
      return true;  // a plain comment
    case CommentKind::Eof:
      if (!switchToOpenMetrics("# EOF"))
        return false;
      m_eofLine = m_line;
      return true;
    case CommentKind::Help:
    case CommentKind::Type:
    case CommentKind::Unit:
      return metadata(lexed);
  }
  return true;
}

bool PrometheusTextParser::metadata(const LexedComment& comment) {
  const std::string name(comment.name);
  if (!isMetricName(name))
    return fail("bad metric name \"" + name + "\" in a # HELP/# TYPE/# UNIT line");
  // Metadata lines of one family come together, before its samples; anything else starts a
  // new family block.
  const bool sameBlock = m_current != kNone && m_families[m_current].samples == 0 &&
                         m_families[m_current].record.name == name;
  if (!sameBlock) {
    if (!closeCurrent())
      return false;
    startFamily(name);
  }
  Family& family = m_families[m_current];
  switch (comment.kind) {
    case CommentKind::Help:
      if (family.hasHelp)
        return fail("second # HELP line for family " + name);
      if (!unescapeHelp(comment.text, family.record.help))
        return fail("invalid escape sequence in # HELP " + name + " (only \\\\ and \\n)");
      family.hasHelp = true;
      return true;
    case CommentKind::Type: {
      if (family.typed)
        return fail("second # TYPE line for family " + name);
      const auto type = parseMetricType(std::string(comment.text));
      if (!type)
        return fail("unknown metric type \"" + std::string(comment.text) + "\" in # TYPE " + name);
      if ((isOpenMetricsOnlyType(*type) || comment.text == "unknown") &&
          !switchToOpenMetrics("an OpenMetrics type name")) {
        return false;
      }
      if (family.previous != kNone && m_families[family.previous].record.type == *type) {
        return fail("second # TYPE line for family " + name + " (first at line " +
                    std::to_string(m_families[family.previous].firstLine) + ")");
      }
      family.record.type = *type;
      family.typed = true;
      return true;
    }
    case CommentKind::Unit:
      if (!switchToOpenMetrics("# UNIT"))
        return false;
      if (family.hasUnit)
        return fail("second # UNIT line for family " + name);
      family.record.unit = std::string(comment.text);
      family.hasUnit = true;
      return true;
    default:
      return true;
  }
}

bool PrometheusTextParser::switchToOpenMetrics(const char* reason) {
  if (m_openMetrics)
    return true;
  if (m_integerTimestampLine != 0) {
    return fail(std::string(reason) + " makes this file OpenMetrics, but line " +
                std::to_string(m_integerTimestampLine) +
                " has a timestamp already read as 0.0.4 integer milliseconds");
  }
  m_openMetrics = true;
  return true;
}

std::uint32_t PrometheusTextParser::startFamily(std::string_view name) {
  const auto index = static_cast<std::uint32_t>(m_families.size());
  Family family;
  family.record.name = std::string(name);
  family.firstLine = family.lastLine = m_line;
  if (const auto it = m_byName.find(name); it != m_byName.end()) {
    family.previous = it->second;
    it->second = index;
  } else {
    m_byName.emplace(family.record.name, index);
  }
  m_families.push_back(std::move(family));
  m_current = index;
  return index;
}

bool PrometheusTextParser::closeCurrent() {
  if (m_current == kNone)
    return true;
  Family& family = m_families[m_current];
  m_current = kNone;
  // OpenMetrics keeps families without samples (so does its reference parser); 0.0.4's
  // expfmt drops them, and so do we.
  if (m_openMetrics && family.samples == 0 && !family.sent)
    return admit(static_cast<std::uint32_t>(&family - m_families.data()), false);
  return true;
}

std::uint32_t PrometheusTextParser::resolveFamily(std::string_view name) {
  SampleSuffix suffix = SampleSuffix::None;
  if (m_current != kNone) {
    const Family& current = m_families[m_current];
    if (splitSuffix(name, current.record.name, suffix)) {
      if (allows(current.record.type, suffix))
        return m_current;
      if (current.typed && contradicts(current.record.type, suffix)) {
        fail("sample " + std::string(name) + " does not fit # TYPE " + current.record.name + " " +
             metricTypeName(current.record.type) + " (" + expectedSamples(current.record.type) +
             ")");
        return kNone;
      }
    }
  }
  // A family that came earlier (0.0.4 lets a family continue after others).
  auto earlier = [&](std::string_view base, SampleSuffix candidate) {
    const auto it = m_byName.find(base);
    if (it == m_byName.end() || it->second == m_current)
      return kNone;
    return allows(m_families[it->second].record.type, candidate) ? it->second : kNone;
  };
  std::uint32_t found = earlier(name, SampleSuffix::None);
  for (const auto& entry : familySuffixes()) {
    if (found == kNone && name.size() > entry.text.size() && name.ends_with(entry.text))
      found = earlier(name.substr(0, name.size() - entry.text.size()), entry.suffix);
  }
  if (!closeCurrent())
    return kNone;
  if (found != kNone) {
    if (m_openMetrics) {
      const Family& family = m_families[found];
      fail("sample " + std::string(name) + " of family " + family.record.name +
           ", whose samples ended at line " + std::to_string(family.lastLine) +
           ": OpenMetrics does not allow a family to continue after another one");
      return kNone;
    }
    m_current = found;
    return found;
  }
  return startFamily(name);
}

bool PrometheusTextParser::admit(std::uint32_t index, bool withSample) {
  Family& family = m_families[index];
  if (!family.sent) {
    // A second block of a family name: fine with another type (client_golang's OpenMetrics
    // writes a gauge and a counter of one name, and Prometheus takes both), not with the
    // same one.
    if (family.previous != kNone && m_families[family.previous].record.type == family.record.type) {
      m_error.message = "family " + family.record.name + " declared again (first at line " +
                        std::to_string(m_families[family.previous].firstLine) +
                        "): the # HELP/# TYPE lines and samples of a family must be together";
      m_error.line = family.firstLine;
      return false;
    }
    family.sent = true;
    family.index = m_familiesSent++;
    m_batch.newFamilies.push_back(family.record);
  }
  if (withSample) {
    family.lastLine = m_line;
    ++family.samples;
  }
  return true;
}

bool PrometheusTextParser::checkChildLabels(const Family& family, std::string_view name) {
  const std::string_view base = family.record.name;
  const bool bare = name.size() == base.size();
  const char* required = nullptr;
  if ((family.record.type == MetricType::Histogram ||
       family.record.type == MetricType::GaugeHistogram) &&
      name.substr(base.size()) == "_bucket") {
    required = "le";
  } else if (family.record.type == MetricType::Summary && bare) {
    required = "quantile";
  } else if (family.record.type == MetricType::StateSet) {
    if (!findLabel(m_lexed.labels, base)) {
      return fail("stateset sample " + std::string(name) + " without its state label " +
                  std::string(base));
    }
    return true;
  }
  if (!required)
    return true;
  const LexedLabel* label = findLabel(m_lexed.labels, required);
  if (!label) {
    return fail(std::string(family.record.type == MetricType::Summary ? "summary" : "histogram") +
                " sample " + std::string(name) + " without a " + required + " label");
  }
  double bound = 0;
  if (!parsePrometheusFloat(label->rawValue, bound)) {
    return fail("bad " + std::string(required) + " value \"" + std::string(label->rawValue) +
                "\" in " + std::string(name));
  }
  return true;
}

bool PrometheusTextParser::timestampOf(std::string_view text, std::optional<std::int64_t>& ms) {
  if (text.empty())
    return true;
  if (!m_openMetrics && text.find_first_of(".eE") != std::string_view::npos &&
      !switchToOpenMetrics("a timestamp in float seconds")) {
    return false;
  }
  if (m_openMetrics) {
    double seconds = 0;
    if (!parsePrometheusFloat(text, seconds) || !std::isfinite(seconds) ||
        std::fabs(seconds) > 9.0e15) {
      return fail("bad timestamp \"" + std::string(text) +
                  "\" (OpenMetrics timestamps are seconds since the epoch)");
    }
    ms = std::llround(seconds * 1000.0);
    return true;
  }
  std::int64_t value = 0;
  if (!parsePrometheusInt(text, value)) {
    return fail("bad timestamp \"" + std::string(text) +
                "\" (0.0.4 timestamps are integer milliseconds since the epoch)");
  }
  if (m_integerTimestampLine == 0)
    m_integerTimestampLine = m_line;
  ms = value;
  return true;
}

bool PrometheusTextParser::sample(std::string_view text) {
  if (std::string problem = lexSampleLine(text, m_lexed); !problem.empty())
    return fail(std::move(problem));
  if (m_lexed.hasExemplar && !switchToOpenMetrics("an exemplar"))
    return false;
  const std::string_view name = m_lexed.name;
  const std::uint32_t familyIndex = resolveFamily(name);
  if (familyIndex == kNone)
    return false;
  auto& labels = m_lexed.labels;
  sortByName(labels);
  for (std::size_t i = 1; i < labels.size(); ++i) {
    if (labels[i].name == labels[i - 1].name)
      return fail("label " + std::string(labels[i].name) + " given twice in " + std::string(name));
  }
  if (!checkChildLabels(m_families[familyIndex], name))
    return false;

  // The escaped values are canonical, so the key needs no unescaping; lengths keep
  // values holding separator bytes apart.
  m_key.assign(name);
  for (const auto& label : labels) {
    m_key.push_back('\0');
    m_key.append(label.name);
    m_key.push_back('\0');
    m_key.append(label.rawValue);
    const auto length = static_cast<std::uint32_t>(label.rawValue.size());
    m_key.append(reinterpret_cast<const char*>(&length), sizeof length);
  }
  const SeriesKeySet::Hash seriesHash = SeriesKeySet::hashOf(m_key);
  m_seen.prefetch(seriesHash);
  std::optional<std::int64_t> timestampMs;
  if (!timestampOf(m_lexed.timestamp, timestampMs))
    return false;
  std::optional<double> exemplarSeconds;
  if (m_lexed.hasExemplar && !m_lexed.exemplarTimestamp.empty()) {
    double seconds = 0;
    if (!parsePrometheusFloat(m_lexed.exemplarTimestamp, seconds) || !std::isfinite(seconds))
      return fail("bad exemplar timestamp \"" + std::string(m_lexed.exemplarTimestamp) + "\"");
    exemplarSeconds = seconds;
  }
  if (!admit(familyIndex, true))
    return false;

  MetricSampleRecord& record = m_batch.samples.emplace_back();
  record.family = m_families[familyIndex].index;
  record.name.assign(name);
  record.labels = unescapedLabels(labels);
  record.value = m_lexed.value;
  record.timestampMs = timestampMs;
  record.line = m_line;
  if (m_lexed.hasExemplar) {
    MetricExemplar& exemplar = record.exemplar.emplace();
    exemplar.labels = unescapedLabels(m_lexed.exemplarLabels);
    exemplar.value = m_lexed.exemplarValue;
    exemplar.timestampSeconds = exemplarSeconds;
  }
  // Checked last so that the prefetched slot has arrived; a duplicate fails the whole file.
  if (!m_seen.insert(seriesHash)) {
    return fail("duplicate series " + std::string(name) +
                canonicalLabelText(unescapedLabels(labels)) + " in one snapshot");
  }
  ++m_samples;
  return flushIfFull();
}

bool PrometheusTextParser::flushIfFull() {
  if (m_batch.samples.size() < std::max<std::size_t>(m_context.batchSize, 1))
    return true;
  return flush();
}

bool PrometheusTextParser::flush() {
  if (m_batch.samples.empty() && m_batch.newFamilies.empty())
    return true;
  MetricBatch batch = std::move(m_batch);
  m_batch = MetricBatch{};
  m_batch.samples.reserve(m_context.batchSize);
  if (Status status = m_sink.consume(std::move(batch)); !status)
    return fail(status.message());
  return true;
}

bool PrometheusTextParser::finish() {
  if (m_context.cancelled())
    return fail("cancelled");
  if (m_openMetrics && m_eofLine == 0)
    return fail("OpenMetrics text must end with \"# EOF\"");
  if (!closeCurrent())
    return false;
  if (m_context.onRows)
    m_context.onRows(m_samples);
  return flush();
}

}  // namespace sightline
