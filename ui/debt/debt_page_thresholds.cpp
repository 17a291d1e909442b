// The Tech debt page's thresholds: the workspace's own (read with the data, see
// onTableLoaded) or the page's for the session; the dialog's live preview and its OK, which
// stores them on a worker. The rest of the page is in debt_page.cpp.
#include <QLabel>

#include "ui/debt/debt_evidence_panel.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/debt_thresholds_dialog.h"
#include "ui/debt/hot_untested_model.h"

namespace sightline {

DebtThresholdsFrom DebtPage::thresholdsFrom() const {
  return m_ownThresholds ? DebtThresholdsFrom::Options : DebtThresholdsFrom::Workspace;
}

void DebtPage::setThresholds(const DebtThresholds& thresholds) {
  m_ownThresholds = true;
  applyThresholds(thresholds);
}

void DebtPage::applyThresholds(const DebtThresholds& thresholds) {
  m_thresholds = thresholds;
  m_tableModel->setThresholds(thresholds);
  m_hotModel->setThresholds(thresholds);
  m_evidence->setThresholds(thresholds);
}

void DebtPage::editThresholds() {
  const DebtThresholds before = m_thresholds;
  DebtThresholdsDialog dialog(m_thresholds, this);
  dialog.setReadOnly(m_readOnly || m_path.isEmpty());
  // The heatmap recolours while the fields change; Cancel puts the old colours back.
  connect(&dialog, &DebtThresholdsDialog::thresholdsEdited, this, &DebtPage::applyThresholds);
  if (dialog.exec() == QDialog::Accepted)
    saveThresholds(dialog.thresholds());
  else
    applyThresholds(before);
}

void DebtPage::saveThresholds(const DebtThresholds& thresholds) {
  setThresholds(thresholds);
  if (m_path.isEmpty() || m_readOnly) {
    m_thresholdsNote =
        m_path.isEmpty() ? QString()
                         : tr("thresholds for this session only: the workspace is open read-only");
    updateStatus();
    return;
  }
  m_thresholdsNote.clear();
  updateStatus();
  m_thresholdsJob.run(
      this, [path = m_path, thresholds] { return storeDebtThresholds(path, thresholds); },
      [this](const QString& error) {
        if (!error.isEmpty()) {
          // The colours stay for this session.
          m_thresholdsNote = tr("thresholds not saved: %1").arg(error);
          emit loadFailed(error);
          updateStatus();
          return;
        }
        emit thresholdsSaved();
      });
}

}  // namespace sightline
