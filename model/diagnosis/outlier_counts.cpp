#include "model/diagnosis/outlier_counts.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace sightline {

namespace {

// The intrinsic keys, by their keyId.
enum IntrinsicKey : std::int64_t { kService = 0, kName, kStatus, kKind, kIntrinsicCount };
constexpr std::array<const char*, kIntrinsicCount> kIntrinsicNames{"service", "name", "status",
                                                                   "kind"};

const char* statusText(std::int64_t code) {
  switch (static_cast<StatusCode>(code)) {
    case StatusCode::Ok:
      return "ok";
    case StatusCode::Error:
      return "error";
    default:
      return "unset";
  }
}

const char* kindText(std::int64_t code) {
  switch (static_cast<SpanKind>(code)) {
    case SpanKind::Internal:
      return "internal";
    case SpanKind::Server:
      return "server";
    case SpanKind::Client:
      return "client";
    case SpanKind::Producer:
      return "producer";
    case SpanKind::Consumer:
      return "consumer";
    default:
      return "unspecified";
  }
}

AttributeValue stringValue(std::string text) {
  AttributeValue value;
  value.type = AttributeValue::Type::String;
  value.text = std::move(text);
  return value;
}

double shareOf(std::uint64_t count, std::uint64_t total) {
  return total > 0 ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
}

}  // namespace

OutlierCounts& OutlierValueTable::operator[](const OutlierValueKey& key) {
  if ((m_used + 1) * 2 > m_slots.size())
    grow();
  const std::size_t mask = m_slots.size() - 1;
  const std::size_t start = OutlierValueKeyHash{}(key)&mask;
  for (std::size_t i = start;; i = (i + 1) & mask) {
    Slot& slot = m_slots[i];
    if (!slot.used) {
      slot.used = true;
      slot.key = key;
      ++m_used;
      return slot.counts;
    }
    if (slot.key == key)
      return slot.counts;
  }
}

OutlierCounts* OutlierValueTable::find(const OutlierValueKey& key) {
  if (m_slots.empty())
    return nullptr;
  const std::size_t mask = m_slots.size() - 1;
  const std::size_t start = OutlierValueKeyHash{}(key)&mask;
  for (std::size_t i = start;; i = (i + 1) & mask) {
    Slot& slot = m_slots[i];
    if (!slot.used)
      return nullptr;
    if (slot.key == key)
      return &slot.counts;
  }
}

void OutlierValueTable::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(std::max<std::size_t>(16, old.size() * 2), Slot());
  m_used = 0;
  for (const Slot& slot : old) {
    if (slot.used)
      (*this)[slot.key] = slot.counts;
  }
}

const std::string& OutlierStringLookup::text(std::int64_t id) {
  auto [it, added] = m_texts.try_emplace(id);
  if (added) {
    m_lookup.bindInt(1, id);
    if (m_lookup.step())
      it->second = m_lookup.columnText(0);
    m_lookup.reset();
  }
  return it->second;
}

std::int64_t OutlierInlineValues::code(std::string_view bytes) {
  if (const auto found = m_codes.find(bytes); found != m_codes.end())
    return found->second;
  const std::string& stored = m_bytes.emplace_back(bytes);
  const auto code = -static_cast<std::int64_t>(m_bytes.size());
  m_codes.emplace(std::string_view(stored), code);
  return code;
}

std::int64_t OutlierInlineValues::find(std::string_view bytes) const {
  const auto found = m_codes.find(bytes);
  return found == m_codes.end() ? 0 : found->second;
}

