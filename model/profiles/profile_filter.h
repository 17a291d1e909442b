#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QRegularExpression>

#include "model/profiles/call_tree.h"
#include "model/profiles/profile_tag_filter.h"

namespace sightline {

// What a ProfileFilter says about one frame, evaluated once per function and per mapping
// (never per trie node). Bits of FrameFilterFlags::flags.
enum FrameFilterBit : std::uint8_t {
  kFrameFocused = 1,  // the frame's location matches focus (always set when focus is empty)
  kFrameIgnored = 2,  // the frame's location matches ignore
  kFrameHidden = 4,   // the frame is removed from stacks by hide or show
};

// pprof's FilterSamplesByName, compiled. Focus and ignore are decided per location, but a
// location matches when any of its lines (frames) matches, so a stack matches when any of
// its frames does: per-frame bits OR-ed along the path give the location-level answer.
// Hide and show work on the lines of a location: a line goes when its function name or
// file matches hide (all lines go when the mapping's file matches); of the rest, show keeps
// the lines whose function or file matches (all of them when the mapping's file matches).
class CompiledProfileFilter {
 public:
  // Returns nothing (and sets `status`) when a regex does not compile.
  static std::optional<CompiledProfileFilter> compile(const ProfileFilter& filter,
                                                      Status* status = nullptr);

  bool hasFocus() const { return m_focus.has_value(); }
  bool hasIgnore() const { return m_ignore.has_value(); }
  bool hidesFrames() const { return m_hide.has_value() || m_show.has_value(); }
  bool hasTagFilter() const { return m_tagFocus.has_value() || m_tagIgnore.has_value(); }
  bool isEmpty() const { return !hasFocus() && !hasIgnore() && !hidesFrames() && !hasTagFilter(); }

  // Per label set of `profile`, 1 when samples with it pass -tagfocus/-tagignore; empty
  // when there is no tag filter.
  std::vector<std::uint8_t> labelSetsKept(const ProfileData& profile) const;

  // One FrameFilterBit set per frame of `profile`.
  std::vector<std::uint8_t> frameFlags(const ProfileData& profile) const;

 private:
  std::optional<QRegularExpression> m_focus;
  std::optional<QRegularExpression> m_ignore;
  std::optional<QRegularExpression> m_hide;
  std::optional<QRegularExpression> m_show;
  std::optional<CompiledTagFilter> m_tagFocus;
  std::optional<CompiledTagFilter> m_tagIgnore;
};

// Compiles `pattern` the way pprof's regexp.Compile is used here: unanchored search,
// Perl/RE2-like syntax. Returns nothing and sets `error` when it does not compile.
std::optional<QRegularExpression> compileProfileRegex(const std::string& pattern,
                                                      std::string* error = nullptr);

}  // namespace sightline
