#pragma once

#include <string>
#include <string_view>

namespace sightline {

// How a tool wrote a path: as a file path, or as a URI reference (SARIF's
// artifactLocation.uri), which is percent-encoded.
enum class DebtPathSyntax { Plain, Uri };

// Normalises a path read from a code-quality file into `path`, the form debt records keep:
// "file://" (and a "localhost" host) stripped, percent escapes decoded (URIs only), '\' turned
// into '/', "//" collapsed, "./" and "/." segments dropped, no trailing '/'. A leading '/' or
// a drive letter ("C:/src/a.go") is kept: absolute paths stay absolute, the code → service
// rules handle prefixes. "." or "./" gives "". Returns what is wrong ("" when the path is
// fine): a ".." segment, a NUL byte, or a URI of another scheme than file.
std::string normaliseDebtPath(std::string_view raw, DebtPathSyntax syntax, std::string& path);

// The URI reference `relative` resolved against the base URI `base` (SARIF's
// originalUriBaseIds): `relative` alone when it is absolute (a scheme or a leading '/'),
// else `base` + '/' + `relative` with one '/' between them.
std::string joinDebtUri(std::string_view base, std::string_view relative);

}  // namespace sightline
