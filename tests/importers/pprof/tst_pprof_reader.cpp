#include <QtTest>

#include "importers/core/peeking_byte_source.h"
#include "importers/pprof/pprof_profile.pb.h"
#include "importers/pprof/pprof_reader.h"
#include "tests/importers/otlp/otlp_test_support.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// Index of `text` in the profile's string table, appended when missing.
std::int64_t str(pprof::Profile& p, const std::string& text) {
  for (int i = 0; i < p.string_table_size(); ++i)
    if (p.string_table(i) == text)
      return i;
  p.add_string_table(text);
  return p.string_table_size() - 1;
}

void addSample(pprof::Profile& p, std::initializer_list<std::uint64_t> locationsLeafFirst,
               std::initializer_list<std::int64_t> values, bool labelled) {
  auto* s = p.add_sample();
  for (const auto id : locationsLeafFirst)
    s->add_location_id(id);
  for (const auto v : values)
    s->add_value(v);
  if (labelled) {
    auto* l = s->add_label();
    l->set_key(str(p, "span_id"));
    l->set_str(str(p, "00f067aa0ba902b7"));
    l = s->add_label();
    l->set_key(str(p, "bytes"));
    l->set_num(64);
    l->set_num_unit(str(p, "bytes"));
    l = s->add_label();  // neither text nor number: pprof drops it
    l->set_key(str(p, "empty"));
  }
}

// Every field the reader keeps: two sample types (the first is the default), a location
// with an inlined call, an unsymbolized location in a shared library, labels of both
// kinds, and two samples with the same stack and labels that must be merged.
pprof::Profile handmadeProfile() {
  pprof::Profile p;
  p.add_string_table("");
  auto* type = p.add_sample_type();
  type->set_type(str(p, "samples"));
  type->set_unit(str(p, "count"));
  type = p.add_sample_type();
  type->set_type(str(p, "cpu"));
  type->set_unit(str(p, "nanoseconds"));
  p.mutable_period_type()->set_type(str(p, "cpu"));
  p.mutable_period_type()->set_unit(str(p, "nanoseconds"));
  p.set_period(10000000);
  p.set_time_nanos(1700000000123456789);
  p.set_duration_nanos(2500000000);
  p.set_drop_frames(str(p, "^runtime\\.gc"));
  p.set_keep_frames(str(p, "^main\\."));
  p.add_comment(str(p, "made by hand"));
  p.add_comment(str(p, "second comment"));
  p.set_default_sample_type(str(p, "samples"));

  auto* m = p.add_mapping();
  m->set_id(1);
  m->set_memory_start(0x400000);
  m->set_memory_limit(0x4c3000);
  m->set_file_offset(0x1000);
  m->set_filename(str(p, "/usr/bin/app"));
  m->set_build_id(str(p, "abc123"));
  m->set_has_functions(true);
  m->set_has_filenames(true);
  m->set_has_line_numbers(true);
  m->set_has_inline_frames(true);
  m = p.add_mapping();
  m->set_id(7);
  m->set_filename(str(p, "/lib/x86_64-linux-gnu/libc.so.6"));

  const char* names[][3] = {{"main.handle", "main.handle", "main.go"},
                            {"main.mix", "main.mix", "mix.go"},
                            {"runtime.main", "runtime.main", "proc.go"}};
  for (int i = 0; i < 3; ++i) {
    auto* f = p.add_function();
    f->set_id(static_cast<std::uint64_t>(i + 1));
    f->set_name(str(p, names[i][0]));
    f->set_system_name(str(p, names[i][1]));
    f->set_filename(str(p, names[i][2]));
    f->set_start_line(10 * (i + 1));
  }
  auto* loc = p.add_location();  // main.mix inlined into main.handle
  loc->set_id(100);
  loc->set_mapping_id(1);
  loc->set_address(0x4bf797);
  auto* line = loc->add_line();
  line->set_function_id(2);
  line->set_line(78);
  line = loc->add_line();
  line->set_function_id(1);
  line->set_line(90);
  loc = p.add_location();
  loc->set_id(101);
  loc->set_mapping_id(1);
  loc->set_address(0x4bf2bd);
  line = loc->add_line();
  line->set_function_id(3);
  line->set_line(250);
  loc = p.add_location();  // unsymbolized
  loc->set_id(102);
  loc->set_mapping_id(7);
  loc->set_address(0x7f0000001234);

  addSample(p, {100, 101}, {1, 10000000}, true);
  addSample(p, {100, 101}, {2, 20000000}, true);
  addSample(p, {101}, {3, 30000000}, false);
  addSample(p, {102, 101}, {4, 40000000}, false);
  return p;
}

