#pragma once

// Hand-built profiles and comparison helpers for the profile store tests
// (tst_profile_writer, tst_profile_queries). Header-only so that each QtTest executable
// stays one .cpp.

#include <QtTest>

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/profiles/profile_builder.h"
#include "model/profiles/profile_data.h"
#include "model/profiles/profile_writer.h"
#include "model/store/store_statement.h"
#include "model/traces/trace_writer.h"

namespace sightline::test {

inline ProfileLabel textLabel(std::string key, std::string text) {
  ProfileLabel label;
  label.key = std::move(key);
  label.text = std::move(text);
  return label;
}

inline ProfileLabel numberLabel(std::string key, std::int64_t number, std::string unit = {}) {
  ProfileLabel label;
  label.key = std::move(key);
  label.number = number;
  label.unit = std::move(unit);
  label.numeric = true;
  return label;
}

inline constexpr const char* kSpanA = "00f067aa0ba902b7";
inline constexpr const char* kSpanB = "53995c3f42cd8ad8";

// A profile that uses every field of ProfileData: three sample types, two mappings (one
// with addresses above 2^63), inlined frames, frames without a mapping, string and numeric
// labels with and without units, and header strings that need JSON escaping. `variant`
// shifts names and values so that two profiles of one source differ.
inline ProfileData handBuiltProfile(int variant = 0) {
  const std::string v = std::to_string(variant);
  ProfileBuilder builder;
  ProfileData& data = builder.data();
  data.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}, {"alloc_space", "bytes"}};
  data.defaultSampleType = variant == 0 ? 1 : -1;
  data.periodType = {"cpu", "nanoseconds"};
  data.period = 10000000 + variant;
  data.timeNanos = 1700000000123456789 + variant;
  data.durationNanos = 30000000000;
  data.dropFrames = "runtime\\..*";
  data.keepFrames = variant == 0 ? "main\\..*" : "";
  data.comments = {"first comment", "quote \" backslash \\ newline \n tab \t end",
                   "\xc3\xbcnic\xc3\xb6"
                   "de " +
                       v};

  ProfileMapping server;
  server.memoryStart = 0x400000;
  server.memoryLimit = 0xffffffffffff0000ull;
  server.fileOffset = 0x1000;
  server.fileName = "/usr/bin/server" + v;
  server.buildId = "b1d0c0ffee";
  server.hasFunctions = server.hasFilenames = server.hasLineNumbers = server.hasInlineFrames = true;
  const std::uint32_t serverMapping = builder.addMapping(server);
  ProfileMapping vdso;
  vdso.memoryStart = 0x7fff0000;
  vdso.memoryLimit = 0x7fff2000;
  vdso.hasLineNumbers = true;
  const std::uint32_t vdsoMapping = builder.addMapping(vdso);

  const std::uint32_t fMain = builder.internFunction({"main.main", "main.main", "main.go", 10});
  const std::uint32_t fHandle = builder.internFunction(
      {"main.(*server).handle" + v, "main.(*server).handle", "/src/server/handler.go", 42});
  const std::uint32_t fIndex =
      builder.internFunction({"strings.Index", "strings.Index", "/go/src/strings/strings.go", 0});
  const std::uint32_t fMalloc = builder.internFunction({"runtime.mallocgc", "", "", -1});

  const std::uint32_t main = builder.internFrame({fMain, 12, 0x401000, serverMapping, false});
  const std::uint32_t handle = builder.internFrame({fHandle, 57, 0x402000, serverMapping, false});
  // One location with an inlined call: the callee (inlined) and its caller share an address.
  const std::uint32_t index = builder.internFrame({fIndex, 1101, 0x403000, serverMapping, true});
  const std::uint32_t handleInline =
      builder.internFrame({fHandle, 60, 0x403000, serverMapping, false});
  const std::uint32_t malloc =
      builder.internFrame({fMalloc, 0, 0xfffffffffff00001ull, kNoMapping, false});
  const std::uint32_t vdsoFrame = builder.internFrame({fMalloc, 7, 0x7fff0100, vdsoMapping, false});

  const std::uint32_t none = builder.internLabelSet({});
  const std::uint32_t spanA =
      builder.internLabelSet({textLabel("span_id", kSpanA), textLabel("trace_id", "4bf92f35")});
  const std::uint32_t spanB = builder.internLabelSet(
      {textLabel("spanID", kSpanB), numberLabel("bytes", 1024 + variant, "bytes")});
  const std::uint32_t numeric =
      builder.internLabelSet({numberLabel("goroutines", -3), textLabel("empty", "")});

  const std::uint32_t a = builder.stackFromLeaf(std::vector<std::uint32_t>{handle, main});
  const std::uint32_t b =
      builder.stackFromLeaf(std::vector<std::uint32_t>{index, handleInline, main});
  const std::uint32_t c = builder.stackFromLeaf(std::vector<std::uint32_t>{malloc, handle, main});
  const std::uint32_t d = builder.stackFromLeaf(std::vector<std::uint32_t>{vdsoFrame});
  const std::int64_t k = variant + 1;
  builder.addSample(a, none, std::vector<std::int64_t>{1, 10000000 * k, 0});
  builder.addSample(a, spanA, std::vector<std::int64_t>{2, 20000000, 0});
  builder.addSample(b, spanA, std::vector<std::int64_t>{3, 30000000, 512});
  builder.addSample(c, spanB, std::vector<std::int64_t>{4, 40000000, 1 << 20});
  builder.addSample(d, numeric, std::vector<std::int64_t>{5, -7, 0});
  builder.addSample(0, none, std::vector<std::int64_t>{6, 60, 6});  // an empty stack
  return builder.finish();
}

