// Re-focusing a flame graph from the tree already built (model/call_tree_refocus.h) must
// give exactly the tree a fresh buildCallTree gives: same nodes, same layout, same values.
// Checked on the Go runtime/pprof fixtures for every sample type and on hand-made profiles
// with inlined frames, mappings, drop_frames and hidden frames.

#include <QTest>

#include "model/profiles/call_tree_refocus.h"
#include "tests/importers/pprof/profile_test_support.h"
#include "tests/model/profiles/tst_profile_spec.h"

using namespace sightline;
using sightline::test::readGoProfile;

namespace {

const char* const kGoProfiles[] = {"cpu",       "cpu_labels", "heap",  "allocs",
                                   "goroutine", "mutex",      "block", "cpu_before"};

// Node for node, names compared as text.
QString differenceBetween(const CallTree& expected, const CallTree& actual) {
  if (expected.nodes.size() != actual.nodes.size())
    return QStringLiteral("%1 nodes expected, %2 found")
        .arg(expected.nodes.size())
        .arg(actual.nodes.size());
  if (expected.maxDepth != actual.maxDepth)
    return QStringLiteral("max depth %1 expected, %2 found")
        .arg(expected.maxDepth)
        .arg(actual.maxDepth);
  for (std::size_t i = 0; i < expected.nodes.size(); ++i) {
    const CallTreeNode& a = expected.nodes[i];
    const CallTreeNode& b = actual.nodes[i];
    if (a.parent != b.parent || a.firstChild != b.firstChild || a.childCount != b.childCount ||
        a.depth != b.depth || a.total != b.total || a.self != b.self ||
        expected.names[a.name] != actual.names[b.name]) {
      return QStringLiteral("node %1 differs: %2 %3/%4 expected, %5 %6/%7 found")
          .arg(i)
          .arg(QString::fromStdString(expected.names[a.name]))
          .arg(a.total)
          .arg(a.self)
          .arg(QString::fromStdString(actual.names[b.name]))
          .arg(b.total)
          .arg(b.self);
    }
  }
  return {};
}

// Every focus/ignore combination of `patterns` on top of each hide/show in `hiding`.
void checkAllFilters(const ProfileData& profile, int sampleType,
                     const std::vector<std::string>& patterns,
                     const std::vector<std::pair<std::string, std::string>>& hiding) {
  for (const auto& [hide, show] : hiding) {
    ProfileFilter hidden;
    hidden.hide = hide;
    hidden.show = show;
    const RefocusableCallTree base = buildRefocusableCallTree(profile, sampleType, hidden);
    QVERIFY(base.tree);
    const QString none = differenceBetween(buildCallTree(profile, sampleType, hidden), *base.tree);
    QVERIFY2(none.isEmpty(), qPrintable(none));
    std::vector<std::string> choices = patterns;
    choices.insert(choices.begin(), std::string());
    for (const std::string& focus : choices) {
      for (const std::string& ignore : choices) {
        ProfileFilter filter = hidden;
        filter.focus = focus;
        filter.ignore = ignore;
        const std::optional<CallTree> refocused =
            refocusCallTree(base, profile, sampleType, filter);
        QVERIFY(refocused);
        const QString difference =
            differenceBetween(buildCallTree(profile, sampleType, filter), *refocused);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(QStringLiteral("type %1, focus '%2', ignore '%3', hide '%4', show "
                                           "'%5': %6")
                                .arg(sampleType)
                                .arg(QString::fromStdString(focus))
                                .arg(QString::fromStdString(ignore))
                                .arg(QString::fromStdString(hide))
                                .arg(QString::fromStdString(show))
                                .arg(difference)));
      }
    }
  }
}

}  // namespace

class TestCallTreeRefocus : public QObject {
  Q_OBJECT

