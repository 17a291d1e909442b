// Imports the OTLP fixtures made by the OpenTelemetry JS SDK (tests/data/otel-js/) and
// checks the workspace against expected.json, which the generator wrote from what the SDK
// recorded: summaries, span structure and timings, statuses, typed attributes, events,
// links and resources; and that every encoding of the same spans yields the same content.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include "importers/core/file_importer.h"
#include "model/store/workspace.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_tree.h"
#include "tests/importers/otlp/otel_js_value_matchers.h"

using namespace sightline;
using namespace sightline::testing;

namespace {

const QString kDataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js/");

QString str(const QJsonObject& o, const char* key) {
  return o.value(QLatin1String(key)).toString();
}

std::uint64_t u64(const QJsonObject& o, const char* key) {
  return o.value(QLatin1String(key)).toString().toULongLong();
}

std::uint64_t u64count(const QJsonObject& o, const char* key) {
  return static_cast<std::uint64_t>(o.value(QLatin1String(key)).toInteger());
}

// QVERIFY2's message, as one byte string.
QByteArray failure(const QByteArray& where, const char* what, const QString& diff) {
  return where + QByteArray(what) + diff.toUtf8();
}

TraceId traceIdOf(const QJsonObject& trace) {
  return *TraceId::fromHex(str(trace, "trace_id").toStdString());
}

}  // namespace

class TestOtelJsFixtures : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void importsWholeFile_data() { fileRows(); }
  void importsWholeFile();
  void traceSummariesMatchProducer_data() { fileRows(); }
  void traceSummariesMatchProducer();
  void spansMatchProducer_data() { fileRows(); }
  void spansMatchProducer();
  void spanDetailsMatchProducer_data() { fileRows(); }
  void spanDetailsMatchProducer();
  void everyEncodingYieldsTheSameWorkspace();

 private:
  void fileRows();
  Workspace& workspaceOf(const QString& file) { return *m_workspaces.at(file); }
  QString dumpWorkspace(const Workspace& workspace);

  QTemporaryDir m_dir;
  QJsonObject m_expected;
  QJsonArray m_traces;
  QStringList m_files;
  std::map<QString, std::unique_ptr<Workspace>> m_workspaces;
  std::map<QString, FileImportResult> m_results;
};

void TestOtelJsFixtures::fileRows() {
  QTest::addColumn<QString>("file");
  for (const QString& file : m_files)
    QTest::newRow(file.toUtf8().constData()) << file;
}

