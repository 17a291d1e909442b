#include "importers/core/file_hash.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <QCryptographicHash>
#include <QFile>

namespace sightline {
namespace {

// A nicer thread gets a core when one is free and little of it when the threads that the
// first frame waits for want both cores. Only for threads of our own that end with their
// job (std::async): a thread cannot be made less nice again without privileges.
void lowerThisThreadsPriority() {
#ifdef __linux__
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
}

}  // namespace

FileDigest digestFile(const std::string& path) {
  FileDigest digest;
  QFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::ReadOnly)) {
    digest.error = path + ": cannot open: " + file.errorString().toStdString();
    return digest;
  }
  QCryptographicHash hash(QCryptographicHash::Sha256);
  if (!hash.addData(&file)) {
    digest.error = path + ": read error: " + file.errorString().toStdString();
    return digest;
  }
  digest.sha256 = hash.result().toHex().toStdString();
  digest.bytes = static_cast<std::uint64_t>(file.size());
  digest.ok = true;
  return digest;
}

FileHash::FileHash(const std::string& path)
    : m_future(std::async(std::launch::async, [path] {
        // Only needed once the file is decoded: the decoder and the window come first.
        lowerThisThreadsPriority();
        return digestFile(path);
      })) {}

FileHash::~FileHash() {
  if (m_future.valid())
    m_future.wait();
}

const FileDigest& FileHash::get() {
  if (m_future.valid())
    m_digest = m_future.get();
  return m_digest;
}

}  // namespace sightline
