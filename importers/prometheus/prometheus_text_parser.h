#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/core/importer.h"
#include "importers/prometheus/prometheus_series_key_set.h"
#include "importers/prometheus/prometheus_text_lexer.h"
#include "model/metrics/metric_sink.h"

namespace sightline {

// Turns the lines of one Prometheus text (0.0.4) or OpenMetrics 1.0 exposition into
// MetricBatches of `context.batchSize` samples. Families are resolved the way Prometheus'
// parsers do: a sample belongs to the family whose name it extends by a suffix its type
// allows (`_bucket`/`_sum`/`_count`/`_created` of a histogram, `_gsum`/`_gcount` of a gauge
// histogram, `_total`/`_created` of a counter, `_info` of an info, the bare name of a gauge,
// summary quantile, stateset or untyped); a sample without a family is an untyped family of
// its own. Errors name the 1-based line.
//
// The dialect starts as set by setOpenMetrics() (from looksLikeOpenMetrics() on the start of
// the file) and switches to OpenMetrics when OpenMetrics-only syntax turns up later. The
// dialect decides: timestamps (0.0.4: integer ms, OpenMetrics: float seconds), `# EOF`
// (required last), whether a family may continue after another one (0.0.4: yes), and whether
// families without samples are sent (OpenMetrics: yes; 0.0.4: no, as expfmt drops them).
class PrometheusTextParser {
 public:
  PrometheusTextParser(MetricSink& sink, ReaderContext& context, DecodeError& error);

  void setOpenMetrics(bool openMetrics) { m_openMetrics = openMetrics; }
  bool isOpenMetrics() const { return m_openMetrics; }

  // One line without its '\n' (a trailing '\r' is ignored). False on error (see `error`).
  bool line(std::string_view text);
  // After the last line: checks the end of the file and sends the last batch.
  bool finish();
  // Fails at the line after the last one handed in (a line too long to hold).
  bool failNextLine(std::string what);

  std::uint64_t lines() const { return m_line; }
  std::uint64_t samples() const { return m_samples; }
  std::uint64_t familiesSent() const { return m_familiesSent; }

 private:
  struct Family {
    MetricFamilyRecord record;
    bool typed = false;  // declared by a # TYPE line
    bool hasHelp = false;
    bool hasUnit = false;
    bool sent = false;
    std::uint32_t index = 0;  // running index once sent
    std::uint64_t firstLine = 0;
    std::uint64_t lastLine = 0;
    std::uint64_t samples = 0;
    std::uint32_t previous = kNone;  // an earlier family of the same name, if any
  };
  static constexpr std::uint32_t kNone = UINT32_MAX;

  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
      return std::hash<std::string_view>{}(name);
    }
  };

  bool fail(std::string what);
  bool comment(std::string_view text);
  bool metadata(const LexedComment& comment);
  bool sample(std::string_view text);
  bool switchToOpenMetrics(const char* reason);
  // The family of sample `name`, creating an untyped one when none fits; kNone on error.
  std::uint32_t resolveFamily(std::string_view name);
  std::uint32_t startFamily(std::string_view name);
  // Ends the current family block; in OpenMetrics a family without samples is sent here.
  bool closeCurrent();
  // Sends the family if it was not sent yet (checking that it is no repeated declaration)
  // and counts the sample when `withSample`.
  bool admit(std::uint32_t family, bool withSample);
  bool checkChildLabels(const Family& family, std::string_view name);
  bool timestampOf(std::string_view text, std::optional<std::int64_t>& ms);
  bool flushIfFull();
  bool flush();

  MetricSink& m_sink;
  ReaderContext& m_context;
  DecodeError& m_error;
  bool m_openMetrics = false;
  std::uint64_t m_line = 0;
  std::uint64_t m_eofLine = 0;
  std::uint64_t m_integerTimestampLine = 0;  // first 0.0.4 timestamp, for a late switch
  std::uint64_t m_samples = 0;
  std::uint32_t m_familiesSent = 0;

  std::vector<Family> m_families;
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> m_byName;
  std::uint32_t m_current = kNone;

  SeriesKeySet m_seen;
  LexedSample m_lexed;
  std::string m_key;
  std::string m_scratch;
  MetricBatch m_batch;
};

}  // namespace sightline
