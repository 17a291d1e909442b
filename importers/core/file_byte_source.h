#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "importers/core/byte_source.h"

namespace sightline {

// Reads a file in fixed-size chunks (256 KiB by default), so memory does not grow with
// the file.
class FileByteSource : public ByteSource {
 public:
  static constexpr std::size_t kDefaultChunkSize = 256 * 1024;

  // Null with `status` filled when the file cannot be opened.
  static std::unique_ptr<FileByteSource> open(const std::string& path, Status* status,
                                              std::size_t chunkSize = kDefaultChunkSize);
  ~FileByteSource() override;

  std::span<const std::uint8_t> next() override;
  const Status& status() const override { return m_status; }
  std::uint64_t position() const override { return m_position; }
  // Size of the file when it was opened.
  std::uint64_t size() const { return m_size; }
  // The size when opened, for regular files only.
  std::optional<std::uint64_t> totalSize() const override;

 private:
  FileByteSource(std::FILE* file, std::string path, std::uint64_t size, bool regular,
                 std::size_t chunkSize);
  std::FILE* m_file;
  std::string m_path;
  std::uint64_t m_size;
  bool m_regular;
  std::uint64_t m_position = 0;
  std::vector<std::uint8_t> m_buffer;
  Status m_status;
};

}  // namespace sightline
