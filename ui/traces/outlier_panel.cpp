#include "ui/traces/outlier_panel.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sightline {

namespace {

const QColor kSelectionColor(0xf0, 0x8c, 0x00);
const QColor kBaselineColor(0x4c, 0x6e, 0xf5);
constexpr int kValueColumn = 0;
constexpr int kSelectionColumn = 1;
constexpr int kBaselineColumn = 2;
constexpr int kScoreColumn = 3;
constexpr int kMaxValueChars = 80;

QString percent(double share) {
  const double value = share * 100.0;
  return QString::number(value, 'f', value > 0 && value < 9.95 ? 1 : 0) + QStringLiteral(" %");
}

// The two distributions as horizontal bars: the share's length of the cell (less the room
// for its percentage), in the side's colour.
class ShareBarDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    const QVariant share = index.data(OutlierPanel::ShareRole);
    if (!share.isValid()) {
      QStyledItemDelegate::paint(painter, option, index);
      return;
    }
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyledItemDelegate::paint(painter, background, index);

    const QString text = percent(share.toDouble());
    const int textWidth = option.fontMetrics.horizontalAdvance(QStringLiteral("100 %")) + 6;
    const QRect cell = option.rect.adjusted(2, 3, -2, -3);
    const int room = std::max(cell.width() - textWidth, 0);
    const int length = static_cast<int>(std::lround(share.toDouble() * room));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QColor track = option.palette.color(QPalette::Mid);
    track.setAlpha(40);
    painter->fillRect(QRect(cell.left(), cell.top(), room, cell.height()), track);
    if (length > 0) {
      painter->fillRect(QRect(cell.left(), cell.top(), std::max(length, 1), cell.height()),
                        index.column() == kSelectionColumn ? kSelectionColor : kBaselineColor);
    }
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(QRect(cell.left() + room, option.rect.top(), textWidth, option.rect.height()),
                      Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
  }
};

QTreeWidgetItem* valueRow(QTreeWidgetItem* parent, const QString& text, double selection,
                          double baseline) {
  auto* item = new QTreeWidgetItem(parent);
  item->setText(kValueColumn, text);
  item->setData(kSelectionColumn, OutlierPanel::ShareRole, selection);
  item->setData(kBaselineColumn, OutlierPanel::ShareRole, baseline);
  return item;
}

QString spans(std::uint64_t count, std::uint64_t total) {
  return QStringLiteral("%1 of %2").arg(count).arg(total);
}

}  // namespace

bool isFilterableOutlierValue(OutlierKeyScope scope, const std::string& key,
                              const AttributeValue& value) {
  if (scope == OutlierKeyScope::Intrinsic) {
    return key == "service" || key == "name" || (key == "status" && value.text == "error");
  }
  return value.type == AttributeValue::Type::String && !value.text.empty();
}

OutlierPanel::OutlierPanel(QWidget* parent)
    : QWidget(parent), m_header(new QLabel), m_close(new QToolButton), m_tree(new QTreeWidget) {
  m_header->setTextFormat(Qt::RichText);
  m_header->setWordWrap(true);
  m_close->setText(QStringLiteral("✕"));
  m_close->setAutoRaise(true);
  m_close->setToolTip(tr("Close the comparison and clear the selection"));

  m_tree->setColumnCount(4);
  m_tree->setHeaderLabels({tr("Attribute = value"), tr("Selection"), tr("Baseline"), tr("Score")});
  m_tree->setItemDelegate(new ShareBarDelegate(m_tree));
  m_tree->setUniformRowHeights(true);
  m_tree->setAlternatingRowColors(false);
  m_tree->setRootIsDecorated(true);
  m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
  m_tree->header()->setStretchLastSection(false);
  m_tree->header()->setSectionResizeMode(kValueColumn, QHeaderView::Stretch);
  m_tree->header()->setSectionResizeMode(kSelectionColumn, QHeaderView::Fixed);
  m_tree->header()->setSectionResizeMode(kBaselineColumn, QHeaderView::Fixed);
  m_tree->header()->setSectionResizeMode(kScoreColumn, QHeaderView::Fixed);
  m_tree->setColumnWidth(kSelectionColumn, 150);
  m_tree->setColumnWidth(kBaselineColumn, 150);
  m_tree->setColumnWidth(kScoreColumn, 50);
  m_tree->headerItem()->setToolTip(
      kScoreColumn, tr("The largest difference between a value's share of the selection and "
                       "of the baseline, 0–1; attributes are ranked by it"));

  auto* top = new QHBoxLayout;
  top->setContentsMargins(4, 2, 2, 0);
  top->addWidget(m_header, 1);
  top->addWidget(m_close, 0, Qt::AlignTop);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(top);
  layout->addWidget(m_tree, 1);

  connect(m_close, &QToolButton::clicked, this, &OutlierPanel::closeRequested);
  connect(m_tree, &QTreeWidget::itemClicked, this,
          [this](QTreeWidgetItem* item) { onItemActivated(item); });
  connect(m_tree, &QTreeWidget::itemActivated, this,
          [this](QTreeWidgetItem* item) { onItemActivated(item); });
  clear();
}

void OutlierPanel::clear() {
  m_comparison.reset();
  m_tree->clear();
  m_header->setText(tr("<b>What's different</b>: drag a rectangle on the heatmap."));
}

void OutlierPanel::showRunning(const QString& selectionText) {
  m_comparison.reset();
  m_tree->clear();
  m_header->setText(
      tr("<b>What's different</b> about %1: comparing…").arg(selectionText.toHtmlEscaped()));
}

void OutlierPanel::showError(const QString& message) {
  m_comparison.reset();
  m_tree->clear();
  m_header->setText(tr("<b>What's different</b>: %1").arg(message.toHtmlEscaped()));
}

