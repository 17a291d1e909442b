#include "importers/decompressing_byte_source.h"

#include <string>
#include <vector>

#include <zlib.h>
#include <zstd.h>

#include "importers/peeking_byte_source.h"

namespace sightline {
namespace {

constexpr std::size_t kOutputChunk = 256 * 1024;

// Shared bookkeeping of the two decompressors: the compressed input, the output buffer,
// the size guard and the error.
class DecompressingSource : public ByteSource {
 public:
  DecompressingSource(std::unique_ptr<ByteSource> inner, std::uint64_t limit, const char* name)
      : m_inner(std::move(inner)), m_limit(limit), m_name(name), m_output(kOutputChunk) {}

  const Status& status() const override { return m_status; }
  std::uint64_t position() const override { return m_position; }
  std::uint64_t rawPosition() const override { return m_inner->rawPosition(); }

  std::span<const std::uint8_t> next() override {
    if (!m_status || m_done)
      return {};
    for (;;) {
      // A full output buffer may leave output pending inside the decompressor: drain it
      // before asking for more input.
      if (m_input.empty() && !m_outputFull) {
        m_input = m_inner->next();
        if (m_input.empty()) {
          if (!m_inner->status()) {
            fail(m_inner->status().message());
          } else if (!atFrameBoundary()) {
            fail("truncated " + std::string(m_name) + " data (the stream ends inside a " + m_name +
                 " frame)");
          }
          m_done = true;
          return {};
        }
      }
      std::size_t produced = 0;
      if (!step(produced)) {
        m_done = true;
        return {};
      }
      m_outputFull = produced == m_output.size();
      if (produced > 0) {
        m_position += produced;
        if (m_position > m_limit) {
          fail("decompressed data exceeds the limit of " + std::to_string(m_limit) +
               " bytes (a decompression bomb?)");
          m_done = true;
          return {};
        }
        return {m_output.data(), produced};
      }
    }
  }

 protected:
  // Decompresses some of m_input into m_output; false after calling fail().
  virtual bool step(std::size_t& produced) = 0;
  virtual bool atFrameBoundary() const = 0;

  void fail(const std::string& what) {
    m_status =
        Status::error("at compressed byte " + std::to_string(m_inner->rawPosition()) + ": " + what);
  }

  std::unique_ptr<ByteSource> m_inner;
  std::uint64_t m_limit;
  const char* m_name;
  std::span<const std::uint8_t> m_input;
  std::vector<std::uint8_t> m_output;
  std::uint64_t m_position = 0;
  bool m_done = false;
  bool m_outputFull = false;
  Status m_status;
};

class GzipSource : public DecompressingSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::uint64_t limit)
      : DecompressingSource(std::move(inner), limit, "gzip") {
    // 16 + MAX_WBITS: gzip wrapper only.
    m_ok = inflateInit2(&m_stream, 16 + MAX_WBITS) == Z_OK;
    if (!m_ok)
      fail("cannot initialise zlib");
  }
  ~GzipSource() override {
    if (m_ok)
      inflateEnd(&m_stream);
  }

 protected:
  bool step(std::size_t& produced) override {
    if (m_memberEnded) {
      if (m_input.empty())
        return true;
      // Another member follows (gzip files may be concatenated).
      inflateReset(&m_stream);
      m_memberEnded = false;
    }
    m_stream.next_in = const_cast<Bytef*>(m_input.data());
    m_stream.avail_in = static_cast<uInt>(m_input.size());
    m_stream.next_out = m_output.data();
    m_stream.avail_out = static_cast<uInt>(m_output.size());
    const int rc = inflate(&m_stream, Z_NO_FLUSH);
    m_input = m_input.subspan(m_input.size() - m_stream.avail_in);
    produced = m_output.size() - m_stream.avail_out;
    m_started = true;
    if (rc == Z_STREAM_END) {
      m_memberEnded = true;
      return true;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR)
      return true;
    fail(std::string("invalid gzip data: ") + (m_stream.msg ? m_stream.msg : "inflate failed"));
    return false;
  }
  bool atFrameBoundary() const override { return !m_started || m_memberEnded; }

 private:
  z_stream m_stream{};
  bool m_ok = false;
  bool m_started = false;
  bool m_memberEnded = false;
};

class ZstdSource : public DecompressingSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> inner, std::uint64_t limit)
      : DecompressingSource(std::move(inner), limit, "zstd"), m_stream(ZSTD_createDStream()) {
    if (!m_stream)
      fail("cannot initialise zstd");
  }
  ~ZstdSource() override { ZSTD_freeDStream(m_stream); }

 protected:
  bool step(std::size_t& produced) override {
    ZSTD_inBuffer in{m_input.data(), m_input.size(), 0};
    ZSTD_outBuffer out{m_output.data(), m_output.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(m_stream, &out, &in);
    m_input = m_input.subspan(in.pos);
    produced = out.pos;
    if (ZSTD_isError(rc)) {
      fail(std::string("invalid zstd data: ") + ZSTD_getErrorName(rc));
      return false;
    }
    m_frameEnded = rc == 0;
    return true;
  }
  bool atFrameBoundary() const override { return m_frameEnded; }

 private:
  ZSTD_DStream* m_stream;
  bool m_frameEnded = true;
};

}  // namespace

Compression detectCompression(std::span<const std::uint8_t> head) {
  if (head.size() >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    return Compression::Gzip;
  if (head.size() >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f &&
      head[3] == 0xfd) {
    return Compression::Zstd;
  }
  return Compression::None;
}

std::unique_ptr<ByteSource> openDecompressed(std::unique_ptr<ByteSource> raw,
                                             const DecompressionOptions& options) {
  auto peeking = std::make_unique<PeekingByteSource>(std::move(raw));
  const Compression compression = detectCompression(peeking->peek(4));
  return openDecompressed(std::move(peeking), compression, options);
}

std::unique_ptr<ByteSource> openDecompressed(std::unique_ptr<ByteSource> raw,
                                             Compression compression,
                                             const DecompressionOptions& options) {
  switch (compression) {
    case Compression::Gzip:
      return std::make_unique<GzipSource>(std::move(raw), options.maxDecompressedBytes);
    case Compression::Zstd:
      return std::make_unique<ZstdSource>(std::move(raw), options.maxDecompressedBytes);
    case Compression::None:
      break;
  }
  return raw;
}

}  // namespace sightline
