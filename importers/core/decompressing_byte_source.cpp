#include "importers/core/decompressing_byte_source.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <libdeflate.h>
#include <zlib.h>
#include <zstd.h>

#include "importers/core/peeking_byte_source.h"
#include "model/common/big_buffers.h"

namespace sightline {
namespace {

constexpr std::size_t kOutputChunk = 256 * 1024;

// Shared bookkeeping of the two decompressors: the compressed input, the output buffer,
// the size guard and the error.
class DecompressingSource : public ByteSource {
 public:
  // `startPosition` counts output already handed out by someone else, so that position() and
  // the limit cover the whole stream.
  DecompressingSource(std::unique_ptr<ByteSource> inner, std::uint64_t limit, const char* name,
                      std::uint64_t startPosition = 0)
      : m_inner(std::move(inner)),
        m_limit(limit),
        m_name(name),
        m_output(kOutputChunk),
        m_position(startPosition) {}

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
  std::uint64_t m_position;
  bool m_done = false;
  bool m_outputFull = false;
  Status m_status;
};

class GzipSource : public DecompressingSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::uint64_t limit,
             std::uint64_t startPosition = 0)
      : DecompressingSource(std::move(inner), limit, "gzip", startPosition) {
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

// Serves bytes already read into memory, cut like file reads so that errors name similar
// offsets, then whatever `rest` has left. The zlib fallback of WholeGzipSource reads it.
class ReplaySource : public ByteSource {
 public:
  ReplaySource(std::vector<std::uint8_t> bytes, std::size_t from, ByteSource& rest)
      : m_bytes(std::move(bytes)), m_end(m_bytes.size()), m_offset(from), m_rest(rest) {}

  std::span<const std::uint8_t> next() override {
    if (m_offset < m_end) {
      const std::size_t size = std::min(kOutputChunk, m_end - m_offset);
      const std::span<const std::uint8_t> chunk(m_bytes.data() + m_offset, size);
      m_offset += size;
      return chunk;
    }
    // The input can be hundreds of megabytes; it is not needed once zlib has seen it.
    m_bytes = {};
    const auto chunk = m_rest.next();
    m_restPosition += chunk.size();
    return chunk;
  }
  const Status& status() const override { return m_rest.status(); }
  std::uint64_t position() const override { return m_offset + m_restPosition; }
  std::uint64_t rawPosition() const override {
    return m_offset < m_end ? m_offset : m_rest.rawPosition();
  }

 private:
  std::vector<std::uint8_t> m_bytes;
  std::size_t m_end;
  std::size_t m_offset;
  std::uint64_t m_restPosition = 0;
  ByteSource& m_rest;
};

// Gzip input small enough to hold: read whole, decompressed member by member with libdeflate
// into one buffer, handed out in chunks. Whatever libdeflate cannot do (corrupt or truncated
// data, an output over the limits) goes to a zlib stream from the member it stopped at, so
// errors, the output before them and the bomb guard are exactly those of GzipSource.
class WholeGzipSource : public ByteSource {
 public:
  WholeGzipSource(std::unique_ptr<ByteSource> inner, const DecompressionOptions& options)
      : m_inner(std::move(inner)),
        m_limit(options.maxDecompressedBytes),
        m_maxInput(options.wholeGzipMaxInput),
        m_maxOutput(options.wholeGzipMaxOutput) {}

  std::span<const std::uint8_t> next() override { return take(kOutputChunk); }
  std::span<const std::uint8_t> nextAll() override { return take(SIZE_MAX); }
  // The output is freed only once it was all handed out.
  bool keepsChunks() const override { return m_loaded && !m_fallback; }
  const Status& status() const override { return m_fallback ? m_fallback->status() : m_status; }
  std::uint64_t position() const override {
    return m_fallback && m_handedOut == m_outputSize ? m_fallback->position() : m_handedOut;
  }
  std::uint64_t rawPosition() const override {
    if (!m_loaded)
      return m_inner->rawPosition();
    if (m_fallback && m_handedOut == m_outputSize)
      return m_fallback->rawPosition();
    // The input was consumed at once; progress follows the output instead.
    if (m_outputSize == 0)
      return m_wholeEnd;
    return static_cast<std::uint64_t>(static_cast<double>(m_wholeEnd) * m_handedOut / m_outputSize);
  }
  std::uint64_t sizeHint() const override { return m_fallback ? 0 : m_outputSize; }

 private:
  struct Free {
    void operator()(std::uint8_t* data) const { std::free(data); }
  };
  struct FreeDecompressor {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };

  // Up to `limit` bytes of the output, then whatever the fallback gives.
  std::span<const std::uint8_t> take(std::size_t limit) {
    if (!m_loaded) {
      m_loaded = true;
      load();
    }
    if (m_handedOut < m_outputSize) {
      const std::size_t size = std::min<std::size_t>(limit, m_outputSize - m_handedOut);
      const std::span<const std::uint8_t> chunk(m_output.get() + m_handedOut, size);
      m_handedOut += size;
      return chunk;
    }
    m_output.reset();
    return m_fallback ? m_fallback->next() : std::span<const std::uint8_t>{};
  }

  void load() {
    std::vector<std::uint8_t> input;
    reserveBig(input, std::min(m_inner->totalSize().value_or(0), m_maxInput));
    // A file that grew past the cap since it was opened gets streamed after all.
    for (auto chunk = m_inner->next(); !chunk.empty(); chunk = m_inner->next()) {
      input.insert(input.end(), chunk.begin(), chunk.end());
      if (input.size() > m_maxInput)
        break;
    }
    // Only whole members decompress, so a prefix of the input (cut by the cap or by a read
    // error) is fine: zlib carries on from the first incomplete member, with `m_inner` behind.
    const std::size_t end = decompressMembers(input);
    m_prefault.reset();
    m_wholeEnd = end;
    const bool innerDone = input.size() <= m_maxInput && m_inner->status().isOk();
    if (end < input.size() || !innerDone) {
      auto replay = std::make_unique<ReplaySource>(std::move(input), end, *m_inner);
      m_fallback = std::make_unique<GzipSource>(std::move(replay), m_limit, m_outputSize);
    }
  }

  // Decompresses members from the start of `input` into m_output; returns where it stopped.
  std::size_t decompressMembers(const std::vector<std::uint8_t>& input) {
    if (input.empty())
      return 0;
    // Deflate expands at most 1032:1, so a larger buffer can only be asked for by a lie.
    const std::uint64_t cap = std::min({m_limit, m_maxOutput, std::uint64_t{input.size()} * 1032});
    // ISIZE, the last member's size mod 2^32, is the whole output for the usual single
    // member. Smaller than the input it is a lie or a concatenation: guess instead.
    std::uint64_t guess = 0;
    if (input.size() >= 4) {
      const std::uint8_t* trailer = input.data() + input.size() - 4;
      guess = trailer[0] | trailer[1] << 8 | trailer[2] << 16 | std::uint64_t{trailer[3]} << 24;
    }
    if (guess < input.size())
      guess = 4 * input.size();
    if (cap == 0 || !grow(std::min(guess, cap)))
      return 0;
    std::unique_ptr<libdeflate_decompressor, FreeDecompressor> decompressor(
        libdeflate_alloc_decompressor());
    if (!decompressor)
      return 0;
    std::size_t offset = 0;
    while (offset < input.size()) {
      std::size_t consumed = 0;
      std::size_t produced = 0;
      const libdeflate_result rc = libdeflate_gzip_decompress_ex(
          decompressor.get(), input.data() + offset, input.size() - offset,
          m_output.get() + m_outputSize, m_capacity - m_outputSize, &consumed, &produced);
      if (rc == LIBDEFLATE_SUCCESS) {
        offset += consumed;
        m_outputSize += produced;
        continue;
      }
      // A failed attempt's work is lost; doubling keeps the waste under the output's size.
      if (rc != LIBDEFLATE_INSUFFICIENT_SPACE || m_capacity >= cap ||
          !grow(std::min<std::uint64_t>(cap, 2 * m_capacity))) {
        break;
      }
    }
    return offset;
  }

  // realloc: glibc moves a big block with mremap instead of copying it, and leaves the pages
  // of a generous guess untouched until written.
  bool grow(std::uint64_t capacity) {
    if (capacity > SIZE_MAX)
      return false;
    m_prefault.reset();
    void* grown = std::realloc(m_output.get(), static_cast<std::size_t>(capacity));
    if (!grown)
      return false;
    (void)m_output.release();
    m_output.reset(static_cast<std::uint8_t*>(grown));
    m_capacity = static_cast<std::size_t>(capacity);
    // libdeflate writes the new room from its start, behind the prefault.
    m_prefault = std::make_unique<BackgroundPrefault>(m_output.get() + m_outputSize,
                                                      m_capacity - m_outputSize);
    return true;
  }

  std::unique_ptr<ByteSource> m_inner;
  std::uint64_t m_limit;
  std::uint64_t m_maxInput;
  std::uint64_t m_maxOutput;
  std::unique_ptr<std::uint8_t, Free> m_output;
  std::unique_ptr<BackgroundPrefault> m_prefault;  // of m_output's room while it is filled
  std::size_t m_capacity = 0;
  std::size_t m_outputSize = 0;
  std::size_t m_handedOut = 0;
  // Compressed bytes behind m_output: where the fallback, if any, starts.
  std::uint64_t m_wholeEnd = 0;
  bool m_loaded = false;
  Status m_status;
  // Declared after m_inner, which it reads from.
  std::unique_ptr<ByteSource> m_fallback;
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
    case Compression::Gzip: {
      const std::optional<std::uint64_t> size = raw->totalSize();
      if (size && options.wholeGzipMaxInput > 0 && *size <= options.wholeGzipMaxInput)
        return std::make_unique<WholeGzipSource>(std::move(raw), options);
      return std::make_unique<GzipSource>(std::move(raw), options.maxDecompressedBytes);
    }
    case Compression::Zstd:
      return std::make_unique<ZstdSource>(std::move(raw), options.maxDecompressedBytes);
    case Compression::None:
      break;
  }
  return raw;
}

}  // namespace sightline
