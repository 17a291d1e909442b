#pragma once

#include <cstdint>
#include <future>
#include <string>

namespace sightline {

// A file's sha256 and size, as the workspace records them to recognise a file imported
// before.
struct FileDigest {
  bool ok = false;
  std::string sha256;  // lowercase hex
  std::uint64_t bytes = 0;
  std::string error;  // "<path>: cannot open: …" when not ok
};

FileDigest digestFile(const std::string& path);

// A file's digest computed on its own thread: hashing a large profile (0.1–0.2 s) runs
// beside its decoding instead of before it. Or one known already.
class FileHash {
 public:
  explicit FileHash(const std::string& path);
  explicit FileHash(FileDigest known) : m_digest(std::move(known)) {}
  ~FileHash();
  FileHash(const FileHash&) = delete;
  FileHash& operator=(const FileHash&) = delete;

  // Waits for the hash the first time.
  const FileDigest& get();

 private:
  std::future<FileDigest> m_future;
  FileDigest m_digest;
};

}  // namespace sightline
