#include "ui/shell/import_controller.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include "model/store/workspace.h"

namespace sightline {

ImportController::ImportController(QObject* parent) : QObject(parent) {
  // QSignalSpy and queued connections to profileDecoded copy the profile by meta-type.
  qRegisterMetaType<std::shared_ptr<const ProfileData>>();
}

ImportController::~ImportController() {
  m_queue.clear();
  if (m_cancel)
    m_cancel->store(true);
  // The worker posts to this object; it must be gone before we are.
  m_future.waitForFinished();
}

void ImportController::setWorkspacePath(const QString& path) {
  m_path = path;
}

void ImportController::importFiles(const QStringList& files) {
  if (files.isEmpty())
    return;
  m_queue << files;
  if (!m_running) {
    m_results.clear();
    startNext();
  }
}

void ImportController::cancel() {
  m_queue.clear();
  if (m_cancel)
    m_cancel->store(true);
}

bool ImportController::waitForFinished(int timeoutMs) {
  QDeadlineTimer deadline(timeoutMs);
  while (m_running && !deadline.hasExpired()) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return !m_running;
}

void ImportController::startNext() {
  const QStringList files = m_queue;
  m_queue.clear();
  m_running = true;
  m_cancel = std::make_shared<std::atomic<bool>>(false);
  emit started(static_cast<int>(files.size()));

  const QString path = m_path;
  auto cancel = m_cancel;
  const bool readOnly = m_readOnly;
  m_future = QtConcurrent::run([this, path, files, cancel, readOnly, prefetch = m_prefetch] {
    const int count = static_cast<int>(files.size());
    Status status;
    // The writer's own connection: Workspace objects are not shared between threads. A
    // read-write open would upgrade a workspace the user chose to keep as it is.
    std::unique_ptr<Workspace> workspace;
    if (!readOnly)
      workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
    for (int i = 0; i < count; ++i) {
      const QString file = files[i];
      FileImportResult result;
      if (readOnly) {
        result.path = file.toStdString();
        result.outcome = FileImportResult::Outcome::Failed;
        result.error = result.path +
                       ": the workspace is open read-only (written by an older Sightline); "
                       "open it again and upgrade it to import";
      } else if (!workspace) {
        result.path = file.toStdString();
        result.outcome = FileImportResult::Outcome::Failed;
        result.error = "cannot open the workspace: " + status.message();
      } else if (cancel->load()) {
        result.path = file.toStdString();
        result.outcome = FileImportResult::Outcome::Cancelled;
      } else {
        ImportOptions options;
        options.cancel = cancel.get();
        options.onProgress = [this, i, count, file](const ImportProgress& p) {
          QMetaObject::invokeMethod(
              this,
              [this, i, count, file, p] {
                emit progress(i, count, file, static_cast<qint64>(p.bytesRead),
                              static_cast<qint64>(p.bytesTotal), static_cast<qint64>(p.rows));
              },
              Qt::QueuedConnection);
        };
        options.onProfileDecoded = [this, file](std::shared_ptr<const ProfileData> profile) {
          QMetaObject::invokeMethod(
              this, [this, file, profile] { emit profileDecoded(file, profile); },
              Qt::QueuedConnection);
        };
        if (prefetch)
          options.prefetched = prefetch->take(file.toStdString(), cancel.get());
        result = importFile(*workspace, file.toStdString(), options);
      }
      QMetaObject::invokeMethod(
          this,
          [this, result] {
            m_results.append(result);
            emit fileFinished(result);
          },
          Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(this, &ImportController::onBatchDone, Qt::QueuedConnection);
  });
}

void ImportController::onBatchDone() {
  // Results were posted before this call, so they have all arrived.
  if (!m_queue.isEmpty()) {
    startNext();
    return;
  }
  m_running = false;
  m_cancel.reset();
  // Only the first files (the command line's) were prefetched.
  m_prefetch.reset();
  const QList<FileImportResult> results = m_results;
  emit finished(results);
}

}  // namespace sightline
