// The Tech debt page in the main window: its tab after Compare, a finding's "Open" showing it
// on the Diagnosis tab (filters cleared when they hide it), "Flame graph" opening the
// Profiles page focused on the unit, File → Connect to SonarQube… pulling into the workspace
// (against a stand-in server on 127.0.0.1), and the three screenshot views on the demo.
#include <QDir>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

#include "model/debt/debt_sources.h"
#include "tests/ui/diagnosis/diagnosis_fixture.h"
#include "ui/compare/compare_page.h"
#include "ui/debt/debt_evidence_panel.h"
#include "ui/debt/debt_page.h"
#include "ui/diagnosis/diagnosis_page.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_page.h"
#include "ui/shell/gui_entry.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"

using namespace sightline;
using namespace sightline::test;

namespace {

QString s(const char* text) {
  return QString::fromUtf8(text);
}

const QString kDemo = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo");

// The demo's traces, CPU profile and debt inputs.
QStringList demoFiles() {
  QStringList files = {kDemo + s("/shop-traces.otlp.pb.gz"),
                       kDemo + s("/profiles/payment-cpu.pb.gz")};
  for (const QString& folder : QStringList{kDemo + s("/debt"), kDemo + s("/debt/sonarqube")}) {
    const QDir dir(folder);
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
      if (name != s("README.md"))
        files << dir.filePath(name);
    }
  }
  return files;
}

// A SonarQube stand-in: answers api/measures/component_tree with the debt-shop fixture's
// pages (p=1, p=2) on a port of 127.0.0.1 chosen by the system.
class FakeSonarQube : public QObject {
 public:
  FakeSonarQube() {
    if (!m_server.listen(QHostAddress::LocalHost, 0))
      qFatal("cannot listen: %s", qPrintable(m_server.errorString()));
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { answer(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
      }
    });
  }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
  QStringList asked;

 private:
  void answer(QTcpSocket* socket) {
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    if (!buffer.contains("\r\n\r\n"))
      return;
    const QUrl url(QString::fromLatin1(buffer.split(' ').value(1)));
    buffer.clear();
    asked << url.path();
    const QString page = QUrlQuery(url).queryItemValue(QStringLiteral("p"));
    QFile file(QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/debt-shop/sonarqube/component_tree-page") +
               page + QStringLiteral(".json"));
    const QByteArray body = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    const QByteArray status = body.isEmpty() ? "404 Not Found" : "200 OK";
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
  }

  QTcpServer m_server;
  std::map<QTcpSocket*, QByteArray> m_buffers;
};

}  // namespace

class TstDebtWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void techDebtTabFollowsCompare();
  void openShowsTheFindingOnTheDiagnosisTab();
  void findingNoLongerListed();
  void flameGraphFocusesTheProfileOnTheUnit();
  void connectToSonarQubePullsIntoTheWorkspace();
  void screenshotViews_data();
  void screenshotViews();

 private:
  QTemporaryDir m_dir;
  QString m_path;
  RecentFiles m_recent;
  std::unique_ptr<MainWindow> m_window;
};

void TstDebtWindow::initTestCase() {
  m_path = makeWorkspace(m_dir, fixtureFindings(1), /*everySignal=*/true);
  QVERIFY(!m_path.isEmpty());
  m_window = std::make_unique<MainWindow>(&m_recent);
  m_window->resize(1400, 900);
  m_window->show();
  QSignalSpy findings(m_window->diagnosisPage(), &DiagnosisPage::findingsShown);
  QSignalSpy profiles(m_window->profilePage(), &ProfilePage::profilesListed);
  QString error;
  QVERIFY2(m_window->openWorkspace(m_path, &error), qPrintable(error));
  QVERIFY(findings.wait(5000));
  QVERIFY(!profiles.isEmpty() || profiles.wait(5000));
}

void TstDebtWindow::techDebtTabFollowsCompare() {
  QTabWidget* pages = m_window->pages();
  const int compare = pages->indexOf(m_window->comparePage());
  QCOMPARE(pages->indexOf(m_window->debtPage()), compare + 1);
  QCOMPARE(pages->tabText(compare + 1), s("Tech debt"));
}

