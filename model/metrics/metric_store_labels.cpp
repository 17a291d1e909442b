#include "model/metrics/metric_store_labels.h"

#include "model/common/json_string.h"

namespace sightline {

namespace {

void appendUtf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
  }
}

// A cursor over the JSON text; every read checks the end.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : m_text(text) {}

  void skipSpace() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' ||
                                     m_text[m_pos] == '\t' || m_text[m_pos] == '\r'))
      ++m_pos;
  }
  bool take(char c) {
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  bool atEnd() {
    skipSpace();
    return m_pos == m_text.size();
  }

  bool readString(std::string& out) {
    out.clear();
    if (!take('"'))
      return false;
    while (m_pos < m_text.size()) {
      // Plain runs are copied whole: most label values have no escapes at all.
      const std::size_t special = m_text.find_first_of("\"\\", m_pos);
      if (special == std::string_view::npos)
        return false;
      out.append(m_text.substr(m_pos, special - m_pos));
      m_pos = special;
      const char c = m_text[m_pos++];
      if (c == '"')
        return true;
      if (m_pos >= m_text.size())
        return false;
      const char e = m_text[m_pos++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'u': {
          std::uint32_t code = 0;
          if (!readHex4(code))
            return false;
          // A high surrogate must be followed by its low half.
          if (code >= 0xd800 && code < 0xdc00) {
            std::uint32_t low = 0;
            if (m_pos + 1 >= m_text.size() || m_text[m_pos] != '\\' || m_text[m_pos + 1] != 'u')
              return false;
            m_pos += 2;
            if (!readHex4(low) || low < 0xdc00 || low >= 0xe000)
              return false;
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          } else if (code >= 0xdc00 && code < 0xe000) {
            return false;
          }
          appendUtf8(out, code);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

 private:
  bool readHex4(std::uint32_t& code) {
    if (m_pos + 4 > m_text.size())
      return false;
    for (int i = 0; i < 4; ++i) {
      const char h = m_text[m_pos++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        code |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        code |= static_cast<std::uint32_t>(h - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

// Two independent multiply-xorshift lanes over 8-byte little-endian words. Not
// cryptographic: the stored half only narrows an index lookup that is then compared in
// full, and the 128 bits of both halves make an in-memory collision (about n² / 2^129)
// negligible even for millions of series.
class FingerprintBuilder {
 public:
  void addSize(std::size_t size) { addWord(static_cast<std::uint64_t>(size)); }
  void addBytes(std::string_view bytes) {
    addSize(bytes.size());
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8)
      addWord(load(bytes.data() + i, 8));
    if (i < bytes.size())
      addWord(load(bytes.data() + i, bytes.size() - i));
  }
  MetricSeriesFingerprint finish() const { return {finalize(m_a), finalize(m_b)}; }

 private:
  static std::uint64_t load(const char* p, std::size_t n) {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i)
      w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return w;
  }
  void addWord(std::uint64_t w) {
    m_a = (m_a ^ w) * 0x9e3779b97f4a7c15ull;
    m_a ^= m_a >> 32;
    m_b = (m_b ^ (w + 0x632be59bd9b4e019ull)) * 0xc2b2ae3d27d4eb4full;
    m_b ^= m_b >> 29;
  }
  static std::uint64_t finalize(std::uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
  }

  std::uint64_t m_a = 0x243f6a8885a308d3ull;
  std::uint64_t m_b = 0x13198a2e03707344ull;
};

}  // namespace

std::string encodeMetricLabels(const std::vector<MetricLabel>& sortedLabels) {
  std::string out;
  out.push_back('{');
  for (std::size_t i = 0; i < sortedLabels.size(); ++i) {
    if (i > 0)
      out.push_back(',');
    appendJsonString(out, sortedLabels[i].name);
    out.push_back(':');
    appendJsonString(out, sortedLabels[i].value);
  }
  out.push_back('}');
  return out;
}

bool decodeMetricLabels(std::string_view json, std::vector<MetricLabel>& labels) {
  labels.clear();
  JsonCursor cursor(json);
  if (!cursor.take('{'))
    return false;
  if (cursor.take('}'))
    return cursor.atEnd();
  do {
    MetricLabel label;
    if (!cursor.readString(label.name) || !cursor.take(':') || !cursor.readString(label.value))
      return false;
    labels.push_back(std::move(label));
  } while (cursor.take(','));
  return cursor.take('}') && cursor.atEnd();
}

MetricSeriesFingerprint metricSeriesFingerprint(std::string_view name,
                                                const std::vector<MetricLabel>& sortedLabels) {
  // Every string is length-prefixed, so distinct (name, labels) give distinct inputs.
  FingerprintBuilder builder;
  builder.addBytes(name);
  builder.addSize(sortedLabels.size());
  for (const MetricLabel& label : sortedLabels) {
    builder.addBytes(label.name);
    builder.addBytes(label.value);
  }
  return builder.finish();
}

}  // namespace sightline
