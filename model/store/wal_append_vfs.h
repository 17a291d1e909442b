#pragma once

#include <cstddef>

namespace sightline {

// The name of an SQLite VFS that writes a transaction's WAL frames in 64 KiB pieces instead
// of two system calls per page. SQLite writes each WAL frame as a 24-byte header and then the
// page, each a pwrite() of its own: a live group commit of ~700 pages made 1,400 calls
// taking ~3 ms on this machine's VM, a third of the live writer's time (docs/PERFORMANCE.md,
// "Live ingest"); the same bytes in 64 KiB pieces take ~0.4 ms.
//
// The VFS wraps the default one and changes only WAL writes: consecutive appends are kept in
// a buffer (at most kWalAppendBufferBytes) and written when the commit frame's page arrives,
// so a COMMIT's errors (disk full) still come from its own write and nothing is acknowledged
// before its frames are in the file. Any other operation on the WAL (read, sync, truncate,
// size) writes the buffer first, and so does every shared-memory call on the database, so no
// reader can learn of frames that are not in the file yet. Registered on first use; pass the
// name to sqlite3_open_v2(). Connections through it and through the default VFS share the
// same files and locks.
const char* walAppendVfsName();

inline constexpr std::size_t kWalAppendBufferBytes = 8u << 20;

}  // namespace sightline
