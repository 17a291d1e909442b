#pragma once

#include <string>
#include <string_view>

namespace sightline {

// Small facts about source paths and function names that the code → service rules, the CPU
// attribution and "hot and untested" share.

// The directory of a path with its trailing '/' ("a/b/c.go" → "a/b/"), "" for a bare name.
std::string directoryOf(std::string_view path);

// A directory of a path relative to a service, without the trailing '/' ("cart/cart.go" →
// "cart"), "" for a file at the service's root.
std::string relativeDirectoryOf(std::string_view relative);

// Whether a source file is a language runtime, standard library or third-party code rather
// than the application's own: Go's standard library ("runtime/proc.go", "net/http/…", a
// GOROOT path), module caches and vendored code ("/go/pkg/mod/", "/vendor/"),
// "node_modules/", Node's internals ("node:…"), system libraries. Such files never name a
// service.
bool isLibraryCodeFile(std::string_view file);

// Whether a file holds tests ("x_test.go", "x.test.js", "x.spec.ts", "test_x.py", anything
// under "test/", "tests/" or "__tests__/") or data rather than code (JSON, YAML, Markdown,
// text, CSV, TOML, INI, lock files): not lines of code as SonarQube counts `ncloc`.
bool isTestOrDataFile(std::string_view path);

// A name as compared with service names: lower case without '-', '_' and '.', and without a
// trailing "service" or "svc" ("Payment-Service" → "payment", "orders_worker" →
// "ordersworker").
std::string comparableServiceName(std::string_view name);

// A function as `go tool cover -func` names it: the function or method name alone, without
// package path, receiver or closure suffix ("main.(*Ledger).Append" → "Append",
// "shop.local/x.computeScore.func1" → "computeScore", "main.main" → "main"). Names of other
// runtimes come back as their last '.'-separated part.
std::string coverFunctionName(std::string_view profileFunction);

}  // namespace sightline
