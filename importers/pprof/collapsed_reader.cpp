#include "importers/pprof/collapsed_reader.h"

#include <string>
#include <unordered_map>

#include "model/profiles/profile_builder.h"

namespace sightline {
namespace {

constexpr std::uint64_t kCancelCheckInterval = 4096;
constexpr std::uint64_t kRowsReportInterval = 16384;
constexpr std::size_t kSniffLines = 10;
constexpr std::size_t kHeadBytes = 4096;

// Lets the frame cache be searched with a string_view without building a std::string.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const {
    return std::hash<std::string_view>{}(name);
  }
};

std::string_view trimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

bool isBlank(std::string_view line) {
  return trimRight(line).empty();
}

class CollapsedDecoder {
 public:
  CollapsedDecoder(ReaderContext& context, DecodeError& error)
      : m_context(context), m_error(error) {
    m_builder.data().sampleTypes.push_back(ProfileValueType{"samples", "count"});
  }

  bool line(std::string_view text) {
    ++m_line;
    if (m_line % kCancelCheckInterval == 0 && m_context.cancelled())
      return fail("cancelled");
    if (m_line % kRowsReportInterval == 0 && m_context.onRows)
      m_context.onRows(m_line);
    if (isBlank(text))
      return true;
    std::string_view stack;
    std::int64_t count = 0;
    if (std::string problem = parseCollapsedLine(text, stack, count); !problem.empty())
      return fail(std::move(problem));
    std::uint32_t node = 0;
    for (;;) {
      const std::size_t semicolon = stack.find(';');
      node = m_builder.child(node, frameOf(stack.substr(0, semicolon)));
      if (semicolon == std::string_view::npos)
        break;
      stack.remove_prefix(semicolon + 1);
    }
    const std::int64_t values[] = {count};
    m_builder.addSample(node, 0, values);
    return true;
  }

  bool fail(std::string what) {
    m_error.message = std::move(what);
    m_error.line = m_line;
    return false;
  }
  // For a line not handed to line() yet (too long to hold).
  bool failNextLine(std::string what) {
    ++m_line;
    return fail(std::move(what));
  }
  std::uint64_t lines() const { return m_line; }
  ProfileData finish() { return m_builder.finish(); }

 private:
  std::uint32_t frameOf(std::string_view name) {
    if (const auto it = m_frames.find(name); it != m_frames.end())
      return it->second;
    ProfileFunction function;
    function.name = std::string(name);
    ProfileFrame frame;
    frame.function = m_builder.internFunction(function);
    const std::uint32_t index = m_builder.internFrame(frame);
    m_frames.emplace(std::move(function.name), index);
    return index;
  }

  ReaderContext& m_context;
  DecodeError& m_error;
  ProfileBuilder m_builder;
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> m_frames;
  std::uint64_t m_line = 0;
};

}  // namespace

std::string parseCollapsedLine(std::string_view line, std::string_view& stack,
                               std::int64_t& count) {
  line = trimRight(line);
  const std::size_t space = line.rfind(' ');
  if (space == std::string_view::npos)
    return "expected \"frame;frame;… count\", found no count after the stack";
  const std::string_view number = line.substr(space + 1);
  stack = trimRight(line.substr(0, space));
  if (stack.empty())
    return "expected a stack before the count";
  if (number.front() == '-')
    return "the count must not be negative, found " + std::string(number);
  std::uint64_t value = 0;
  for (const char c : number) {
    if (c < '0' || c > '9')
      return "expected the sample count to be a number, found \"" + std::string(number) + "\"";
    // Checked before the multiplication, which could wrap past 2^64 (2e19 wrapped to 1.5e18).
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (static_cast<std::uint64_t>(INT64_MAX) - digit) / 10)
      return "the count " + std::string(number) + " does not fit in 64 bits";
    value = value * 10 + digit;
  }
  count = static_cast<std::int64_t>(value);
  return {};
}

bool CollapsedReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.profiles) {
    error.message = "internal error: no profile sink for collapsed stacks";
    return false;
  }
  CollapsedDecoder decoder(context, error);
  std::string pending;  // a line split across chunks
  for (;;) {
    const auto chunk = source.next();
    if (chunk.empty())
      break;
    std::string_view text(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    for (std::size_t newline = text.find('\n'); newline != std::string_view::npos;
         newline = text.find('\n')) {
      bool ok = true;
      if (pending.empty()) {
        ok = decoder.line(text.substr(0, newline));
      } else {
        pending.append(text.substr(0, newline));
        ok = decoder.line(pending);
        pending.clear();
      }
      if (!ok)
        return false;
      text.remove_prefix(newline + 1);
    }
    pending.append(text);
    if (pending.size() > kMaxLineBytes)
      return decoder.failNextLine("line longer than " + std::to_string(kMaxLineBytes) + " bytes");
  }
  if (!source.status()) {
    error.message = source.status().message();
    error.offset = source.position();
    error.hasOffset = true;
    return false;
  }
  if (!pending.empty() && !decoder.line(pending))
    return false;
  if (context.onRows)
    context.onRows(decoder.lines());
  if (context.cancelled())
    return decoder.fail("cancelled");
  if (Status status = context.profiles->consume(decoder.finish()); !status)
    return decoder.fail(status.message());
  return true;
}

int sniffCollapsed(std::span<const std::uint8_t> head) {
  std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t')
      return 0;  // binary
  }
  // Only whole lines count, unless the head is the whole file.
  if (head.size() >= kHeadBytes) {
    const std::size_t lastNewline = text.rfind('\n');
    if (lastNewline == std::string_view::npos) {
      // One stack longer than the head (thousands of frames): only frames so far.
      const bool frames = text.find(';') != std::string_view::npos && text.front() != '#' &&
                          text.front() != '{' && text.front() != '[';
      return frames ? 25 : 0;
    }
    text = text.substr(0, lastNewline);
  }
  // A bad line among good ones is still collapsed stacks: the reader names its line.
  std::size_t parsed = 0;
  std::size_t bad = 0;
  bool sawSemicolon = false;
  while (!text.empty() && parsed + bad < kSniffLines) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (isBlank(line))
      continue;
    if (line.front() == '#')
      return 0;  // comments: Prometheus text, not stacks
    std::string_view stack;
    std::int64_t count = 0;
    if (!parseCollapsedLine(line, stack, count).empty()) {
      if (parsed == 0)
        return 0;  // the first line must be a stack
      ++bad;
      continue;
    }
    sawSemicolon = sawSemicolon || stack.find(';') != std::string_view::npos;
    ++parsed;
  }
  if (parsed == 0 || bad >= parsed)
    return 0;
  return sawSemicolon ? 50 : 15;
}

}  // namespace sightline
