// The VFS that writes WAL frames in pieces (model/store/wal_append_vfs): what a writer
// commits through it is in the file for every other connection as soon as COMMIT returns, the
// frames really go out in few system calls, and a failed write fails the COMMIT and leaves
// the database as it was. (That acknowledged spans survive kill -9 of a writer using it is in
// tst_live_trace_writer.)

#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <string>

#include "model/store/wal_append_vfs.h"

namespace {

// Counts the writes that reach the default VFS's WAL files: installed as the default VFS
// before the append VFS is first used, so that the append VFS wraps it.
struct WriteCount {
  sqlite3_vfs* real = nullptr;
  sqlite3_io_methods methods{};
  long long walWrites = 0;
};
WriteCount g_count;

struct CountedFile {
  sqlite3_file base;
  const sqlite3_io_methods* realMethods;
  bool isWal;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

int countedWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  auto* counted = reinterpret_cast<CountedFile*>(file);
  if (counted->isWal)
    ++g_count.walWrites;
  return counted->realMethods->xWrite(counted->real(), data, amount, offset);
}

template <auto Method, typename... Args>
auto forward(sqlite3_file* file, Args... args) {
  auto* counted = reinterpret_cast<CountedFile*>(file);
  return (counted->realMethods->*Method)(counted->real(), args...);
}

int countedOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
  auto* counted = reinterpret_cast<CountedFile*>(file);
  counted->isWal = (flags & SQLITE_OPEN_WAL) != 0;
  counted->base.pMethods = nullptr;
  const int rc = g_count.real->xOpen(g_count.real, name, counted->real(), flags, outFlags);
  counted->realMethods = counted->real()->pMethods;
  if (!counted->realMethods)
    return rc;
  if (!g_count.methods.xWrite) {
    g_count.methods = *counted->realMethods;
    g_count.methods.xWrite = countedWrite;
    g_count.methods.xClose = [](sqlite3_file* f) {
      return forward<&sqlite3_io_methods::xClose>(f);
    };
    g_count.methods.xRead = [](sqlite3_file* f, void* d, int n, sqlite3_int64 o) {
      return forward<&sqlite3_io_methods::xRead>(f, d, n, o);
    };
    g_count.methods.xTruncate = [](sqlite3_file* f, sqlite3_int64 n) {
      return forward<&sqlite3_io_methods::xTruncate>(f, n);
    };
    g_count.methods.xSync = [](sqlite3_file* f, int flags) {
      return forward<&sqlite3_io_methods::xSync>(f, flags);
    };
    g_count.methods.xFileSize = [](sqlite3_file* f, sqlite3_int64* n) {
      return forward<&sqlite3_io_methods::xFileSize>(f, n);
    };
    g_count.methods.xLock = [](sqlite3_file* f, int l) {
      return forward<&sqlite3_io_methods::xLock>(f, l);
    };
    g_count.methods.xUnlock = [](sqlite3_file* f, int l) {
      return forward<&sqlite3_io_methods::xUnlock>(f, l);
    };
    g_count.methods.xCheckReservedLock = [](sqlite3_file* f, int* r) {
      return forward<&sqlite3_io_methods::xCheckReservedLock>(f, r);
    };
    g_count.methods.xFileControl = [](sqlite3_file* f, int op, void* a) {
      return forward<&sqlite3_io_methods::xFileControl>(f, op, a);
    };
    g_count.methods.xSectorSize = [](sqlite3_file* f) {
      return forward<&sqlite3_io_methods::xSectorSize>(f);
    };
    g_count.methods.xDeviceCharacteristics = [](sqlite3_file* f) {
      return forward<&sqlite3_io_methods::xDeviceCharacteristics>(f);
    };
    g_count.methods.xShmMap = [](sqlite3_file* f, int p, int s, int e, void volatile** m) {
      return forward<&sqlite3_io_methods::xShmMap>(f, p, s, e, m);
    };
    g_count.methods.xShmLock = [](sqlite3_file* f, int o, int n, int fl) {
      return forward<&sqlite3_io_methods::xShmLock>(f, o, n, fl);
    };
    g_count.methods.xShmBarrier = [](sqlite3_file* f) {
      forward<&sqlite3_io_methods::xShmBarrier>(f);
    };
    g_count.methods.xShmUnmap = [](sqlite3_file* f, int d) {
      return forward<&sqlite3_io_methods::xShmUnmap>(f, d);
    };
    g_count.methods.xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n, void** p) {
      return forward<&sqlite3_io_methods::xFetch>(f, o, n, p);
    };
    g_count.methods.xUnfetch = [](sqlite3_file* f, sqlite3_int64 o, void* p) {
      return forward<&sqlite3_io_methods::xUnfetch>(f, o, p);
    };
  }
  counted->base.pMethods = &g_count.methods;
  return rc;
}

