#pragma once

#include <QObject>
#include <QStringList>

class QSettings;

namespace sightline {

// Most-recently-used workspaces and imported files, newest first, without duplicates. The
// list is handed in (and saved) by whoever owns the settings, so nothing deep inside the
// UI reads a settings singleton.
class RecentFiles : public QObject {
  Q_OBJECT
 public:
  static constexpr int kDefaultMaxEntries = 10;

  explicit RecentFiles(QStringList entries = {}, int maxEntries = kDefaultMaxEntries,
                       QObject* parent = nullptr);

  QStringList entries() const { return m_entries; }
  // Moves `path` to the front (adding it if new) and drops the oldest beyond the maximum.
  void add(const QString& path);
  void remove(const QString& path);
  void clear();

  // The list stored under "recentFiles" in `settings`.
  static QStringList load(const QSettings& settings);
  static void save(QSettings& settings, const QStringList& entries);

 signals:
  void changed();

 private:
  QStringList m_entries;
  int m_maxEntries;
};

}  // namespace sightline