std::string serialized(const pprof::Profile& p) {
  return p.SerializeAsString();
}

// The same profile with the string table first and the samples last, the reverse of the
// order protobuf (and Go) write: concatenated messages merge, repeated fields append.
std::string reordered(const pprof::Profile& p) {
  pprof::Profile strings;
  *strings.mutable_string_table() = p.string_table();
  pprof::Profile samples;
  *samples.mutable_sample() = p.sample();
  pprof::Profile rest = p;
  rest.clear_string_table();
  rest.clear_sample();
  return strings.SerializeAsString() + rest.SerializeAsString() + samples.SerializeAsString();
}

QByteArray bytes(const std::string& s) {
  return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

}  // namespace

class TestPprofReader : public QObject {
  Q_OBJECT

 private slots:
  void readsEveryField() {
    ProfileCollector sink;
    PprofReader reader;
    const std::string error = readProfileBytes(reader, serialized(handmadeProfile()), sink);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(sink.profiles.size(), std::size_t(1));
    const ProfileData& p = sink.profiles[0];

    QCOMPARE(p.sampleTypes.size(), std::size_t(2));
    QCOMPARE(p.sampleTypes[1].type, std::string("cpu"));
    QCOMPARE(p.sampleTypes[1].unit, std::string("nanoseconds"));
    QCOMPARE(p.defaultSampleType, 0);
    QCOMPARE(p.periodType.type, std::string("cpu"));
    QCOMPARE(p.period, std::int64_t(10000000));
    QCOMPARE(p.timeNanos, std::int64_t(1700000000123456789));
    QCOMPARE(p.durationNanos, std::int64_t(2500000000));
    QCOMPARE(p.dropFrames, std::string("^runtime\\.gc"));
    QCOMPARE(p.keepFrames, std::string("^main\\."));
    QCOMPARE(p.comments, (std::vector<std::string>{"made by hand", "second comment"}));

    QCOMPARE(p.mappings.size(), std::size_t(2));
    QCOMPARE(p.mappings[0].memoryStart, std::uint64_t(0x400000));
    QCOMPARE(p.mappings[0].memoryLimit, std::uint64_t(0x4c3000));
    QCOMPARE(p.mappings[0].fileOffset, std::uint64_t(0x1000));
    QCOMPARE(p.mappings[0].fileName, std::string("/usr/bin/app"));
    QCOMPARE(p.mappings[0].buildId, std::string("abc123"));
    QVERIFY(p.mappings[0].hasFunctions && p.mappings[0].hasFilenames &&
            p.mappings[0].hasLineNumbers && p.mappings[0].hasInlineFrames);
    QVERIFY(!p.mappings[1].hasFunctions && !p.mappings[1].hasInlineFrames);

    // Three functions of the file plus pprof's name for the unsymbolized location.
    QCOMPARE(p.functions.size(), std::size_t(4));
    bool sawMix = false;
    for (const auto& f : p.functions) {
      if (f.name == "main.mix") {
        sawMix = true;
        QCOMPARE(f.fileName, std::string("mix.go"));
        QCOMPARE(f.systemName, std::string("main.mix"));
        QCOMPARE(f.startLine, std::int64_t(20));
      }
    }
    QVERIFY(sawMix);

    // Identical (stack, labels) samples are merged: 3 rows of 4.
    QCOMPARE(p.samples.size(), std::size_t(3));
    QCOMPARE(totalOf(p, 0), std::int64_t(10));
    QCOMPARE(totalOf(p, 1), std::int64_t(100000000));
    bool sawInlined = false, sawLibc = false;
    for (std::size_t i = 0; i < p.samples.size(); ++i) {
      const auto names = stackNames(p, p.samples[i].node);
      if (names == std::vector<std::string>{"runtime.main", "main.handle", "main.mix"}) {
        sawInlined = true;
        QCOMPARE(p.value(i, 0), std::int64_t(3));
        QCOMPARE(p.value(i, 1), std::int64_t(30000000));
        const ProfileFrame& leaf = p.frames[p.nodes[p.samples[i].node].frame];
        const ProfileFrame& caller = p.frames[p.nodes[p.nodes[p.samples[i].node].parent].frame];
        QVERIFY(leaf.inlined);
        QVERIFY(!caller.inlined);
        QCOMPARE(leaf.line, std::int64_t(78));
        QCOMPARE(caller.line, std::int64_t(90));
        QCOMPARE(leaf.address, std::uint64_t(0x4bf797));
        QCOMPARE(caller.address, std::uint64_t(0x4bf797));
        QCOMPARE(leaf.mapping, std::uint32_t(0));
        const auto& labels = p.labelSets[p.samples[i].labelSet];
        QCOMPARE(labels.size(), std::size_t(2));
        QCOMPARE(labels[0].key, std::string("span_id"));
        QCOMPARE(labels[0].text, std::string("00f067aa0ba902b7"));
        QVERIFY(!labels[0].numeric);
        QCOMPARE(labels[1].key, std::string("bytes"));
        QVERIFY(labels[1].numeric);
        QCOMPARE(labels[1].number, std::int64_t(64));
        QCOMPARE(labels[1].unit, std::string("bytes"));
      } else if (names == std::vector<std::string>{"runtime.main", "[libc.so.6]"}) {
        sawLibc = true;
        const ProfileFrame& leaf = p.frames[p.nodes[p.samples[i].node].frame];
        QCOMPARE(leaf.address, std::uint64_t(0x7f0000001234));
        QCOMPARE(leaf.mapping, std::uint32_t(1));
        QCOMPARE(p.samples[i].labelSet, std::uint32_t(0));
      } else {
        QCOMPARE(names, std::vector<std::string>{"runtime.main"});
        QCOMPARE(p.value(i, 0), std::int64_t(3));
      }
    }
    QVERIFY(sawInlined && sawLibc);
  }

