#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "importers/core/import_paths.h"

using namespace sightline;

namespace {

void touch(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    qFatal("cannot create %s", qPrintable(path));
}

QStringList relativeTo(const QString& root, const std::vector<std::string>& files) {
  QStringList names;
  for (const auto& file : files)
    names << QDir(root).relativeFilePath(QString::fromStdString(file));
  return names;
}

}  // namespace

class TestImportPaths : public QObject {
  Q_OBJECT

 private slots:
  void naturalOrder_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("less");
    auto row = [](const char* a, const char* b, bool less) {
      QTest::newRow(qPrintable(QStringLiteral("%1 < %2").arg(QLatin1String(a), QLatin1String(b))))
          << QString::fromLatin1(a) << QString::fromLatin1(b) << less;
    };
    row("snap-2.prom", "snap-10.prom", true);
    row("snap-10.prom", "snap-2.prom", false);
    row("snap-02.prom", "snap-2.prom", false);  // equal numbers: fewer zeros first
    row("snap-2.prom", "snap-02.prom", true);
    row("2024-01-02T10:00.prom", "2024-01-02T11:00.prom", true);
    row("a", "ab", true);
    row("ab", "a", false);
    row("a", "a", false);
    row("b1", "a2", false);
    row("x99999999999999999999999", "x100000000000000000000000", true);  // beyond 64 bits
  }
  void naturalOrder() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, less);
    QCOMPARE(naturalLess(a.toStdString(), b.toStdString()), less);
  }

  void foldersBecomeTheirSnapshotsInOrder() {
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString folder = root.filePath(QStringLiteral("scrapes"));
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/nested")));
    for (const char* name : {"snap-10.prom", "snap-2.prom", "snap-1.prom.gz", "README.md",
                             ".hidden.prom", "snap-3.om", "notes", "nested/snap-0.prom"}) {
      touch(folder + QLatin1Char('/') + QLatin1String(name));
    }
    const QString single = root.filePath(QStringLiteral("z.metrics"));
    touch(single);

    const ExpandedImportPaths expanded =
        expandImportPaths({single.toStdString(), folder.toStdString(),
                           root.filePath(QStringLiteral("missing")).toStdString()});
    QCOMPARE(
        relativeTo(root.path(), expanded.files),
        QStringList({QStringLiteral("z.metrics"), QStringLiteral("scrapes/snap-1.prom.gz"),
                     QStringLiteral("scrapes/snap-2.prom"), QStringLiteral("scrapes/snap-3.om"),
                     QStringLiteral("scrapes/snap-10.prom")}));
    QCOMPARE(expanded.errors.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(expanded.errors[0])
                .endsWith(QStringLiteral("missing: no such file or folder")));
  }

  void filesKeepTheGivenOrder() {
    QTemporaryDir root;
    touch(root.filePath(QStringLiteral("b.prom")));
    touch(root.filePath(QStringLiteral("a.json")));
    const ExpandedImportPaths expanded =
        expandImportPaths({root.filePath(QStringLiteral("b.prom")).toStdString(),
                           root.filePath(QStringLiteral("a.json")).toStdString()});
    QCOMPARE(relativeTo(root.path(), expanded.files),
             QStringList({QStringLiteral("b.prom"), QStringLiteral("a.json")}));
    QVERIFY(expanded.errors.empty());
  }
};

QTEST_GUILESS_MAIN(TestImportPaths)
#include "tst_import_paths.moc"
