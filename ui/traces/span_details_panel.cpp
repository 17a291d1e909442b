#include "ui/traces/span_details_panel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "model/traces/trace_record_names.h"

namespace sightline {

namespace {

QString hex(const auto& id) {
  return QString::fromStdString(id.toHex());
}

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& key, const QString& value,
                        const QString& type = {}) {
  auto* item = new QTreeWidgetItem(parent, {key, value, type});
  item->setToolTip(1, value);
  return item;
}

QTreeWidgetItem* addSection(QTreeWidget* tree, const QString& title) {
  auto* item = new QTreeWidgetItem(tree, {title});
  QFont font = item->font(0);
  font.setBold(true);
  item->setFont(0, font);
  item->setFirstColumnSpanned(true);
  return item;
}

void addAttributes(QTreeWidgetItem* parent, const std::vector<Attribute>& attributes) {
  for (const Attribute& attribute : attributes) {
    addRow(parent, QString::fromStdString(attribute.key), attributeValueText(attribute.value),
           attributeTypeName(attribute.value.type));
  }
}

}  // namespace

QString attributeValueText(const AttributeValue& value) {
  switch (value.type) {
    case AttributeValue::Type::String:
    case AttributeValue::Type::Array:
    case AttributeValue::Type::KvList:
      return QString::fromStdString(value.text);
    case AttributeValue::Type::Bool:
      return value.intValue ? QStringLiteral("true") : QStringLiteral("false");
    case AttributeValue::Type::Int:
      return QString::number(value.intValue);
    case AttributeValue::Type::Double:
      return QString::number(value.doubleValue, 'g', QLocale::FloatingPointShortest);
    case AttributeValue::Type::Bytes:
      return QString::fromLatin1(QByteArray::fromStdString(value.text).toHex());
    case AttributeValue::Type::Empty:
      break;
  }
  return {};
}

QString attributeTypeName(AttributeValue::Type type) {
  switch (type) {
    case AttributeValue::Type::String:
      return QStringLiteral("string");
    case AttributeValue::Type::Bool:
      return QStringLiteral("bool");
    case AttributeValue::Type::Int:
      return QStringLiteral("int");
    case AttributeValue::Type::Double:
      return QStringLiteral("double");
    case AttributeValue::Type::Bytes:
      return QStringLiteral("bytes");
    case AttributeValue::Type::Array:
      return QStringLiteral("array");
    case AttributeValue::Type::KvList:
      return QStringLiteral("kvlist");
    case AttributeValue::Type::Empty:
      break;
  }
  return QStringLiteral("empty");
}

SpanDetailsPanel::SpanDetailsPanel(QWidget* parent)
    : QWidget(parent),
      m_tree(new QTreeWidget),
      m_cpuTime(new QPushButton(tr("Show CPU time of this span"))) {
  m_tree->setColumnCount(3);
  m_tree->setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
  m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_tree->setAlternatingRowColors(true);
  m_tree->setUniformRowHeights(true);
  m_tree->header()->setStretchLastSection(false);
  m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
  m_tree->setColumnWidth(0, 240);
  m_tree->setColumnWidth(2, 70);
  m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);

  auto* copy = new QAction(tr("Copy"), m_tree);
  copy->setShortcut(QKeySequence::Copy);
  copy->setShortcutContext(Qt::WidgetShortcut);
  connect(copy, &QAction::triggered, this, &SpanDetailsPanel::copySelection);
  m_tree->addAction(copy);
  auto* copyValue = new QAction(tr("Copy value"), m_tree);
  connect(copyValue, &QAction::triggered, this, [this] {
    if (auto* item = m_tree->currentItem())
      QApplication::clipboard()->setText(item->text(1));
  });
  m_tree->addAction(copyValue);

  connect(m_cpuTime, &QPushButton::clicked, this, &SpanDetailsPanel::cpuTimeRequested);
  setCpuTimeAvailable(false, {});

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_tree);
  layout->addWidget(m_cpuTime, 0, Qt::AlignLeft);
}

void SpanDetailsPanel::clear() {
  m_tree->clear();
  setCpuTimeAvailable(false, {});
}

void SpanDetailsPanel::setCpuTimeAvailable(bool available, const QString& toolTip) {
  m_cpuTime->setEnabled(available);
  m_cpuTime->setToolTip(available ? toolTip
                                  : tr("No profile has samples labelled with this span's or its "
                                       "trace's id"));
}

