#include "ui/report/export/export_report_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTimer>

#include "model/text/byte_size_text.h"
#include "ui/report/export/report_pages_view.h"

namespace sightline {

namespace {

// The preview shows the PDF's first pages as the PDF writer lays them out and its painters
// draw them. (A QTextBrowser showing the HTML report would not do: it renders a subset of
// HTML, without the stylesheet's layout or the inline SVG figures.) The pages are rendered
// this wide, and scaled down to the pane smoothly.
constexpr int kPreviewPages = 4;
constexpr int kPreviewWidth = 900;
// Typing a title or ticking sections in a row lays the preview out once.
constexpr int kPreviewDelayMs = 300;
// Where a source's path is kept in the before/after boxes (the item data is its id).
constexpr int kPathRole = Qt::UserRole + 1;

}  // namespace

ExportReportDialog::ExportReportDialog(const QString& workspacePath, const QString& file,
                                       QWidget* parent)
    : QDialog(parent),
      m_workspacePath(workspacePath),
      m_previewTimer(new QTimer(this)),
      m_file(new QLineEdit(file)),
      m_browse(new QPushButton(tr("Browse…"))),
      m_format(new QComboBox),
      m_title(new QLineEdit),
      m_whole(new QRadioButton(tr("Whole workspace"))),
      m_beforeAfter(new QRadioButton(tr("Before → after, one trace source on another"))),
      m_baseline(new QComboBox),
      m_target(new QComboBox),
      m_previewLabel(new QLabel),
      m_pages(new ReportPagesView),
      m_busy(new QProgressBar),
      m_message(new QLabel),
      m_export(new QPushButton(tr("Export"))) {
  setWindowTitle(tr("Export Report"));
  m_format->addItem(tr("HTML: one self-contained file"), static_cast<int>(ReportFormat::Html));
  m_format->addItem(tr("PDF: A4 pages, findings.json attached"),
                    static_cast<int>(ReportFormat::Pdf));
  m_format->setCurrentIndex(reportFormatOf(file) == ReportFormat::Pdf ? 1 : 0);
  for (ReportSection section : allReportSections()) {
    auto* box = new QCheckBox(reportSectionLabel(section));
    box->setObjectName(QLatin1String(reportSectionName(section)));
    box->setChecked(true);
    m_sections[section] = box;
    connect(box, &QCheckBox::toggled, this, &ExportReportDialog::optionsChanged);
  }
  m_whole->setChecked(true);
  m_previewTimer->setSingleShot(true);
  m_previewTimer->setInterval(kPreviewDelayMs);
  buildLayout();

  connect(m_previewTimer, &QTimer::timeout, this, &ExportReportDialog::requestPreview);
  connect(m_browse, &QPushButton::clicked, this, &ExportReportDialog::chooseFile);
  connect(m_file, &QLineEdit::textChanged, this, &ExportReportDialog::onFileChanged);
  connect(m_format, &QComboBox::currentIndexChanged, this, &ExportReportDialog::onFormatChosen);
  connect(m_title, &QLineEdit::textChanged, this, &ExportReportDialog::optionsChanged);
  connect(m_whole, &QRadioButton::toggled, this, &ExportReportDialog::optionsChanged);
  for (QComboBox* box : {m_baseline, m_target})
    connect(box, &QComboBox::currentIndexChanged, this, &ExportReportDialog::optionsChanged);
  connect(m_export, &QPushButton::clicked, this, &ExportReportDialog::startExport);

  listSources();
  optionsChanged();
}

ExportReportDialog::~ExportReportDialog() = default;

ReportFormat ExportReportDialog::format() const {
  return static_cast<ReportFormat>(m_format->currentData().toInt());
}

ReportRequest ExportReportDialog::request() const {
  ReportRequest request;
  request.workspacePath = m_workspacePath;
  request.title = m_title->text().trimmed();
  for (const auto& [section, box] : m_sections) {
    if (box->isChecked())
      request.sections.insert(section);
  }
  if (m_beforeAfter->isChecked()) {
    request.baseline = m_baseline->currentData().toString();
    request.target = m_target->currentData().toString();
  }
  return request;
}

QString ExportReportDialog::outputPath() const {
  const QString path = m_file->text().trimmed();
  if (path.isEmpty() || reportFormatOf(path))
    return path;
  return withReportFormat(path, format());
}

QString ExportReportDialog::contentProblem() const {
  if (request().sections.empty())
    return tr("Choose at least one section.");
  if (!m_beforeAfter->isChecked())
    return {};
  if (!m_sourcesListed)
    return tr("Listing the workspace's trace sources…");
  if (m_baseline->count() < 2) {
    return tr("Before → after needs two trace sources; the workspace has %1.")
        .arg(m_baseline->count());
  }
  if (m_baseline->currentData() == m_target->currentData())
    return tr("Before and after are the same source.");
  return {};
}

QString ExportReportDialog::problem() const {
  if (outputPath().isEmpty())
    return tr("Choose the file to write.");
  return contentProblem();
}

bool ExportReportDialog::isPreviewCurrent() const {
  const ReportRequest now = request();
  const ReportRequest& shown = m_preview.request;
  return !m_previewWaiting && shown.workspacePath == now.workspacePath &&
         shown.title == now.title && shown.sections == now.sections &&
         shown.baseline == now.baseline && shown.target == now.target;
}

bool ExportReportDialog::selectSides(const QString& baseline, const QString& target) {
  const auto find = [](const QComboBox* box, const QString& side) {
    for (int row = 0; row < box->count(); ++row) {
      const QString path = box->itemData(row, kPathRole).toString();
      if (box->itemData(row).toString() == side || path == side ||
          QFileInfo(path).fileName() == side)
        return row;
    }
    return -1;
  };
  const int before = find(m_baseline, baseline);
  const int after = find(m_target, target);
  if (before < 0 || after < 0)
    return false;
  m_beforeAfter->setChecked(true);
  m_baseline->setCurrentIndex(before);
  m_target->setCurrentIndex(after);
  return true;
}

void ExportReportDialog::listSources() {
  m_listJob.run(
      this, [path = m_workspacePath] { return listReportSources(path); },
      [this](const ReportSourceList& list) { onSourcesListed(list); });
}

void ExportReportDialog::onSourcesListed(const ReportSourceList& list) {
  m_sourcesListed = true;
  if (!list.error.isEmpty())
    showMessage(list.error, true);
  for (QComboBox* box : {m_baseline, m_target}) {
    const QSignalBlocker blocker(box);
    box->clear();
    for (const CompareSourceChoice& source : list.sources) {
      const QString path = QString::fromStdString(source.path);
      box->addItem(QStringLiteral("%1  %2").arg(source.id).arg(QFileInfo(path).fileName()),
                   QString::number(source.id));
      box->setItemData(box->count() - 1, path, kPathRole);
      box->setItemData(box->count() - 1, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    // The first source before, the last after: two runs, in the order they were imported.
    box->setCurrentIndex(box == m_baseline ? 0 : box->count() - 1);
  }
  const bool two = list.sources.size() >= 2;
  m_beforeAfter->setEnabled(two);
  m_beforeAfter->setToolTip(
      two ? QString()
          : tr("Needs two trace sources; the workspace has %1.").arg(list.sources.size()));
  emit sourcesListed(static_cast<int>(list.sources.size()));
  optionsChanged();
}

void ExportReportDialog::chooseFile() {
  const QString html = tr("HTML report (*.html *.htm)");
  const QString pdf = tr("PDF report (*.pdf)");
  QString filter = format() == ReportFormat::Pdf ? pdf : html;
  const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Report"), outputPath(),
                                                      html + QStringLiteral(";;") + pdf, &filter);
  if (chosen.isEmpty())
    return;
  const ReportFormat chosenFormat =
      reportFormatOf(chosen).value_or(filter == pdf ? ReportFormat::Pdf : ReportFormat::Html);
  m_file->setText(withReportFormat(chosen, chosenFormat));
}

void ExportReportDialog::onFileChanged(const QString& text) {
  // The format follows the extension typed; the format box, when chosen, fixes the extension.
  if (const std::optional<ReportFormat> typed = reportFormatOf(text.trimmed())) {
    const QSignalBlocker blocker(m_format);
    m_format->setCurrentIndex(m_format->findData(static_cast<int>(*typed)));
  }
  updateState();
}

void ExportReportDialog::onFormatChosen() {
  if (!m_file->text().trimmed().isEmpty())
    m_file->setText(withReportFormat(m_file->text().trimmed(), format()));
  updateState();
}

void ExportReportDialog::optionsChanged() {
  m_baseline->setEnabled(m_beforeAfter->isChecked());
  m_target->setEnabled(m_beforeAfter->isChecked());
  schedulePreview();
  updateState();
}

void ExportReportDialog::schedulePreview() {
  m_previewWaiting = true;
  m_previewTimer->start();
}

void ExportReportDialog::requestPreview() {
  const QString why = contentProblem();
  if (!why.isEmpty()) {
    m_previewJob.invalidate();
    m_previewWaiting = false;
    m_pages->setPages({});
    m_previewLabel->setText(why);
    updateState();
    emit previewShown();
    return;
  }
  m_previewWaiting = true;
  m_previewLabel->setText(tr("Laying out the preview…"));
  m_previewJob.run(
      this,
      [request = request(), previous = m_preview, ratio = devicePixelRatioF()] {
        return previewReport(request, previous, kPreviewPages, kPreviewWidth, ratio);
      },
      [this](const ReportPreview& preview) { onPreview(preview); });
  updateState();
}

void ExportReportDialog::onPreview(const ReportPreview& preview) {
  m_preview = preview;
  // Options changed since this one was asked for: a newer preview is on its way.
  m_previewWaiting = m_previewTimer->isActive();
  if (!preview.error.isEmpty()) {
    m_pages->setPages({});
    m_previewLabel->setText(tr("No preview: %1").arg(preview.error));
  } else {
    const int shown = static_cast<int>(preview.pages.pages.size());
    const int count = preview.pages.pageCount;
    m_pages->setPages(preview.pages.pages);
    m_previewLabel->setText(
        (shown < count ? tr("Preview: pages 1–%1 of %2").arg(shown).arg(count)
                       : (count == 1 ? tr("Preview: the one page")
                                     : tr("Preview: all %1 pages").arg(count))) +
        tr(", as the PDF lays them out. An HTML file has the same sections on one page."));
  }
  updateState();
  emit previewShown();
}

void ExportReportDialog::startExport() {
  const QString why = problem();
  if (!why.isEmpty() || m_exportJob.isRunning()) {
    if (!why.isEmpty())
      showMessage(why, true);
    emit exportFinished(false);
    return;
  }
  const QString path = outputPath();
  m_file->setText(path);
  showMessage(tr("Writing %1…").arg(QDir::toNativeSeparators(path)), false);
  m_exportJob.run(
      this, [request = request(), path] { return exportReport(request, path); },
      [this](const ReportExport& result) { onExported(result); });
  updateState();
}

void ExportReportDialog::onExported(const ReportExport& result) {
  const QString path = QDir::toNativeSeparators(result.path);
  if (!result.error.isEmpty()) {
    showMessage(tr("Not written: %1").arg(result.error), true);
  } else {
    showMessage(tr("Wrote %1 (%2): %3 sources, %4 endpoints, %5 findings, in %6 ms.")
                    .arg(path, formatFileSize(static_cast<std::uint64_t>(result.bytes)))
                    .arg(result.sources)
                    .arg(result.endpoints)
                    .arg(result.findings)
                    .arg(result.elapsedMs),
                false);
  }
  updateState();
  emit exportFinished(result.error.isEmpty());
}

void ExportReportDialog::showMessage(const QString& text, bool error) {
  m_message->setText(text);
  m_message->setStyleSheet(error ? QStringLiteral("color: #b71c1c") : QString());
  m_message->setProperty("error", error);
}

void ExportReportDialog::updateState() {
  const QString why = problem();
  m_export->setEnabled(why.isEmpty() && !m_exportJob.isRunning());
  m_export->setToolTip(why);
  m_busy->setVisible(isBusy());
}

}  // namespace sightline
