#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sightline {

struct ExpandedImportPaths {
  std::vector<std::string> files;
  std::vector<std::string> errors;  // "<path>: no such file or folder", …
};

// Turns the paths given on the command line or dropped on the window into the files to
// import. A file stays as given, in the given order. A folder (a time series of snapshots)
// becomes its files whose extension belongs to a registered format (also with .gz / .zst),
// without subfolders or hidden files, in natural name order ("snap-2" before "snap-10",
// "2024-01-02T10:00" before "2024-01-02T11:00"). Names, not modification times, decide the
// order: copies and git checkouts do not keep modification times, and every snapshot's own
// time is still what orders the workspace's snapshots.
ExpandedImportPaths expandImportPaths(const std::vector<std::string>& paths);

// Natural order: runs of digits compare as numbers, everything else byte by byte.
bool naturalLess(std::string_view a, std::string_view b);

}  // namespace sightline
