#pragma once

#include <grpc/byte_buffer.h>
#include <grpcpp/support/byte_buffer.h>

#include <cstddef>
#include <string>

namespace grpc::internal {
// grpc++ declares this class a friend of ByteBuffer (for its own tests) without defining it
// in the library; defined here, it is how we reach the C buffer under a ByteBuffer, which
// tells whether the message arrived compressed. Defined in this header only, so that every
// user (the receiver, its tests) sees the same class.
class GrpcByteBufferPeer {
 public:
  static grpc_byte_buffer* raw(ByteBuffer& buffer) { return buffer.c_buffer(); }
  // Takes ownership of `raw`.
  static void adopt(ByteBuffer* buffer, grpc_byte_buffer* raw) { buffer->set_buffer(raw); }
};
}  // namespace grpc::internal

namespace sightline {

enum class GrpcMessageRead {
  Ok,
  TooLarge,     // beyond the cap after decompression (RESOURCE_EXHAUSTED)
  Corrupt,      // the compressed data does not inflate (INVALID_ARGUMENT)
  Unsupported,  // compressed with something but gzip or deflate (UNIMPLEMENTED)
};

// The bytes of a received message into `bytes`, at most `maxBytes` of them. The receiver
// turns gRPC's own decompression off (grpc 1.51 inflates a message whole before checking its
// size, so a 1 MB gzip bomb would take a GiB): a compressed message (grpc-encoding gzip or
// deflate) arrives as it was sent and is inflated here, stopping at the cap.
GrpcMessageRead readGrpcMessage(grpc::ByteBuffer& message, std::size_t maxBytes,
                                std::string* bytes);

}  // namespace sightline
