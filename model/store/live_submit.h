#pragma once

namespace sightline {

// What a live writer (traces, metrics) made of a submit(): receivers turn Behind into
// HTTP 503 + Retry-After or gRPC UNAVAILABLE, and Closed into a server error.
enum class LiveSubmit {
  Accepted,  // the callback will be called exactly once
  Behind,    // the queue is full: try again later
  Closed,    // the writer is closed or failed to open
};

}  // namespace sightline