void TstDebtWindow::openShowsTheFindingOnTheDiagnosisTab() {
  DiagnosisPage* diagnosis = m_window->diagnosisPage();
  // A filter that hides the low-severity finding the evidence names.
  FindingsFilter filter;
  filter.minSeverity = Severity::High;
  diagnosis->setFilter(filter);
  DebtEvidenceLoad load;
  load.service = "shop";
  load.findings = {{7, "slo-burn", "low", "shop: 38 of 98 requests failed", "shop"}};
  DebtEvidencePanel* panel = m_window->debtPage()->evidencePanel();
  m_window->pages()->setCurrentWidget(m_window->debtPage());
  panel->showEvidence(load, s("findings 1"), DebtEvidencePanel::Tab::Findings);
  QCOMPARE(panel->tabs()->currentIndex(), int(DebtEvidencePanel::Tab::Findings));
  QPushButton* open = panel->openFindingButton(0);
  QVERIFY(open);
  open->click();
  QCOMPARE(m_window->pages()->currentWidget(), diagnosis);
  QVERIFY(diagnosis->currentFinding());
  QCOMPARE(diagnosis->currentFinding()->rule, std::string("slo-burn"));
  QVERIFY(diagnosis->proxy()->filter().isEmpty());
}

void TstDebtWindow::findingNoLongerListed() {
  m_window->pages()->setCurrentWidget(m_window->debtPage());
  QVERIFY(!m_window->openDiagnosisFinding(s("slo-burn"), s("a title no finding has")));
  QCOMPARE(m_window->pages()->currentWidget(), m_window->debtPage());
}

void TstDebtWindow::flameGraphFocusesTheProfileOnTheUnit() {
  DebtEvidenceLoad load;
  load.service = "payment";
  load.unitPath = "main";
  load.evidence.profileId = 1;
  load.evidence.focus = "main";  // the package of main.handleCheckout
  DebtEvidencePanel* panel = m_window->debtPage()->evidencePanel();
  panel->showEvidence(load, QString());
  QVERIFY(panel->flameButton()->isEnabled());
  ProfilePage* profiles = m_window->profilePage();
  QSignalSpy trees(profiles, &ProfilePage::treesShown);
  panel->flameButton()->click();
  QCOMPARE(m_window->pages()->currentWidget(), profiles);
  QCOMPARE(profiles->currentProfileId(), std::int64_t(1));
  QCOMPARE(profiles->filterBar()->filter().focus, std::string("^(.*\\/)?main\\."));
  QVERIFY(trees.wait(10000));
  // Without a profile the button is off.
  load.evidence.profileId = 0;
  panel->showEvidence(load, QString());
  QVERIFY(!panel->flameButton()->isEnabled());
}

void TstDebtWindow::connectToSonarQubePullsIntoTheWorkspace() {
  FakeSonarQube server;
  QSignalSpy pulled(m_window.get(), &MainWindow::sonarQubePulled);
  SonarQubeConnection connection;
  connection.baseUrl = server.url();
  connection.token = s("squ_test");
  connection.projectKeys = {s("shop")};
  m_window->pullSonarQube(connection);
  QVERIFY(m_window->isPullingSonarQube());
  QVERIFY(pulled.wait(20000));
  QVERIFY2(pulled.first().at(0).toBool(), qPrintable(pulled.first().at(1).toString()));
  QVERIFY(pulled.first().at(1).toString().contains(s("1 project(s) pulled")));
  QCOMPARE(server.asked.size(), 2);  // both pages
  QCOMPARE(m_window->pages()->currentWidget(), m_window->debtPage());
  Status status;
  auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadOnly, &status);
  QVERIFY(workspace);
  const auto sources = listDebtSources(*workspace, &status);
  QCOMPARE(sources.size(), std::size_t(1));
  QCOMPARE(sources.front().kind, std::string("sonarqube-json"));
  QVERIFY(QString::fromStdString(sources.front().path).startsWith(server.url()));
  // The same answers again change nothing.
  pulled.clear();
  m_window->pullSonarQube(connection);
  QVERIFY(pulled.wait(20000));
  QVERIFY(pulled.first().at(1).toString().contains(s("1 unchanged")));
  // A connection without a project is refused before anything runs.
  connection.projectKeys.clear();
  m_window->pullSonarQube(connection);
  QVERIFY(!m_window->isPullingSonarQube());
}

void TstDebtWindow::screenshotViews_data() {
  QTest::addColumn<QString>("view");
  QTest::newRow("debt") << s("debt");
  QTest::newRow("debt-cost") << s("debt-cost");
  QTest::newRow("debt-cell") << s("debt-cell");
}

void TstDebtWindow::screenshotViews() {
  QFETCH(QString, view);
  QVERIFY(isGuiView(view));
  QTemporaryDir dir;
  GuiOptions options;
  options.files = demoFiles();
  QVERIFY(options.files.size() > 10);
  options.screenshotPath = dir.filePath(view + s(".png"));
  options.view = view;
  QCOMPARE(runGui(*qApp, options), 0);
  const QImage image(options.screenshotPath);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), QSize(1600, 1000));
}

QTEST_MAIN(TstDebtWindow)
#include "tst_debt_window.moc"
