#include "model/profiles/function_label.h"

#include <vector>

namespace sightline {

namespace {

// Where the tails after a separator start, in ascending order (longest tail first).
// Separators inside (), [] or <> do not count: "std::map<int, a::b>::at(x::y)" is cut
// after "std::" and ">::" only. Unbalanced closing brackets ("operator->") are ignored.
std::vector<qsizetype> tailStarts(const QString& name) {
  std::vector<qsizetype> starts;
  int depth = 0;
  for (qsizetype i = 0; i + 1 < name.size(); ++i) {
    const QChar c = name.at(i);
    if (c == u'(' || c == u'[' || c == u'<') {
      ++depth;
    } else if (c == u')' || c == u']' || c == u'>') {
      depth = depth > 0 ? depth - 1 : 0;
    } else if (depth == 0 && (c == u'/' || c == u'.' || c == u':')) {
      // "a::b" and "a.b" alike: the tail starts after the last separator of a run.
      const QChar next = name.at(i + 1);
      if (next != u'/' && next != u'.' && next != u':')
        starts.push_back(i + 1);
    }
  }
  return starts;
}

// The first index of [0, count) where the monotone `fits` turns true, or count.
template <typename Fits>
std::size_t firstFitting(std::size_t count, const Fits& fits) {
  std::size_t low = 0;
  std::size_t high = count;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (fits(middle))
      high = middle;
    else
      low = middle + 1;
  }
  return low;
}

}  // namespace

QString elideFunctionName(const QString& name, double room, const TextWidth& widthOf) {
  if (widthOf(name) <= room)
    return name;
  const QString ellipsis(QChar(0x2026));
  // A tail never starts inside a surrogate pair.
  auto insidePair = [&](qsizetype at) {
    return at > 0 && at < name.size() && name.at(at).isLowSurrogate() &&
           name.at(at - 1).isHighSurrogate();
  };
  // A QString, not the QStringBuilder of `+`, which would outlive the view it holds.
  auto tailFrom = [&](qsizetype from) -> QString {
    return ellipsis + QStringView(name).mid(insidePair(from) ? from + 1 : from);
  };
  auto fitsFrom = [&](qsizetype from) { return widthOf(tailFrom(from)) <= room; };

  // A later start is a shorter tail, so "fits" only turns from false to true.
  const std::vector<qsizetype> starts = tailStarts(name);
  const std::size_t tail =
      firstFitting(starts.size(), [&](std::size_t i) { return fitsFrom(starts[i]); });
  if (tail < starts.size())
    return tailFrom(starts[tail]);

  // Not even the function's own name fits: what fits of the end, at least its last
  // character, after at least one left out.
  const qsizetype lastStart = insidePair(name.size() - 1) ? name.size() - 2 : name.size() - 1;
  if (lastStart < 1)
    return {};
  const auto count = static_cast<std::size_t>(lastStart);
  const std::size_t from = 1 + firstFitting(count, [&](std::size_t i) {
                             return fitsFrom(static_cast<qsizetype>(i + 1));
                           });
  if (from > count)
    return {};
  return tailFrom(static_cast<qsizetype>(from));
}

}  // namespace sightline
