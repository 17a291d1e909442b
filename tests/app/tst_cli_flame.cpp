// Tests of the SVG flame graph (ui/report/flame_svg.h) on hand-built call trees, and of
// `sightline flame` run in process on the Go fixtures: the output is well-formed XML
// (QXmlStreamReader), holds the expected frames with their tooltips and true widths,
// escapes hostile names, merges or leaves out boxes narrower than 0.1 px without changing
// anyone's width.
#include <QBuffer>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "app/command_line.h"
#include "model/profiles/function_shade.h"
#include "tests/app/cli_in_process_runner.h"
#include "ui/report/html/flame_svg.h"

using namespace sightline;
using namespace sightline::cli;
using sightline::test::CommandRun;
using sightline::test::fixture;
using sightline::test::run;

namespace {

// A box of the SVG: the <title> of its <g> and its <rect>'s geometry and fill.
struct SvgBox {
  QString title;
  double x = 0;
  double y = 0;
  double width = 0;
  QString fill;
  QString label;
};

struct ParsedSvg {
  QString error;  // the XML error; empty when well-formed
  QString documentTitle;
  QList<SvgBox> boxes;
  QStringList elementNames;
  QString allText;
};

ParsedSvg parseSvg(const QByteArray& bytes) {
  ParsedSvg parsed;
  QXmlStreamReader xml(bytes);
  int groupDepth = 0;
  SvgBox box;
  QString element;
  while (!xml.atEnd()) {
    const QXmlStreamReader::TokenType token = xml.readNext();
    if (token == QXmlStreamReader::StartElement) {
      element = xml.name().toString();
      parsed.elementNames.append(element);
      const QXmlStreamAttributes attributes = xml.attributes();
      if (element == QLatin1String("g")) {
        ++groupDepth;
        box = SvgBox();
      } else if (element == QLatin1String("rect") && groupDepth > 0) {
        box.x = attributes.value(QLatin1String("x")).toDouble();
        box.y = attributes.value(QLatin1String("y")).toDouble();
        box.width = attributes.value(QLatin1String("width")).toDouble();
        box.fill = attributes.value(QLatin1String("fill")).toString();
      } else if (element == QLatin1String("title")) {
        const QString text = xml.readElementText();
        parsed.allText += text;
        if (groupDepth > 0) {
          box.title = text;
        } else {
          parsed.documentTitle = text;
        }
      } else if (element == QLatin1String("text")) {
        const QString text = xml.readElementText();
        parsed.allText += text;
        if (groupDepth > 0)
          box.label = text;
      }
    } else if (token == QXmlStreamReader::EndElement && xml.name() == QLatin1String("g")) {
      --groupDepth;
      parsed.boxes.append(box);
    }
  }
  if (xml.hasError())
    parsed.error = xml.errorString();
  return parsed;
}

// A call tree built from (parent, name, total, self) rows in preorder, children of a node
// next to each other and sorted by name as buildCallTree makes them.
struct NodeSpec {
  int parent;
  const char* name;
  std::int64_t total;
  std::int64_t self;
  std::int64_t baseTotal = 0;
  std::int64_t baseSelf = 0;
};

CallTree makeTree(const std::vector<NodeSpec>& specs, bool differential = false) {
  CallTree tree;
  tree.sampleType = {"cpu", "nanoseconds"};
  tree.differential = differential;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    CallTreeNode node;
    node.parent = specs[i].parent < 0 ? kNoNode : static_cast<std::uint32_t>(specs[i].parent);
    node.name = static_cast<std::uint32_t>(tree.names.size());
    tree.names.emplace_back(specs[i].name);
    node.total = specs[i].total;
    node.self = specs[i].self;
    if (differential) {
      tree.baseTotals.push_back(specs[i].baseTotal);
      tree.baseSelfs.push_back(specs[i].baseSelf);
    }
    if (node.parent != kNoNode) {
      CallTreeNode& parent = tree.nodes[node.parent];
      if (parent.childCount == 0)
        parent.firstChild = static_cast<std::uint32_t>(i);
      ++parent.childCount;
      node.depth = parent.depth + 1;
      tree.maxDepth = std::max(tree.maxDepth, node.depth);
    }
    tree.nodes.push_back(node);
  }
  return tree;
}