// A profile whose trie has `nodes` nodes (a wide and deep random tree) and `samples`
// samples spread over the leaves, for the bulk timing.
inline ProfileData syntheticProfile(std::size_t nodes, std::size_t samples) {
  ProfileData data;
  data.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
  data.periodType = {"cpu", "nanoseconds"};
  data.period = 10000000;
  const std::size_t functions = 20000;
  for (std::size_t i = 0; i < functions; ++i) {
    data.functions.push_back({"pkg" + std::to_string(i % 300) + ".Function" + std::to_string(i),
                              "pkg.Function" + std::to_string(i),
                              "/src/pkg" + std::to_string(i % 300) + "/file.go",
                              static_cast<std::int64_t>(i)});
  }
  for (std::size_t i = 0; i < 4 * functions; ++i) {
    data.frames.push_back({static_cast<std::uint32_t>(i % functions),
                           static_cast<std::int64_t>(i % 977), 0x400000 + i * 16, kNoMapping,
                           i % 7 == 0});
  }
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  data.nodes.push_back(StackNode{0, 0});
  for (std::size_t i = 1; i < nodes; ++i) {
    // Mostly extend a recent node (deep stacks), sometimes branch from anywhere.
    const std::size_t window = std::min<std::size_t>(i, 64);
    const std::size_t parent = next() % 8 ? i - 1 - next() % window : next() % i;
    data.nodes.push_back(StackNode{static_cast<std::uint32_t>(parent),
                                   static_cast<std::uint32_t>(next() % data.frames.size())});
  }
  data.labelSets.emplace_back();
  for (std::size_t i = 0; i < samples / 10; ++i) {
    data.labelSets.push_back(
        {ProfileLabel{"span_id", std::to_string(1000000 + i), 0, "", false},
         ProfileLabel{"bytes", "", static_cast<std::int64_t>(i), "bytes", true}});
  }
  for (std::size_t i = 0; i < samples; ++i) {
    data.samples.push_back(
        ProfileSample{static_cast<std::uint32_t>(next() % nodes),
                      static_cast<std::uint32_t>(i % 3 ? 0 : next() % data.labelSets.size())});
    data.values.push_back(static_cast<std::int64_t>(1 + next() % 100));
    data.values.push_back(static_cast<std::int64_t>(next() % 1000000000));
  }
  return data;
}

