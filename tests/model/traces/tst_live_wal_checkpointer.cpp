#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "model/store/store_statement.h"
#include "model/traces/live_wal_checkpointer.h"

using namespace sightline;

namespace {

// A WAL database with one table, opened as a writer would.
sqlite3* openWal(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  execSql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t(x BLOB)");
  return db;
}

// `commits` transactions of one page-sized row each.
bool insertPages(sqlite3* db, int commits) {
  StoreStatement insert(db, "INSERT INTO t(x) VALUES(zeroblob(4000))");
  for (int i = 0; i < commits; ++i) {
    if (insert.execute() != SQLITE_DONE)
      return false;
  }
  return true;
}

std::uintmax_t fileSize(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

}  // namespace

class TestLiveWalCheckpointer : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

 private slots:
  // Past the background threshold the database file fills up while the writer only commits.
  void checkpointsInTheBackground() {
    const std::string path = m_dir.filePath(QStringLiteral("background.db")).toStdString();
    sqlite3* db = openWal(path);
    const std::uintmax_t before = fileSize(path);
    {
      LiveWalCheckpointer checkpointer(db, path, 20, 1000000);
      QVERIFY(insertPages(db, 200));
      QElapsedTimer timer;
      timer.start();
      while (fileSize(path) < before + 100 * 4096 && timer.elapsed() < 10000)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      QVERIFY2(fileSize(path) >= before + 100 * 4096,
               "the background checkpoint did not copy the WAL into the database");
    }
    StoreStatement count(db, "SELECT count(*) FROM t");
    QVERIFY(count.step());
    QCOMPARE(count.columnInt(0), 200);
    sqlite3_close_v2(db);
  }

  // Past the writer's threshold the WAL starts over, so it stays bounded under steady load.
  void writerKeepsTheWalBounded() {
    const std::string path = m_dir.filePath(QStringLiteral("bounded.db")).toStdString();
    sqlite3* db = openWal(path);
    {
      LiveWalCheckpointer checkpointer(db, path, 1000000, 50);
      QVERIFY(insertPages(db, 600));
    }
    // Each commit adds about two frames (the row's page and the table's root); without the
    // restarts the WAL would hold 1200 of them.
    QVERIFY2(fileSize(path + "-wal") < 120 * (4096 + 24),
             std::to_string(fileSize(path + "-wal")).c_str());
    StoreStatement count(db, "SELECT count(*) FROM t");
    QVERIFY(count.step());
    QCOMPARE(count.columnInt(0), 600);
    sqlite3_close_v2(db);
  }

  // A file that cannot be opened a second time leaves SQLite's own checkpoints in place.
  void withoutASecondConnection() {
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
    execSql(db, "CREATE TABLE t(x BLOB)");
    {
      LiveWalCheckpointer checkpointer(
          db, m_dir.filePath(QStringLiteral("missing/dir/x.db")).toStdString());
      QVERIFY(insertPages(db, 5));
    }
    sqlite3_close_v2(db);
  }
};

QTEST_GUILESS_MAIN(TestLiveWalCheckpointer)
#include "tst_live_wal_checkpointer.moc"
