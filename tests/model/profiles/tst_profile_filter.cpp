// The compiled focus/ignore/hide/show filter: what it says about each frame, and the
// regex dialect (pprof passes Go RE2 expressions; ours must accept the usual ones).

#include <QTest>

#include "model/profiles/call_tree_drop_frames.h"
#include "model/profiles/profile_filter.h"
#include "tests/model/profiles/tst_profile_spec.h"

using namespace sightline;

namespace {

// The flags of the first frame whose function is `function`.
std::uint8_t flagsOf(const ProfileData& profile, const std::vector<std::uint8_t>& flags,
                     const std::string& function) {
  for (std::size_t i = 0; i < profile.frames.size(); ++i)
    if (profile.functions[profile.frames[i].function].name == function)
      return flags[i];
  return 0xff;
}

}  // namespace

class TestProfileFilter : public QObject {
  Q_OBJECT

 private slots:
  void frameFlags_data() {
    QTest::addColumn<QString>("focus");
    QTest::addColumn<QString>("ignore");
    QTest::addColumn<QString>("hide");
    QTest::addColumn<QString>("show");
    QTest::addColumn<QString>("function");
    QTest::addColumn<int>("expected");

    const QString none;
    QTest::newRow("no filter: every frame focused")
        << none << none << none << none << QStringLiteral("net/http.(*conn).serve")
        << int(kFrameFocused);
    QTest::newRow("focus matches anywhere in the name")
        << QStringLiteral("conn") << none << none << none
        << QStringLiteral("net/http.(*conn).serve") << int(kFrameFocused);
    QTest::newRow("focus does not match") << QStringLiteral("^conn") << none << none << none
                                          << QStringLiteral("net/http.(*conn).serve") << 0;
    QTest::newRow("focus on the file name")
        << QStringLiteral("server\\.go$") << none << none << none
        << QStringLiteral("net/http.(*conn).serve") << int(kFrameFocused);
    QTest::newRow("focus on the mapping") << QStringLiteral("libc") << none << none << none
                                          << QStringLiteral("memcpy") << int(kFrameFocused);
    QTest::newRow("an empty file name is matched too")
        << QStringLiteral("^$") << none << none << none << QStringLiteral("memcpy")
        << int(kFrameFocused);
    QTest::newRow("ignore") << none << QStringLiteral("runtime\\.") << none << none
                            << QStringLiteral("runtime.mallocgc")
                            << int(kFrameFocused | kFrameIgnored);
    QTest::newRow("hide by name") << none << none << QStringLiteral("^runtime\\.") << none
                                  << QStringLiteral("runtime.mallocgc")
                                  << int(kFrameFocused | kFrameHidden);
    QTest::newRow("hide by mapping")
        << none << none << QStringLiteral("libc\\.so") << none << QStringLiteral("memcpy")
        << int(kFrameFocused | kFrameHidden);
    QTest::newRow("show keeps a match")
        << none << none << none << QStringLiteral("http")
        << QStringLiteral("net/http.(*conn).serve") << int(kFrameFocused);
    QTest::newRow("show hides the rest")
        << none << none << none << QStringLiteral("http") << QStringLiteral("runtime.mallocgc")
        << int(kFrameFocused | kFrameHidden);
    QTest::newRow("show by mapping keeps its lines")
        << none << none << none << QStringLiteral("libc") << QStringLiteral("memcpy")
        << int(kFrameFocused);
    QTest::newRow("case-insensitive flag as in Go")
        << QStringLiteral("(?i)MALLOC") << none << none << none
        << QStringLiteral("runtime.mallocgc") << int(kFrameFocused);
  }

  void frameFlags() {
    QFETCH(QString, focus);
    QFETCH(QString, ignore);
    QFETCH(QString, hide);
    QFETCH(QString, show);
    QFETCH(QString, function);
    QFETCH(int, expected);
    const ProfileData profile = test::profileOf({
        "main@main.go;net/http.(*conn).serve@net/http/server.go;runtime.mallocgc@malloc.go 1",
        "main@main.go;memcpy^/usr/lib/libc.so.6 1",
    });
    Status status;
    const std::optional<CompiledProfileFilter> filter =
        CompiledProfileFilter::compile(ProfileFilter{focus.toStdString(), ignore.toStdString(),
                                                     hide.toStdString(), show.toStdString()},
                                       &status);
    QVERIFY2(filter.has_value(), status.message().c_str());
    const std::vector<std::uint8_t> flags = filter->frameFlags(profile);
    QCOMPARE(flags.size(), profile.frames.size());
    QCOMPARE(int(flagsOf(profile, flags, function.toStdString())), expected);
  }

  void validate_data() {
    QTest::addColumn<int>("which");  // 0 focus, 1 ignore, 2 hide, 3 show
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("error");  // a word the message must hold; empty = valid
    QTest::newRow("valid alternation") << 0 << QStringLiteral("a|b") << QString();
    QTest::newRow("valid class") << 3 << QStringLiteral("^[a-z]+\\.(\\*T)") << QString();
    QTest::newRow("unclosed group") << 0 << QStringLiteral("(abc") << QStringLiteral("focus");
    QTest::newRow("bad class") << 1 << QStringLiteral("[z-a]") << QStringLiteral("ignore");
    QTest::newRow("dangling quantifier") << 2 << QStringLiteral("*x") << QStringLiteral("hide");
    QTest::newRow("bad escape at end") << 3 << QStringLiteral("a\\") << QStringLiteral("show");
  }

