#include "importers/core/file_byte_source.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>

namespace sightline {

std::unique_ptr<FileByteSource> FileByteSource::open(const std::string& path, Status* status,
                                                     std::size_t chunkSize) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    if (status)
      *status = Status::error(path + ": cannot open: " + std::strerror(errno));
    return nullptr;
  }
  struct stat info {};
  std::uint64_t size = 0;
  bool regular = false;
  if (::fstat(::fileno(file), &info) == 0) {
    size = static_cast<std::uint64_t>(info.st_size);
    regular = S_ISREG(info.st_mode);
  }
  if (status)
    *status = Status::ok();
  return std::unique_ptr<FileByteSource>(
      new FileByteSource(file, path, size, regular, chunkSize ? chunkSize : kDefaultChunkSize));
}

FileByteSource::FileByteSource(std::FILE* file, std::string path, std::uint64_t size, bool regular,
                               std::size_t chunkSize)
    : m_file(file),
      m_path(std::move(path)),
      m_size(size),
      m_regular(regular),
      m_buffer(chunkSize) {}

std::optional<std::uint64_t> FileByteSource::totalSize() const {
  // Pipes, FIFOs and /proc files report a size of 0 (or nothing useful) before they are read.
  if (!m_regular)
    return std::nullopt;
  return m_size;
}

FileByteSource::~FileByteSource() {
  std::fclose(m_file);
}

std::span<const std::uint8_t> FileByteSource::next() {
  if (!m_status)
    return {};
  const std::size_t got = std::fread(m_buffer.data(), 1, m_buffer.size(), m_file);
  if (got == 0 && std::ferror(m_file)) {
    m_status = Status::error(m_path + ": read error: " + std::strerror(errno));
    return {};
  }
  m_position += got;
  return {m_buffer.data(), got};
}

}  // namespace sightline
