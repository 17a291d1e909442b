#pragma once

#include <QDialog>
#include <QString>
#include <cstdint>
#include <map>
#include <vector>

#include "ui/report/export/report_export_job.h"
#include "ui/report/export/report_file.h"
#include "ui/widgets/latest_job.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QScrollArea;
class QTimer;

namespace sightline {

class ReportPagesView;

// File › Export report…: the review report of a workspace (what `sightline report` writes) to
// an HTML or a PDF file, with its title, sections and sides (the whole workspace, or one trace
// source before → another after), and a preview of its first pages. The workspace is read
// and the file written on the thread pool (each job on its own read-only connection); only
// the newest preview is shown, errors are said in the dialog.
class ExportReportDialog : public QDialog {
  Q_OBJECT
 public:
  // `file`: the file proposed; its extension picks the format.
  ExportReportDialog(const QString& workspacePath, const QString& file, QWidget* parent = nullptr);
  ~ExportReportDialog() override;

  // The report the options ask for (no sides for the whole workspace).
  ReportRequest request() const;
  // The file Export writes: the path typed, with the format's extension when it has neither
  // .html nor .pdf.
  QString outputPath() const;
  ReportFormat format() const;
  // Why Export cannot run now (no file, no section, a side missing), or empty.
  QString problem() const;
  // Before → after with the sources named by id, path or file name (as a compare side);
  // false when one is not listed.
  bool selectSides(const QString& baseline, const QString& target);
  // Starts writing the file (Export); exportFinished follows.
  void startExport();
  // Waiting for the sources, the newest preview or an export.
  bool isBusy() const {
    return m_listJob.isRunning() || m_previewWaiting || m_exportJob.isRunning();
  }
  const ReportPreview& preview() const { return m_preview; }
  // The preview on screen answers the options as they are (nothing newer is on its way).
  bool isPreviewCurrent() const;

  QLineEdit* fileEdit() const { return m_file; }
  QPushButton* browseButton() const { return m_browse; }
  QComboBox* formatBox() const { return m_format; }
  QLineEdit* titleEdit() const { return m_title; }
  QCheckBox* sectionBox(ReportSection section) const { return m_sections.at(section); }
  QRadioButton* wholeWorkspaceButton() const { return m_whole; }
  QRadioButton* beforeAfterButton() const { return m_beforeAfter; }
  QComboBox* baselineBox() const { return m_baseline; }
  QComboBox* targetBox() const { return m_target; }
  QPushButton* exportButton() const { return m_export; }
  QLabel* messageLabel() const { return m_message; }
  QLabel* previewLabel() const { return m_previewLabel; }
  ReportPagesView* pagesView() const { return m_pages; }
  QProgressBar* busyBar() const { return m_busy; }

 signals:
  // The workspace's trace sources are in the before/after boxes.
  void sourcesListed(int count);
  // A preview (or why there is none) is on screen.
  void previewShown();
  // An export ended; the message label says where to or why not.
  void exportFinished(bool written);

 private:
  void buildLayout();
  void listSources();
  void onSourcesListed(const ReportSourceList& list);
  void chooseFile();
  void onFileChanged(const QString& text);
  void onFormatChosen();
  void optionsChanged();
  void schedulePreview();
  void requestPreview();
  void onPreview(const ReportPreview& preview);
  void onExported(const ReportExport& result);
  void showMessage(const QString& text, bool error);
  void updateState();
  // Why no report can be made of the options (sections, sides), or empty.
  QString contentProblem() const;

  QString m_workspacePath;
  LatestJob m_listJob;
  LatestJob m_previewJob;
  LatestJob m_exportJob;
  ReportPreview m_preview;
  bool m_sourcesListed = false;
  bool m_previewWaiting = false;  // a preview was asked for and has not been shown
  QTimer* m_previewTimer = nullptr;

  QLineEdit* m_file = nullptr;
  QPushButton* m_browse = nullptr;
  QComboBox* m_format = nullptr;
  QLineEdit* m_title = nullptr;
  std::map<ReportSection, QCheckBox*> m_sections;
  QRadioButton* m_whole = nullptr;
  QRadioButton* m_beforeAfter = nullptr;
  QComboBox* m_baseline = nullptr;
  QComboBox* m_target = nullptr;
  QLabel* m_previewLabel = nullptr;
  QScrollArea* m_previewArea = nullptr;
  ReportPagesView* m_pages = nullptr;
  QProgressBar* m_busy = nullptr;
  QLabel* m_message = nullptr;
  QPushButton* m_export = nullptr;
};

}  // namespace sightline