void TestOtelJsFixtures::initTestCase() {
  QFile file(kDataDir + QStringLiteral("expected.json"));
  QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
  m_expected = QJsonDocument::fromJson(file.readAll()).object();
  m_traces = m_expected.value(QStringLiteral("traces")).toArray();
  QVERIFY(!m_traces.isEmpty());
  for (const QJsonValue& f : m_expected.value(QStringLiteral("files")).toArray()) {
    m_files << f.toString();
  }
  QCOMPARE(m_files.size(), 7);
  QVERIFY(m_dir.isValid());

  // Each file goes into its own workspace once; the test functions read them.
  for (const QString& name : m_files) {
    Status status;
    const std::string dbPath = m_dir.filePath(name + QStringLiteral(".sightline")).toStdString();
    auto workspace = Workspace::open(dbPath, Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    m_results[name] = importFile(*workspace, QString(kDataDir + name).toStdString());
    m_workspaces[name] = std::move(workspace);
  }
}

void TestOtelJsFixtures::importsWholeFile() {
  QFETCH(QString, file);
  const FileImportResult& result = m_results.at(file);
  QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  QVERIFY(!result.formatId.empty());
  QCOMPARE(result.spans, u64count(m_expected, "span_count"));
  QCOMPARE(result.traces, u64count(m_expected, "trace_count"));
  QVERIFY(result.sourceId > 0);

  // The same bytes again are recognised and skipped, leaving the content as it was.
  const FileImportResult again =
      importFile(workspaceOf(file), QString(kDataDir + file).toStdString());
  QVERIFY(again.outcome == FileImportResult::Outcome::Skipped);
  QCOMPARE(listTraces(workspaceOf(file), {}).size(), static_cast<std::size_t>(m_traces.size()));
}

void TestOtelJsFixtures::traceSummariesMatchProducer() {
  QFETCH(QString, file);
  const std::vector<TraceSummary> summaries = listTraces(workspaceOf(file), {});
  QCOMPARE(summaries.size(), static_cast<std::size_t>(m_traces.size()));
  std::map<TraceId, const TraceSummary*> byId;
  for (const TraceSummary& s : summaries)
    byId[s.traceId] = &s;

  for (const QJsonValue& value : m_traces) {
    const QJsonObject want = value.toObject();
    const QByteArray id = str(want, "trace_id").toLatin1();
    QVERIFY2(byId.count(traceIdOf(want)), id.constData());
    const TraceSummary& got = *byId.at(traceIdOf(want));
    QCOMPARE(qs(got.rootService), str(want, "root_service"));
    QCOMPARE(qs(got.rootName), str(want, "root_name"));
    QCOMPARE(got.startUnixNano, u64(want, "start_unix_nano"));
    QCOMPARE(got.durationNs, u64(want, "duration_ns"));
    QCOMPARE(got.spanCount, static_cast<quint32>(want.value(QStringLiteral("span_count")).toInt()));
    QCOMPARE(got.errorCount,
             static_cast<quint32>(want.value(QStringLiteral("error_count")).toInt()));
    QStringList services;
    for (const std::string& s : got.services)
      services << qs(s);
    QCOMPARE(services, want.value(QStringLiteral("services")).toVariant().toStringList());
  }

  // Filters select by what the producer recorded.
  TraceFilter errorsOnly;
  errorsOnly.errorsOnly = true;
  qsizetype withErrors = 0;
  for (const QJsonValue& t : m_traces)
    withErrors += t.toObject().value(QStringLiteral("error_count")).toInt() > 0;
  QCOMPARE(listTraces(workspaceOf(file), errorsOnly).size(), static_cast<std::size_t>(withErrors));
  TraceFilter payment;
  payment.service = "payment";
  qsizetype withPayment = 0;
  for (const QJsonValue& t : m_traces) {
    withPayment += t.toObject()
                       .value(QStringLiteral("services"))
                       .toArray()
                       .contains(QStringLiteral("payment"));
  }
  QCOMPARE(listTraces(workspaceOf(file), payment).size(), static_cast<std::size_t>(withPayment));
}

void TestOtelJsFixtures::spansMatchProducer() {
  QFETCH(QString, file);
  for (const QJsonValue& value : m_traces) {
    const QJsonObject want = value.toObject();
    const QJsonArray spans = want.value(QStringLiteral("spans")).toArray();
    const std::optional<LoadedTrace> trace = loadTrace(workspaceOf(file), traceIdOf(want));
    QVERIFY2(trace, qPrintable(str(want, "trace_id")));
    QCOMPARE(trace->spans.size(), static_cast<std::size_t>(spans.size()));

    // Both are ordered by start time, ties by span id.
    std::unordered_map<SpanId, int, SpanIdHash> indexOf;
    for (qsizetype i = 0; i < spans.size(); ++i) {
      const QJsonObject w = spans.at(i).toObject();
      const LoadedSpan& got = trace->spans[static_cast<std::size_t>(i)];
      const QByteArray where =
          (str(want, "trace_id") + QLatin1Char('/') + str(w, "span_id")).toLatin1();
      QVERIFY2(qs(got.spanId.toHex()) == str(w, "span_id"), where.constData());
      const QString parent = got.parentSpanId.isZero() ? QString() : qs(got.parentSpanId.toHex());
      QCOMPARE(parent, str(w, "parent_span_id"));
      QCOMPARE(qs(got.name), str(w, "name"));
      QCOMPARE(qs(trace->services.at(got.serviceIndex)), str(w, "service"));
      QCOMPARE(static_cast<int>(got.kind), w.value(QStringLiteral("kind")).toInt());
      QCOMPARE(got.startUnixNano, u64(w, "start_unix_nano"));
      QCOMPARE(got.endUnixNano, u64(w, "end_unix_nano"));
      QCOMPARE(got.durationNs(), u64(w, "end_unix_nano") - u64(w, "start_unix_nano"));
      QCOMPARE(static_cast<int>(got.statusCode), w.value(QStringLiteral("status_code")).toInt());
      QCOMPARE(qs(got.statusMessage), str(w, "status_message"));
      QCOMPARE(got.hasLinks, w.value(QStringLiteral("link_count")).toInt() > 0);
      indexOf[got.spanId] = static_cast<int>(i);
    }

    // Parent/child structure: every span hangs under its recorded parent when that parent
    // is in the data; the others (missing or remote parents) are roots, the first the root.
    const TraceTree tree = buildTraceTree(*trace);
    std::vector<std::int32_t> expectedRoots;
    for (qsizetype i = 0; i < spans.size(); ++i) {
      const auto parentId =
          SpanId::fromHex(str(spans.at(i).toObject(), "parent_span_id").toStdString());
      const auto parent = parentId ? indexOf.find(*parentId) : indexOf.end();
      const std::int32_t expectedParent = parent == indexOf.end() ? -1 : parent->second;
      QCOMPARE(tree.parent[static_cast<std::size_t>(i)], expectedParent);
      if (expectedParent < 0)
        expectedRoots.push_back(static_cast<std::int32_t>(i));
    }
    QCOMPARE(tree.roots, expectedRoots);
    QCOMPARE(qs(trace->spans[static_cast<std::size_t>(tree.roots.front())].spanId.toHex()),
             str(want, "root_span_id"));
  }
}

void TestOtelJsFixtures::spanDetailsMatchProducer() {
  QFETCH(QString, file);
  const QJsonObject resources = m_expected.value(QStringLiteral("resources")).toObject();
  int checkedEvents = 0, checkedLinks = 0;
  for (const QJsonValue& value : m_traces) {
    const QJsonObject want = value.toObject();
    const QJsonArray spans = want.value(QStringLiteral("spans")).toArray();
    const std::optional<LoadedTrace> trace = loadTrace(workspaceOf(file), traceIdOf(want));
    QVERIFY(trace && trace->spans.size() == static_cast<std::size_t>(spans.size()));
    for (qsizetype i = 0; i < spans.size(); ++i) {
      const QJsonObject w = spans.at(i).toObject();
      const QByteArray where = (str(w, "span_id") + QLatin1Char(' ') + str(w, "name")).toUtf8();
      const auto details =
          loadSpanDetails(workspaceOf(file), trace->spans[static_cast<std::size_t>(i)].rowId);
      QVERIFY2(details, where.constData());

      QString diff =
          compareAttributes(details->attributes, w.value(QStringLiteral("attributes")).toObject());
      QVERIFY2(diff.isEmpty(), failure(where, ": ", diff).constData());
      QCOMPARE(static_cast<int>(details->attributes.size()),
               w.value(QStringLiteral("attribute_count")).toInt());
      QCOMPARE(qs(details->scopeName), str(w, "scope_name"));
      QCOMPARE(qs(details->scopeVersion), str(w, "scope_version"));
      diff = compareAttributes(details->resourceAttributes,
                               resources.value(str(w, "service")).toObject());
      QVERIFY2(diff.isEmpty(), failure(where, ": resource: ", diff).constData());

      const QJsonArray events = w.value(QStringLiteral("events")).toArray();
      QCOMPARE(static_cast<int>(details->events.size()),
               w.value(QStringLiteral("event_count")).toInt());
      for (qsizetype e = 0; e < events.size(); ++e) {
        const QJsonObject we = events.at(e).toObject();
        const SpanEventRecord& ge = details->events[static_cast<std::size_t>(e)];
        QCOMPARE(qs(ge.name), str(we, "name"));
        QCOMPARE(ge.timeUnixNano, u64(we, "time_unix_nano"));
        diff = compareAttributes(ge.attributes, we.value(QStringLiteral("attributes")).toObject());
        QVERIFY2(diff.isEmpty(), failure(where, ": event: ", diff).constData());
        ++checkedEvents;
      }

      const QJsonArray links = w.value(QStringLiteral("links")).toArray();
      QCOMPARE(static_cast<int>(details->links.size()),
               w.value(QStringLiteral("link_count")).toInt());
      for (qsizetype l = 0; l < links.size(); ++l) {
        const QJsonObject wl = links.at(l).toObject();
        const SpanLinkRecord& gl = details->links[static_cast<std::size_t>(l)];
        QCOMPARE(qs(gl.traceId.toHex()), str(wl, "trace_id"));
        QCOMPARE(qs(gl.spanId.toHex()), str(wl, "span_id"));
        diff = compareAttributes(gl.attributes, wl.value(QStringLiteral("attributes")).toObject());
        QVERIFY2(diff.isEmpty(), failure(where, ": link: ", diff).constData());
        ++checkedLinks;
      }
    }
  }
  // The fixture must exercise events (incl. exceptions) and links at all.
  QVERIFY(checkedEvents > 10);
  QVERIFY(checkedLinks >= 3);
}

// Everything a reader of the workspace can see, rendered without row ids.
QString TestOtelJsFixtures::dumpWorkspace(const Workspace& workspace) {
  QStringList lines;
  std::vector<TraceSummary> summaries = listTraces(workspace, {});
  std::sort(summaries.begin(), summaries.end(),
            [](const TraceSummary& a, const TraceSummary& b) { return a.traceId < b.traceId; });
  for (const TraceSummary& s : summaries) {
    lines << QStringLiteral("trace %1 %2 %3 %4 %5 %6 %7")
                 .arg(qs(s.traceId.toHex()), qs(s.rootService), qs(s.rootName))
                 .arg(s.startUnixNano)
                 .arg(s.durationNs)
                 .arg(s.spanCount)
                 .arg(s.errorCount);
    const std::optional<LoadedTrace> trace = loadTrace(workspace, s.traceId);
    if (!trace)
      continue;
    for (const LoadedSpan& span : trace->spans) {
      lines << QStringLiteral(" span %1 %2 %3 %4 %5 %6 %7 %8 %9")
                   .arg(qs(span.spanId.toHex()), qs(span.parentSpanId.toHex()), qs(span.name),
                        qs(trace->services.at(span.serviceIndex)))
                   .arg(static_cast<int>(span.kind))
                   .arg(span.startUnixNano)
                   .arg(span.endUnixNano)
                   .arg(static_cast<int>(span.statusCode))
                   .arg(qs(span.statusMessage));
      const auto d = loadSpanDetails(workspace, span.rowId);
      if (!d)
        continue;
      lines << QStringLiteral("  attrs ") + canonicalAttributes(d->attributes)
            << QStringLiteral("  resource ") + canonicalAttributes(d->resourceAttributes)
            << QStringLiteral("  scope %1 %2 state '%3' flags %4 dropped %5/%6/%7")
                   .arg(qs(d->scopeName), qs(d->scopeVersion), qs(d->traceState))
                   .arg(d->flags)
                   .arg(d->droppedAttributesCount)
                   .arg(d->droppedEventsCount)
                   .arg(d->droppedLinksCount);
      for (const SpanEventRecord& e : d->events) {
        lines << QStringLiteral("  event %1 %2 %3 ")
                         .arg(qs(e.name))
                         .arg(e.timeUnixNano)
                         .arg(e.droppedAttributesCount) +
                     canonicalAttributes(e.attributes);
      }
      for (const SpanLinkRecord& l : d->links) {
        lines << QStringLiteral("  link %1 %2 '%3' %4 ")
                         .arg(qs(l.traceId.toHex()), qs(l.spanId.toHex()), qs(l.traceState))
                         .arg(l.flags) +
                     canonicalAttributes(l.attributes);
      }
    }
  }
  return lines.join(QLatin1Char('\n'));
}

void TestOtelJsFixtures::everyEncodingYieldsTheSameWorkspace() {
  const QString reference = dumpWorkspace(workspaceOf(m_files.front()));
  QVERIFY(reference.count(QStringLiteral("\n span ")) ==
          m_expected.value(QStringLiteral("span_count")).toInt());
  for (const QString& file : m_files) {
    const QStringList got = dumpWorkspace(workspaceOf(file)).split(QLatin1Char('\n'));
    const QStringList want = reference.split(QLatin1Char('\n'));
    QCOMPARE(got.size(), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
      // Line by line, so that a failure names the first differing record.
      QVERIFY2(got.at(i) == want.at(i), qPrintable(file + QStringLiteral(":\n got  ") + got.at(i) +
                                                   QStringLiteral("\n want ") + want.at(i)));
    }
  }
}

QTEST_GUILESS_MAIN(TestOtelJsFixtures)
#include "tst_otel_js_fixtures.moc"
