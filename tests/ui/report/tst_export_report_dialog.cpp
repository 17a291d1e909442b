// File › Export Report… on a small workspace of two trace sources (a slow run, then a fast
// one): the sources in the before/after boxes, the preview (the PDF's first pages, laid out
// on the thread pool, and only the newest shown), the format following the extension, HTML and
// PDF files with the sections and sides chosen, and a file that cannot be written.
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "importers/core/file_importer.h"
#include "model/store/workspace.h"
#include "ui/report/export/export_report_dialog.h"
#include "ui/report/export/report_pages_view.h"
#include "ui/shell/gui_entry.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"

using namespace sightline;

namespace {

constexpr int kWaitMs = 30000;
constexpr std::uint64_t kSecond = 1'000'000'000ull;
constexpr std::uint64_t kMs = 1'000'000ull;

QString s(const char* text) {
  return QString::fromUtf8(text);
}

QJsonObject stringAttribute(const char* key, const QString& value) {
  return {{s("key"), s(key)}, {s("value"), QJsonObject{{s("stringValue"), value}}}};
}

QJsonObject span(const QString& traceId, const QString& spanId, const QString& parentId,
                 const char* name, int kind, std::uint64_t startNs, std::uint64_t endNs,
                 const QJsonArray& attributes = {}) {
  QJsonObject object{{s("traceId"), traceId},
                     {s("spanId"), spanId},
                     {s("name"), s(name)},
                     {s("kind"), kind},
                     {s("startTimeUnixNano"), QString::number(startNs)},
                     {s("endTimeUnixNano"), QString::number(endNs)},
                     {s("attributes"), attributes}};
  if (!parentId.isEmpty())
    object.insert(s("parentSpanId"), parentId);
  return object;
}

// One run of the shop: `count` checkouts a second apart from `startSeconds`, each `totalMs`
// long with a stock query of `queryMs` under it (ids told apart by `salt`, a hex digit).
QByteArray shopRun(std::uint64_t startSeconds, int count, int totalMs, int queryMs, char salt) {
  QJsonArray spans;
  for (int i = 0; i < count; ++i) {
    const QString traceId = QString::asprintf("%c%031x", salt, i + 1);
    const QString rootId = QString::asprintf("%c%015x", salt, 2 * i + 1);
    const QString queryId = QString::asprintf("%c%015x", salt, 2 * i + 2);
    const std::uint64_t start = (startSeconds + static_cast<std::uint64_t>(i)) * kSecond;
    spans.append(span(traceId, rootId, QString(), "POST /checkout", 2, start,
                      start + static_cast<std::uint64_t>(totalMs) * kMs));
    spans.append(span(traceId, queryId, rootId, "SELECT stock", 3, start + 10 * kMs,
                      start + static_cast<std::uint64_t>(10 + queryMs) * kMs,
                      {stringAttribute("db.system", s("postgresql")),
                       stringAttribute("db.statement", s("SELECT * FROM stock WHERE id = ?"))}));
  }
  const QJsonObject resource{
      {s("attributes"), QJsonArray{stringAttribute("service.name", s("shop"))}}};
  const QJsonObject scope{{s("scope"), QJsonObject{{s("name"), s("test")}}}, {s("spans"), spans}};
  const QJsonObject resourceSpans{{s("resource"), resource}, {s("scopeSpans"), QJsonArray{scope}}};
  return QJsonDocument(QJsonObject{{s("resourceSpans"), QJsonArray{resourceSpans}}}).toJson();
}

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// How many pixels of a page are not paper white.
int inkedPixels(const QImage& page) {
  int inked = 0;
  for (int y = 0; y < page.height(); y += 2) {
    for (int x = 0; x < page.width(); x += 2) {
      if (page.pixel(x, y) != qRgb(255, 255, 255))
        ++inked;
    }
  }
  return inked;
}

}  // namespace