void SpanDetailsPanel::showSpan(const LoadedTrace& trace, const TraceTree& tree, int spanIndex,
                                const std::optional<SpanDetails>& details) {
  m_tree->clear();
  if (spanIndex < 0 || static_cast<size_t>(spanIndex) >= trace.spans.size())
    return;
  const auto index = static_cast<size_t>(spanIndex);
  const LoadedSpan& span = trace.spans[index];
  const QString service = span.serviceIndex < trace.services.size()
                              ? QString::fromStdString(trace.services[span.serviceIndex])
                              : QString();
  const std::uint64_t traceStart = trace.spans.empty() ? 0 : trace.spans.front().startUnixNano;

  QTreeWidgetItem* section = addSection(m_tree, tr("Span"));
  addRow(section, tr("Name"), QString::fromStdString(span.name));
  addRow(section, tr("Service"), service);
  addRow(section, tr("Trace id"), hex(trace.traceId));
  addRow(section, tr("Span id"), hex(span.spanId));
  addRow(section, tr("Parent span id"),
         span.parentSpanId.isZero() ? tr("(root)") : hex(span.parentSpanId));
  addRow(section, tr("Kind"), spanKindName(span.kind));
  addRow(section, tr("Start"),
         formatLocalTimestamp(span.startUnixNano) + QStringLiteral("  (+") +
             formatDuration(span.startUnixNano - std::min(traceStart, span.startUnixNano)) +
             QLatin1Char(')'));
  addRow(section, tr("Duration"), formatDuration(span.durationNs()));
  if (index < tree.selfTimeNs.size()) {
    addRow(section, tr("Self time"), formatDuration(tree.selfTimeNs[index]));
  }
  if (index < tree.onCriticalPath.size()) {
    addRow(section, tr("On critical path"), tree.onCriticalPath[index] ? tr("yes") : tr("no"));
  }
  addRow(section, tr("Status"), statusCodeName(span.statusCode));
  if (!span.statusMessage.empty()) {
    addRow(section, tr("Status message"), QString::fromStdString(span.statusMessage));
  }
  if (!details) {
    addRow(section, tr("Details"), tr("could not be loaded"));
    m_tree->expandAll();
    return;
  }
  if (!details->traceState.empty()) {
    addRow(section, tr("Trace state"), QString::fromStdString(details->traceState));
  }
  if (details->flags != 0)
    addRow(section, tr("Flags"), QString::number(details->flags));

  section = addSection(m_tree, tr("Attributes"));
  addAttributes(section, details->attributes);
  if (details->droppedAttributesCount > 0) {
    addRow(section, tr("(dropped)"), QString::number(details->droppedAttributesCount));
  }

  section = addSection(m_tree, tr("Events (%1)").arg(details->events.size()));
  for (const SpanEventRecord& event : details->events) {
    const std::uint64_t offset =
        event.timeUnixNano > span.startUnixNano ? event.timeUnixNano - span.startUnixNano : 0;
    auto* item = addRow(section, QStringLiteral("+") + formatDuration(offset),
                        QString::fromStdString(event.name));
    addAttributes(item, event.attributes);
  }
  if (details->droppedEventsCount > 0) {
    addRow(section, tr("(dropped)"), QString::number(details->droppedEventsCount));
  }

  section = addSection(m_tree, tr("Links (%1)").arg(details->links.size()));
  for (const SpanLinkRecord& link : details->links) {
    auto* item = addRow(section, hex(link.traceId), hex(link.spanId));
    if (!link.traceState.empty()) {
      addRow(item, tr("Trace state"), QString::fromStdString(link.traceState));
    }
    addAttributes(item, link.attributes);
  }
  if (details->droppedLinksCount > 0) {
    addRow(section, tr("(dropped)"), QString::number(details->droppedLinksCount));
  }

  section = addSection(m_tree, tr("Resource"));
  addAttributes(section, details->resourceAttributes);

  section = addSection(m_tree, tr("Scope"));
  addRow(section, tr("Name"), QString::fromStdString(details->scopeName));
  if (!details->scopeVersion.empty()) {
    addRow(section, tr("Version"), QString::fromStdString(details->scopeVersion));
  }
  m_tree->expandAll();
}

QString SpanDetailsPanel::valueOf(const QString& section, const QString& key) const {
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* top = m_tree->topLevelItem(i);
    if (top->text(0) != section)
      continue;
    for (int j = 0; j < top->childCount(); ++j) {
      if (top->child(j)->text(0) == key)
        return top->child(j)->text(1);
    }
  }
  return {};
}

QString SpanDetailsPanel::selectionText() const {
  QStringList lines;
  for (const QTreeWidgetItem* item : m_tree->selectedItems()) {
    lines << (item->text(1).isEmpty() ? item->text(0)
                                      : item->text(0) + QLatin1Char('\t') + item->text(1));
  }
  return lines.join(QLatin1Char('\n'));
}

void SpanDetailsPanel::copySelection() const {
  QApplication::clipboard()->setText(selectionText());
}

}  // namespace sightline
