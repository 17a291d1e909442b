#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "importers/core/file_hash.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// A profile file decoded before its import asked for it.
struct PrefetchedProfile {
  std::string path;
  std::string formatId;  // registry id, as the import would detect it
  std::shared_ptr<const ProfileData> profile;
  FileDigest digest;
  // The file's size and modification time when it was read.
  std::uintmax_t fileSize = 0;
  std::int64_t modifiedNs = 0;

  // True while the file has the size and modification time it had when it was read.
  bool unchanged() const;
};

// Decodes the profile files among `paths`, in order, on a thread of its own from the
// moment it is created. The GUI starts one with the files of its command line before it
// builds its window (~0.1 s of work on its own thread), and each file's import then takes
// the decoded profile instead of decoding the file again. Files that are not profiles are
// only sniffed. A file that fails to decode yields nothing: its import decodes it again and
// reports the error exactly as usual.
class ProfilePrefetch {
 public:
  explicit ProfilePrefetch(std::vector<std::string> paths);
  // Stops the decoding at its next cancellation point and waits for the thread.
  ~ProfilePrefetch();
  ProfilePrefetch(const ProfilePrefetch&) = delete;
  ProfilePrefetch& operator=(const ProfilePrefetch&) = delete;

  // Waits until `path` has been decoded and hands its profile over, once. Null for a path
  // not asked for or taken before, a file that is not a profile or that did not decode, and
  // as soon as `cancel` is set.
  std::shared_ptr<const PrefetchedProfile> take(const std::string& path,
                                                const std::atomic<bool>* cancel = nullptr);

 private:
  void run();

  const std::vector<std::string> m_paths;
  std::vector<std::shared_ptr<const PrefetchedProfile>> m_results;
  std::vector<bool> m_taken;
  std::size_t m_finished = 0;  // paths done, in order
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;  // declared last: it starts once the members above exist
};

// Decodes one profile file for a prefetch (exposed for tests): null when the file is not
// a profile, does not decode, cannot be hashed or changed while it was read.
std::shared_ptr<const PrefetchedProfile> prefetchProfileFile(const std::string& path,
                                                             const std::atomic<bool>* cancel);

}  // namespace sightline
