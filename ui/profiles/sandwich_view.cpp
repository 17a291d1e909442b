#include "ui/profiles/sandwich_view.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/profiles/flame_graph_view.h"

namespace sightline {

QString callTreeNodeName(const CallTree* tree, std::uint32_t node) {
  if (!tree || node >= tree->nodes.size())
    return {};
  // The root stands for all samples; it has no function of its own.
  if (node == 0)
    return {};
  const std::uint32_t name = tree->nodes[node].name;
  return name < tree->names.size() ? QString::fromStdString(tree->names[name]) : QString();
}

SandwichView::SandwichView(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel),
      m_callersLabel(new QLabel(tr("Callers"))),
      m_calleesLabel(new QLabel(tr("Callees"))),
      m_callers(new FlameGraphView),
      m_callees(new FlameGraphView) {
  m_title->setTextFormat(Qt::PlainText);
  m_title->setContentsMargins(4, 2, 4, 2);
  m_title->setWordWrap(true);
  m_callers->setOrientation(FlameGraphView::Orientation::Flame);
  m_callees->setOrientation(FlameGraphView::Orientation::Icicle);
  for (QLabel* label : {m_callersLabel, m_calleesLabel})
    label->setContentsMargins(4, 2, 4, 0);

  auto* top = new QWidget;
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->setSpacing(0);
  topLayout->addWidget(m_callersLabel);
  topLayout->addWidget(m_callers, 1);
  auto* bottom = new QWidget;
  auto* bottomLayout = new QVBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  bottomLayout->setSpacing(0);
  bottomLayout->addWidget(m_callees, 1);
  bottomLayout->addWidget(m_calleesLabel);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(top);
  splitter->addWidget(bottom);
  splitter->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(m_title);
  layout->addWidget(splitter, 1);

  connectView(m_callers);
  connectView(m_callees);
  clear();
}

void SandwichView::connectView(FlameGraphView* view) {
  connect(view, &FlameGraphView::contextMenuRequested, this,
          [this, view](std::uint32_t node, const QPoint& globalPos) {
            // In a sandwich tree the root is the function itself.
            const QString name = node == 0 ? m_function : callTreeNodeName(view->callTree(), node);
            if (!name.isEmpty())
              emit contextMenuRequested(name, globalPos);
          });
}

void SandwichView::setTrees(const QString& function, std::shared_ptr<const CallTree> callers,
                            std::shared_ptr<const CallTree> callees) {
  m_function = function;
  m_title->setText(tr("Callers and callees of %1").arg(function));
  m_callersLabel->setText(tr("Callers of %1 (it is the bottom row)").arg(function));
  m_calleesLabel->setText(tr("Callees of %1 (it is the top row)").arg(function));
  m_callers->setCallTree(std::move(callers));
  m_callees->setCallTree(std::move(callees));
}

void SandwichView::setMessage(const QString& message) {
  m_title->setText(message);
}

void SandwichView::clear() {
  m_function.clear();
  m_callers->setCallTree(nullptr);
  m_callees->setCallTree(nullptr);
  m_callersLabel->setText(tr("Callers"));
  m_calleesLabel->setText(tr("Callees"));
  m_title->setText(
      tr("Right-click a function in the flame graph or the top table and choose "
         "\"Show callers and callees\"."));
}

}  // namespace sightline