  void sameProfileWhateverTheFieldOrderAndChunks() {
    const pprof::Profile profile = handmadeProfile();
    PprofReader reader;
    ProfileCollector reference;
    QCOMPARE(readProfileBytes(reader, serialized(profile), reference), std::string());
    const std::string expected = dumpProfile(reference.profiles.at(0));
    for (const std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(1) << 20}) {
      ProfileCollector sink;
      QCOMPARE(readProfileBytes(reader, reordered(profile), sink, chunk), std::string());
      QCOMPARE(dumpProfile(sink.profiles.at(0)), expected);
    }
  }

  void packedAndUnpackedRepeatedFields() {
    // Old encoders wrote location_id and value unpacked; both must mean the same.
    pprof::Profile profile = handmadeProfile();
    std::string packed = serialized(profile);
    std::string unpacked;
    auto appendVarint = [](std::string& out, std::uint64_t value) {
      for (; value >= 0x80; value >>= 7)
        out += static_cast<char>(value | 0x80);
      out += static_cast<char>(value);
    };
    for (const auto& s : profile.sample()) {
      std::string body;
      for (const auto id : s.location_id()) {
        body += '\x08';
        appendVarint(body, id);
      }
      for (const auto v : s.value()) {
        body += '\x10';
        appendVarint(body, static_cast<std::uint64_t>(v));
      }
      for (const auto& l : s.label()) {
        const std::string label = l.SerializeAsString();
        body += '\x1a';
        body += static_cast<char>(label.size());
        body += label;
      }
      unpacked += '\x12';
      unpacked += static_cast<char>(body.size());
      unpacked += body;
    }
    profile.clear_sample();
    unpacked += serialized(profile);
    PprofReader reader;
    ProfileCollector a, b;
    QCOMPARE(readProfileBytes(reader, packed, a), std::string());
    QCOMPARE(readProfileBytes(reader, unpacked, b), std::string());
    QCOMPARE(dumpProfile(b.profiles.at(0)), dumpProfile(a.profiles.at(0)));
  }

  void emptyProfileHasNoSamples() {
    pprof::Profile p;
    p.add_string_table("");
    p.add_string_table("samples");
    p.add_string_table("count");
    p.add_sample_type()->set_type(1);
    p.mutable_sample_type(0)->set_unit(2);
    ProfileCollector sink;
    PprofReader reader;
    QCOMPARE(readProfileBytes(reader, serialized(p), sink), std::string());
    QVERIFY(sink.profiles.at(0).samples.empty());
    QCOMPARE(sink.profiles.at(0).nodes.size(), std::size_t(1));
  }

  void badInput_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<qint64>("offset");  // -1: anywhere inside the input

    auto mutated = [](auto change) {
      pprof::Profile p = handmadeProfile();
      change(p);
      return bytes(serialized(p));
    };
    QTest::newRow("more values than sample types")
        << mutated([](pprof::Profile& p) { p.mutable_sample(1)->add_value(5); })
        << QStringLiteral("expected one value per sample type (2), found 3 in a sample")
        << qint64(-1);
    QTest::newRow("fewer values than sample types")
        << mutated([](pprof::Profile& p) { p.mutable_sample(2)->mutable_value()->RemoveLast(); })
        << QStringLiteral("found 1 in a sample") << qint64(-1);
    QTest::newRow("location not defined")
        << mutated([](pprof::Profile& p) { p.mutable_sample(3)->set_location_id(1, 99); })
        << QStringLiteral("sample refers to location id 99, which is not defined") << qint64(-1);
    QTest::newRow("sample with location 0")
        << mutated([](pprof::Profile& p) { p.mutable_sample(0)->set_location_id(0, 0); })
        << QStringLiteral("location id 0, which is not defined") << qint64(-1);
    QTest::newRow("function not defined") << mutated([](pprof::Profile& p) {
      p.mutable_location(1)->mutable_line(0)->set_function_id(42);
    }) << QStringLiteral("location 101 refers to function id 42, which is not defined")
                                          << qint64(-1);
    QTest::newRow("line without function") << mutated([](pprof::Profile& p) {
      p.mutable_location(0)->mutable_line(1)->set_function_id(0);
    }) << QStringLiteral("location 100 refers to function id 0")
                                           << qint64(-1);
    QTest::newRow("function name out of range")
        << mutated([](pprof::Profile& p) { p.mutable_function(1)->set_name(500); })
        << QStringLiteral("function.name refers to string 500, but the string table has")
        << qint64(-1);
    QTest::newRow("negative string index")
        << mutated([](pprof::Profile& p) { p.mutable_mapping(0)->set_filename(-3); })
        << QStringLiteral("mapping.filename refers to string -3") << qint64(-1);
    QTest::newRow("sample type out of range")
        << mutated([](pprof::Profile& p) { p.mutable_sample_type(1)->set_unit(1000); })
        << QStringLiteral("sample_type.unit refers to string 1000") << qint64(-1);
    QTest::newRow("label key out of range")
        << mutated([](pprof::Profile& p) { p.mutable_sample(0)->mutable_label(0)->set_key(777); })
        << QStringLiteral("label.key refers to string 777") << qint64(-1);
    QTest::newRow("comment out of range")
        << mutated([](pprof::Profile& p) { p.add_comment(99); })
        << QStringLiteral("comment refers to string 99") << qint64(-1);
    QTest::newRow("duplicate location id")
        << mutated([](pprof::Profile& p) { p.mutable_location(2)->set_id(100); })
        << QStringLiteral("location id 100 is defined twice") << qint64(-1);
    QTest::newRow("duplicate function id")
        << mutated([](pprof::Profile& p) { p.mutable_function(2)->set_id(1); })
        << QStringLiteral("function id 1 is defined twice") << qint64(-1);
    QTest::newRow("duplicate mapping id")
        << mutated([](pprof::Profile& p) { p.mutable_mapping(1)->set_id(1); })
        << QStringLiteral("mapping id 1 is defined twice") << qint64(-1);
    QTest::newRow("location id 0")
        << mutated([](pprof::Profile& p) { p.mutable_location(0)->set_id(0); })
        << QStringLiteral("location id 0 is reserved") << qint64(-1);
    QTest::newRow("function id 0")
        << mutated([](pprof::Profile& p) { p.mutable_function(0)->set_id(0); })
        << QStringLiteral("function id 0 is reserved") << qint64(-1);
    QTest::newRow("mapping id 0") << mutated(
                                         [](pprof::Profile& p) { p.mutable_mapping(0)->set_id(0); })
                                  << QStringLiteral("mapping id 0 is reserved") << qint64(-1);
    QTest::newRow("no string table")
        << mutated([](pprof::Profile& p) { p.clear_string_table(); })
        << QStringLiteral("expected a string table (field 6)") << qint64(-1);
    QTest::newRow("first string not empty")
        << mutated([](pprof::Profile& p) { p.set_string_table(0, "x"); })
        << QStringLiteral("the first entry of the string table must be the empty string")
        << qint64(0);

    QTest::newRow("sample_type as varint")
        << QByteArray("\x08\x01", 2)
        << QStringLiteral(
               "expected sample_type (field 1) to be length-delimited, found wire type varint")
        << qint64(0);
    const std::string good = serialized(handmadeProfile());
    QTest::newRow("time_nanos as bytes, after a good profile")
        << bytes(good + std::string("\x4a\x01\x00", 3))
        << QStringLiteral(
               "expected time_nanos (field 9) to be a varint, found wire type "
               "length-delimited")
        << qint64(good.size());
    QTest::newRow("huge length")
        << QByteArray("\x12\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10)
        << QStringLiteral("truncated input: field 2 of Profile needs 144115188075855871 bytes")
        << qint64(0);
    QTest::newRow("invalid Sample body")
        << QByteArray("\x32\x00\x12\x02\x0f\x0f", 6)
        << QStringLiteral("expected a valid Sample message of 2 bytes") << qint64(2);
    QTest::newRow("tag 0") << QByteArray("\x32\x00\x00", 3) << QStringLiteral("found invalid tag 0")
                           << qint64(2);
    QTest::newRow("group") << QByteArray("\x0b\x0c", 2)
                           << QStringLiteral("unsupported wire type start-group in field 1")
                           << qint64(0);
    QTest::newRow("truncated varint")
        << QByteArray("\x32\x00\x48\xff", 4)
        << QStringLiteral("truncated input: the varint value of field 9 of Profile") << qint64(2);
    QTest::newRow("empty") << QByteArray()
                           << QStringLiteral("expected a pprof profile, found an empty file")
                           << qint64(0);
    QTest::newRow("text") << QByteArray("hello world\n") << QString() << qint64(-1);
  }
  void badInput() {
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QFETCH(qint64, offset);
    ProfileCollector sink;
    PprofReader reader;
    DecodeError error;
    const std::string message =
        readProfileBytes(reader, input.toStdString(), sink, 1 << 20, &error);
    QVERIFY2(!message.empty(), "bad input was accepted");
    QVERIFY(sink.profiles.empty());
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    QVERIFY(error.hasOffset);
    if (offset >= 0)
      QCOMPARE(qint64(error.offset), offset);
    else
      QVERIFY(error.offset <= std::uint64_t(input.size()));
  }

  void oversizedProfileIsRefused() {
    // A source that claims a chunk over the cap: the reader must refuse it by its size,
    // before touching its bytes (which are not there).
    struct HugeChunkSource : ByteSource {
      std::uint8_t byte = 0x0a;
      bool served = false;
      Status ok;
      std::span<const std::uint8_t> next() override {
        if (served)
          return {};
        served = true;
        return {&byte, static_cast<std::size_t>(PprofReader::kMaxProfileBytes + 1)};
      }
      const Status& status() const override { return ok; }
      std::uint64_t position() const override { return 0; }
    } source;
    ProfileCollector sink;
    ReaderContext context;
    context.profiles = &sink;
    DecodeError error;
    PprofReader reader;
    QVERIFY(!reader.read(source, context, error));
    QVERIFY2(error.message.find("larger than 2147483647 bytes (decompressed) is not supported") !=
                 std::string::npos,
             error.message.c_str());
    QVERIFY(error.hasOffset);
  }

  void sinkFailureStopsTheReader() {
    ProfileCollector sink;
    sink.refuse = true;
    PprofReader reader;
    QCOMPARE(readProfileBytes(reader, serialized(handmadeProfile()), sink),
             std::string("disk full"));
  }

  void cancelled() {
    std::atomic<bool> cancel{true};
    MemoryByteSource source(serialized(handmadeProfile()));
    ProfileCollector sink;
    ReaderContext context;
    context.profiles = &sink;
    context.cancel = &cancel;
    DecodeError error;
    PprofReader reader;
    QVERIFY(!reader.read(source, context, error));
    QCOMPARE(error.message, std::string("cancelled"));
    QVERIFY(sink.profiles.empty());
  }

  // Cut anywhere and flipped anywhere: a clean error (or, at a field boundary after the
  // string table, a shorter profile), never a crash. Also run under ASan.
  void damagedInputsFailCleanly_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("points");  // cut and flip positions tried, spread over the input
    QTest::newRow("handmade") << bytes(serialized(handmadeProfile())) << 100000;
    // The Go profiles hold stacks 2000 frames deep: fewer points keep the test fast.
    QTest::newRow("go cpu") << bytes(decompressed(fileBytes(testData("go-pprof/cpu.pb.gz")))) << 60;
    QTest::newRow("go heap") << bytes(decompressed(fileBytes(testData("go-pprof/heap.pb.gz"))))
                             << 60;
  }
  void damagedInputsFailCleanly() {
    QFETCH(QByteArray, input);
    QFETCH(int, points);
    const std::string good = input.toStdString();
    QVERIFY(good.size() > 100);
    PprofReader reader;
    const std::size_t step =
        std::max<std::size_t>(1, good.size() / static_cast<std::size_t>(points));
    std::size_t failedCuts = 0, cuts = 0;
    for (std::size_t cut = 0; cut < good.size(); cut += step) {
      ProfileCollector sink;
      DecodeError error;
      const std::string message =
          readProfileBytes(reader, good.substr(0, cut), sink, 1 << 20, &error);
      ++cuts;
      if (!message.empty()) {
        ++failedCuts;
        QVERIFY2(error.hasOffset && error.offset <= cut, message.c_str());
      }
    }
    // Go and protobuf write the string table last: almost every cut loses it.
    QVERIFY2(failedCuts * 10 >= cuts * 9,
             qPrintable(QStringLiteral("%1 of %2 cuts accepted").arg(cuts - failedCuts).arg(cuts)));
    for (std::size_t at = 0; at < good.size(); at += step) {
      for (const char mask : {'\xff', '\x01', '\x80'}) {
        std::string flipped = good;
        flipped[at] = static_cast<char>(flipped[at] ^ mask);
        ProfileCollector sink;
        DecodeError error;
        const std::string message = readProfileBytes(reader, flipped, sink, 1 << 20, &error);
        if (!message.empty())
          QVERIFY2(error.hasOffset && error.offset <= good.size(), message.c_str());
        else
          QCOMPARE(sink.profiles.size(), std::size_t(1));
      }
    }
  }

  // Real profiles of Go's runtime/pprof against what `go tool pprof` said about them
  // (tests/data/go-pprof/expected, written by generate.sh next to the fixtures).
  void goFixtures_data() {
    QTest::addColumn<QString>("name");
    for (const char* name : {"cpu", "cpu_labels", "cpu_before", "cpu_after", "heap", "allocs",
                             "goroutine", "mutex", "block"}) {
      QTest::newRow(name) << QString::fromLatin1(name);
    }
  }
  void goFixtures() {
    QFETCH(QString, name);
    const std::string base = name.toStdString();
    const std::string data = decompressed(fileBytes(testData("go-pprof/" + base + ".pb.gz")));
    QVERIFY(!data.empty());
    const RawReference raw =
        parseRawReference(fileBytes(testData("go-pprof/expected/" + base + ".raw.txt")));
    QVERIFY(!raw.sampleTypes.empty());

    ProfileCollector sink;
    PprofReader reader;
    const std::string error = readProfileBytes(reader, data, sink, 4096);
    QVERIFY2(error.empty(), error.c_str());
    const ProfileData& p = sink.profiles.at(0);

    QCOMPARE(p.sampleTypes.size(), raw.sampleTypes.size());
    for (std::size_t t = 0; t < raw.sampleTypes.size(); ++t) {
      QCOMPARE(p.sampleTypes[t].type + "/" + p.sampleTypes[t].unit, raw.sampleTypes[t]);
      QCOMPARE(totalOf(p, t), raw.totals[t]);
      // The same total as `go tool pprof -top -sample_index=T`.
      const std::string top = fileBytes(
          testData("go-pprof/expected/" + base + "." + p.sampleTypes[t].type + ".top.txt"));
      QCOMPARE(topTotal(top), raw.totals[t]);
    }
    QCOMPARE(p.effectiveDefaultSampleType(), raw.defaultType);
    // pprof lists the mappings that locations use (its Merge drops the others, e.g.
    // [vdso]); the file's mappings are all kept.
    std::set<std::uint32_t> usedMappings;
    for (const auto& frame : p.frames)
      if (frame.mapping != kNoMapping)
        usedMappings.insert(frame.mapping);
    QCOMPARE(static_cast<int>(usedMappings.size()), raw.mappings);
    QVERIFY(p.mappings.size() >= usedMappings.size());
    // Functions on the stacks of non-zero samples are pprof's: its Merge drops all-zero
    // samples (Go's heap profile has one, of runtime/pprof.writeHeap) and what only they
    // use; the reader keeps everything of the file.
    std::set<std::string> onStacks;
    for (std::size_t i = 0; i < p.samples.size(); ++i) {
      bool zero = true;
      for (std::size_t t = 0; t < p.typeCount(); ++t)
        zero = zero && p.value(i, t) == 0;
      if (!zero) {
        for (const auto& function : stackNames(p, p.samples[i].node))
          onStacks.insert(function);
      }
    }
    QCOMPARE(onStacks, raw.functions);
    QVERIFY(p.functions.size() >= onStacks.size());
    QVERIFY(p.timeNanos > 0);
    QVERIFY(!p.periodType.type.empty());
    // Every stack ends at a frame of the file; nodes come after their parents.
    for (std::size_t n = 1; n < p.nodes.size(); ++n) {
      QVERIFY(p.nodes[n].parent < n);
      QVERIFY(p.nodes[n].frame < p.frames.size());
    }
  }

  // A gzip file is inflated whole and decoded where it lies (PprofReader's in-place path);
  // the profile must be the one a reader copying small chunks gets, and so must the error
  // of a damaged message.
  void inPlaceDecodeMatchesChunkedDecode_data() { goFixtures_data(); }
  void inPlaceDecodeMatchesChunkedDecode() {
    QFETCH(QString, name);
    const std::string packed = fileBytes(testData("go-pprof/" + name.toStdString() + ".pb.gz"));
    const auto decode = [](std::unique_ptr<ByteSource> raw, std::string& error) {
      PeekingByteSource source(openDecompressed(std::move(raw)));
      (void)source.peek(4096);
      ProfileCollector sink;
      ReaderContext context;
      context.profiles = &sink;
      DecodeError decodeError;
      PprofReader reader;
      if (!reader.read(source, context, decodeError))
        error = decodeError.message + " @" + std::to_string(decodeError.offset);
      return sink.profiles.empty() ? std::string() : dumpProfile(sink.profiles[0]);
    };
    std::string inPlaceError;
    std::string chunkedError;
    const std::string inPlace = decode(std::make_unique<MemoryByteSource>(packed), inPlaceError);
    const std::string chunked =
        decode(std::make_unique<MemoryByteSource>(decompressed(packed), 4096), chunkedError);
    QVERIFY2(inPlaceError.empty(), inPlaceError.c_str());
    QVERIFY(!inPlace.empty());
    QVERIFY(inPlace == chunked);

    // The same message cut short: both paths refuse it alike.
    std::string raw = decompressed(packed);
    raw.resize(raw.size() - 3);
    const std::string cutPacked = gzipCompress(raw);
    inPlaceError.clear();
    chunkedError.clear();
    decode(std::make_unique<MemoryByteSource>(cutPacked), inPlaceError);
    decode(std::make_unique<MemoryByteSource>(raw, 4096), chunkedError);
    QVERIFY(!inPlaceError.empty());
    QCOMPARE(inPlaceError, chunkedError);
  }

  void goLabelsSurvive() {
    const std::string data = decompressed(fileBytes(testData("go-pprof/cpu_labels.pb.gz")));
    ProfileCollector sink;
    PprofReader reader;
    QCOMPARE(readProfileBytes(reader, data, sink), std::string());
    const ProfileData& p = sink.profiles.at(0);
    const int cpu = p.sampleTypeIndex("cpu");
    QVERIFY(cpu >= 0);
    // From expected/cpu_labels.cpu.tags.txt (`go tool pprof -tags`).
    const std::string tags = fileBytes(testData("go-pprof/expected/cpu_labels.cpu.tags.txt"));
    auto tagValue = [&](const std::string& value) -> std::int64_t {
      const auto at = tags.find(value);
      if (at == std::string::npos)
        return -1;
      const auto lineStart = tags.rfind('\n', at) + 1;
      return std::stoll(tags.substr(tags.find_first_not_of(' ', lineStart)));
    };
    std::map<std::string, std::int64_t> bySpan;
    std::int64_t withTrace = 0;
    for (std::size_t i = 0; i < p.samples.size(); ++i) {
      for (const auto& label : p.labelSets[p.samples[i].labelSet]) {
        if (label.key == "span_id")
          bySpan[label.text] += p.value(i, static_cast<std::size_t>(cpu));
        if (label.key == "trace_id" && label.text == "4bf92f3577b34da6a3ce929d0e0e4736")
          withTrace += p.value(i, static_cast<std::size_t>(cpu));
      }
    }
    QCOMPARE(bySpan.size(), std::size_t(2));
    QCOMPARE(bySpan["00f067aa0ba902b7"], tagValue("00f067aa0ba902b7"));
    QCOMPARE(bySpan["53995c3f42cd8ad8"], tagValue("53995c3f42cd8ad8"));
    QCOMPARE(withTrace, tagValue("4bf92f3577b34da6a3ce929d0e0e4736"));
  }

  void sniffer_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("isPprof");
    const std::string hand = serialized(handmadeProfile());
    QTest::newRow("handmade") << bytes(hand) << true;
    pprof::Profile large = handmadeProfile();
    large.add_string_table(std::string(5000, 'x'));  // the head ends inside this string
    QTest::newRow("handmade, 4 KiB head of a larger file")
        << bytes(serialized(large)).left(4096) << true;
    QTest::newRow("handmade cut after 30 bytes") << bytes(hand.substr(0, 30)) << true;
    QTest::newRow("go cpu") << bytes(decompressed(fileBytes(testData("go-pprof/cpu.pb.gz"))))
                            << true;
    QTest::newRow("otlp protobuf") << bytes(fileBytes(testData("otel-js/traces.otlp.pb"))) << false;
    QTest::newRow("otlp delimited")
        << bytes(fileBytes(testData("otel-js/traces.delimited.otlp.pb"))) << false;
    QTest::newRow("otlp json") << bytes(fileBytes(testData("otel-js/traces.otlp.json"))) << false;
    QTest::newRow("collapsed") << bytes(fileBytes(testData("collapsed/simple.txt"))) << false;
    QTest::newRow("gzip bytes") << bytes(fileBytes(testData("go-pprof/cpu.pb.gz"))) << false;
    QTest::newRow("one byte") << QByteArray("\x0a", 1) << false;
  }
  void sniffer() {
    QFETCH(QByteArray, head);
    QFETCH(bool, isPprof);
    const auto data =
        std::span(reinterpret_cast<const std::uint8_t*>(head.constData()),
                  static_cast<std::size_t>(head.size()))
            .first(std::min<std::size_t>(4096, static_cast<std::size_t>(head.size())));
    const int score = sniffPprof(data);
    QVERIFY2(isPprof ? score >= 30 : score == 0, qPrintable(QString::number(score)));
  }
};

QTEST_GUILESS_MAIN(TestPprofReader)
#include "tst_pprof_reader.moc"
