#include <QtTest>

#include "importers/pprof/collapsed_reader.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// One line of tests/data/collapsed/expected.tsv (computed by generate.sh with awk).
struct CollapsedExpectation {
  std::int64_t total = -1;
  std::size_t distinctStacks = 0;
};

CollapsedExpectation expectationFor(const std::string& file) {
  std::istringstream in(fileBytes(testData("collapsed/expected.tsv")));
  std::string name;
  CollapsedExpectation expected;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::size_t lines = 0;
    if (fields >> name >> expected.total >> expected.distinctStacks >> lines && name == file)
      return expected;
  }
  return {};
}

std::int64_t valueOfStack(const ProfileData& p, const std::vector<std::string>& stack) {
  for (std::size_t i = 0; i < p.samples.size(); ++i)
    if (stackNames(p, p.samples[i].node) == stack)
      return p.value(i, 0);
  return -1;
}

ProfileData readOrFail(const std::string& data, std::size_t maxChunk = 1 << 20) {
  ProfileCollector sink;
  CollapsedReader reader;
  const std::string error = readProfileBytes(reader, data, sink, maxChunk);
  if (!error.empty() || sink.profiles.size() != 1)
    qFatal("collapsed stacks not read: %s", error.c_str());
  return std::move(sink.profiles[0]);
}

}  // namespace

class TestCollapsedReader : public QObject {
  Q_OBJECT

 private slots:
  void fixtures_data() {
    QTest::addColumn<QString>("file");
    for (const char* file :
         {"simple.txt", "edge_cases.txt", "crlf.txt", "deep.txt", "from_go_cpu.txt"}) {
      QTest::newRow(file) << QString::fromLatin1(file);
    }
  }
  void fixtures() {
    QFETCH(QString, file);
    const CollapsedExpectation expected = expectationFor(file.toStdString());
    QVERIFY(expected.total >= 0);
    const std::string data = fileBytes(testData("collapsed/" + file.toStdString()));
    const ProfileData p = readOrFail(data);
    QCOMPARE(p.sampleTypes.size(), std::size_t(1));
    QCOMPARE(p.sampleTypes[0].type, std::string("samples"));
    QCOMPARE(p.sampleTypes[0].unit, std::string("count"));
    QCOMPARE(p.effectiveDefaultSampleType(), 0);
    QCOMPARE(totalOf(p, 0), expected.total);
    QCOMPARE(p.samples.size(), expected.distinctStacks);
    // Split into chunks of any size, the same profile.
    for (const std::size_t chunk : {std::size_t(1), std::size_t(5), std::size_t(4096)})
      QCOMPARE(dumpProfile(readOrFail(data, chunk)), dumpProfile(p));
  }

  void simpleStacks() {
    const ProfileData p = readOrFail(fileBytes(testData("collapsed/simple.txt")));
    QCOMPARE(valueOfStack(p, {"main", "handleRequest", "parseJSON"}), std::int64_t(30));
    QCOMPARE(valueOfStack(p, {"main", "handleRequest"}), std::int64_t(10));
    QCOMPARE(valueOfStack(p, {"main", "backgroundGC"}), std::int64_t(40));
    // "main" and "handleRequest" are one function each, shared by the stacks.
    QCOMPARE(p.functions.size(), std::size_t(5));
    QCOMPARE(p.nodes.size(), std::size_t(6));  // root + 5 distinct paths
    // CRLF line ends mean the same.
    QCOMPARE(dumpProfile(readOrFail(fileBytes(testData("collapsed/crlf.txt")))), dumpProfile(p));
  }

  void edgeCases() {
    const ProfileData p = readOrFail(fileBytes(testData("collapsed/edge_cases.txt")));
    QCOMPARE(
        valueOfStack(p, {"main", "std::vector<int, std::allocator<int> >::push_back(int const&)"}),
        std::int64_t(7));
    QCOMPARE(valueOfStack(p, {"main", "java.lang.Thread.run (Thread.java:750)", "[unknown]"}),
             std::int64_t(3));
    QCOMPARE(valueOfStack(p, {"main", "handleRequest", "parseJSON"}), std::int64_t(11));
    QCOMPARE(valueOfStack(p, {"main", "idle"}), std::int64_t(0));
    QCOMPARE(valueOfStack(p, {"café::naïve_λ", "日本語::関数", "😀"}), std::int64_t(2));
    QCOMPARE(valueOfStack(p, {"[kernel.kallsyms]", "do_syscall_64"}), std::int64_t(5000000000));
    QCOMPARE(valueOfStack(p, {"single"}), std::int64_t(1));
  }

  void deepStack() {
    const ProfileData p = readOrFail(fileBytes(testData("collapsed/deep.txt")));
    std::uint32_t deepest = 0;
    for (const auto& sample : p.samples)
      deepest = std::max<std::uint32_t>(
          deepest, static_cast<std::uint32_t>(stackNames(p, sample.node).size()));
    QCOMPARE(deepest, std::uint32_t(4000));
    QCOMPARE(valueOfStack(p, {"frame0000"}), std::int64_t(2));
  }

  void goCpuTotalMatchesPprof() {
    const ProfileData p = readOrFail(fileBytes(testData("collapsed/from_go_cpu.txt")));
    QCOMPARE(totalOf(p, 0), topTotal(fileBytes(testData("go-pprof/expected/cpu.samples.top.txt"))));
  }