// Every field of two profiles, with the failing index in the message.
inline void compareProfiles(const ProfileData& actual, const ProfileData& expected) {
  QCOMPARE(actual.sampleTypes.size(), expected.sampleTypes.size());
  for (std::size_t i = 0; i < expected.sampleTypes.size(); ++i) {
    QCOMPARE(actual.sampleTypes[i].type, expected.sampleTypes[i].type);
    QCOMPARE(actual.sampleTypes[i].unit, expected.sampleTypes[i].unit);
  }
  QCOMPARE(actual.defaultSampleType, expected.defaultSampleType);
  QCOMPARE(actual.periodType.type, expected.periodType.type);
  QCOMPARE(actual.periodType.unit, expected.periodType.unit);
  QCOMPARE(actual.period, expected.period);
  QCOMPARE(actual.timeNanos, expected.timeNanos);
  QCOMPARE(actual.durationNanos, expected.durationNanos);
  QCOMPARE(actual.dropFrames, expected.dropFrames);
  QCOMPARE(actual.keepFrames, expected.keepFrames);
  QCOMPARE(actual.comments, expected.comments);

  QCOMPARE(actual.mappings.size(), expected.mappings.size());
  for (std::size_t i = 0; i < expected.mappings.size(); ++i) {
    const ProfileMapping& a = actual.mappings[i];
    const ProfileMapping& e = expected.mappings[i];
    QCOMPARE(a.memoryStart, e.memoryStart);
    QCOMPARE(a.memoryLimit, e.memoryLimit);
    QCOMPARE(a.fileOffset, e.fileOffset);
    QCOMPARE(a.fileName, e.fileName);
    QCOMPARE(a.buildId, e.buildId);
    QCOMPARE(a.hasFunctions, e.hasFunctions);
    QCOMPARE(a.hasFilenames, e.hasFilenames);
    QCOMPARE(a.hasLineNumbers, e.hasLineNumbers);
    QCOMPARE(a.hasInlineFrames, e.hasInlineFrames);
  }
  QCOMPARE(actual.functions.size(), expected.functions.size());
  for (std::size_t i = 0; i < expected.functions.size(); ++i) {
    QCOMPARE(actual.functions[i].name, expected.functions[i].name);
    QCOMPARE(actual.functions[i].systemName, expected.functions[i].systemName);
    QCOMPARE(actual.functions[i].fileName, expected.functions[i].fileName);
    QCOMPARE(actual.functions[i].startLine, expected.functions[i].startLine);
  }
  QCOMPARE(actual.frames.size(), expected.frames.size());
  for (std::size_t i = 0; i < expected.frames.size(); ++i) {
    const ProfileFrame& a = actual.frames[i];
    const ProfileFrame& e = expected.frames[i];
    QVERIFY2(a.function == e.function && a.line == e.line && a.address == e.address &&
                 a.mapping == e.mapping && a.inlined == e.inlined,
             qPrintable(QStringLiteral("frame %1").arg(i)));
  }
  QCOMPARE(actual.nodes.size(), expected.nodes.size());
  for (std::size_t i = 0; i < expected.nodes.size(); ++i) {
    QVERIFY2(actual.nodes[i].parent == expected.nodes[i].parent &&
                 actual.nodes[i].frame == expected.nodes[i].frame,
             qPrintable(QStringLiteral("node %1").arg(i)));
  }
  QCOMPARE(actual.samples.size(), expected.samples.size());
  for (std::size_t i = 0; i < expected.samples.size(); ++i) {
    QVERIFY2(actual.samples[i].node == expected.samples[i].node &&
                 actual.samples[i].labelSet == expected.samples[i].labelSet,
             qPrintable(QStringLiteral("sample %1").arg(i)));
  }
  QCOMPARE(actual.values, expected.values);
  QCOMPARE(actual.labelSets.size(), expected.labelSets.size());
  for (std::size_t s = 0; s < expected.labelSets.size(); ++s) {
    QCOMPARE(actual.labelSets[s].size(), expected.labelSets[s].size());
    for (std::size_t i = 0; i < expected.labelSets[s].size(); ++i) {
      const ProfileLabel& a = actual.labelSets[s][i];
      const ProfileLabel& e = expected.labelSets[s][i];
      QVERIFY2(a.key == e.key && a.text == e.text && a.number == e.number && a.unit == e.unit &&
                   a.numeric == e.numeric,
               qPrintable(QStringLiteral("label set %1 label %2").arg(s).arg(i)));
    }
  }
}

inline SourceDescription profileSource(const std::string& sha) {
  return SourceDescription{"/profiles/" + sha + ".pb.gz", "pprof", sha, 4321};
}

inline std::unique_ptr<Workspace> openWorkspace(const std::string& path,
                                                Workspace::Mode mode = Workspace::Mode::ReadWrite) {
  Status status;
  auto ws = Workspace::open(path, mode, &status);
  if (!ws)
    qWarning("%s", status.message().c_str());
  return ws;
}

// Stores `profiles` as one source whose hash is `sha`.
inline Status storeProfiles(Workspace& ws, const std::string& sha,
                            std::vector<ProfileData> profiles, ProfileWriteStats* stats = nullptr) {
  ProfileWriter writer(ws, profileSource(sha));
  for (auto& profile : profiles) {
    if (Status s = writer.consume(std::move(profile)); !s)
      return s;
  }
  Status s = writer.finish();
  if (stats)
    *stats = writer.stats();
  return s;
}

inline std::int64_t scalar(sqlite3* db, const std::string& sql) {
  StoreStatement q(db, sql);
  return q.step() ? q.columnInt(0) : -1;
}

// The schema and every row of every table, in a stable order: two equal dumps mean an
// unchanged workspace.
inline std::string dumpWorkspace(sqlite3* db) {
  std::string out;
  StoreStatement tables(db,
                        "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                        "ORDER BY name");
  std::vector<std::string> names;
  while (tables.step()) {
    out += tables.columnText(0) + ": " + tables.columnText(1) + "\n";
    if (tables.columnText(1).rfind("CREATE TABLE", 0) == 0)
      names.push_back(tables.columnText(0));
  }
  for (const auto& name : names) {
    StoreStatement rows(db, "SELECT * FROM " + name + " ORDER BY 1, 2");
    const int columns = sqlite3_column_count(rows.get());
    while (rows.step()) {
      out += name + ":";
      for (int i = 0; i < columns; ++i) {
        const auto* bytes = sqlite3_column_blob(rows.get(), i);
        out += '|';
        out += std::to_string(sqlite3_column_type(rows.get(), i)) + ":";
        if (bytes)
          out.append(static_cast<const char*>(bytes),
                     static_cast<std::size_t>(sqlite3_column_bytes(rows.get(), i)));
      }
      out += '\n';
    }
  }
  out += "user_version " + std::to_string(scalar(db, "PRAGMA user_version"));
  return out;
}

}  // namespace sightline::test
