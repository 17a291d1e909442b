// Pass 4 of the pprof decoder (importers/pprof_sample_pass.h): the two-thread pipeline and
// the hand-written Sample decoder must give exactly what one thread and the generated
// protobuf parser give — same profile, same errors at the same offsets — whatever the
// encoding of the Sample fields (packed or not, labels, unknown fields).

#include <QTest>

#include "importers/pprof/pprof_decoder.h"
#include "importers/pprof/pprof_profile.pb.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;

namespace {

constexpr int kFunctions = 300;

// A profile of `samples` samples over a few thousand stacks (depth 5..24), two sample types,
// every 7th sample labelled. Deterministic.
pprof::Profile syntheticProfile(int samples) {
  pprof::Profile profile;
  profile.add_string_table("");
  const auto text = [&](const std::string& s) {
    profile.add_string_table(s);
    return profile.string_table_size() - 1;
  };
  auto* cpu = profile.add_sample_type();
  cpu->set_type(text("samples"));
  cpu->set_unit(text("count"));
  auto* time = profile.add_sample_type();
  time->set_type(text("cpu"));
  time->set_unit(text("nanoseconds"));
  for (int f = 1; f <= kFunctions; ++f) {
    auto* function = profile.add_function();
    function->set_id(f);
    function->set_name(text("pkg" + std::to_string(f % 17) + ".fn" + std::to_string(f)));
    auto* location = profile.add_location();
    location->set_id(f);
    location->add_line()->set_function_id(f);
  }
  const std::int64_t spanKey = text("span_id");
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (int s = 0; s < samples; ++s) {
    auto* sample = profile.add_sample();
    const std::uint64_t stack = next() % 4000;
    const int depth = 5 + static_cast<int>(stack % 20);
    for (int d = 0; d < depth; ++d)
      sample->add_location_id(1 + (stack * 31 + static_cast<std::uint64_t>(d) * 7) % kFunctions);
    sample->add_value(1);
    sample->add_value(static_cast<std::int64_t>(next() % 1000) * 1000);
    if (s % 7 == 0) {
      auto* label = sample->add_label();
      label->set_key(spanKey);
      label->set_str(text("span" + std::to_string(s % 5)));
    }
  }
  return profile;
}

struct Decoded {
  bool ok = false;
  DecodeError error;
  std::string dump;
};

Decoded decode(const std::string& bytes, std::uint64_t pipelineMinSamples) {
  ReaderContext context;
  ProfileData profile;
  Decoded result;
  result.ok =
      decodePprofProfile({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()},
                         context, profile, result.error, pipelineMinSamples);
  if (result.ok)
    result.dump = test::dumpProfile(profile);
  return result;
}

// One thread and two give the same outcome.
void compareModes(const std::string& bytes) {
  const Decoded single = decode(bytes, 0);
  const Decoded piped = decode(bytes, 1);
  QCOMPARE(piped.ok, single.ok);
  QCOMPARE(piped.error.message, single.error.message);
  QCOMPARE(piped.error.offset, single.error.offset);
  QVERIFY(piped.dump == single.dump);
}

void appendVarint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// A Sample with its repeated scalars unpacked and an unknown field, which protobuf accepts.
std::string unpackedSample(const pprof::Sample& sample, bool unknownField) {
  std::string body;
  for (const std::uint64_t id : sample.location_id()) {
    appendVarint(body, 1 << 3 | 0);
    appendVarint(body, id);
  }
  for (const std::int64_t value : sample.value()) {
    appendVarint(body, 2 << 3 | 0);
    appendVarint(body, static_cast<std::uint64_t>(value));
  }
  for (const auto& label : sample.label()) {
    appendVarint(body, 3 << 3 | 2);
    const std::string bytes = label.SerializeAsString();
    appendVarint(body, bytes.size());
    body += bytes;
  }
  if (unknownField) {
    appendVarint(body, 9 << 3 | 0);
    appendVarint(body, 42);
  }
  std::string field;
  appendVarint(field, 2 << 3 | 2);
  appendVarint(field, body.size());
  return field + body;
}

}  // namespace

class TestPprofSamplePass : public QObject {
  Q_OBJECT

 private slots:
  void pipelineGivesTheSameProfile() {
    const std::string bytes = syntheticProfile(100000).SerializeAsString();
    const Decoded single = decode(bytes, 0);
    QVERIFY2(single.ok, single.error.message.c_str());
    QVERIFY(single.dump.size() > 1000);
    compareModes(bytes);
    // The default threshold pipelines a profile this size.
    QVERIFY(decode(bytes, kPprofPipelineMinSamples).dump == single.dump);
  }

  void unpackedAndUnknownFieldsDecodeAlike() {
    pprof::Profile profile = syntheticProfile(3000);
    const std::string packed = profile.SerializeAsString();
    // The same samples written unpacked (some with an unknown field), after the rest.
    std::string samples;
    for (int s = 0; s < profile.sample_size(); ++s)
      samples += unpackedSample(profile.sample(s), s % 3 == 0);
    profile.clear_sample();
    const std::string unpacked = profile.SerializeAsString() + samples;
    const Decoded expected = decode(packed, 0);
    QVERIFY(expected.ok);
    QVERIFY(decode(unpacked, 0).dump == expected.dump);
    QVERIFY(decode(unpacked, 1).dump == expected.dump);
  }

  void errorsAreTheSameInBothModes_data() {
    QTest::addColumn<int>("broken");  // which sample
    QTest::addColumn<int>("kind");
    for (const int at : {0, 8191, 8192, 19999}) {
      QTest::addRow("undefined location at %d", at) << at << 0;
      QTest::addRow("missing value at %d", at) << at << 1;
      QTest::addRow("label string out of range at %d", at) << at << 2;
    }
  }
  void errorsAreTheSameInBothModes() {
    QFETCH(int, broken);
    QFETCH(int, kind);
    pprof::Profile profile = syntheticProfile(20000);
    pprof::Sample* sample = profile.mutable_sample(broken);
    if (kind == 0)
      sample->add_location_id(kFunctions + 1000);
    else if (kind == 1)
      sample->mutable_value()->RemoveLast();
    else
      sample->add_label()->set_key(1000000);
    const std::string bytes = profile.SerializeAsString();
    const Decoded single = decode(bytes, 0);
    QVERIFY(!single.ok);
    QVERIFY(single.error.hasOffset);
    compareModes(bytes);
  }

  void truncationsFailAlike() {
    const std::string bytes = syntheticProfile(70000).SerializeAsString();
    for (const std::size_t cut : {bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
      const std::string truncated = bytes.substr(0, cut);
      QVERIFY(!decode(truncated, 0).ok);
      compareModes(truncated);
    }
  }

  void cancelStopsThePipeline() {
    const std::string bytes = syntheticProfile(100000).SerializeAsString();
    std::atomic<bool> cancel{false};
    ReaderContext context;
    context.cancel = &cancel;
    // Cancelled while samples are being merged: the parsing thread notices and stops.
    std::uint64_t rowsSeen = 0;
    context.onRows = [&](std::uint64_t rows) {
      rowsSeen = rows;
      cancel = true;
    };
    ProfileData profile;
    DecodeError error;
    QVERIFY(!decodePprofProfile({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()},
                                context, profile, error, 1));
    QCOMPARE(error.message, std::string("cancelled"));
    QVERIFY(rowsSeen > 0 && rowsSeen < 100000);
  }
};

QTEST_GUILESS_MAIN(TestPprofSamplePass)
#include "tst_pprof_sample_pass.moc"
