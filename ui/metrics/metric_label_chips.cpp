#include "ui/metrics/metric_label_chips.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QLayoutItem>
#include <QLineEdit>
#include <QToolButton>

namespace sightline {

namespace {

constexpr char kStandInName[] = "sightline_chip";

const char* opText(LabelMatcher::Op op) {
  switch (op) {
    case LabelMatcher::Op::Equal:
      return "=";
    case LabelMatcher::Op::NotEqual:
      return "!=";
    case LabelMatcher::Op::Regex:
      return "=~";
    case LabelMatcher::Op::NotRegex:
      return "!~";
  }
  return "=";
}

QString quoted(const std::string& value) {
  QString text = QString::fromStdString(value);
  text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
  text.replace(QLatin1Char('"'), QStringLiteral("\\\""));
  text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
  return QLatin1Char('"') + text + QLatin1Char('"');
}

}  // namespace

std::optional<std::vector<LabelMatcher>> parseLabelChips(const QString& input, QString* error) {
  QString text = input.trimmed();
  if (text.isEmpty()) {
    if (error)
      *error = QObject::tr("empty filter");
    return std::nullopt;
  }
  // Bare matchers (job="api") are a selector without its braces; a bare word is a name.
  const bool hasOperator = text.contains(QLatin1Char('=')) || text.contains(QLatin1Char('~'));
  if (!text.contains(QLatin1Char('{')) && hasOperator)
    text = QLatin1Char('{') + text + QLatin1Char('}');
  // PromQL rejects a selector whose matchers all match the empty string (code!="200"); a
  // chip narrows one family's series, where that is fine, so a stand-in name satisfies the
  // rule and is dropped again.
  const bool named = !text.startsWith(QLatin1Char('{'));
  if (!named)
    text.prepend(QLatin1String(kStandInName));
  Status status;
  auto selector = parseSeriesSelector(text.toStdString(), &status);
  if (!selector) {
    if (error)
      *error = QString::fromStdString(status.message());
    return std::nullopt;
  }
  if (!named)
    selector->metricName.clear();
  std::vector<LabelMatcher> matchers;
  if (!selector->metricName.empty())
    matchers.push_back({"__name__", LabelMatcher::Op::Equal, selector->metricName});
  matchers.insert(matchers.end(), selector->matchers.begin(), selector->matchers.end());
  if (matchers.empty()) {
    if (error)
      *error = QObject::tr("no label matcher");
    return std::nullopt;
  }
  return matchers;
}

QString chipText(const LabelMatcher& matcher) {
  return QString::fromStdString(matcher.name) + QLatin1String(opText(matcher.op)) +
         quoted(matcher.value);
}

MetricLabelChips::MetricLabelChips(QWidget* parent)
    : QWidget(parent), m_chipLayout(new QHBoxLayout), m_edit(new QLineEdit), m_error(new QLabel) {
  m_edit->setPlaceholderText(tr("Filter series: job=\"api\", route=~\"/api/.*\" — Enter adds"));
  m_edit->setClearButtonEnabled(true);
  m_edit->setToolTip(
      tr("PromQL label matchers (=, !=, =~, !~; regexes are anchored). Each chip narrows the "
         "series table and the chart; double-click a label cell to add it."));
  m_error->setStyleSheet(QStringLiteral("color: #c62828"));
  m_error->hide();
  m_chipLayout->setContentsMargins(0, 0, 0, 0);
  m_chipLayout->setSpacing(4);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(m_chipLayout);
  layout->addWidget(m_edit, 1);
  layout->addWidget(m_error);
  connect(m_edit, &QLineEdit::returnPressed, this, [this] {
    if (addChips(m_edit->text()))
      m_edit->clear();
  });
  connect(m_edit, &QLineEdit::textChanged, m_error, &QLabel::hide);
}

QString MetricLabelChips::errorText() const {
  return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

bool MetricLabelChips::addChips(const QString& text) {
  QString error;
  const auto parsed = parseLabelChips(text, &error);
  if (!parsed) {
    m_error->setText(error);
    m_error->show();
    return false;
  }
  m_error->hide();
  for (const LabelMatcher& matcher : *parsed) {
    const bool known =
        std::any_of(m_matchers.begin(), m_matchers.end(), [&](const LabelMatcher& m) {
          return m.name == matcher.name && m.op == matcher.op && m.value == matcher.value;
        });
    if (!known)
      m_matchers.push_back(matcher);
  }
  rebuildChips();
  emit matchersChanged(m_matchers);
  return true;
}

void MetricLabelChips::removeChip(int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= m_matchers.size())
    return;
  m_matchers.erase(m_matchers.begin() + index);
  rebuildChips();
  emit matchersChanged(m_matchers);
}

void MetricLabelChips::clear() {
  if (m_matchers.empty())
    return;
  m_matchers.clear();
  rebuildChips();
  emit matchersChanged(m_matchers);
}

void MetricLabelChips::rebuildChips() {
  while (QLayoutItem* item = m_chipLayout->takeAt(0)) {
    // A chip may be removing itself from its own clicked signal: delete it later.
    if (QWidget* widget = item->widget()) {
      widget->hide();
      widget->deleteLater();
    }
    delete item;
  }
  for (std::size_t i = 0; i < m_matchers.size(); ++i) {
    auto* chip = new QToolButton;
    chip->setText(chipText(m_matchers[i]) + QStringLiteral("  ✕"));
    chip->setToolTip(tr("Remove this filter"));
    chip->setAutoRaise(false);
    chip->setStyleSheet(
        QStringLiteral("QToolButton { border: 1px solid #90a4ae; border-radius: 9px; "
                       "padding: 1px 8px; background: #eceff1; }"));
    const int index = static_cast<int>(i);
    connect(chip, &QToolButton::clicked, this, [this, index] { removeChip(index); });
    m_chipLayout->addWidget(chip);
  }
}

}  // namespace sightline