OutlierKeyTable::Key& OutlierKeyTable::key(OutlierKeyScope scope, std::int64_t keyId) {
  if (m_keys.empty()) {
    for (std::int64_t intrinsic = 0; intrinsic < kIntrinsicCount; ++intrinsic) {
      m_keys.emplace_back();
      m_keys.back().scope = OutlierKeyScope::Intrinsic;
      m_keys.back().keyId = intrinsic;
    }
  }
  if (scope == OutlierKeyScope::Intrinsic)
    return m_keys[static_cast<std::size_t>(keyId)];
  // Spans carry their attributes in the same order: the next key is often the last one.
  if (scope == OutlierKeyScope::Span && keyId == m_lastSpanKey)
    return m_keys[m_lastSpanIndex];
  auto& index = scope == OutlierKeyScope::Span ? m_spanKeys : m_resourceKeys;
  const auto [it, added] = index.try_emplace(keyId, m_keys.size());
  if (added) {
    m_keys.emplace_back();
    m_keys.back().scope = scope;
    m_keys.back().keyId = keyId;
  }
  if (scope == OutlierKeyScope::Span) {
    m_lastSpanKey = keyId;
    m_lastSpanIndex = it->second;
  }
  return m_keys[it->second];
}

void OutlierKeyTable::countIntrinsics(std::int64_t serviceId, std::int64_t nameId,
                                      std::int64_t status, std::int64_t kind, bool selected) {
  const OutlierCounts one = OutlierCounts::of(selected);
  const std::array<std::pair<std::int64_t, std::int64_t>, kIntrinsicCount> values{
      {{kService, serviceId}, {kName, nameId}, {kStatus, status}, {kKind, kind}}};
  for (const auto& [keyId, code] : values) {
    Key& counted = key(OutlierKeyScope::Intrinsic, keyId);
    counted.values[OutlierValueKey{static_cast<std::uint8_t>(AttributeValue::Type::Int), code}] +=
        one;
    counted.present += one;
  }
}

void OutlierKeyTable::countAttribute(OutlierKeyScope scope, std::int64_t keyId,
                                     const OutlierValueKey& value, std::int64_t owner,
                                     const OutlierCounts& counts) {
  Key& counted = key(scope, keyId);
  counted.values[value] += counts;
  if (counted.lastOwner != owner) {
    counted.lastOwner = owner;
    counted.present += counts;
  }
  if (value.type == static_cast<std::uint8_t>(AttributeValue::Type::String) && value.code < 0)
    counted.hasInlineStrings = true;
}