QString OutlierPanel::headerText() const {
  return m_header->text();
}

void OutlierPanel::showComparison(std::shared_ptr<const OutlierComparison> comparison,
                                  const QString& selectionText, const QString& baselineText,
                                  const QString& detailText) {
  m_comparison = std::move(comparison);
  m_tree->clear();
  const OutlierComparison& result = *m_comparison;
  m_header->setText(tr("<b>What's different</b> about <span style='color:%1'>■</span> %2 vs "
                       "<span style='color:%3'>■</span> %4<br><span style='color:%5'>%6</span>")
                        .arg(kSelectionColor.name(), selectionText.toHtmlEscaped(),
                             kBaselineColor.name(), baselineText.toHtmlEscaped(),
                             palette().color(QPalette::PlaceholderText).name(),
                             detailText.toHtmlEscaped()));
  QFont bold = m_tree->font();
  bold.setBold(true);
  QFont italic = m_tree->font();
  italic.setItalic(true);
  // A value's row: its text, both shares, and what a click filters by.
  const auto describe = [&](QTreeWidgetItem* row, const OutlierKeyComparison& key,
                            const OutlierValueShare& value) {
    const QString text = QString::fromStdString(outlierValueText(value.value));
    const QString name = QString::fromStdString(key.displayKey());
    const bool filterable = isFilterableOutlierValue(key.scope, key.key, value.value);
    row->setData(kSelectionColumn, ShareRole, value.selectionShare);
    row->setData(kBaselineColumn, ShareRole, value.baselineShare);
    row->setData(kValueColumn, ScopeRole, static_cast<int>(key.scope));
    row->setData(kValueColumn, KeyRole, QString::fromStdString(key.key));
    row->setData(kValueColumn, ValueRole, text);
    row->setData(kValueColumn, FilterableRole, filterable);
    row->setToolTip(
        kValueColumn,
        tr("%1 = %2\nselection: %3 (%4 spans)\nbaseline: %5 (%6 spans)\n%7")
            .arg(name, text, percent(value.selectionShare),
                 spans(value.selectionSpans, result.selectionSpans), percent(value.baselineShare),
                 spans(value.baselineSpans, result.baselineSpans),
                 filterable ? tr("Click to filter the trace list by this value.")
                            : tr("The trace list cannot filter by this value.")));
  };
  const auto elided = [](const OutlierValueShare& value) {
    QString text = QString::fromStdString(outlierValueText(value.value));
    if (text.size() > kMaxValueChars)
      text = text.left(kMaxValueChars - 1) + QStringLiteral("…");
    return text;
  };

  int index = 0;
  for (const OutlierKeyComparison& key : result.keys) {
    if (key.values.empty())
      continue;
    // The key's row is its headline: the value most over-represented in the selection (what
    // is special about it), else the one that differs most; with its two shares.
    const OutlierValueShare* headline = &key.values.front();
    for (const OutlierValueShare& value : key.values) {
      if (value.difference() > std::max(headline->difference(), 0.0))
        headline = &value;
    }
    auto* keyItem = new QTreeWidgetItem(m_tree);
    const QString name = QString::fromStdString(key.displayKey());
    keyItem->setText(kValueColumn, name + QStringLiteral(" = ") + elided(*headline));
    keyItem->setFont(kValueColumn, bold);
    describe(keyItem, key, *headline);
    keyItem->setText(kScoreColumn, QString::number(key.score, 'f', 2));
    keyItem->setTextAlignment(kScoreColumn, Qt::AlignRight | Qt::AlignVCenter);
    keyItem->setToolTip(kScoreColumn,
                        tr("%1: its values' shares differ by up to %2 points between the "
                           "selection and the baseline; %3 distinct values")
                            .arg(name)
                            .arg(key.score * 100, 0, 'f', 1)
                            .arg(key.distinctValues));
    // Below it the kept values (those that differ most) as a distribution: the selection's
    // largest share first, then the baseline's.
    std::vector<const OutlierValueShare*> shown;
    for (const OutlierValueShare& value : key.values)
      shown.push_back(&value);
    std::stable_sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) {
      if (a->selectionShare != b->selectionShare)
        return a->selectionShare > b->selectionShare;
      return a->baselineShare > b->baselineShare;
    });
    for (const OutlierValueShare* value : shown) {
      auto* row = new QTreeWidgetItem(keyItem);
      row->setText(kValueColumn, elided(*value));
      describe(row, key, *value);
    }
    if (key.other.selectionSpans + key.other.baselineSpans > 0) {
      QTreeWidgetItem* row =
          valueRow(keyItem,
                   key.other.values == 1 ? tr("(1 other value)")
                                         : tr("(%1 other values)").arg(key.other.values),
                   key.other.selectionShare, key.other.baselineShare);
      row->setFont(kValueColumn, italic);
    }
    if (key.missing.selectionSpans + key.missing.baselineSpans > 0) {
      QTreeWidgetItem* row =
          valueRow(keyItem, tr("(not set)"), key.missing.selectionShare, key.missing.baselineShare);
      row->setFont(kValueColumn, italic);
    }
    keyItem->setExpanded(index++ < kExpandedKeys);
  }
}

void OutlierPanel::onItemActivated(QTreeWidgetItem* item) {
  if (!item || !item->data(kValueColumn, FilterableRole).toBool())
    return;
  emit valueActivated(static_cast<OutlierKeyScope>(item->data(kValueColumn, ScopeRole).toInt()),
                      item->data(kValueColumn, KeyRole).toString(),
                      item->data(kValueColumn, ValueRole).toString());
}

}  // namespace sightline