  void validate() {
    QFETCH(int, which);
    QFETCH(QString, pattern);
    QFETCH(QString, error);
    ProfileFilter filter;
    std::string* fields[] = {&filter.focus, &filter.ignore, &filter.hide, &filter.show};
    *fields[which] = pattern.toStdString();
    const Status status = validateFilter(filter);
    QCOMPARE(status.isOk(), error.isEmpty());
    if (!error.isEmpty()) {
      const QString message = QString::fromStdString(status.message());
      QVERIFY2(message.contains(error), qPrintable(message));
      QVERIFY2(message.contains(pattern), qPrintable(message));
    }
  }

  void emptyFilter() {
    QVERIFY(ProfileFilter{}.isEmpty());
    const auto compiled = CompiledProfileFilter::compile({});
    QVERIFY(compiled && compiled->isEmpty());
    QVERIFY(validateFilter({}).isOk());
  }

  void simplifiedNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("simplified");
    QTest::newRow("plain") << QStringLiteral("runtime.mallocgc")
                           << QStringLiteral("runtime.mallocgc");
    QTest::newRow("argument list")
        << QStringLiteral("foo::bar(int, char)") << QStringLiteral("foo::bar");
    QTest::newRow("PPC leading dot") << QStringLiteral(".memcpy") << QStringLiteral("memcpy");
    QTest::newRow("anonymous namespace") << QStringLiteral("(anonymous namespace)::f(int)")
                                         << QStringLiteral("(anonymous namespace)::f");
    QTest::newRow("call operator")
        << QStringLiteral("Functor::operator()(int)") << QStringLiteral("Functor::operator()");
    QTest::newRow("Go method") << QStringLiteral("main.(*T).M") << QStringLiteral("main.");
  }

  void simplifiedNames() {
    QFETCH(QString, name);
    QFETCH(QString, simplified);
    const std::string text = name.toStdString();
    QCOMPARE(QString::fromStdString(std::string(simplifyFunctionName(text))), simplified);
  }

  void dropFramesWithoutMatchChangesNothing() {
    const ProfileData profile = test::profileOf({"main;a 1"});
    QVERIFY(!pruneDropFrames(profile, "", ""));
    QVERIFY(!pruneDropFrames(profile, "nothing", ""));
    QVERIFY(!pruneDropFrames(profile, "(", ""));  // invalid: pprof ignores it
    QVERIFY(pruneDropFrames(profile, "a", ""));
    // A match must be the whole (simplified) name.
    QVERIFY(!pruneDropFrames(profile, "mai", ""));
  }

  // pprof's -tagfocus/-tagignore: "key=re,re" (any regex, that key's string values),
  // or "re" against "key:value" (every regex must match some label); numeric ranges refused.
  void tagFilters_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("matches");
    QTest::newRow("key and value") << QStringLiteral("span_id=00f0") << true;
    QTest::newRow("key, other value") << QStringLiteral("span_id=ffff") << false;
    QTest::newRow("key, one of two regexes") << QStringLiteral("span_id=ffff,abc$") << true;
    QTest::newRow("other key") << QStringLiteral("trace_id=00f0") << false;
    QTest::newRow("numeric labels are not string labels") << QStringLiteral("bytes=.") << false;
    QTest::newRow("no key: key:value") << QStringLiteral("^span_id:00") << true;
    QTest::newRow("no key: every regex must match")
        << QStringLiteral("span_id:00,^route:/api") << true;
    QTest::newRow("no key: one regex matches nothing")
        << QStringLiteral("span_id:00,^route:/web") << false;
  }
  void tagFilters() {
    QFETCH(QString, spec);
    QFETCH(bool, matches);
    std::string error;
    const std::optional<CompiledTagFilter> filter =
        CompiledTagFilter::compile(spec.toStdString(), &error);
    QVERIFY2(filter, error.c_str());
    std::vector<ProfileLabel> labels(3);
    labels[0].key = "span_id";
    labels[0].text = "00f067aa0ba90abc";
    labels[1].key = "route";
    labels[1].text = "/api/cart";
    labels[2].key = "bytes";
    labels[2].numeric = true;
    labels[2].number = 512;
    QCOMPARE(filter->matches(labels), matches);
  }

  void tagFiltersRefused_data() {
    QTest::addColumn<QString>("spec");
    QTest::newRow("number") << QStringLiteral("bytes=64");
    QTest::newRow("range from") << QStringLiteral("1mb:");
    QTest::newRow("range to") << QStringLiteral(":10ms");
    QTest::newRow("range") << QStringLiteral("size=1kb:2kb");
    QTest::newRow("invalid regex") << QStringLiteral("span_id=(");
  }
  void tagFiltersRefused() {
    QFETCH(QString, spec);
    std::string error;
    QVERIFY(!CompiledTagFilter::compile(spec.toStdString(), &error));
    QVERIFY(!error.empty());
    ProfileFilter filter;
    filter.tagFocus = spec.toStdString();
    QVERIFY(!validateFilter(filter).isOk());
  }
};

QTEST_GUILESS_MAIN(TestProfileFilter)
#include "tst_profile_filter.moc"