void installCountingDefaultVfs() {
  static sqlite3_vfs vfs;
  g_count.real = sqlite3_vfs_find(nullptr);
  vfs = *g_count.real;
  vfs.zName = "test-counting";
  vfs.szOsFile = static_cast<int>(sizeof(CountedFile)) + g_count.real->szOsFile;
  vfs.xOpen = countedOpen;
  sqlite3_vfs_register(&vfs, 1);
}

sqlite3* open(const std::string& path, const char* vfs) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
  return db;
}

int exec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

long long queryInt(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  const long long value =
      sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
  sqlite3_finalize(statement);
  return value;
}

std::string queryText(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  std::string value;
  if (sqlite3_step(statement) == SQLITE_ROW)
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  return value;
}

// `rows` rows of ~130 bytes with a random indexed key: index leaves all over the file.
std::string insertRows(int rows) {
  return "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " +
         std::to_string(rows) + ") INSERT INTO t(k, v) SELECT random(), randomblob(120) FROM c";
}

}  // namespace

class TestWalAppendVfs : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    installCountingDefaultVfs();
    QVERIFY(sightline::walAppendVfsName() != nullptr);
  }

  void init() {
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("w%1.db").arg(++m_files)).toStdString();
  }

  // Every commit is in the file for a connection through the default VFS the moment COMMIT
  // returns, and in few writes: ~250 frames each, written in 64 KiB pieces. (The writer's
  // page cache holds the whole transaction, as the live writer's does: no spills.)
  void commitsReachOtherConnectionsInFewWrites() {
    sqlite3* writer = open(m_path, sightline::walAppendVfsName());
    QCOMPARE(exec(writer,
                  "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                  "PRAGMA wal_autocheckpoint=0; "
                  "CREATE TABLE t(k INTEGER, v BLOB); CREATE INDEX t_k ON t(k)"),
             SQLITE_OK);
    sqlite3* reader = open(m_path, nullptr);
    long long walWrites = 0;
    for (int commit = 1; commit <= 20; ++commit) {
      const long long before = g_count.walWrites;
      QCOMPARE(exec(writer, "BEGIN; " + insertRows(5000) + "; COMMIT"), SQLITE_OK);
      walWrites += g_count.walWrites - before;
      QCOMPARE(queryInt(reader, "SELECT count(*) FROM t"), commit * 5000LL);
    }
    QCOMPARE(queryText(reader, "PRAGMA integrity_check"), std::string("ok"));
    // 20 commits of ~1 MB: two writes per frame would be ~500 each, 64 KiB pieces ~17.
    QVERIFY2(walWrites <= 20 * 30, std::to_string(walWrites).c_str());
    QVERIFY(walWrites >= 20);
    sqlite3_close(reader);
    sqlite3_close(writer);
  }

  // The same commits through the default VFS take two writes per frame: the count above is
  // the VFS's doing, not SQLite's.
  void defaultVfsWritesEveryFrameTwice() {
    sqlite3* writer = open(m_path, nullptr);
    QCOMPARE(exec(writer,
                  "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(k "
                  "INTEGER, v BLOB); CREATE INDEX t_k ON t(k)"),
             SQLITE_OK);
    const long long before = g_count.walWrites;
    QCOMPARE(exec(writer, "BEGIN; " + insertRows(5000) + "; COMMIT"), SQLITE_OK);
    QVERIFY2(g_count.walWrites - before > 300, std::to_string(g_count.walWrites - before).c_str());
    sqlite3_close(writer);
  }

  // A transaction larger than the buffer and than the page cache: SQLite spills pages to the
  // WAL before COMMIT, rewrites some of them in place and reads them back.
  void spillsRewritesAndReadsBack() {
    sqlite3* writer = open(m_path, sightline::walAppendVfsName());
    QCOMPARE(exec(writer,
                  "PRAGMA journal_mode=WAL; PRAGMA cache_size=20; CREATE TABLE t(k INTEGER, v "
                  "BLOB); CREATE INDEX t_k ON t(k)"),
             SQLITE_OK);
    QCOMPARE(exec(writer, "BEGIN; " + insertRows(120000) +
                              "; UPDATE t SET k = k + 1 WHERE rowid % 7 = 0; UPDATE t SET v = "
                              "randomblob(100) WHERE rowid % 3 = 0; COMMIT"),
             SQLITE_OK);
    sqlite3* reader = open(m_path, nullptr);
    QCOMPARE(queryInt(reader, "SELECT count(*) FROM t"), 120000LL);
    QCOMPARE(queryInt(reader, "SELECT count(*) FROM t WHERE rowid % 3 = 0 AND length(v) = 100"),
             40000LL);
    QCOMPARE(queryText(reader, "PRAGMA integrity_check"), std::string("ok"));
    sqlite3_close(reader);
    sqlite3_close(writer);
  }

  // A write that fails (here: the file size limit, as on a full disk) fails the COMMIT; the
  // database keeps every earlier commit, and the connection goes on once writes work again.
  void failedWriteFailsTheCommitAndLosesNothing() {
    sqlite3* writer = open(m_path, sightline::walAppendVfsName());
    QCOMPARE(exec(writer,
                  "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(k "
                  "INTEGER, v BLOB); CREATE INDEX t_k ON t(k)"),
             SQLITE_OK);
    QCOMPARE(exec(writer, "BEGIN; " + insertRows(2000) + "; COMMIT"), SQLITE_OK);
    const long long walBytes = walSize();
    QVERIFY(walBytes > 0);

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = static_cast<rlim_t>(walBytes + 100000);  // ~25 more frames
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    const int failed = exec(writer, "BEGIN; " + insertRows(20000) + "; COMMIT");
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, previousHandler);
    QVERIFY2(failed != SQLITE_OK, sqlite3_errmsg(writer));
    exec(writer, "ROLLBACK");

    sqlite3* reader = open(m_path, nullptr);
    QCOMPARE(queryInt(reader, "SELECT count(*) FROM t"), 2000LL);
    QCOMPARE(exec(writer, "BEGIN; " + insertRows(3000) + "; COMMIT"), SQLITE_OK);
    QCOMPARE(queryInt(reader, "SELECT count(*) FROM t"), 5000LL);
    QCOMPARE(queryText(reader, "PRAGMA integrity_check"), std::string("ok"));
    sqlite3_close(reader);
    sqlite3_close(writer);

    // And after both are closed, the file as a new process would find it.
    sqlite3* reopened = open(m_path, nullptr);
    QCOMPARE(queryInt(reopened, "SELECT count(*) FROM t"), 5000LL);
    QCOMPARE(queryText(reopened, "PRAGMA integrity_check"), std::string("ok"));
    sqlite3_close(reopened);
  }

 private:
  long long walSize() const {
    QFileInfo wal(QString::fromStdString(m_path + "-wal"));
    return wal.exists() ? wal.size() : 0;
  }

  QTemporaryDir m_dir;
  std::string m_path;
  int m_files = 0;
};

QTEST_GUILESS_MAIN(TestWalAppendVfs)
#include "tst_wal_append_vfs.moc"
