#include "importers/live/grpc_message_bytes.h"

#include <grpc/slice.h>
#include <zlib.h>

#include <vector>

namespace sightline {

namespace {

// Inflates the slices (one gzip or zlib stream across them) into `bytes`, stopping as soon
// as the output passes `maxBytes`.
GrpcMessageRead inflateSlices(const grpc_slice_buffer& slices, bool gzip, std::size_t maxBytes,
                              std::string* bytes) {
  z_stream z{};
  if (inflateInit2(&z, gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK)
    return GrpcMessageRead::Corrupt;
  std::vector<unsigned char> chunk(1 << 16);
  int result = Z_OK;
  GrpcMessageRead read = GrpcMessageRead::Ok;
  for (std::size_t i = 0; i < slices.count && result != Z_STREAM_END; ++i) {
    z.next_in = const_cast<unsigned char*>(GRPC_SLICE_START_PTR(slices.slices[i]));
    z.avail_in = static_cast<uInt>(GRPC_SLICE_LENGTH(slices.slices[i]));
    // Until this slice is used up and zlib has no output left over (a full chunk).
    do {
      z.next_out = chunk.data();
      z.avail_out = static_cast<uInt>(chunk.size());
      result = inflate(&z, Z_NO_FLUSH);
      if (result == Z_BUF_ERROR)
        break;  // no progress without more input: the next slice
      if (result != Z_OK && result != Z_STREAM_END) {
        read = GrpcMessageRead::Corrupt;
        break;
      }
      const std::size_t produced = chunk.size() - z.avail_out;
      if (bytes->size() + produced > maxBytes) {
        read = GrpcMessageRead::TooLarge;
        break;
      }
      bytes->append(reinterpret_cast<const char*>(chunk.data()), produced);
    } while ((z.avail_in > 0 || z.avail_out == 0) && result != Z_STREAM_END);
    if (read != GrpcMessageRead::Ok)
      break;
  }
  inflateEnd(&z);
  if (read == GrpcMessageRead::Ok && result != Z_STREAM_END)
    read = GrpcMessageRead::Corrupt;  // truncated
  if (read != GrpcMessageRead::Ok) {
    bytes->clear();
    bytes->shrink_to_fit();
  }
  return read;
}

}  // namespace

GrpcMessageRead readGrpcMessage(grpc::ByteBuffer& message, std::size_t maxBytes,
                                std::string* bytes) {
  bytes->clear();
  grpc_byte_buffer* raw = grpc::internal::GrpcByteBufferPeer::raw(message);
  if (raw == nullptr)
    return GrpcMessageRead::Corrupt;
  const grpc_compression_algorithm compression =
      raw->type == GRPC_BB_RAW ? raw->data.raw.compression : GRPC_COMPRESS_NONE;
  if (compression == GRPC_COMPRESS_GZIP || compression == GRPC_COMPRESS_DEFLATE) {
    const GrpcMessageRead read = inflateSlices(raw->data.raw.slice_buffer,
                                               compression == GRPC_COMPRESS_GZIP, maxBytes, bytes);
    message.Clear();
    return read;
  }
  if (compression != GRPC_COMPRESS_NONE)
    return GrpcMessageRead::Unsupported;
  if (message.Length() > maxBytes)
    return GrpcMessageRead::TooLarge;
  std::vector<grpc::Slice> slices;
  if (!message.Dump(&slices).ok())
    return GrpcMessageRead::Corrupt;
  bytes->reserve(message.Length());
  for (const grpc::Slice& slice : slices)
    bytes->append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  message.Clear();
  return GrpcMessageRead::Ok;
}

}  // namespace sightline