QByteArray svgOf(const CallTree& tree, FlameSvgStats* stats = nullptr,
                 const FlameSvgOptions& options = {}) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  const FlameSvgStats written = writeFlameSvg(buffer, tree, options);
  if (stats)
    *stats = written;
  return buffer.data();
}

const SvgBox* boxNamed(const ParsedSvg& svg, const QString& name) {
  for (const SvgBox& box : svg.boxes) {
    if (box.title.section(QLatin1Char('\n'), 0, 0) == name)
      return &box;
  }
  return nullptr;
}

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TstCliFlame : public QObject {
  Q_OBJECT

 private slots:
  // root 100 → main.a 60 (→ main.c 40), main.b 40. At 1200 px: 1180 px for 100.
  void framesHaveTheirShareOfTheWidth() {
    const CallTree tree = makeTree(
        {{-1, "", 100, 0}, {0, "main.a", 60, 20}, {0, "main.b", 40, 40}, {1, "main.c", 40, 40}});
    FlameSvgStats stats;
    FlameSvgOptions options;
    options.title = QStringLiteral("Flame graph: test");
    const ParsedSvg svg = parseSvg(svgOf(tree, &stats, options));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QCOMPARE(svg.documentTitle, QStringLiteral("Flame graph: test"));
    QCOMPARE(stats.frames, std::size_t{4});
    QCOMPARE(stats.merged, std::size_t{0});
    QCOMPARE(svg.boxes.size(), 4);
    const SvgBox* root = boxNamed(svg, QStringLiteral("root"));
    const SvgBox* a = boxNamed(svg, QStringLiteral("main.a"));
    const SvgBox* b = boxNamed(svg, QStringLiteral("main.b"));
    const SvgBox* c = boxNamed(svg, QStringLiteral("main.c"));
    QVERIFY(root && a && b && c);
    QCOMPARE(root->width, 1180.0);
    QCOMPARE(a->width, 708.0);
    QCOMPARE(b->width, 472.0);
    QCOMPARE(c->width, 472.0);
    QCOMPARE(a->x, root->x);
    QCOMPARE(b->x, a->x + a->width);
    QCOMPARE(c->x, a->x);
    // A flame graph: the root at the bottom, callees above their callers.
    QVERIFY(root->y > a->y);
    QCOMPARE(a->y, b->y);
    QVERIFY(a->y > c->y);
    QCOMPARE(a->title, QStringLiteral("main.a\ntotal 60ns (60.00%), self 20ns (20.00%)"));
    QCOMPARE(a->label, QStringLiteral("main.a"));
  }

  // Names from the data reach the file only as text: no element, no broken XML, even with
  // markup, quotes, ampersands and characters XML 1.0 cannot hold.
  void hostileNamesAreEscaped() {
    const CallTree tree = makeTree({{-1, "", 10, 0},
                                    {0, "<script>alert(\"x\")</script>", 5, 5},
                                    {0, "a&b<'c'>\x01\x1f", 5, 5}});
    FlameSvgOptions options;
    options.title = QStringLiteral("<svg onload=\"evil()\"> & title");
    options.subtitle = QStringLiteral("]]> <!-- -->");
    const QByteArray bytes = svgOf(tree, nullptr, options);
    const ParsedSvg svg = parseSvg(bytes);
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QVERIFY(!svg.elementNames.contains(QStringLiteral("script")));
    QCOMPARE(svg.elementNames.count(QStringLiteral("svg")), 1);
    QVERIFY(!bytes.contains("<script"));
    QVERIFY(boxNamed(svg, QStringLiteral("<script>alert(\"x\")</script>")));
    QVERIFY(boxNamed(svg, QStringLiteral("a&b<'c'>\u2401\u241F")));  // visible, as in reports
    QCOMPARE(svg.documentTitle, options.title);
    QVERIFY(svg.allText.contains(options.subtitle));
  }

  // 1000 siblings of 1 next to one of 99000 (0.0119 px each at 1180 px for 100000): each is
  // too narrow, so they are one merged box of their summed width; the wide one keeps its
  // place and width, and the root still spans the whole width.
  void narrowSiblingsAreMerged() {
    std::vector<NodeSpec> specs{{-1, "", 100000, 0}, {0, "main.big", 99000, 99000}};
    static std::vector<std::string> names;
    names.clear();
    names.reserve(1000);
    for (int i = 0; i < 1000; ++i)
      names.push_back(QStringLiteral("main.small%1").arg(i, 4, 10, QLatin1Char('0')).toStdString());
    for (const std::string& name : names)
      specs.push_back({0, name.c_str(), 1, 1});
    FlameSvgStats stats;
    const ParsedSvg svg = parseSvg(svgOf(makeTree(specs), &stats));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QCOMPARE(stats.frames, std::size_t{2});
    QCOMPARE(stats.merged, std::size_t{1});
    QCOMPARE(stats.omitted, std::size_t{1000});
    const SvgBox* root = boxNamed(svg, QStringLiteral("root"));
    const SvgBox* big = boxNamed(svg, QStringLiteral("main.big"));
    QVERIFY(root && big);
    QCOMPARE(root->width, 1180.0);
    QCOMPARE(big->width, 1168.2);
    const SvgBox* merged =
        boxNamed(svg, QStringLiteral("1000 functions, each narrower than 0.1 px"));
    QVERIFY(merged);
    QVERIFY(merged->title.contains(QStringLiteral("total 1us (1.00%)")));
    QCOMPARE(merged->x, big->x + big->width);
    QVERIFY(qAbs(merged->width - 11.8) < 0.01);
  }

  // A single node narrower than 0.1 px with no narrow neighbours is left out, and so are its
  // callees; the others keep their widths.
  void lonelyNarrowNodeIsLeftOut() {
    const CallTree tree = makeTree({{-1, "", 100000, 0},
                                    {0, "main.big", 99999, 99999},
                                    {0, "main.tiny", 1, 0},
                                    {2, "main.tinyCallee", 1, 1}});
    FlameSvgStats stats;
    const ParsedSvg svg = parseSvg(svgOf(tree, &stats));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QCOMPARE(stats.frames, std::size_t{2});
    QCOMPARE(stats.merged, std::size_t{0});
    QCOMPARE(stats.omitted, std::size_t{2});
    QVERIFY(!boxNamed(svg, QStringLiteral("main.tiny")));
    QVERIFY(!boxNamed(svg, QStringLiteral("main.tinyCallee")));
    QCOMPARE(boxNamed(svg, QStringLiteral("root"))->width, 1180.0);
  }

  // As in the view: a long name loses its front, so that the function's own name shows.
  void longNamesAreShortenedInTheLabelOnly() {
    const CallTree tree = makeTree(
        {{-1, "", 100, 0},
         {0, "github.com/example/project/internal/very/long/package.(*Server).handleRequest", 5, 5},
         {0, "github.com/example/project/internal/very/long/package.(*Server).handleResponse", 16,
          16},
         {0, "main.rest", 79, 79}});
    const ParsedSvg svg = parseSvg(svgOf(tree));
    const SvgBox* narrow = boxNamed(
        svg, QStringLiteral(
                 "github.com/example/project/internal/very/long/package.(*Server).handleRequest"));
    QVERIFY(narrow);
    QCOMPARE(narrow->width, 59.0);
    // 53 px of room, 6.5 px a character: not even "…handleRequest", so its end.
    QCOMPARE(narrow->label, QStringLiteral("…Request"));
    const SvgBox* wide = boxNamed(
        svg, QStringLiteral(
                 "github.com/example/project/internal/very/long/package.(*Server).handleResponse"));
    QVERIFY(wide);
    QCOMPARE(wide->label, QStringLiteral("…(*Server).handleResponse"));
    QCOMPARE(boxNamed(svg, QStringLiteral("main.rest"))->label, QStringLiteral("main.rest"));
  }

  // The view's colours: the package's hue, a shade per function.
  void coloursFollowThePackage() {
    const CallTree tree = makeTree({{-1, "", 100, 0},
                                    {0, "net/http.(*conn).serve", 50, 0},
                                    {0, "runtime.mallocgc", 50, 50},
                                    {1, "net/http.HandlerFunc.ServeHTTP", 50, 50}});
    const ParsedSvg svg = parseSvg(svgOf(tree));
    for (const char* function :
         {"net/http.(*conn).serve", "net/http.HandlerFunc.ServeHTTP", "runtime.mallocgc"}) {
      const ShadeRgb rgb = shadeRgb(functionShade(function));
      QCOMPARE(boxNamed(svg, QString::fromUtf8(function))->fill,
               QStringLiteral("rgb(%1,%2,%3)").arg(rgb.red).arg(rgb.green).arg(rgb.blue));
    }
    const QString serve = boxNamed(svg, QStringLiteral("net/http.(*conn).serve"))->fill;
    const QString handler = boxNamed(svg, QStringLiteral("net/http.HandlerFunc.ServeHTTP"))->fill;
    const QString malloc = boxNamed(svg, QStringLiteral("runtime.mallocgc"))->fill;
    QVERIFY(serve != handler);
    QCOMPARE(functionShade("net/http.(*conn).serve").hue,
             functionShade("net/http.HandlerFunc.ServeHTTP").hue);
    QVERIFY(malloc != serve);
  }

  // Differential: widths from the current profile, red where a function's self share grew,
  // blue where it shrank, grey where it did not change.
  void differentialColours() {
    // Current: a 60 self, b 40 self (of 100). Base: a 20, b 80 (of 100), c same share.
    const CallTree tree = makeTree({{-1, "", 100, 0, 200, 0},
                                    {0, "main.grew", 50, 50, 40, 40},
                                    {0, "main.same", 10, 10, 20, 20},
                                    {0, "main.shrank", 40, 40, 140, 140}},
                                   true);
    const ParsedSvg svg = parseSvg(svgOf(tree));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    const SvgBox* grew = boxNamed(svg, QStringLiteral("main.grew"));
    const SvgBox* same = boxNamed(svg, QStringLiteral("main.same"));
    const SvgBox* shrank = boxNamed(svg, QStringLiteral("main.shrank"));
    QVERIFY(grew && same && shrank);
    QCOMPARE(grew->width, 590.0);
    QCOMPARE(grew->fill, QStringLiteral("rgb(255,50,50)"));    // +30 points, the largest change
    QCOMPARE(shrank->fill, QStringLiteral("rgb(50,50,255)"));  // -30 points
    QCOMPARE(same->fill, QStringLiteral("rgb(224,224,224)"));
    QVERIFY2(grew->title.contains(QStringLiteral("base: total 40ns (20.00%), self 40ns (20.00%)")),
             qPrintable(grew->title));
    QVERIFY2(grew->title.contains(QStringLiteral("self share +30.00 points")),
             qPrintable(grew->title));
    QVERIFY2(shrank->title.contains(QStringLiteral("self share -30.00 points")),
             qPrintable(shrank->title));
  }

  void emptyTreeSaysSo() {
    CallTree tree = makeTree({{-1, "", 0, 0}});
    FlameSvgStats stats;
    const ParsedSvg svg = parseSvg(svgOf(tree, &stats));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QCOMPARE(stats.frames, std::size_t{0});
    QVERIFY(svg.allText.contains(QStringLiteral("no samples")));
  }

  // The command on the Go CPU fixture: the file parses and holds the workload's functions
  // with their pprof values (main.fib: 90ms total in tst_pprof_reference's answers).
  void commandWritesTheFixture() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("cpu.svg"));
    const CommandRun result =
        run({QStringLiteral("flame"), fixture("cpu.pb.gz"), QStringLiteral("--svg"), out});
    QCOMPARE(result.code, kExitOk);
    QVERIFY2(result.out.startsWith(QStringLiteral("wrote ") + out), qPrintable(result.out));
    const ParsedSvg svg = parseSvg(readAll(out));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QCOMPARE(svg.documentTitle, QStringLiteral("Flame graph: cpu.pb.gz"));
    const SvgBox* root = boxNamed(svg, QStringLiteral("root"));
    QVERIFY(root);
    QVERIFY2(root->title.contains(QStringLiteral("total 1.70s (100.00%)")),
             qPrintable(root->title));
    for (const char* name : {"main.fib", "main.isEven", "main.isOdd", "main.hashLoop",
                             "main.leafWork", "main.chain30", "main.mix"})
      QVERIFY2(boxNamed(svg, QLatin1String(name)), name);
    // main.fib's boxes (one per recursion depth) all lie inside the first one.
    const SvgBox* fib = boxNamed(svg, QStringLiteral("main.fib"));
    QVERIFY2(fib->title.startsWith(QStringLiteral("main.fib\ntotal 90ms (5.29%)")),
             qPrintable(fib->title));
  }

  void commandDiffAndFilters() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("diff.svg"));
    const CommandRun result =
        run({QStringLiteral("flame"), fixture("cpu_after.pb.gz"), QStringLiteral("--diff-base"),
             fixture("cpu_before.pb.gz"), QStringLiteral("--focus"),
             QStringLiteral("^main\\.parseRequest$"), QStringLiteral("--svg"), out});
    QCOMPARE(result.code, kExitOk);
    const ParsedSvg svg = parseSvg(readAll(out));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QVERIFY(svg.documentTitle.startsWith(QStringLiteral("Differential flame graph: ")));
    QVERIFY(boxNamed(svg, QStringLiteral("main.parseRequest")));
    QVERIFY(!boxNamed(svg, QStringLiteral("main.encodeResponse")));
    QVERIFY(svg.allText.contains(QStringLiteral("focus=^main\\.parseRequest$")));
  }

  void commandToStdout() {
    const CommandRun result =
        run({QStringLiteral("flame"), QStringLiteral("--svg=-"), QStringLiteral("--sample-type"),
             QStringLiteral("goroutine"), fixture("goroutine.pb.gz")});
    QCOMPARE(result.code, kExitOk);
    const ParsedSvg svg = parseSvg(result.out.toUtf8());
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QVERIFY(boxNamed(svg, QStringLiteral("runtime.gopark")));
  }

  void commandErrors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString cpu = fixture("cpu.pb.gz");
    QTest::newRow("no --svg") << QStringList{QStringLiteral("flame"), cpu} << kExitUsage
                              << "--svg OUT.svg is required";
    QTest::newRow("bad width") << QStringList{QStringLiteral("flame"), cpu,
                                              QStringLiteral("--svg=x.svg"),
                                              QStringLiteral("--width=5")}
                               << kExitUsage << "--width expects pixels";
    QTest::newRow("unknown type") << QStringList{QStringLiteral("flame"), cpu,
                                                 QStringLiteral("--svg=x.svg"),
                                                 QStringLiteral("--sample-type=inuse_space")}
                                  << kExitUsage << "it has: samples/count, cpu/nanoseconds";
    QTest::newRow("unwritable output")
        << QStringList{QStringLiteral("flame"), cpu, QStringLiteral("--svg"),
                       QStringLiteral("/nonexistent-dir/x.svg")}
        << kExitBadInput << "cannot write '/nonexistent-dir/x.svg'";
  }
  void commandErrors() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const CommandRun result = run(arguments);
    QCOMPARE(result.code, exitCode);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(!QFileInfo::exists(QStringLiteral("x.svg")));
  }
};

QTEST_GUILESS_MAIN(TstCliFlame)
#include "tst_cli_flame.moc"
