// The export dialog's widgets and how they are arranged; behaviour is in
// export_report_dialog.cpp.
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "ui/report/export/export_report_dialog.h"
#include "ui/report/export/report_pages_view.h"

namespace sightline {

void ExportReportDialog::buildLayout() {
  m_file->setPlaceholderText(tr("report.html or report.pdf"));
  m_file->setClearButtonEnabled(true);
  m_title->setPlaceholderText(tr("Performance review"));
  m_title->setClearButtonEnabled(true);
  for (QComboBox* box : {m_baseline, m_target}) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(22);
  }

  auto* fileRow = new QHBoxLayout;
  fileRow->addWidget(m_file, 1);
  fileRow->addWidget(m_browse);
  auto* form = new QFormLayout;
  form->addRow(tr("File"), fileRow);
  form->addRow(tr("Format"), m_format);
  form->addRow(tr("Title"), m_title);

  auto* sections = new QGroupBox(tr("Sections"));
  auto* sectionList = new QVBoxLayout(sections);
  for (ReportSection section : allReportSections())
    sectionList->addWidget(m_sections.at(section));

  auto* sides = new QGroupBox(tr("What to report on"));
  auto* sideForm = new QFormLayout;
  sideForm->setContentsMargins(22, 0, 0, 0);
  sideForm->addRow(tr("Before"), m_baseline);
  sideForm->addRow(tr("After"), m_target);
  auto* sideList = new QVBoxLayout(sides);
  sideList->addWidget(m_whole);
  sideList->addWidget(m_beforeAfter);
  sideList->addLayout(sideForm);
  auto* sideNote = new QLabel(
      tr("Before → after diagnoses each source on its own and compares their endpoints and "
         "profiles, as <tt>sightline report --baseline --target</tt> does."));
  sideNote->setWordWrap(true);
  sideNote->setForegroundRole(QPalette::PlaceholderText);
  sideList->addWidget(sideNote);

  auto* options = new QWidget;
  options->setMinimumWidth(400);
  options->setMaximumWidth(460);
  auto* optionList = new QVBoxLayout(options);
  optionList->setContentsMargins(0, 0, 0, 0);
  optionList->addLayout(form);
  optionList->addWidget(sections);
  optionList->addWidget(sides);
  optionList->addStretch(1);

  m_previewLabel->setWordWrap(true);
  m_previewArea = new QScrollArea;
  m_previewArea->setWidget(m_pages);
  m_previewArea->setWidgetResizable(true);
  m_previewArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* preview = new QVBoxLayout;
  preview->addWidget(m_previewLabel);
  preview->addWidget(m_previewArea, 1);

  auto* body = new QHBoxLayout;
  body->addWidget(options);
  body->addSpacing(8);
  body->addLayout(preview, 1);

  m_busy->setRange(0, 0);
  m_busy->setTextVisible(false);
  m_busy->setMaximumWidth(90);
  m_message->setWordWrap(true);
  m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  buttons->addButton(m_export, QDialogButtonBox::ActionRole);
  m_export->setDefault(true);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(m_busy);
  bottom->addWidget(m_message, 1);
  bottom->addWidget(buttons);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(body, 1);
  layout->addLayout(bottom);
  resize(1180, 820);
}

}  // namespace sightline