OutlierComparison OutlierKeyTable::finish(OutlierStringLookup& strings,
                                          const OutlierInlineValues& inlineValues,
                                          std::size_t topValues, std::uint64_t selectionSpans,
                                          std::uint64_t baselineSpans) {
  OutlierComparison result;
  result.selectionSpans = selectionSpans;
  result.baselineSpans = baselineSpans;
  const auto stringType = static_cast<std::uint8_t>(AttributeValue::Type::String);

  for (Key& key : m_keys) {
    if (key.values.empty())
      continue;
    std::string name = key.scope == OutlierKeyScope::Intrinsic
                           ? kIntrinsicNames[static_cast<std::size_t>(key.keyId)]
                           : strings.text(key.keyId);
    // The resource's service.name is the intrinsic service.
    if (key.scope == OutlierKeyScope::Resource && name == "service.name")
      continue;
    if (key.hasInlineStrings) {
      // A key's values may be interned in one import and inline in another (or after the
      // writer gave up interning them): the same text is one value.
      std::vector<OutlierValueKey> interned;
      key.values.forEach([&](const OutlierValueKey& value, const OutlierCounts&) {
        if (value.type == stringType && value.code > 0)
          interned.push_back(value);
      });
      for (const OutlierValueKey& value : interned) {
        const std::int64_t inlineCode = inlineValues.find(strings.text(value.code));
        OutlierCounts* twin =
            inlineCode != 0 ? key.values.find(OutlierValueKey{stringType, inlineCode}) : nullptr;
        if (twin) {
          key.values[value] += *twin;
          *twin = OutlierCounts();
        }
      }
    }

    struct Ranked {
      OutlierValueKey value;
      OutlierCounts counts;
      double difference = 0;
    };
    std::vector<Ranked> ranked;
    ranked.reserve(key.values.size());
    double score = 0;
    std::uint64_t mostSelected = 0;
    key.values.forEach([&](const OutlierValueKey& value, const OutlierCounts& counts) {
      if (counts.selection + counts.baseline == 0)
        return;  // merged into its interned twin
      const double difference =
          shareOf(counts.selection, selectionSpans) - shareOf(counts.baseline, baselineSpans);
      score = std::max(score, std::fabs(difference));
      mostSelected = std::max(mostSelected, counts.selection);
      ranked.push_back({value, counts, difference});
    });

    const std::uint64_t spans = key.present.selection + key.present.baseline;
    const bool idLike =
        spans >= kIdLikeMinSpans &&
        static_cast<double>(ranked.size()) >= kIdLikeDistinctShare * static_cast<double>(spans);
    if (idLike &&
        !(mostSelected >= 2 && static_cast<double>(mostSelected) >=
                                   kIdLikeRepeatShare * static_cast<double>(selectionSpans))) {
      result.skippedKeys.push_back({key.scope, std::move(name), ranked.size(), spans});
      continue;
    }

    const std::size_t kept = std::min(topValues, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept),
                      ranked.end(), [](const Ranked& a, const Ranked& b) {
                        const double da = std::fabs(a.difference), db = std::fabs(b.difference);
                        if (da != db)
                          return da > db;
                        const std::uint64_t ta = a.counts.selection + a.counts.baseline;
                        const std::uint64_t tb = b.counts.selection + b.counts.baseline;
                        if (ta != tb)
                          return ta > tb;
                        return std::pair(a.value.type, a.value.code) <
                               std::pair(b.value.type, b.value.code);
                      });

    OutlierKeyComparison out;
    out.scope = key.scope;
    out.key = std::move(name);
    out.score = score;
    out.distinctValues = ranked.size();
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const Ranked& entry = ranked[i];
      if (i >= kept) {
        out.other.values += 1;
        out.other.selectionSpans += entry.counts.selection;
        out.other.baselineSpans += entry.counts.baseline;
        continue;
      }
      OutlierValueShare share;
      const OutlierValueKey& v = entry.value;
      if (key.scope == OutlierKeyScope::Intrinsic) {
        if (key.keyId == kService || key.keyId == kName)
          share.value = stringValue(strings.text(v.code));
        else
          share.value = stringValue(key.keyId == kStatus ? statusText(v.code) : kindText(v.code));
      } else {
        share.value.type = static_cast<AttributeValue::Type>(v.type);
        switch (share.value.type) {
          case AttributeValue::Type::Empty:
            break;
          case AttributeValue::Type::Bool:
          case AttributeValue::Type::Int:
            share.value.intValue = v.code;
            break;
          case AttributeValue::Type::Double:
            share.value.doubleValue = std::bit_cast<double>(v.code);
            break;
          default:
            if (v.code > 0)
              share.value.text = strings.text(v.code);
            else if (v.code < 0)
              share.value.text = inlineValues.bytes(v.code);
        }
      }
      share.selectionSpans = entry.counts.selection;
      share.baselineSpans = entry.counts.baseline;
      share.selectionShare = shareOf(share.selectionSpans, selectionSpans);
      share.baselineShare = shareOf(share.baselineSpans, baselineSpans);
      out.values.push_back(std::move(share));
    }
    out.other.selectionShare = shareOf(out.other.selectionSpans, selectionSpans);
    out.other.baselineShare = shareOf(out.other.baselineSpans, baselineSpans);
    out.missing.selectionSpans = selectionSpans - std::min(selectionSpans, key.present.selection);
    out.missing.baselineSpans = baselineSpans - std::min(baselineSpans, key.present.baseline);
    out.missing.selectionShare = shareOf(out.missing.selectionSpans, selectionSpans);
    out.missing.baselineShare = shareOf(out.missing.baselineSpans, baselineSpans);
    result.keys.push_back(std::move(out));
  }

  std::sort(result.keys.begin(), result.keys.end(),
            [](const OutlierKeyComparison& a, const OutlierKeyComparison& b) {
              if (a.score != b.score)
                return a.score > b.score;
              if (a.scope != b.scope)
                return a.scope < b.scope;
              return a.key < b.key;
            });
  std::sort(result.skippedKeys.begin(), result.skippedKeys.end(),
            [](const OutlierSkippedKey& a, const OutlierSkippedKey& b) {
              return std::pair(a.scope, a.key) < std::pair(b.scope, b.key);
            });
  return result;
}

}  // namespace sightline
