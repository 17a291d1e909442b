// Opening a workspace written by an older Sightline in the main window: the user is asked
// before the file is upgraded; kept as it is, it is shown read-only (upgraded in memory) and
// imports are refused; cancelled, nothing changes.
#include <QApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <sqlite3.h>

#include "importers/core/file_importer.h"
#include "model/store/schema.h"
#include "model/store/workspace.h"
#include "tests/model/store/older_workspace.h"
#include "ui/shell/import_controller.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/trace_list_panel.h"

using namespace sightline;

namespace {

const QString kDataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js");
const QString kSnapshot =
    QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus/prom-client/snapshot-1.prom");

int fileVersion(const QString& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
  // The window's readers may hold the file's lock for a moment: wait rather than read -1.
  sqlite3_busy_timeout(db, 5000);
  const int version = readSchemaVersion(db);
  sqlite3_close(db);
  return version;
}

QByteArray fileHash(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// Answers the next modal question by clicking the button named `button` ("upgrade",
// "readOnly") or Cancel (empty) while the returned timer lives; `asked` records the
// question's text. Polls, because the question is shown inside the call that opens the
// workspace.
std::unique_ptr<QTimer> answerQuestion(const QString& button, QString* asked) {
  auto timer = std::make_unique<QTimer>();
  QTimer* raw = timer.get();
  QObject::connect(raw, &QTimer::timeout, raw, [raw, button, asked] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box)
      return;
    *asked = box->text();
    QAbstractButton* choice =
        button.isEmpty() ? box->button(QMessageBox::Cancel) : box->findChild<QPushButton*>(button);
    if (choice)
      choice->click();
    raw->stop();
  });
  raw->start(20);
  return timer;
}

}  // namespace

class TstOlderWorkspacePrompt : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void readOnlyKeepsTheFileAndRefusesImports();
  void upgradeMigratesTheFile();
  void cancelKeepsTheOpenWorkspace();
  void aCurrentWorkspaceOpensWithoutAQuestion();
  void aScriptedChoiceIsNotAsked();

 private:
  // A fresh copy of the version-1 workspace.
  QString olderCopy(const char* name);

  QTemporaryDir m_dir;
  QString m_older;  // traces.otlp.json imported, then turned into schema version 1
  int m_traceCount = 0;
  RecentFiles m_recent;
};

void TstOlderWorkspacePrompt::initTestCase() {
  QVERIFY(m_dir.isValid());
  QFile expected(kDataDir + QStringLiteral("/expected.json"));
  QVERIFY(expected.open(QIODevice::ReadOnly));
  m_traceCount = QJsonDocument::fromJson(expected.readAll())
                     .object()
                     .value(QStringLiteral("trace_count"))
                     .toInt();
  QVERIFY(m_traceCount > 0);
  m_older = m_dir.filePath(QStringLiteral("v1.sightline"));
  {
    Status status;
    auto ws = Workspace::open(m_older.toStdString(), Workspace::Mode::ReadWrite, &status);
    QVERIFY2(ws, status.message().c_str());
    const QString traces = kDataDir + QStringLiteral("/traces.otlp.json");
    const FileImportResult result = importFile(*ws, traces.toStdString());
    QCOMPARE(int(result.outcome), int(FileImportResult::Outcome::Imported));
  }
  QVERIFY(test::downgradeWorkspace(m_older.toStdString(), 1).isOk());
  QCOMPARE(fileVersion(m_older), 1);
}

QString TstOlderWorkspacePrompt::olderCopy(const char* name) {
  const QString copy = m_dir.filePath(QLatin1String(name));
  QFile::remove(copy);
  return QFile::copy(m_older, copy) ? copy : QString();
}

