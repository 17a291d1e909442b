#pragma once

#include <QString>
#include <string_view>

namespace sightline {

// Names longer than this many characters are cut in a report, with an ellipsis.
constexpr qsizetype kReportNameLimit = 300;

// A string from the data (service, span or function name, attribute value, SQL text, file
// name) made safe to show in a report, before any escaping for where it lands: invalid UTF-8,
// lone surrogates and non-characters become U+FFFD; control characters become their visible
// Control Pictures (U+2400…, "␀" for NUL), except a newline and a tab when `multiline`; bidi
// embeddings, overrides and isolates, marks and U+2028/U+2029 become a visible "⟨U+202E⟩", so
// that no name can reorder or break the text around it; then the text is cut to `limit`
// characters with "…" (a surrogate pair is never split). Escaping stays the writer's job.
QString reportText(std::string_view utf8, qsizetype limit = kReportNameLimit,
                   bool multiline = false);
QString reportText(const QString& text, qsizetype limit = kReportNameLimit, bool multiline = false);

}  // namespace sightline
