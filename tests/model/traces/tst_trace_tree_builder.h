#pragma once

// Compact hand-built traces for the analysis tests (tree, self time, critical path,
// statistics). Header-only so that each QtTest executable stays one .cpp.

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "model/traces/trace_data.h"

namespace sightline::test {

inline SpanId spanIdOf(std::uint64_t value) {
  SpanId id;
  for (int i = 7; i >= 0; --i) {
    id.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value & 0xff);
    value >>= 8;
  }
  return id;
}

// Orders spans as the store returns them: by start, ties by span id.
inline void sortLikeStore(LoadedTrace& trace) {
  std::stable_sort(trace.spans.begin(), trace.spans.end(),
                   [](const LoadedSpan& a, const LoadedSpan& b) {
                     if (a.startUnixNano != b.startUnixNano) {
                       return a.startUnixNano < b.startUnixNano;
                     }
                     return a.spanId < b.spanId;
                   });
}

inline SpanKind kindFromLetter(char c) {
  switch (c) {
    case 'p':
      return SpanKind::Producer;
    case 'c':
      return SpanKind::Consumer;
    case 's':
      return SpanKind::Server;
    case 'k':
      return SpanKind::Client;
    default:
      return SpanKind::Internal;
  }
}

// Parses "NAME:PARENT:START:END[:KIND[:SERVICE]]" entries separated by ';'. PARENT "-" means
// no parent; a PARENT never defined as a NAME gets an id of its own that no span has (an
// orphan). Span ids follow the order of first mention (1, 2, ...). KIND is one letter of
// p/c/s/k/i. SERVICE is a name; services are listed in order of first use.
inline LoadedTrace parseTrace(std::string_view spec) {
  LoadedTrace trace;
  std::map<std::string, std::uint64_t> ids;
  auto idFor = [&ids](const std::string& name) {
    auto it = ids.find(name);
    if (it != ids.end())
      return it->second;
    const std::uint64_t id = ids.size() + 1;
    ids.emplace(name, id);
    return id;
  };
  std::stringstream entries{std::string(spec)};
  std::string entry;
  while (std::getline(entries, entry, ';')) {
    entry.erase(0, entry.find_first_not_of(' '));
    if (entry.empty())
      continue;
    std::vector<std::string> f;
    std::stringstream fields(entry);
    std::string field;
    while (std::getline(fields, field, ':'))
      f.push_back(field);
    LoadedSpan span;
    span.name = f.at(0);
    span.spanId = spanIdOf(idFor(f.at(0)));
    if (f.at(1) != "-")
      span.parentSpanId = spanIdOf(idFor(f.at(1)));
    span.startUnixNano = std::stoull(f.at(2));
    span.endUnixNano = std::stoull(f.at(3));
    span.kind = f.size() > 4 && !f[4].empty() ? kindFromLetter(f[4][0]) : SpanKind::Internal;
    const std::string service = f.size() > 5 ? f[5] : std::string("svc");
    auto known = std::find(trace.services.begin(), trace.services.end(), service);
    if (known == trace.services.end())
      known = trace.services.insert(known, service);
    span.serviceIndex = static_cast<std::uint32_t>(known - trace.services.begin());
    span.rowId = static_cast<std::int64_t>(trace.spans.size()) + 1;
    trace.spans.push_back(std::move(span));
  }
  sortLikeStore(trace);
  return trace;
}

inline int indexOf(const LoadedTrace& trace, std::string_view name) {
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    if (trace.spans[i].name == name)
      return static_cast<int>(i);
  }
  return -1;
}

// Names of the spans at the given indices, joined with ','.
template <typename Indices>
std::string namesOf(const LoadedTrace& trace, const Indices& indices) {
  std::string out;
  for (auto i : indices) {
    if (!out.empty())
      out += ',';
    out += trace.spans[static_cast<std::size_t>(i)].name;
  }
  return out;
}

// A chain s0 <- s1 <- ... of the given length, each nested one nanosecond inside its parent.
inline LoadedTrace deepChain(std::size_t length) {
  LoadedTrace trace;
  trace.services = {"svc"};
  trace.spans.resize(length);
  for (std::size_t i = 0; i < length; ++i) {
    LoadedSpan& s = trace.spans[i];
    s.spanId = spanIdOf(i + 1);
    if (i > 0)
      s.parentSpanId = spanIdOf(i);
    s.startUnixNano = 1000 + i;
    s.endUnixNano = 1000 + 2 * length + 10 - i;
    s.name = "op";
    s.kind = SpanKind::Internal;
  }
  return trace;
}

}  // namespace sightline::test
