#include "ui/debt/debt_thresholds_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sightline {

namespace {

// One field: its label, the member it edits, its range and unit, and how the member maps to
// what the field shows (shares are edited as percentages).
struct FieldSpec {
  const char* label;
  double DebtThresholds::*member;
  double maximum;
  const char* suffix;
  double scale;  // shown = member × scale
  int decimals;
};

const std::vector<FieldSpec>& specs() {
  static const std::vector<FieldSpec> kSpecs = {
      {"Coverage at least", &DebtThresholds::minCoverage, 100, " %", 1, 1},
      {"Duplicated lines at most", &DebtThresholds::maxDuplication, 100, " %", 1, 1},
      {"Vulnerabilities per 1,000 lines at most", &DebtThresholds::maxVulnerabilityDensity, 1000,
       "", 1, 2},
      {"Code smells per 1,000 lines at most", &DebtThresholds::maxCodeSmellsPerKloc, 100000, "", 1,
       1},
      {"Debt minutes per 1,000 lines at most", &DebtThresholds::maxDebtMinutesPerKloc, 1000000,
       " min", 1, 0},
      {"Commits in the churn window at most", &DebtThresholds::maxChurn, 100000, "", 1, 0},
      {"p99 budget", &DebtThresholds::p99BudgetMs, 3600000, " ms", 1, 0},
      {"Error rate at most", &DebtThresholds::maxErrorRate, 100, " %", 100, 2},
      {"Critical-path share at most", &DebtThresholds::maxCriticalPathShare, 100, " %", 100, 1},
      {"CPU share at most", &DebtThresholds::maxCpuShare, 100, " %", 100, 1},
      {"High or critical findings at most", &DebtThresholds::maxFindings, 100000, "", 1, 0},
      {"Amber band: within", &DebtThresholds::warnMargin, 100, " % of the threshold", 100, 0},
  };
  return kSpecs;
}

}  // namespace

DebtThresholdsDialog::DebtThresholdsDialog(const DebtThresholds& thresholds, QWidget* parent)
    : QDialog(parent), m_saveNote(new QLabel) {
  setWindowTitle(tr("Heatmap thresholds"));
  auto* form = new QFormLayout;
  for (const FieldSpec& spec : specs()) {
    auto* field = new QDoubleSpinBox;
    field->setDecimals(spec.decimals);
    field->setRange(0, spec.maximum);
    field->setSuffix(QString::fromUtf8(spec.suffix));
    field->setAccelerated(true);
    field->setMinimumWidth(160);
    form->addRow(tr(spec.label), field);
    m_fields.push_back(field);
  }
  setThresholds(thresholds);
  for (QDoubleSpinBox* field : m_fields) {
    connect(field, &QDoubleSpinBox::valueChanged, this,
            [this] { emit thresholdsEdited(this->thresholds()); });
  }

  auto* note = new QLabel(
      tr("Red past a threshold, amber near it, green within it. The defaults are SonarQube's "
         "\"Sonar way\" quality gate (coverage ≥ 80 %, duplication ≤ 3 %, no vulnerabilities) "
         "and the diagnosis rules' budgets."));
  note->setWordWrap(true);
  m_saveNote->setWordWrap(true);
  setReadOnly(false);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  QPushButton* defaults = buttons->addButton(tr("Sonar way defaults"), QDialogButtonBox::ResetRole);
  connect(defaults, &QPushButton::clicked, this, [this] { setThresholds(DebtThresholds{}); });
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(note);
  layout->addLayout(form);
  layout->addWidget(m_saveNote);
  layout->addWidget(buttons);
}

void DebtThresholdsDialog::setReadOnly(bool readOnly) {
  m_saveNote->setText(
      readOnly ? tr("This workspace is open read-only: the thresholds cannot be saved in it. OK "
                    "recolours the heatmap for this session only.")
               : tr("OK saves the thresholds in the workspace: the heatmap uses them the next "
                    "time it is opened, and so does <code>sightline debt</code>."));
}

DebtThresholds DebtThresholdsDialog::thresholds() const {
  DebtThresholds thresholds;
  for (std::size_t i = 0; i < specs().size(); ++i)
    thresholds.*(specs()[i].member) = m_fields[i]->value() / specs()[i].scale;
  return thresholds;
}

void DebtThresholdsDialog::setThresholds(const DebtThresholds& thresholds) {
  for (std::size_t i = 0; i < specs().size(); ++i)
    m_fields[i]->setValue(thresholds.*(specs()[i].member) * specs()[i].scale);
}

}  // namespace sightline
