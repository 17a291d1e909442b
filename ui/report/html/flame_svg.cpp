#include "ui/report/html/flame_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/profiles/function_label.h"
#include "model/profiles/function_shade.h"
#include "model/text/profile_value_text.h"
#include "ui/report/report_text.h"

namespace sightline {

namespace {

constexpr double kMargin = 10;
constexpr double kHeaderHeight = 60;
constexpr double kFooterHeight = 10;
constexpr double kRowHeight = 16;
constexpr double kBoxHeight = 15;
constexpr double kCharWidth = 6.5;  // Verdana at 11 px, generously
constexpr double kLabelPadding = 3;

QString number(double value) {
  return QString::number(value, 'f', 2);
}

QString rgb(int r, int g, int b) {
  return QStringLiteral("rgb(%1,%2,%3)").arg(r).arg(g).arg(b);
}

// The flame graph view's colours: the package's hue, the function's shade.
QString functionColour(const std::string& function) {
  const ShadeRgb colour = shadeRgb(functionShade(function));
  return rgb(colour.red, colour.green, colour.blue);
}

double shareOf(std::int64_t value, std::int64_t total) {
  return total == 0 ? 0.0 : static_cast<double>(value) / static_cast<double>(total);
}

QString percent(double share) {
  return QString::number(share * 100, 'f', 2) + QLatin1Char('%');
}

class FlameSvgWriter {
 public:
  FlameSvgWriter(HtmlWriter& svg, const CallTree& tree, const FlameSvgOptions& options)
      : m_svg(svg), m_tree(tree), m_options(options) {}

  FlameSvgStats write();

 private:
  struct Box {
    std::uint32_t node;
    double x;
    std::uint32_t depth;
  };
  // Consecutive siblings, each narrower than the minimum width, drawn as one box.
  struct MergedRun {
    double x;
    std::uint32_t depth;
    std::size_t count;
    std::int64_t total;
  };

  QString name(std::uint32_t node) const;
  QString value(std::int64_t v) const {
    return formatScaledValue(v, m_tree.sampleType.unit, "auto");
  }
  double selfShareChange(std::uint32_t node) const {
    return shareOf(m_tree.nodes[node].self, m_tree.total()) -
           shareOf(m_tree.baseSelfOf(node), m_tree.baseTotal());
  }
  std::vector<Box> layout();
  void writeHeader(double height);
  void writeBox(const Box& box);
  void writeMergedBox(const MergedRun& run);
  void writeRect(double x, double y, double width, const QString& fill);
  void writeLabel(double x, double y, double width, const QString& text);
  QString diffColour(std::uint32_t node) const;

