#pragma once

#include "model/common/status.h"
#include "model/store/workspace.h"

struct sqlite3;

namespace sightline {

// The connection an import writes through. A file workspace gets a second connection with
// bulk-import settings, because imports run on a worker thread while the GUI keeps reading
// through the Workspace's own connection; a ":memory:" workspace can only be written through
// its own connection (which then must not be used until the import ends).
class WriterConnection {
 public:
  // Fails (see status()) when the workspace is read-only or cannot be opened again.
  explicit WriterConnection(Workspace& workspace);
  ~WriterConnection();
  WriterConnection(const WriterConnection&) = delete;
  WriterConnection& operator=(const WriterConnection&) = delete;

  sqlite3* db() const { return m_db; }
  const Status& status() const { return m_status; }

 private:
  sqlite3* m_db = nullptr;
  bool m_ownsDb = false;
  Status m_status;
};

}  // namespace sightline
