#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sightline {

// Where an endpoint's time goes along its traces' critical paths: the path time each service
// owns, summed over the endpoint's traces. A path partitions its root span, so the shares add
// up to the root spans' durations — the requests' latency; a trace lasts longer when work it
// started outlives the root (a queue's consumer), which is off the path. Filled by the trace
// rules' scan.
struct EndpointCriticalPath {
  std::string service;    // the root span's
  std::string operation;  // the root span's
  std::uint32_t traces = 0;
  std::uint64_t durationNs = 0;  // sum of the traces' durations
  struct ServiceShare {
    std::string service;
    std::uint64_t pathNs = 0;  // sum over the traces
  };
  std::vector<ServiceShare> services;  // most path time first, then by name

  std::uint64_t pathNs() const {
    std::uint64_t total = 0;
    for (const ServiceShare& share : services)
      total += share.pathNs;
    return total;
  }
  // The mean request: path time per trace.
  double meanNs() const { return traces ? static_cast<double>(pathNs()) / traces : 0.0; }
};

}  // namespace sightline
