#pragma once

#include <atomic>
#include <memory>

#include <QFuture>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include "importers/core/file_importer.h"
#include "importers/pprof/profile_prefetch.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// Runs imports into a workspace on a worker thread, one file after another, with progress
// and cancel. The worker opens its own connection (the writer's), so the GUI thread never
// waits for the disk. Files asked for while an import runs are imported after it.
class ImportController : public QObject {
  Q_OBJECT
 public:
  explicit ImportController(QObject* parent = nullptr);
  // Cancels a running import and waits for it to roll back.
  ~ImportController() override;

  void setWorkspacePath(const QString& path);
  // A workspace opened read-only (an older version the user chose not to upgrade): every
  // file asked for fails with a message saying so, and the file is left as it is.
  void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
  bool isReadOnly() const { return m_readOnly; }
  // Profiles decoded ahead (of the command line's files): imports of those files take them
  // instead of decoding again.
  void setPrefetch(std::shared_ptr<ProfilePrefetch> prefetch) { m_prefetch = std::move(prefetch); }
  QString workspacePath() const { return m_path; }
  // Queues files for import; starts at once when idle.
  void importFiles(const QStringList& files);
  // Cancels the running import (its file is rolled back) and drops the queued ones.
  void cancel();
  bool isRunning() const { return m_running; }
  // Blocks until the current import (and the queue) is done; for tests and shutdown.
  bool waitForFinished(int timeoutMs);

 signals:
  void started(int fileCount);
  // Progress of file `fileIndex` (0-based) of `fileCount`.
  void progress(int fileIndex, int fileCount, const QString& path, qint64 bytesRead,
                qint64 bytesTotal, qint64 rows);
  // A profile of file `path` was decoded and is being stored; fileFinished() of that file
  // says whether it was (result.profileIds) or not (failed, cancelled: rolled back).
  void profileDecoded(const QString& path, std::shared_ptr<const sightline::ProfileData> profile);
  void fileFinished(const sightline::FileImportResult& result);
  // Everything asked for has been imported, skipped, failed or cancelled.
  void finished(const QList<sightline::FileImportResult>& results);

 private:
  void startNext();
  void onBatchDone();

  QString m_path;
  QStringList m_queue;
  QList<FileImportResult> m_results;
  std::shared_ptr<std::atomic<bool>> m_cancel;
  QFuture<void> m_future;
  std::shared_ptr<ProfilePrefetch> m_prefetch;
  bool m_running = false;
  bool m_readOnly = false;
};

}  // namespace sightline

Q_DECLARE_METATYPE(sightline::FileImportResult)
Q_DECLARE_METATYPE(std::shared_ptr<const sightline::ProfileData>)
