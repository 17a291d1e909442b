#include "model/profiles/profile_filter.h"

#include <algorithm>

#include <QString>

namespace sightline {
namespace {

// Which of the four regexes match one name-bearing thing (a function or a mapping).
enum MatchBit : std::uint8_t {
  kMatchFocus = 1,
  kMatchIgnore = 2,
  kMatchHide = 4,
  kMatchShow = 8,
  kMatchEvaluated = 16,
};

bool matches(const std::optional<QRegularExpression>& regex, const QString& text) {
  return regex && regex->match(text).hasMatch();
}

}  // namespace

std::optional<QRegularExpression> compileProfileRegex(const std::string& pattern,
                                                      std::string* error) {
  QRegularExpression regex(QString::fromStdString(pattern));
  if (!regex.isValid()) {
    if (error)
      *error = regex.errorString().toStdString() + " at offset " +
               std::to_string(regex.patternErrorOffset());
    return std::nullopt;
  }
  // Filters are matched against every function of a profile: worth compiling once.
  regex.optimize();
  return regex;
}

Status validateFilter(const ProfileFilter& filter) {
  Status status;
  CompiledProfileFilter::compile(filter, &status);
  return status;
}

std::optional<CompiledProfileFilter> CompiledProfileFilter::compile(const ProfileFilter& filter,
                                                                    Status* status) {
  CompiledProfileFilter compiled;
  const struct {
    const char* name;
    const std::string& pattern;
    std::optional<QRegularExpression>& target;
  } options[] = {{"focus", filter.focus, compiled.m_focus},
                 {"ignore", filter.ignore, compiled.m_ignore},
                 {"hide", filter.hide, compiled.m_hide},
                 {"show", filter.show, compiled.m_show}};
  for (const auto& option : options) {
    if (option.pattern.empty())
      continue;
    std::string error;
    option.target = compileProfileRegex(option.pattern, &error);
    if (!option.target) {
      if (status)
        *status = Status::error(std::string("invalid ") + option.name + " regular expression \"" +
                                option.pattern + "\": " + error);
      return std::nullopt;
    }
  }
  const struct {
    const char* name;
    const std::string& spec;
    std::optional<CompiledTagFilter>& target;
  } tagOptions[] = {{"tagfocus", filter.tagFocus, compiled.m_tagFocus},
                    {"tagignore", filter.tagIgnore, compiled.m_tagIgnore}};
  for (const auto& option : tagOptions) {
    if (option.spec.empty())
      continue;
    std::string error;
    option.target = CompiledTagFilter::compile(option.spec, &error);
    if (!option.target) {
      if (status)
        *status = Status::error(std::string("invalid ") + option.name + " \"" + option.spec +
                                "\": " + error);
      return std::nullopt;
    }
  }
  if (status)
    *status = Status::ok();
  return compiled;
}

std::vector<std::uint8_t> CompiledProfileFilter::labelSetsKept(const ProfileData& profile) const {
  if (!hasTagFilter())
    return {};
  std::vector<std::uint8_t> kept(std::max<std::size_t>(profile.labelSets.size(), 1), 0);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    static const std::vector<ProfileLabel> none;
    const std::vector<ProfileLabel>& labels =
        i < profile.labelSets.size() ? profile.labelSets[i] : none;
    kept[i] = (!m_tagFocus || m_tagFocus->matches(labels)) &&
              (!m_tagIgnore || !m_tagIgnore->matches(labels));
  }
  return kept;
}

std::vector<std::uint8_t> CompiledProfileFilter::frameFlags(const ProfileData& profile) const {
  // pprof tests a function's name and its file name (even an empty one), and a mapping's
  // file name.
  const auto evaluate = [this](const QString& first, const QString* second) {
    std::uint8_t bits = kMatchEvaluated;
    const auto test = [&](const std::optional<QRegularExpression>& regex, MatchBit bit) {
      if (matches(regex, first) || (second && matches(regex, *second)))
        bits |= bit;
    };
    test(m_focus, kMatchFocus);
    test(m_ignore, kMatchIgnore);
    test(m_hide, kMatchHide);
    test(m_show, kMatchShow);
    return bits;
  };

  // Lazily, so that functions no frame uses cost nothing.
  std::vector<std::uint8_t> functionBits(profile.functions.size(), 0);
  std::vector<std::uint8_t> mappingBits(profile.mappings.size(), 0);
  std::vector<std::uint8_t> flags(profile.frames.size(), 0);
  for (std::size_t i = 0; i < profile.frames.size(); ++i) {
    const ProfileFrame& frame = profile.frames[i];
    std::uint8_t bits = 0;
    if (frame.function < functionBits.size()) {
      std::uint8_t& cached = functionBits[frame.function];
      if (!cached) {
        const ProfileFunction& function = profile.functions[frame.function];
        const QString fileName = QString::fromStdString(function.fileName);
        cached = evaluate(QString::fromStdString(function.name), &fileName);
      }
      bits |= cached;
    }
    if (frame.mapping < mappingBits.size()) {
      std::uint8_t& cached = mappingBits[frame.mapping];
      if (!cached)
        cached =
            evaluate(QString::fromStdString(profile.mappings[frame.mapping].fileName), nullptr);
      bits |= cached;
    }
    std::uint8_t frameBits = 0;
    if (!m_focus || (bits & kMatchFocus))
      frameBits |= kFrameFocused;
    if (bits & kMatchIgnore)
      frameBits |= kFrameIgnored;
    if ((m_hide && (bits & kMatchHide)) || (m_show && !(bits & kMatchShow)))
      frameBits |= kFrameHidden;
    flags[i] = frameBits;
  }
  return flags;
}

}  // namespace sightline
