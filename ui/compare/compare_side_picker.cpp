#include "ui/compare/compare_side_picker.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStackedWidget>

namespace sightline {

namespace {

const QString kSourcePrefix = QStringLiteral("source:");

}  // namespace

CompareSidePicker::CompareSidePicker(const QString& title, QWidget* parent)
    : QWidget(parent),
      m_mode(new QComboBox),
      m_stack(new QStackedWidget),
      m_range(new QLineEdit),
      m_source(new QComboBox) {
  m_mode->addItem(tr("Time range"));
  m_mode->addItem(tr("Source"));
  m_range->setPlaceholderText(tr("2026-11-20T14:00Z..2026-11-20T14:03Z, first 5m, last 5m"));
  m_range->setClearButtonEnabled(true);
  m_range->setToolTip(
      tr("FROM..TO: the traces starting in [FROM, TO). Each end an ISO 8601 time with a zone "
         "(2026-11-20T14:00Z, 2026-11-20T15:00+01:00) or Unix nanoseconds; an end left out is "
         "the start or end of the data.\n'first 5m' / 'last 5m': the first / last five minutes "
         "of the data.\nA source id or file name works too."));
  m_source->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_source->setMinimumContentsLength(24);
  m_stack->addWidget(m_range);
  m_stack->addWidget(m_source);
  m_stack->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* label = new QLabel(title);
  label->setStyleSheet(QStringLiteral("font-weight: bold"));
  layout->addWidget(label);
  layout->addWidget(m_mode);
  layout->addWidget(m_stack, 1);

  connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
    m_stack->setCurrentIndex(index);
    updateProblem();
    emit submitted();
  });
  connect(m_range, &QLineEdit::textChanged, this, [this] { updateProblem(); });
  connect(m_range, &QLineEdit::returnPressed, this, &CompareSidePicker::submitted);
  connect(m_source, &QComboBox::activated, this, &CompareSidePicker::submitted);
}

void CompareSidePicker::setSources(const std::vector<CompareSourceChoice>& sources) {
  const QString current = m_source->currentData().toString();
  m_source->clear();
  for (const CompareSourceChoice& source : sources) {
    const QString path = QString::fromStdString(source.path);
    m_source->addItem(QStringLiteral("%1  %2").arg(source.id).arg(QFileInfo(path).fileName()),
                      QString(kSourcePrefix + QString::number(source.id)));
    m_source->setItemData(m_source->count() - 1, path, Qt::ToolTipRole);
  }
  const int row = m_source->findData(current);
  if (row >= 0)
    m_source->setCurrentIndex(row);
  updateProblem();
}

CompareSidePicker::Mode CompareSidePicker::mode() const {
  return m_mode->currentIndex() == 1 ? Mode::Source : Mode::Range;
}

QString CompareSidePicker::sideText() const {
  return mode() == Mode::Source ? m_source->currentData().toString() : m_range->text().trimmed();
}

void CompareSidePicker::setSideText(const QString& text) {
  const int row = m_source->findData(text);
  if (text.startsWith(kSourcePrefix) && row >= 0) {
    m_source->setCurrentIndex(row);
    m_mode->setCurrentIndex(1);
  } else {
    m_range->setText(text);
    m_mode->setCurrentIndex(0);
  }
  updateProblem();
}

QString CompareSidePicker::problem() const {
  if (mode() == Mode::Source)
    return m_source->count() == 0 ? tr("The workspace has no trace source.") : QString();
  std::string error;
  if (!parseCompareSide(m_range->text().toStdString(), &error))
    return QString::fromStdString(error);
  return {};
}

void CompareSidePicker::updateProblem() {
  const QString problem =
      mode() == Mode::Range && !m_range->text().isEmpty() ? this->problem() : QString();
  // A red frame while the text is not a side; the reason in the tooltip of the box.
  m_range->setStyleSheet(problem.isEmpty() ? QString()
                                           : QStringLiteral("QLineEdit { border: 1px solid "
                                                            "#c62828; }"));
  m_range->setProperty("problem", problem);
  m_stack->setToolTip(problem);
}

}  // namespace sightline