 private slots:
  void goProfilesEveryTypeAndFilter() {
    const std::vector<std::string> patterns = {"main\\.", "runtime\\.", "leaf|fib",
                                               "\\.go$",  "^$",         "sync"};
    const std::vector<std::pair<std::string, std::string>> hiding = {
        {"", ""}, {"runtime\\.", ""}, {"", "main\\."}};
    for (const char* name : kGoProfiles) {
      const ProfileData profile = readGoProfile(name);
      for (int type = 0; type < static_cast<int>(profile.typeCount()); ++type) {
        checkAllFilters(profile, type, patterns, hiding);
        if (QTest::currentTestFailed())
          QFAIL(name);
      }
    }
  }

  // pprof's -tagfocus/-tagignore choose samples by label: refocusable like focus.
  void labelFilters() {
    const ProfileData profile = readGoProfile("cpu_labels");
    const std::vector<std::pair<std::string, std::string>> tags = {
        {"span_id=00f067aa0ba902b7", ""},
        {"", "span_id=00f067aa0ba902b7"},
        {"span_id=53995,00f0", "trace_id=nothing"},
        {"span_id:53995", ""},
        {"span_id:53995", "span_id:53995"}};
    for (int type = 0; type < static_cast<int>(profile.typeCount()); ++type) {
      const RefocusableCallTree base = buildRefocusableCallTree(profile, type, {});
      for (const auto& [focus, ignore] : tags) {
        ProfileFilter filter;
        filter.tagFocus = focus;
        filter.tagIgnore = ignore;
        filter.focus = type == 0 ? "" : "main\\.";
        const CallTree expected = buildCallTree(profile, type, filter);
        const std::optional<CallTree> refocused = refocusCallTree(base, profile, type, filter);
        QVERIFY(refocused);
        const QString difference = differenceBetween(expected, *refocused);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        if (focus == "span_id=00f067aa0ba902b7" && type == 0)
          QVERIFY(expected.total() > 0 && expected.total() < buildCallTree(profile, type).total());
      }
    }
  }

  void inlinedFramesMappingsAndDropFrames() {
    const ProfileData profile =
        test::ProfileSpecBuilder({"cpu", "alloc"})
            .dropFrames("^drop")
            .samples({"main;work+helper;leaf 10,3", "main;work+helper 5,0", "main;dropMe;inner 7,1",
                      "main;other@x.go;leaf 2,2", "main;lib^libc.so;memcpy 4,4",
                      "main;lib^libc.so 0,9", "main;recurse;recurse;recurse;leaf 6,6",
                      "helper 1,1"})
            .build();
    const std::vector<std::string> patterns = {"helper", "leaf", "libc", "x\\.go", "recurse"};
    const std::vector<std::pair<std::string, std::string>> hiding = {
        {"", ""}, {"helper", ""}, {"", "leaf|main"}, {"main|work|helper|leaf", ""}};
    checkAllFilters(profile, 0, patterns, hiding);
    checkAllFilters(profile, 1, patterns, hiding);
  }

  void refusesWhatItCannotAnswer() {
    const ProfileData profile =
        test::ProfileSpecBuilder({"cpu", "alloc"}).samples({"main;leaf 1,2"}).build();
    const RefocusableCallTree base = buildRefocusableCallTree(profile, 0, {});
    ProfileFilter hide;
    hide.hide = "leaf";
    QVERIFY(!refocusCallTree(base, profile, 0, hide));
    QVERIFY(!refocusCallTree(base, profile, 1, {}));
    ProfileFilter broken;
    broken.focus = "(";
    QVERIFY(!refocusCallTree(base, profile, 0, broken));
    // -1 asks for the default type: pprof's default is the last one, alloc here.
    QVERIFY(!refocusCallTree(base, profile, -1, {}));
    QVERIFY(refocusCallTree(buildRefocusableCallTree(profile, 1, {}), profile, -1, {}));
  }
};

QTEST_GUILESS_MAIN(TestCallTreeRefocus)
#include "tst_call_tree_refocus.moc"
