#include "model/store/wal_append_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace sightline {

namespace {

constexpr const char* kVfsName = "sightline-wal-append";
// The WAL's own header, then per frame a header of this size followed by the page.
constexpr sqlite3_int64 kWalHeaderBytes = 32;
constexpr int kFrameHeaderBytes = 24;
constexpr std::size_t kWritePieceBytes = 64 * 1024;

struct AppendFile {
  sqlite3_file base;  // first: SQLite sees this struct as its sqlite3_file
  sqlite3_file* real = nullptr;
  bool isWal = false;
  AppendFile* wal = nullptr;       // on a database file: its open WAL
  AppendFile* database = nullptr;  // on a WAL: its database file
  std::vector<char> pending;       // WAL bytes not written yet, from pendingAt on
  sqlite3_int64 pendingAt = 0;
  sqlite3_int64 commitPageAt = -1;  // where the commit frame's page goes, once its header came
};

sqlite3_vfs* realVfs(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

AppendFile* asAppend(sqlite3_file* file) {
  return reinterpret_cast<AppendFile*>(file);
}

const sqlite3_io_methods* realMethods(sqlite3_file* file) {
  return asAppend(file)->real->pMethods;
}

// The real file lives right after ours, in the memory SQLite allocated (szOsFile).
constexpr std::size_t realOffset() {
  return (sizeof(AppendFile) + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) *
         alignof(std::max_align_t);
}

int writePending(AppendFile* file) {
  // In pieces: the default VFS writes at most 128 KiB - 1 bytes per call (it masks the
  // length), which is still 16 frames per system call instead of one half-frame.
  int rc = SQLITE_OK;
  for (std::size_t done = 0; rc == SQLITE_OK && done < file->pending.size();) {
    const std::size_t piece = std::min(kWritePieceBytes, file->pending.size() - done);
    rc = file->real->pMethods->xWrite(file->real, file->pending.data() + done,
                                      static_cast<int>(piece),
                                      file->pendingAt + static_cast<sqlite3_int64>(done));
    done += piece;
  }
  // On failure the frames are dropped with the transaction that wrote them: SQLite never
  // counts frames whose write failed, and writes the next ones from its last good frame.
  file->pending.clear();
  file->commitPageAt = -1;
  return rc;
}

int writePendingOf(sqlite3_file* file) {
  return writePending(asAppend(file));
}

// Before any shared-memory call on the database: frames are published to other connections
// through the shared memory, so they must be in the file first. Commits never leave frames
// here (their last page writes them); this guards against a write pattern we did not foresee.
int writeDatabaseWal(sqlite3_file* file) {
  AppendFile* wal = asAppend(file)->wal;
  return wal ? writePending(wal) : SQLITE_OK;
}

bool isCommitFrameHeader(const void* data, int amount, sqlite3_int64 offset) {
  if (amount != kFrameHeaderBytes || offset < kWalHeaderBytes)
    return false;
  // Bytes 4-7, big-endian: the database size after the commit; 0 for other frames.
  const auto* bytes = static_cast<const unsigned char*>(data);
  return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

int walWrite(AppendFile* file, const void* data, int amount, sqlite3_int64 offset) {
  // Decided before a full buffer is written out (which forgets where the page goes).
  const bool completesCommit = offset == file->commitPageAt;
  const bool appends = file->pending.empty() ||
                       offset == file->pendingAt + static_cast<sqlite3_int64>(file->pending.size());
  if (!appends || file->pending.size() + static_cast<std::size_t>(amount) > kWalAppendBufferBytes) {
    if (int rc = writePending(file); rc != SQLITE_OK)
      return rc;
  }
  if (static_cast<std::size_t>(amount) > kWalAppendBufferBytes)
    return file->real->pMethods->xWrite(file->real, data, amount, offset);
  if (file->pending.empty()) {
    file->pending.reserve(kWalAppendBufferBytes);
    file->pendingAt = offset;
  }
  const auto* bytes = static_cast<const char*>(data);
  file->pending.insert(file->pending.end(), bytes, bytes + amount);
  if (isCommitFrameHeader(data, amount, offset)) {
    file->commitPageAt = offset + kFrameHeaderBytes;
  } else if (completesCommit) {
    return writePending(file);
  }
  return SQLITE_OK;
}

// ---- sqlite3_io_methods: WAL writes buffered, everything else passed through ----

int fileClose(sqlite3_file* file) {
  AppendFile* self = asAppend(file);
  int rc = writePending(self);
  if (self->database)
    self->database->wal = nullptr;
  if (self->wal)
    self->wal->database = nullptr;
  const int closeRc = self->real->pMethods ? self->real->pMethods->xClose(self->real) : SQLITE_OK;
  self->~AppendFile();
  return rc != SQLITE_OK ? rc : closeRc;
}

int fileRead(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
  if (int rc = writePendingOf(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xRead(asAppend(file)->real, data, amount, offset);
}

int fileWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  AppendFile* self = asAppend(file);
  if (self->isWal)
    return walWrite(self, data, amount, offset);
  return realMethods(file)->xWrite(self->real, data, amount, offset);
}

int fileTruncate(sqlite3_file* file, sqlite3_int64 size) {
  if (int rc = writePendingOf(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xTruncate(asAppend(file)->real, size);
}

int fileSync(sqlite3_file* file, int flags) {
  if (int rc = writePendingOf(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xSync(asAppend(file)->real, flags);
}

int fileSize(sqlite3_file* file, sqlite3_int64* size) {
  if (int rc = writePendingOf(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xFileSize(asAppend(file)->real, size);
}

int fileLock(sqlite3_file* file, int level) {
  return realMethods(file)->xLock(asAppend(file)->real, level);
}

int fileUnlock(sqlite3_file* file, int level) {
  return realMethods(file)->xUnlock(asAppend(file)->real, level);
}

int fileCheckReservedLock(sqlite3_file* file, int* reserved) {
  return realMethods(file)->xCheckReservedLock(asAppend(file)->real, reserved);
}

int fileControl(sqlite3_file* file, int op, void* arg) {
  if (int rc = writePendingOf(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xFileControl(asAppend(file)->real, op, arg);
}

int fileSectorSize(sqlite3_file* file) {
  return realMethods(file)->xSectorSize(asAppend(file)->real);
}

int fileDeviceCharacteristics(sqlite3_file* file) {
  return realMethods(file)->xDeviceCharacteristics(asAppend(file)->real);
}

int fileShmMap(sqlite3_file* file, int page, int pageBytes, int extend, void volatile** memory) {
  if (int rc = writeDatabaseWal(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xShmMap(asAppend(file)->real, page, pageBytes, extend, memory);
}

int fileShmLock(sqlite3_file* file, int offset, int n, int flags) {
  if (int rc = writeDatabaseWal(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xShmLock(asAppend(file)->real, offset, n, flags);
}

void fileShmBarrier(sqlite3_file* file) {
  // The barrier orders the frames before the WAL header that publishes them, and it cannot
  // report an error. Publishing frames that are not in the file would let a checkpoint copy
  // garbage into the database: stopping is the only safe answer (never reached by a commit,
  // whose frames were written, with any error returned, by its last page).
  if (writeDatabaseWal(file) != SQLITE_OK) {
    sqlite3_log(SQLITE_IOERR_WRITE, "%s: cannot write WAL frames before publishing them", kVfsName);
    std::abort();
  }
  realMethods(file)->xShmBarrier(asAppend(file)->real);
}

int fileShmUnmap(sqlite3_file* file, int deleteFlag) {
  if (int rc = writeDatabaseWal(file); rc != SQLITE_OK)
    return rc;
  return realMethods(file)->xShmUnmap(asAppend(file)->real, deleteFlag);
}

int fileFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** pointer) {
  return realMethods(file)->xFetch(asAppend(file)->real, offset, amount, pointer);
}

int fileUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* pointer) {
  return realMethods(file)->xUnfetch(asAppend(file)->real, offset, pointer);
}

// One table per version the real file may have, so SQLite never calls a method the real
// file lacks.
const sqlite3_io_methods* methodsFor(int version) {
  static const auto table = [](int v) {
    sqlite3_io_methods m{};
    m.iVersion = v;
    m.xClose = fileClose;
    m.xRead = fileRead;
    m.xWrite = fileWrite;
    m.xTruncate = fileTruncate;
    m.xSync = fileSync;
    m.xFileSize = fileSize;
    m.xLock = fileLock;
    m.xUnlock = fileUnlock;
    m.xCheckReservedLock = fileCheckReservedLock;
    m.xFileControl = fileControl;
    m.xSectorSize = fileSectorSize;
    m.xDeviceCharacteristics = fileDeviceCharacteristics;
    if (v >= 2) {
      m.xShmMap = fileShmMap;
      m.xShmLock = fileShmLock;
      m.xShmBarrier = fileShmBarrier;
      m.xShmUnmap = fileShmUnmap;
    }
    if (v >= 3) {
      m.xFetch = fileFetch;
      m.xUnfetch = fileUnfetch;
    }
    return m;
  };
  static const sqlite3_io_methods kVersions[] = {table(1), table(2), table(3)};
  return &kVersions[version <= 1 ? 0 : version == 2 ? 1 : 2];
}

// ---- sqlite3_vfs: xOpen wraps the file, the rest is the real VFS's ----

int vfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* outFlags) {
  auto* self = new (file) AppendFile;
  self->base.pMethods = nullptr;
  self->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + realOffset());
  self->real->pMethods = nullptr;
  const int rc = realVfs(vfs)->xOpen(realVfs(vfs), name, self->real, flags, outFlags);
  if (!self->real->pMethods) {
    // SQLite calls xClose only on a file whose methods are set.
    self->~AppendFile();
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  self->base.pMethods = methodsFor(self->real->pMethods->iVersion);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && name) {
    self->isWal = true;
    // The database file was opened through this VFS too (one VFS per connection).
    self->database = asAppend(sqlite3_database_file_object(name));
    if (self->database)
      self->database->wal = self;
  }
  return rc;
}

int vfsDelete(sqlite3_vfs* vfs, const char* name, int syncDir) {
  return realVfs(vfs)->xDelete(realVfs(vfs), name, syncDir);
}

int vfsAccess(sqlite3_vfs* vfs, const char* name, int flags, int* result) {
  return realVfs(vfs)->xAccess(realVfs(vfs), name, flags, result);
}

int vfsFullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return realVfs(vfs)->xFullPathname(realVfs(vfs), name, size, out);
}

void* vfsDlOpen(sqlite3_vfs* vfs, const char* name) {
  return realVfs(vfs)->xDlOpen(realVfs(vfs), name);
}

void vfsDlError(sqlite3_vfs* vfs, int size, char* message) {
  realVfs(vfs)->xDlError(realVfs(vfs), size, message);
}

void (*vfsDlSym(sqlite3_vfs* vfs, void* library, const char* symbol))(void) {
  return realVfs(vfs)->xDlSym(realVfs(vfs), library, symbol);
}

void vfsDlClose(sqlite3_vfs* vfs, void* library) {
  realVfs(vfs)->xDlClose(realVfs(vfs), library);
}

int vfsRandomness(sqlite3_vfs* vfs, int size, char* out) {
  return realVfs(vfs)->xRandomness(realVfs(vfs), size, out);
}

int vfsSleep(sqlite3_vfs* vfs, int micros) {
  return realVfs(vfs)->xSleep(realVfs(vfs), micros);
}

int vfsCurrentTime(sqlite3_vfs* vfs, double* now) {
  return realVfs(vfs)->xCurrentTime(realVfs(vfs), now);
}

int vfsGetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return realVfs(vfs)->xGetLastError(realVfs(vfs), size, out);
}

int vfsCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* now) {
  return realVfs(vfs)->xCurrentTimeInt64(realVfs(vfs), now);
}

int vfsSetSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
  return realVfs(vfs)->xSetSystemCall(realVfs(vfs), name, call);
}

sqlite3_syscall_ptr vfsGetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return realVfs(vfs)->xGetSystemCall(realVfs(vfs), name);
}

const char* vfsNextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return realVfs(vfs)->xNextSystemCall(realVfs(vfs), name);
}

sqlite3_vfs* registerVfs() {
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (!real)
    return nullptr;
  static sqlite3_vfs vfs{};
  vfs.iVersion = real->iVersion;
  vfs.szOsFile = static_cast<int>(realOffset()) + real->szOsFile;
  vfs.mxPathname = real->mxPathname;
  vfs.zName = kVfsName;
  vfs.pAppData = real;
  vfs.xOpen = vfsOpen;
  vfs.xDelete = vfsDelete;
  vfs.xAccess = vfsAccess;
  vfs.xFullPathname = vfsFullPathname;
  vfs.xDlOpen = vfsDlOpen;
  vfs.xDlError = vfsDlError;
  vfs.xDlSym = vfsDlSym;
  vfs.xDlClose = vfsDlClose;
  vfs.xRandomness = vfsRandomness;
  vfs.xSleep = vfsSleep;
  vfs.xCurrentTime = vfsCurrentTime;
  vfs.xGetLastError = vfsGetLastError;
  if (real->iVersion >= 2)
    vfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
  if (real->iVersion >= 3) {
    vfs.xSetSystemCall = vfsSetSystemCall;
    vfs.xGetSystemCall = vfsGetSystemCall;
    vfs.xNextSystemCall = vfsNextSystemCall;
  }
  if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
    return nullptr;
  return &vfs;
}

}  // namespace

const char* walAppendVfsName() {
  static sqlite3_vfs* const vfs = registerVfs();
  // Without it (it could not be registered) connections use the default VFS.
  return vfs ? kVfsName : nullptr;
}

}  // namespace sightline
