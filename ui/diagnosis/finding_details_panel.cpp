#include "ui/diagnosis/finding_details_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "model/text/duration_text.h"
#include "ui/diagnosis/evidence_jump.h"
#include "ui/diagnosis/finding_text.h"
#include "ui/widgets/table_setup.h"

namespace sightline {

namespace {

QString escaped(const std::string& text) {
  return QString::fromStdString(text).toHtmlEscaped();
}

QString openToolTip(FindingEvidence::Kind kind) {
  switch (kind) {
    case FindingEvidence::Kind::Span:
      return FindingDetailsPanel::tr(
          "Open the trace's waterfall with the finding's spans highlighted");
    case FindingEvidence::Kind::ProfileFunction:
      return FindingDetailsPanel::tr("Open the profile's flame graph on this function");
    case FindingEvidence::Kind::MetricSeries:
      return FindingDetailsPanel::tr("Chart the series over the finding's time range");
  }
  return {};
}

// Severity, impact, occurrences, time and rule on one line of rich text.
QString summaryHtml(const Finding& f) {
  const QColor fill = severityColor(f.severity);
  QString html = QStringLiteral(
                     "<span style='background-color:%1; color:%2; font-weight:bold'>"
                     "&nbsp;%3&nbsp;</span>")
                     .arg(fill.name(), severityTextColor(f.severity).name(),
                          severityLabel(f.severity).toHtmlEscaped());
  QStringList parts;
  const QString subject = findingSubject(f);
  if (!subject.isEmpty())
    parts << QStringLiteral("<b>%1</b>").arg(subject.toHtmlEscaped());
  if (f.impactNs > 0) {
    parts << FindingDetailsPanel::tr("%1 to save in total").arg(formatDuration(f.impactNs));
  }
  if (f.impactPerRequestNs > 0) {
    parts << FindingDetailsPanel::tr("%1 per request").arg(formatDuration(f.impactPerRequestNs));
  }
  if (f.trafficShare > 0) {
    parts << FindingDetailsPanel::tr("%1 % of traces").arg(f.trafficShare * 100.0, 0, 'f', 1);
  }
  if (f.count > 0)
    parts << FindingDetailsPanel::tr("%n occurrence(s)", nullptr, static_cast<int>(f.count));
  const QString range = findingTimeRange(f);
  if (!range.isEmpty())
    parts << range.toHtmlEscaped();
  parts << FindingDetailsPanel::tr("rule <code>%1</code>").arg(escaped(f.rule));
  return html + QStringLiteral(" &nbsp;") + parts.join(QStringLiteral(" &nbsp;·&nbsp; "));
}

}  // namespace

FindingEvidenceModel::FindingEvidenceModel(QObject* parent)
    : VectorTableModel<FindingEvidence>(ColumnCount, parent) {}

QVariant FindingEvidenceModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid())
    return {};
  const FindingEvidence& e = rowAt(index);
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case KindColumn:
        return evidenceKindLabel(e.kind);
      case RoleColumn:
        return QString::fromStdString(e.role);
      case TargetColumn:
        return evidenceTarget(e);
      case TimeColumn:
        return evidenceTime(e);
      default:
        return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    if (index.column() == TargetColumn && e.kind == FindingEvidence::Kind::Span) {
      return tr("trace %1\nspan %2")
          .arg(QString::fromStdString(e.traceId.toHex()), QString::fromStdString(e.spanId.toHex()));
    }
    if (index.column() == TargetColumn)
      return evidenceTarget(e);
    if (index.column() == OpenColumn)
      return openToolTip(e.kind);
  }
  return {};
}

QVariant FindingEvidenceModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case KindColumn:
      return tr("Evidence");
    case RoleColumn:
      return tr("Role");
    case TargetColumn:
      return tr("Where");
    case TimeColumn:
      return tr("When");
    case OpenColumn:
      return QString();
    default:
      return {};
  }
}