class TstExportReportDialog : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void listsSourcesAndShowsThePreview();
  void previewFollowsTheOptions();
  void formatFollowsTheExtension();
  void exportsChosenSectionsBeforeAfterAsHtml();
  void exportsPdf();
  void unwritableFileIsSaidInTheDialog();
  void noSectionNoExport();
  void mainWindowOpensTheDialog();
  void screenshotRunGrabsTheDialog();

 private:
  // A dialog on the workspace with its sources listed and its first preview shown.
  std::unique_ptr<ExportReportDialog> openDialog(const QString& file) {
    auto dialog = std::make_unique<ExportReportDialog>(m_workspace, file);
    QSignalSpy listed(dialog.get(), &ExportReportDialog::sourcesListed);
    dialog->show();
    if (listed.isEmpty() && !listed.wait(kWaitMs))
      return nullptr;
    if (!waitForPreview(*dialog))
      return nullptr;
    return dialog;
  }

  // Waits until the dialog shows the preview of its current options.
  static bool waitForPreview(ExportReportDialog& dialog) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kWaitMs) {
      if (!dialog.isBusy() && dialog.isPreviewCurrent())
        return true;
      QTest::qWait(20);
    }
    return false;
  }

  static bool exportTo(ExportReportDialog& dialog, const QString& path) {
    dialog.fileEdit()->setText(path);
    QSignalSpy finished(&dialog, &ExportReportDialog::exportFinished);
    dialog.exportButton()->click();
    if (finished.isEmpty() && !finished.wait(kWaitMs))
      return false;
    return finished.first().first().toBool();
  }

  QTemporaryDir m_dir;
  QString m_workspace;
};