  HtmlWriter& m_svg;
  const CallTree& m_tree;
  const FlameSvgOptions& m_options;
  double m_scale = 0;  // pixels per unit of value
  std::uint32_t m_maxDepth = 0;
  double m_maxChange = 0;  // largest |self share change|, for diff colours
  std::vector<MergedRun> m_merged;
  FlameSvgStats m_stats;
};

QString FlameSvgWriter::name(std::uint32_t node) const {
  const std::uint32_t index = m_tree.nodes[node].name;
  if (index < m_tree.names.size() && !m_tree.names[index].empty())
    return reportText(m_tree.names[index], kFlameNameLimit);
  return node == 0 ? QStringLiteral("root") : QStringLiteral("?");
}

// Boxes in preorder with their left edge; runs of narrow siblings go to m_merged.
std::vector<FlameSvgWriter::Box> FlameSvgWriter::layout() {
  std::vector<Box> boxes;
  std::vector<Box> stack{{0, kMargin, 0}};
  while (!stack.empty()) {
    const Box box = stack.back();
    stack.pop_back();
    boxes.push_back(box);
    m_maxDepth = std::max(m_maxDepth, box.depth);
    if (m_tree.differential)
      m_maxChange = std::max(m_maxChange, std::fabs(selfShareChange(box.node)));
    const CallTreeNode& node = m_tree.nodes[box.node];
    double x = box.x;
    std::vector<Box> children;
    std::size_t runCount = 0;
    std::int64_t runTotal = 0;
    double runStart = x;
    auto closeRun = [&] {
      if (runCount > 0 && static_cast<double>(runTotal) * m_scale >= m_options.minWidth) {
        m_merged.push_back({runStart, box.depth + 1, runCount, runTotal});
        m_maxDepth = std::max(m_maxDepth, box.depth + 1);
      }
      runCount = 0;
      runTotal = 0;
    };
    for (std::uint32_t i = 0; i < node.childCount; ++i) {
      const std::uint32_t child = node.firstChild + i;
      if (child >= m_tree.nodes.size())
        break;
      const std::int64_t total = m_tree.nodes[child].total;
      if (total <= 0)
        continue;
      const double width = static_cast<double>(total) * m_scale;
      if (width < m_options.minWidth) {
        if (runCount == 0)
          runStart = x;
        ++runCount;
        runTotal += total;
      } else {
        closeRun();
        children.push_back({child, x, box.depth + 1});
      }
      x += width;
    }
    closeRun();
    // Reversed so that the leftmost child is written first.
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return boxes;
}

QString FlameSvgWriter::diffColour(std::uint32_t node) const {
  const double change = selfShareChange(node);
  const double intensity = m_maxChange > 0 ? std::fabs(change) / m_maxChange : 0;
  if (intensity < 1e-3)
    return rgb(224, 224, 224);
  const int pale = static_cast<int>(std::lround(235 - 185 * intensity));
  return change > 0 ? rgb(255, pale, pale) : rgb(pale, pale, 255);
}

void FlameSvgWriter::writeRect(double x, double y, double width, const QString& fill) {
  m_svg.empty("rect", {{"x", number(x)},
                       {"y", number(y)},
                       {"width", number(width)},
                       {"height", number(kBoxHeight)},
                       {"fill", fill}});
}

void FlameSvgWriter::writeLabel(double x, double y, double width, const QString& text) {
  const double room = width - 2 * kLabelPadding;
  if (room < 3 * kCharWidth)
    return;
  // As in the view: a long name loses its front, so that the function's own name shows.
  const QString shown = elideFunctionName(
      text, room, [](const QString& s) { return static_cast<double>(s.size()) * kCharWidth; });
  if (shown.isEmpty())
    return;
  m_svg.element("text", shown,
                {{"x", number(x + kLabelPadding)}, {"y", number(y + kBoxHeight - 4)}});
}

void FlameSvgWriter::writeBox(const Box& box) {
  const CallTreeNode& node = m_tree.nodes[box.node];
  const double width = static_cast<double>(node.total) * m_scale;
  const double y = kHeaderHeight + (m_maxDepth - box.depth) * kRowHeight;
  const QString label = name(box.node);
  QString tooltip = QStringLiteral("%1\ntotal %2 (%3), self %4 (%5)")
                        .arg(label, value(node.total), percent(shareOf(node.total, m_tree.total())),
                             value(node.self), percent(shareOf(node.self, m_tree.total())));
  if (m_tree.differential) {
    const double change = selfShareChange(box.node) * 100;
    tooltip +=
        QStringLiteral("\nbase: total %1 (%2), self %3 (%4)\nself share %5%6 points")
            .arg(value(m_tree.baseTotalOf(box.node)),
                 percent(shareOf(m_tree.baseTotalOf(box.node), m_tree.baseTotal())),
                 value(m_tree.baseSelfOf(box.node)),
                 percent(shareOf(m_tree.baseSelfOf(box.node), m_tree.baseTotal())),
                 change >= 0 ? QStringLiteral("+") : QString(), QString::number(change, 'f', 2));
  }
  QString fill;
  if (box.node == 0) {
    fill = rgb(200, 200, 200);
  } else if (m_tree.differential) {
    fill = diffColour(box.node);
  } else {
    fill =
        functionColour(node.name < m_tree.names.size() ? m_tree.names[node.name] : std::string());
  }
  m_svg.start("g");
  m_svg.element("title", tooltip);
  writeRect(box.x, y, width, fill);
  writeLabel(box.x, y, width, label);
  m_svg.end();
  ++m_stats.frames;
}

void FlameSvgWriter::writeMergedBox(const MergedRun& run) {
  const double y = kHeaderHeight + (m_maxDepth - run.depth) * kRowHeight;
  m_svg.start("g");
  m_svg.element("title", QStringLiteral("%1 functions, each narrower than %2 px\ntotal %3 (%4)")
                             .arg(run.count)
                             .arg(m_options.minWidth)
                             .arg(value(run.total), percent(shareOf(run.total, m_tree.total()))));
  writeRect(run.x, y, static_cast<double>(run.total) * m_scale, rgb(170, 170, 170));
  m_svg.end();
  ++m_stats.merged;
}

void FlameSvgWriter::writeHeader(double height) {
  m_svg.start("svg",
              {{"xmlns", QStringLiteral("http://www.w3.org/2000/svg")},
               {"version", QStringLiteral("1.1")},
               {"width", QString::number(m_options.width)},
               {"height", number(height)},
               {"viewBox", QStringLiteral("0 0 %1 %2").arg(m_options.width).arg(number(height))},
               {"font-family", QStringLiteral("Verdana, sans-serif")},
               {"font-size", QStringLiteral("11")},
               {"class", QStringLiteral("flame")}});
  const QString title = reportText(m_options.title, kFlameNameLimit);
  m_svg.element("title", title);
  m_svg.empty("rect", {{"width", QString::number(m_options.width)},
                       {"height", number(height)},
                       {"fill", QStringLiteral("#fdfdfd")}});
  const QString middle = number(m_options.width / 2.0);
  m_svg.element("text", title,
                {{"x", middle},
                 {"y", QStringLiteral("24")},
                 {"text-anchor", QStringLiteral("middle")},
                 {"font-size", QStringLiteral("17")}});
  m_svg.element("text", reportText(m_options.subtitle, kFlameNameLimit),
                {{"x", middle},
                 {"y", QStringLiteral("44")},
                 {"text-anchor", QStringLiteral("middle")},
                 {"fill", QStringLiteral("#555555")}});
}

FlameSvgStats FlameSvgWriter::write() {
  const double innerWidth = std::max(1.0, m_options.width - 2 * kMargin);
  std::vector<Box> boxes;
  if (!m_tree.nodes.empty() && m_tree.total() > 0) {
    m_scale = innerWidth / static_cast<double>(m_tree.total());
    boxes = layout();
  }
  const double height =
      kHeaderHeight + (static_cast<double>(m_maxDepth) + 1) * kRowHeight + kFooterHeight;
  writeHeader(height);
  if (boxes.empty()) {
    m_svg.element("text", QStringLiteral("no samples"),
                  {{"x", number(kMargin)}, {"y", number(kHeaderHeight + kBoxHeight - 4)}});
  }
  for (const Box& box : boxes)
    writeBox(box);
  for (const MergedRun& run : m_merged)
    writeMergedBox(run);
  m_svg.end();
  m_stats.omitted = m_tree.nodes.size() - m_stats.frames;
  return m_stats;
}

}  // namespace

FlameSvgStats writeFlameSvg(HtmlWriter& svg, const CallTree& tree, const FlameSvgOptions& options) {
  FlameSvgWriter writer(svg, tree, options);
  return writer.write();
}

FlameSvgStats writeFlameSvg(QIODevice& out, const CallTree& tree, const FlameSvgOptions& options) {
  QString text = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  HtmlWriter svg(text);
  const FlameSvgStats stats = writeFlameSvg(svg, tree, options);
  text += QLatin1Char('\n');
  out.write(text.toUtf8());
  return stats;
}

}  // namespace sightline