FindingDetailsPanel::FindingDetailsPanel(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel),
      m_openFinding(new QPushButton(tr("Open evidence"))),
      m_summary(new QLabel),
      m_explanation(new QLabel),
      m_evidenceModel(new FindingEvidenceModel(this)),
      m_evidenceTable(new QTableView) {
  QFont titleFont = m_title->font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
  m_title->setFont(titleFont);
  for (QLabel* label : {m_title, m_summary, m_explanation}) {
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  }
  m_summary->setTextFormat(Qt::RichText);
  m_explanation->setTextFormat(Qt::PlainText);

  setUpSortableTable(m_evidenceTable, m_evidenceModel, tableRowHeight(this) + 4, -1,
                     Qt::AscendingOrder);
  m_evidenceTable->setSortingEnabled(false);
  m_evidenceTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_evidenceTable->setSelectionMode(QAbstractItemView::SingleSelection);
  QHeaderView* header = m_evidenceTable->horizontalHeader();
  header->setSectionResizeMode(FindingEvidenceModel::TargetColumn, QHeaderView::Stretch);
  m_evidenceTable->setColumnWidth(FindingEvidenceModel::KindColumn, 90);
  m_evidenceTable->setColumnWidth(FindingEvidenceModel::RoleColumn, 160);
  m_evidenceTable->setColumnWidth(FindingEvidenceModel::TimeColumn, 200);
  m_evidenceTable->setColumnWidth(FindingEvidenceModel::OpenColumn, 80);

  m_openFinding->setToolTip(
      tr("Show the finding's main evidence: its exemplar trace, function or series "
         "(double-clicking a finding does the same)"));
  auto* titleRow = new QHBoxLayout;
  titleRow->addWidget(m_title, 1);
  titleRow->addWidget(m_openFinding, 0, Qt::AlignTop);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 6, 8, 4);
  layout->addLayout(titleRow);
  layout->addWidget(m_summary);
  layout->addWidget(m_explanation);
  layout->addWidget(m_evidenceTable, 1);

  connect(m_openFinding, &QPushButton::clicked, this, &FindingDetailsPanel::findingOpenRequested);
  connect(m_evidenceTable, &QTableView::doubleClicked, this,
          [this](const QModelIndex& index) { emit evidenceOpenRequested(index.row()); });
  clear();
}

void FindingDetailsPanel::showFinding(const Finding* finding) {
  if (!finding) {
    m_title->setText(tr("No finding selected"));
    m_summary->setText(
        tr("Select a finding above to see why it matters and its evidence; "
           "double-click it to open its evidence."));
    m_explanation->clear();
    m_explanation->hide();
    m_openFinding->hide();
    m_evidenceModel->setEvidence({});
    return;
  }
  m_openFinding->setVisible(jumpForFinding(*finding).kind != EvidenceJump::Kind::None);
  m_title->setText(QString::fromStdString(finding->title));
  m_summary->setText(summaryHtml(*finding));
  m_explanation->setText(QString::fromStdString(finding->explanation));
  m_explanation->setVisible(!finding->explanation.empty());
  m_evidenceModel->setEvidence(finding->evidence);
  for (int row = 0; row < m_evidenceModel->rowCount(); ++row) {
    auto* button = new QPushButton(tr("Open"));
    button->setToolTip(openToolTip(finding->evidence[static_cast<std::size_t>(row)].kind));
    connect(button, &QPushButton::clicked, this, [this, row] { emit evidenceOpenRequested(row); });
    m_evidenceTable->setIndexWidget(m_evidenceModel->index(row, FindingEvidenceModel::OpenColumn),
                                    button);
  }
}

QPushButton* FindingDetailsPanel::openButton(int row) const {
  return qobject_cast<QPushButton*>(
      m_evidenceTable->indexWidget(m_evidenceModel->index(row, FindingEvidenceModel::OpenColumn)));
}

}  // namespace sightline