void TstOlderWorkspacePrompt::readOnlyKeepsTheFileAndRefusesImports() {
  const QString path = olderCopy("read-only.sightline");
  const QByteArray before = fileHash(path);
  MainWindow window(&m_recent);
  QString asked;
  const auto answer = answerQuestion(QStringLiteral("readOnly"), &asked);
  QString error;
  QVERIFY2(window.openWorkspace(path, &error), qPrintable(error));
  QVERIFY2(asked.contains(QStringLiteral("version 1")), qPrintable(asked));
  QVERIFY(window.isReadOnly());
  QVERIFY(window.windowTitle().contains(QStringLiteral("(read-only)")));
  // The pages read it upgraded in memory.
  QTRY_COMPARE_WITH_TIMEOUT(window.traceList()->model()->rowCount(), m_traceCount, 10000);

  QSignalSpy finished(&window, &MainWindow::importsFinished);
  window.importFiles({kSnapshot});
  QVERIFY(finished.wait(30000));
  QCOMPARE(finished.first().at(0).toBool(), false);
  QCOMPARE(window.lastImportErrors().size(), 1);
  QVERIFY2(window.lastImportErrors().first().contains(QStringLiteral("read-only")),
           qPrintable(window.lastImportErrors().first()));
  QCOMPARE(fileVersion(path), 1);
  QCOMPARE(fileHash(path), before);
}

void TstOlderWorkspacePrompt::upgradeMigratesTheFile() {
  const QString path = olderCopy("upgrade.sightline");
  MainWindow window(&m_recent);
  QString asked;
  const auto answer = answerQuestion(QStringLiteral("upgrade"), &asked);
  QString error;
  QVERIFY2(window.openWorkspace(path, &error), qPrintable(error));
  QVERIFY(!asked.isEmpty());
  QVERIFY(!window.isReadOnly());
  QVERIFY(!window.windowTitle().contains(QStringLiteral("(read-only)")));
  QCOMPARE(fileVersion(path), kSchemaVersion);
  QTRY_COMPARE_WITH_TIMEOUT(window.traceList()->model()->rowCount(), m_traceCount, 10000);

  QSignalSpy finished(&window, &MainWindow::importsFinished);
  window.importFiles({kSnapshot});
  QVERIFY(finished.wait(30000));
  QVERIFY2(finished.first().at(0).toBool(), qPrintable(window.lastImportErrors().join(u'\n')));
}

void TstOlderWorkspacePrompt::cancelKeepsTheOpenWorkspace() {
  const QString path = olderCopy("cancel.sightline");
  const QByteArray before = fileHash(path);
  MainWindow window(&m_recent);
  QString error;
  QVERIFY2(window.openScratchWorkspace(&error), qPrintable(error));
  const QString scratch = window.workspacePath();
  QString asked;
  const auto answer = answerQuestion(QString(), &asked);
  QVERIFY(!window.openWorkspace(path, &error));
  QVERIFY(!asked.isEmpty());
  QVERIFY2(error.contains(path), qPrintable(error));
  QCOMPARE(window.workspacePath(), scratch);
  QVERIFY(!window.isReadOnly());
  QCOMPARE(fileHash(path), before);
}

void TstOlderWorkspacePrompt::aCurrentWorkspaceOpensWithoutAQuestion() {
  const QString path = olderCopy("current.sightline");
  {
    Status status;
    QVERIFY(Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status));
  }
  MainWindow window(&m_recent);
  // Would answer (and so reveal) a question; there must be none.
  QString asked;
  const auto answer = answerQuestion(QStringLiteral("upgrade"), &asked);
  QString error;
  QVERIFY2(window.openWorkspace(path, &error), qPrintable(error));
  QTest::qWait(100);
  QVERIFY2(asked.isEmpty(), qPrintable(asked));
  QVERIFY(!window.isReadOnly());
  // A new file is created without a question too.
  QVERIFY(window.openWorkspace(m_dir.filePath(QStringLiteral("new.sightline")), &error));
  QTest::qWait(100);
  QVERIFY(asked.isEmpty());
}

void TstOlderWorkspacePrompt::aScriptedChoiceIsNotAsked() {
  const QString path = olderCopy("scripted.sightline");
  MainWindow window(&m_recent);
  window.setOlderWorkspaceChoice(OlderWorkspaceChoice::OpenReadOnly);
  QString asked;
  const auto answer = answerQuestion(QStringLiteral("upgrade"), &asked);
  QString error;
  QVERIFY2(window.openWorkspace(path, &error), qPrintable(error));
  QTest::qWait(100);
  QVERIFY(asked.isEmpty());
  QVERIFY(window.isReadOnly());
  QCOMPARE(fileVersion(path), 1);
}

QTEST_MAIN(TstOlderWorkspacePrompt)
#include "tst_older_workspace_prompt.moc"
