#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/store/workspace.h"

namespace sightline {

// What to pull from a SonarQube server.
struct SonarQubePullRequest {
  std::string baseUrl;  // "https://sonar.example.com" or with a context path ("…/sonarqube")
  std::string token;    // a user token, sent as "Authorization: Bearer <token>"; "" = anonymous
  std::string projectKey;
  std::vector<std::string> metricKeys;  // e.g. coverage, duplicated_lines_density, ncloc
  std::string qualifiers = "DIR,FIL";
  int pageSize = 500;                     // SonarQube's maximum
  int maxPages = 200;                     // 100,000 components at 500 a page
  int timeoutMs = 30000;                  // per request
  std::uint64_t maxBytes = 256ull << 20;  // all answers together
  const std::atomic<bool>* cancel = nullptr;
  // Called after each page with the pages fetched and the pages expected in all.
  std::function<void(int fetched, int expected)> onPage;
};

struct SonarQubePullResult {
  enum class Outcome { Imported, Skipped, Failed, Cancelled };
  Outcome outcome = Outcome::Failed;
  std::string error;          // for Failed: what went wrong, naming the URL
  std::string url;            // the source's path: the component_tree URL without paging
  std::int64_t sourceId = 0;  // of the new source, or of the one that holds the same answers
  int pages = 0;
  std::uint64_t components = 0;
  std::uint64_t measures = 0;
  std::uint64_t skippedValues = 0;  // non-numeric values, not stored
};

// Fetches `api/measures/component_tree?component=KEY&metricKeys=…&qualifiers=…&ps=…&p=N`
// page after page until the answer's paging.total is reached (at most maxPages pages), each
// request with a timeout, decodes every answer with the sonarqube-json reader (the project's
// own measures once, from the first page's baseComponent) and stores all pages as ONE source
// (kind "sonarqube-json", path = the URL, sha256 of the answers one after the other): a page
// that fails fails the pull and nothing is stored. Answers already imported (same sha256)
// are skipped. Runs a local event loop on the calling thread (a worker, never the GUI
// thread); needs a QCoreApplication.
SonarQubePullResult pullSonarQube(Workspace& workspace, const SonarQubePullRequest& request);

}  // namespace sightline