  void lastLineWithoutNewline() {
    const ProfileData p = readOrFail("a;b 1\na;c 2");
    QCOMPARE(valueOfStack(p, {"a", "c"}), std::int64_t(2));
    QCOMPARE(totalOf(p, 0), std::int64_t(3));
  }

  void emptyInputIsAnEmptyProfile() {
    const ProfileData p = readOrFail("\n\r\n  \n");
    QVERIFY(p.samples.empty());
  }

  void badLines_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing count") << QByteArray("a;b 1\nmain;work\n") << 2
                                   << QStringLiteral("found no count after the stack");
    QTest::newRow("negative") << QByteArray("\n\na;b -3\n") << 3
                              << QStringLiteral("the count must not be negative, found -3");
    QTest::newRow("not a number") << QByteArray("a;b 1\r\na;b 12x\r\n") << 2
                                  << QStringLiteral(
                                         "expected the sample count to be a number, found \"12x\"");
    QTest::newRow("float") << QByteArray("a;b 1.5\n") << 1
                           << QStringLiteral("expected the sample count to be a number");
    QTest::newRow("overflow") << QByteArray("a 1\nb 9223372036854775808\n") << 2
                              << QStringLiteral("does not fit in 64 bits");
    QTest::newRow("huge overflow") << QByteArray("b 99999999999999999999999999\n") << 1
                                   << QStringLiteral("does not fit in 64 bits");
    // 2e19 wraps past 2^64 in one multiplication, landing below INT64_MAX.
    QTest::newRow("overflow that wraps")
        << QByteArray("b 20000000000000000000\n") << 1 << QStringLiteral("does not fit in 64 bits");
    QTest::newRow("largest count")
        << QByteArray("b 9223372036854775807\nc ") << 2 << QStringLiteral("expected");
    QTest::newRow("no stack") << QByteArray("a 1\n 5\n") << 2
                              << QStringLiteral("expected a stack before the count");
  }
  void badLines() {
    QFETCH(QByteArray, input);
    QFETCH(int, line);
    QFETCH(QString, expected);
    for (const std::size_t chunk : {std::size_t(1), std::size_t(1) << 20}) {
      ProfileCollector sink;
      CollapsedReader reader;
      DecodeError error;
      const std::string message =
          readProfileBytes(reader, input.toStdString(), sink, chunk, &error);
      QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
      QCOMPARE(error.line, std::uint64_t(line));
      QVERIFY(sink.profiles.empty());
    }
  }

  void largestCountFits() {
    const ProfileData p = readOrFail("a 9223372036854775807\n");
    QCOMPARE(totalOf(p, 0), std::int64_t(9223372036854775807));
  }

  void sinkFailure() {
    ProfileCollector sink;
    sink.refuse = true;
    CollapsedReader reader;
    QVERIFY(readProfileBytes(reader, "a;b 1\n", sink).find("disk full") != std::string::npos);
  }

  void sniffer_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("minimum");
    QTest::addColumn<int>("maximum");
    auto file = [](const char* name) {
      return QByteArray::fromStdString(fileBytes(testData(name)));
    };
    QTest::newRow("simple") << file("collapsed/simple.txt") << 50 << 50;
    QTest::newRow("crlf") << file("collapsed/crlf.txt") << 50 << 50;
    QTest::newRow("edge cases") << file("collapsed/edge_cases.txt") << 50 << 50;
    QTest::newRow("deep, head cut mid-line") << file("collapsed/deep.txt").left(4096) << 25 << 25;
    QTest::newRow("no semicolon: weak") << QByteArray("main 5\nidle 3\n") << 1 << 20;
    QTest::newRow("prometheus") << QByteArray("# HELP up Up.\n# TYPE up gauge\nup 1\n") << 0 << 0;
    QTest::newRow("json") << file("otel-js/traces.otlp.json") << 0 << 0;
    QTest::newRow("otlp protobuf") << file("otel-js/traces.otlp.pb") << 0 << 0;
    QTest::newRow("pprof") << QByteArray::fromStdString(
                                  decompressed(fileBytes(testData("go-pprof/cpu.pb.gz"))))
                           << 0 << 0;
    QTest::newRow("bad first line") << QByteArray("a;b x\na;b 1\na;c 2\n") << 0 << 0;
    QTest::newRow("one bad line among good ones")
        << QByteArray("a;b 1\na;b x\na;c 2\n") << 50 << 50;
    QTest::newRow("mostly bad lines") << QByteArray("a;b 1\nx y\nz w\n") << 0 << 0;
    QTest::newRow("empty") << QByteArray() << 0 << 0;
  }
  void sniffer() {
    QFETCH(QByteArray, head);
    QFETCH(int, minimum);
    QFETCH(int, maximum);
    const std::size_t size = std::min<std::size_t>(4096, static_cast<std::size_t>(head.size()));
    const int score =
        sniffCollapsed(std::span(reinterpret_cast<const std::uint8_t*>(head.constData()), size));
    QVERIFY2(score >= minimum && score <= maximum, qPrintable(QString::number(score)));
  }
};

QTEST_GUILESS_MAIN(TestCollapsedReader)
#include "tst_collapsed_reader.moc"