void TstExportReportDialog::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_workspace = m_dir.filePath(s("shop.sightline"));
  Status status;
  auto workspace = Workspace::open(m_workspace.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(workspace, status.message().c_str());
  // Before: checkouts of 1.2 s with a 600 ms query (slow-operation, slow-query); after, a day
  // later: 200 ms with a 50 ms query.
  const std::vector<std::pair<const char*, QByteArray>> runs = {
      {"before.otlp.json", shopRun(1'700'000'000, 8, 1200, 600, 'a')},
      {"after.otlp.json", shopRun(1'700'086'400, 8, 200, 50, 'b')}};
  for (const auto& [name, json] : runs) {
    QFile file(m_dir.filePath(s(name)));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(json), json.size());
    file.close();
    const FileImportResult result = importFile(*workspace, file.fileName().toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
    QCOMPARE(result.spans, 16u);
  }
}

void TstExportReportDialog::init() {
  // The preview and the PDF are painted on worker threads: Qt must not object to it.
  QTest::failOnWarning(QRegularExpression(s("QPainter|GUI thread|QFont|QPdf")));
}

void TstExportReportDialog::listsSourcesAndShowsThePreview() {
  auto dialog = openDialog(m_dir.filePath(s("shop-report.html")));
  QVERIFY(dialog);
  // The two trace sources, the first before and the last after; the whole workspace first.
  QCOMPARE(dialog->baselineBox()->count(), 2);
  QVERIFY(dialog->baselineBox()->itemText(0).endsWith(s("before.otlp.json")));
  QVERIFY(dialog->targetBox()->currentText().endsWith(s("after.otlp.json")));
  QVERIFY(dialog->wholeWorkspaceButton()->isChecked());
  QVERIFY(!dialog->baselineBox()->isEnabled());
  QVERIFY(dialog->beforeAfterButton()->isEnabled());
  for (ReportSection section : allReportSections())
    QVERIFY(dialog->sectionBox(section)->isChecked());

  // The preview: the PDF's first pages, with ink on them, and no busy bar once shown.
  const ReportPreview& preview = dialog->preview();
  QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
  QVERIFY(preview.content);
  QVERIFY(!preview.content->hasBaseline);
  QCOMPARE(preview.content->sources.size(), 2u);
  QVERIFY(!preview.pages.pages.empty());
  QVERIFY(preview.pages.pageCount >= static_cast<int>(preview.pages.pages.size()));
  const QImage& first = preview.pages.pages.front();
  QVERIFY(first.width() > 800);
  // A4's shape: 297 / 210.
  QVERIFY(qAbs(double(first.height()) / first.width() - 297.0 / 210.0) < 0.01);
  QVERIFY2(inkedPixels(first) > 2000, qPrintable(QString::number(inkedPixels(first))));
  QCOMPARE(dialog->pagesView()->pages().size(), preview.pages.pages.size());
  QVERIFY(dialog->previewLabel()->text().startsWith(s("Preview: ")));
  QVERIFY(!dialog->busyBar()->isVisibleTo(dialog.get()));
  QVERIFY(dialog->exportButton()->isEnabled());
}

void TstExportReportDialog::previewFollowsTheOptions() {
  auto dialog = openDialog(m_dir.filePath(s("shop-report.pdf")));
  QVERIFY(dialog);
  const std::shared_ptr<const ReportContent> whole = dialog->preview().content;
  // A new title lays the same content out again; new sides read it again.
  dialog->titleEdit()->setText(s("Checkout"));
  dialog->titleEdit()->setText(s("Checkout, stock query fixed"));
  QVERIFY(dialog->busyBar()->isVisibleTo(dialog.get()));
  QVERIFY(waitForPreview(*dialog));
  QCOMPARE(dialog->preview().request.title, s("Checkout, stock query fixed"));
  QVERIFY(dialog->preview().content == whole);

  QVERIFY(dialog->selectSides(s("before.otlp.json"), s("after.otlp.json")));
  QVERIFY(dialog->baselineBox()->isEnabled());
  QVERIFY(waitForPreview(*dialog));
  const ReportPreview& preview = dialog->preview();
  QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
  QVERIFY(preview.content != whole);
  QVERIFY(preview.content->hasBaseline);
  QCOMPARE(preview.request.baseline, dialog->baselineBox()->itemData(0).toString());
  QCOMPARE(preview.request.target, dialog->baselineBox()->itemData(1).toString());

  // The same source on both sides is no comparison: said in the preview, no export.
  dialog->targetBox()->setCurrentIndex(0);
  QTRY_COMPARE_WITH_TIMEOUT(dialog->previewLabel()->text(),
                            s("Before and after are the same source."), kWaitMs);
  QVERIFY(dialog->pagesView()->pages().empty());
  QVERIFY(!dialog->exportButton()->isEnabled());
  QVERIFY(!dialog->selectSides(s("before.otlp.json"), s("missing.otlp.json")));
}

void TstExportReportDialog::formatFollowsTheExtension() {
  ExportReportDialog dialog(m_workspace, m_dir.filePath(s("a.html")));
  QCOMPARE(dialog.format(), ReportFormat::Html);
  // Typed: the extension picks the format.
  dialog.fileEdit()->clear();
  QTest::keyClicks(dialog.fileEdit(), m_dir.filePath(s("b.PDF")));
  QCOMPARE(dialog.format(), ReportFormat::Pdf);
  QCOMPARE(dialog.outputPath(), m_dir.filePath(s("b.PDF")));
  // Chosen: the format fixes the extension.
  dialog.formatBox()->setCurrentIndex(0);
  QCOMPARE(dialog.fileEdit()->text(), m_dir.filePath(s("b.html")));
  dialog.fileEdit()->setText(m_dir.filePath(s("c.pdf")));
  QCOMPARE(dialog.format(), ReportFormat::Pdf);
  // No extension of a report: the format's is added.
  dialog.fileEdit()->clear();
  QTest::keyClicks(dialog.fileEdit(), m_dir.filePath(s("review.v2")));
  QCOMPARE(dialog.format(), ReportFormat::Pdf);
  QCOMPARE(dialog.outputPath(), m_dir.filePath(s("review.v2.pdf")));
  dialog.fileEdit()->clear();
  QVERIFY(!dialog.exportButton()->isEnabled());
  QCOMPARE(dialog.problem(), s("Choose the file to write."));
}

void TstExportReportDialog::exportsChosenSectionsBeforeAfterAsHtml() {
  auto dialog = openDialog(m_dir.filePath(s("unused.html")));
  QVERIFY(dialog);
  dialog->titleEdit()->setText(s("Stock <query> fixed"));
  dialog->sectionBox(ReportSection::Flame)->setChecked(false);
  dialog->sectionBox(ReportSection::Appendix)->setChecked(false);
  QVERIFY(dialog->selectSides(s("1"), s("2")));
  QVERIFY(waitForPreview(*dialog));

  const QString out = m_dir.filePath(s("before-after.html"));
  dialog->fileEdit()->setText(out);
  QSignalSpy finished(dialog.get(), &ExportReportDialog::exportFinished);
  dialog->startExport();
  // Busy while the worker writes, Export not to be pressed twice.
  QVERIFY(dialog->busyBar()->isVisibleTo(dialog.get()));
  QVERIFY(!dialog->exportButton()->isEnabled());
  QVERIFY(finished.wait(kWaitMs));
  QCOMPARE(finished.first().first().toBool(), true);
  QVERIFY(!dialog->busyBar()->isVisibleTo(dialog.get()));
  QVERIFY(dialog->exportButton()->isEnabled());
  QVERIFY2(dialog->messageLabel()->text().startsWith(s("Wrote ") + out),
           qPrintable(dialog->messageLabel()->text()));
  QCOMPARE(dialog->messageLabel()->property("error").toBool(), false);

  const QString html = QString::fromUtf8(readAll(out));
  QVERIFY(html.startsWith(s("<!DOCTYPE html>")));
  QVERIFY(html.contains(s("<h1>Stock &lt;query&gt; fixed</h1>")));
  QVERIFY(html.contains(s("<h2>Verdict: before → after</h2>")));
  QVERIFY(html.contains(s("<h2>Findings (")));
  for (ReportSection chosen : {ReportSection::Cover, ReportSection::Kpis, ReportSection::Findings})
    QVERIFY(html.contains(s("id=\"%1\"").arg(QLatin1String(reportSectionName(chosen)))));
  for (ReportSection left : {ReportSection::Flame, ReportSection::Appendix})
    QVERIFY(!html.contains(s("id=\"%1\"").arg(QLatin1String(reportSectionName(left)))));
  QVERIFY(!html.contains(s("Differential flame graph")));
  QVERIFY(!html.contains(s("<h2>Appendix</h2>")));
  // Each side diagnosed on its own: the slow run's findings are gone after.
  QVERIFY(html.contains(s("<span class=\"rule\">slow-query</span>")));
  QVERIFY(html.contains(s("gone after")));
  // The sources by name on the cover.
  QVERIFY(html.contains(s("before.otlp.json")));
  QVERIFY(html.contains(s("after.otlp.json")));
}

void TstExportReportDialog::exportsPdf() {
  auto dialog = openDialog(m_dir.filePath(s("unused.html")));
  QVERIFY(dialog);
  QVERIFY(dialog->selectSides(s("before.otlp.json"), s("after.otlp.json")));
  dialog->formatBox()->setCurrentIndex(1);
  QCOMPARE(dialog->fileEdit()->text(), m_dir.filePath(s("unused.pdf")));
  const QString out = m_dir.filePath(s("before-after.pdf"));
  QVERIFY(exportTo(*dialog, out));
  const QByteArray pdf = readAll(out);
  QVERIFY(pdf.startsWith("%PDF-1."));
  QVERIFY2(pdf.size() > 20000, qPrintable(QString::number(pdf.size())));
  QVERIFY(pdf.trimmed().endsWith("%%EOF"));
  // The findings attached (an incremental update after the pages).
  QVERIFY(pdf.contains("findings.json"));
  QVERIFY(pdf.contains("{\"findings\":[{\"rule\":\"slow-"));
  QVERIFY(dialog->messageLabel()->text().contains(s("2 sources")));
  // Replaced as a whole when written again.
  QVERIFY(exportTo(*dialog, out));
  QVERIFY(readAll(out).startsWith("%PDF-1."));
}

void TstExportReportDialog::unwritableFileIsSaidInTheDialog() {
  auto dialog = openDialog(m_dir.filePath(s("unused.html")));
  QVERIFY(dialog);
  const QString out = m_dir.filePath(s("no/such/folder/report.html"));
  QVERIFY(!exportTo(*dialog, out));
  const QString message = dialog->messageLabel()->text();
  QVERIFY2(message.startsWith(s("Not written: cannot write ") + out), qPrintable(message));
  QCOMPARE(dialog->messageLabel()->property("error").toBool(), true);
  QVERIFY(!QFile::exists(out));
  QVERIFY(!QFile::exists(m_dir.filePath(s("no"))));
  QVERIFY(dialog->isVisible());
  QVERIFY(dialog->exportButton()->isEnabled());
  // A PDF the same.
  QVERIFY(!exportTo(*dialog, m_dir.filePath(s("no/such/folder/report.pdf"))));
  QVERIFY(dialog->messageLabel()->text().startsWith(s("Not written: cannot write ")));
}

void TstExportReportDialog::noSectionNoExport() {
  auto dialog = openDialog(m_dir.filePath(s("none.html")));
  QVERIFY(dialog);
  for (ReportSection section : allReportSections())
    dialog->sectionBox(section)->setChecked(false);
  QTRY_COMPARE_WITH_TIMEOUT(dialog->previewLabel()->text(), s("Choose at least one section."),
                            kWaitMs);
  QVERIFY(!dialog->exportButton()->isEnabled());
  QCOMPARE(dialog->problem(), s("Choose at least one section."));
  QSignalSpy finished(dialog.get(), &ExportReportDialog::exportFinished);
  dialog->startExport();
  QCOMPARE(finished.size(), 1);
  QCOMPARE(finished.first().first().toBool(), false);
  QVERIFY(!QFile::exists(m_dir.filePath(s("none.html"))));
}

void TstExportReportDialog::mainWindowOpensTheDialog() {
  RecentFiles recent{QStringList()};
  MainWindow window(&recent);
  QAction* action = nullptr;
  for (QAction* item : window.menuBar()->actions().first()->menu()->actions()) {
    if (item->text() == s("Export &Report…"))
      action = item;
  }
  QVERIFY(action);
  QVERIFY(!action->isEnabled());
  QVERIFY(!window.showExportReportDialog());
  QVERIFY(window.openWorkspace(m_workspace));
  QVERIFY(action->isEnabled());
  action->trigger();
  auto* dialog = window.findChild<ExportReportDialog*>();
  QVERIFY(dialog);
  QVERIFY(dialog->isVisible());
  // Proposed next to the workspace, named after it.
  QCOMPARE(dialog->outputPath(), m_dir.filePath(s("shop-report.html")));
  QCOMPARE(dialog->request().workspacePath, m_workspace);
  QSignalSpy listed(dialog, &ExportReportDialog::sourcesListed);
  QVERIFY(listed.wait(kWaitMs));
  QCOMPARE(listed.first().first().toInt(), 2);
  QVERIFY(waitForPreview(*dialog));
  // Closed, it is gone (deleted on close).
  QPointer<ExportReportDialog> guard(dialog);
  dialog->close();
  QTRY_VERIFY(guard.isNull());
}

// `sightline --screenshot OUT.png --view report-export --baseline B --target T FILE…`: the
// files imported, the dialog before → after with its preview, grabbed alone.
void TstExportReportDialog::screenshotRunGrabsTheDialog() {
  GuiOptions options;
  options.files = {m_dir.filePath(s("before.otlp.json")), m_dir.filePath(s("after.otlp.json"))};
  options.screenshotPath = m_dir.filePath(s("report-export.png"));
  options.view = s("report-export");
  QVERIFY(isGuiView(options.view));
  options.baseline = s("before.otlp.json");
  options.target = s("after.otlp.json");
  QCOMPARE(runGui(*qApp, options), 0);
  const QImage image(options.screenshotPath);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), QSize(1180, 820));
  QVERIFY(inkedPixels(image) > 100000);
  // Sides the workspace does not have: said, and the run fails.
  options.target = s("missing.otlp.json");
  QCOMPARE(runGui(*qApp, options), 1);
}

QTEST_MAIN(TstExportReportDialog)
#include "tst_export_report_dialog.moc"
