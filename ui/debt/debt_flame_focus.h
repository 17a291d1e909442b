#pragma once

#include <string>

#include <QString>

namespace sightline {

// The flame graph's focus regex (ECMAScript, as the Profiles page's filter takes it) for what
// a debt unit names: a function ("checkout.(*Cart).Total", "pkg/pricing.Quote") matches
// exactly; a package or directory ("pricing", "example.com/shop/pricing") matches every
// function in it, wherever its import path starts. Empty for an empty name.
QString debtFocusRegex(const std::string& focus);

// Whether `focus` reads as a function (its last path segment has a '.' or a '(') rather than a
// package or directory.
bool debtFocusIsFunction(const std::string& focus);

}  // namespace sightline
