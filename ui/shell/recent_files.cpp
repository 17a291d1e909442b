#include "ui/shell/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace sightline {

namespace {

const QString kSettingsKey = QStringLiteral("recentFiles");

QString normalised(const QString& path) {
  return QFileInfo(path).absoluteFilePath();
}

}  // namespace

RecentFiles::RecentFiles(QStringList entries, int maxEntries, QObject* parent)
    : QObject(parent), m_maxEntries(std::max(maxEntries, 1)) {
  for (const QString& entry : entries) {
    const QString path = normalised(entry);
    if (!entry.isEmpty() && !m_entries.contains(path))
      m_entries << path;
  }
  while (m_entries.size() > m_maxEntries)
    m_entries.removeLast();
}

void RecentFiles::add(const QString& path) {
  if (path.isEmpty())
    return;
  const QString absolute = normalised(path);
  m_entries.removeAll(absolute);
  m_entries.prepend(absolute);
  while (m_entries.size() > m_maxEntries)
    m_entries.removeLast();
  emit changed();
}

void RecentFiles::remove(const QString& path) {
  if (m_entries.removeAll(normalised(path)) > 0)
    emit changed();
}

void RecentFiles::clear() {
  if (m_entries.isEmpty())
    return;
  m_entries.clear();
  emit changed();
}

QStringList RecentFiles::load(const QSettings& settings) {
  return settings.value(kSettingsKey).toStringList();
}

void RecentFiles::save(QSettings& settings, const QStringList& entries) {
  settings.setValue(kSettingsKey, entries);
}

}  // namespace sightline
