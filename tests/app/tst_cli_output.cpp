// Unit tests of the command line's pure parts: argument parsing and the text, CSV and JSON
// printers. End-to-end runs of the binary are in tst_cli_process.cpp.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "app/command_line.h"
#include "app/json_output.h"
#include "app/sql_command.h"
#include "app/text_output.h"
#include "app/trace_command.h"
#include "app/traces_command.h"

using namespace sightline;
using namespace sightline::cli;

namespace {

QString writeJson(const std::function<void(JsonWriter&)>& body) {
  QString text;
  QTextStream stream(&text);
  JsonWriter writer(stream);
  body(writer);
  stream.flush();
  return text;
}

QString attributeJson(const AttributeValue& value) {
  return writeJson([&](JsonWriter& w) { writeAttributeValue(w, value); });
}

AttributeValue textValue(AttributeValue::Type type, const char* text) {
  AttributeValue value;
  value.type = type;
  value.text = text;
  return value;
}

TraceId traceIdOf(const char* hex) {
  return *TraceId::fromHex(hex);
}
SpanId spanIdOf(const char* hex) {
  return *SpanId::fromHex(hex);
}

LoadedSpan makeSpan(const char* id, const char* parent, std::uint32_t service, const char* name,
                    std::uint64_t start, std::uint64_t end) {
  LoadedSpan span;
  span.spanId = spanIdOf(id);
  if (parent)
    span.parentSpanId = spanIdOf(parent);
  span.serviceIndex = service;
  span.name = name;
  span.startUnixNano = start;
  span.endUnixNano = end;
  return span;
}

// frontend GET /checkout [0, 100ms] with two children: backend "query" [10, 40] (error) and
// backend "render" [50, 90]; a hand-built tree so the printers are tested on their own.
struct Fixture {
  LoadedTrace trace;
  TraceTree tree;
};

Fixture makeFixture() {
  constexpr std::uint64_t kMs = 1000000;
  constexpr std::uint64_t kBase = 1700000000000000000ull;
  Fixture f;
  f.trace.traceId = traceIdOf("0af7651916cd43dd8448eb211c80319c");
  f.trace.services = {"frontend", "backend"};
  f.trace.spans.push_back(
      makeSpan("00000000000000a1", nullptr, 0, "GET /checkout", kBase, kBase + 100 * kMs));
  f.trace.spans.push_back(makeSpan("00000000000000b2", "00000000000000a1", 1, "query",
                                   kBase + 10 * kMs, kBase + 40 * kMs));
  f.trace.spans.push_back(makeSpan("00000000000000c3", "00000000000000a1", 1, "render",
                                   kBase + 50 * kMs, kBase + 90 * kMs));
  f.trace.spans[0].kind = SpanKind::Server;
  f.trace.spans[1].kind = SpanKind::Client;
  f.trace.spans[1].statusCode = StatusCode::Error;
  f.trace.spans[1].statusMessage = "timeout";
  f.trace.spans[2].statusCode = StatusCode::Ok;
  for (std::int64_t i = 0; i < 3; ++i)
    f.trace.spans[static_cast<std::size_t>(i)].rowId = 10 + i;
  f.tree.parent = {-1, 0, 0};
  f.tree.firstChild = {0, 2, 2};
  f.tree.childCount = {2, 0, 0};
  f.tree.childIndex = {1, 2};
  f.tree.roots = {0};
  f.tree.depth = {0, 1, 1};
  f.tree.preorder = {0, 1, 2};
  f.tree.selfTimeNs = {30 * kMs, 30 * kMs, 40 * kMs};
  f.tree.onCriticalPath = {1, 0, 1};
  return f;
}

}  // namespace

class TstCliOutput : public QObject {
  Q_OBJECT

 private slots:
  void jsonWriterNestsAndEscapes() {
    const QString text = writeJson([](JsonWriter& w) {
      w.beginObject();
      w.key(u"s");
      w.string(QStringView(u"quote\" back\\ nl\n tab\t ctl\x01 é"));
      w.key(u"list");
      w.beginArray();
      w.integer(-3);
      w.boolean(true);
      w.null();
      w.beginObject();
      w.endObject();
      w.number(0.1);
      w.endArray();
      w.key(u"empty");
      w.beginArray();
      w.endArray();
      w.endObject();
    });
    QCOMPARE(text, QStringLiteral("{\"s\":\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 é\","
                                  "\"list\":[-3,true,null,{},0.1],\"empty\":[]}"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(QLatin1String("s")).toString(),
             QStringLiteral("quote\" back\\ nl\n tab\t ctl\x01 é"));
  }

  void jsonWriterKeepsLargeIntegersExact() {
    const QString text = writeJson([](JsonWriter& w) {
      w.beginArray();
      w.unsignedInteger(1700000000123456789ull);
      w.integer(std::numeric_limits<std::int64_t>::min());
      w.number(std::numeric_limits<double>::infinity());
      w.endArray();
    });
    QCOMPARE(text, QStringLiteral("[1700000000123456789,-9223372036854775808,null]"));
  }

  void attributeValues_data() {
    using Type = AttributeValue::Type;
    QTest::addColumn<int>("type");
    QTest::addColumn<qlonglong>("intValue");
    QTest::addColumn<double>("doubleValue");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("json");
    QTest::newRow("empty") << int(Type::Empty) << 0ll << 0.0 << QByteArray() << "null";
    QTest::newRow("string") << int(Type::String) << 0ll << 0.0 << QByteArray("a\"b")
                            << "\"a\\\"b\"";
    QTest::newRow("bool") << int(Type::Bool) << 1ll << 0.0 << QByteArray() << "true";
    QTest::newRow("int beyond double")
        << int(Type::Int) << 9007199254740993ll << 0.0 << QByteArray() << "9007199254740993";
    QTest::newRow("double") << int(Type::Double) << 0ll << 0.25 << QByteArray() << "0.25";
    QTest::newRow("bytes") << int(Type::Bytes) << 0ll << 0.0 << QByteArray("\x00\xff\x10", 3)
                           << "\"AP8Q\"";
    QTest::newRow("array") << int(Type::Array) << 0ll << 0.0
                           << QByteArray(R"([{"intValue":"9007199254740993"},{"stringValue":"a"},)"
                                         R"({"arrayValue":{"values":[{"boolValue":true}]}},{}])")
                           << "[9007199254740993,\"a\",[true],null]";
    QTest::newRow("wrapped array") << int(Type::Array) << 0ll << 0.0
                                   << QByteArray(R"({"values":[{"doubleValue":1.5}]})") << "[1.5]";
    QTest::newRow("kvlist") << int(Type::KvList) << 0ll << 0.0
                            << QByteArray(R"([{"key":"k","value":{"doubleValue":1.5}},)"
                                          R"({"key":"n","value":{"kvlistValue":{"values":[)"
                                          R"({"key":"x","value":{"bytesValue":"AP8="}}]}}}])")
                            << "{\"k\":1.5,\"n\":{\"x\":\"AP8=\"}}";
    QTest::newRow("not json") << int(Type::Array) << 0ll << 0.0 << QByteArray("[1,") << "\"[1,\"";
  }
  void attributeValues() {
    QFETCH(int, type);
    QFETCH(qlonglong, intValue);
    QFETCH(double, doubleValue);
    QFETCH(QByteArray, text);
    QFETCH(QString, json);
    AttributeValue value;
    value.type = static_cast<AttributeValue::Type>(type);
    value.intValue = intValue;
    value.doubleValue = doubleValue;
    value.text = text.toStdString();
    QCOMPARE(attributeJson(value), json);
  }

  void attributesKeepLastOfRepeatedKey() {
    std::vector<Attribute> attributes(3);
    attributes[0] = {"a", textValue(AttributeValue::Type::String, "first")};
    attributes[1] = {"b", textValue(AttributeValue::Type::String, "b")};
    attributes[2] = {"a", textValue(AttributeValue::Type::String, "second")};
    const QString text = writeJson([&](JsonWriter& w) { writeAttributes(w, attributes); });
    QCOMPARE(text, QStringLiteral("{\"b\":\"b\",\"a\":\"second\"}"));

    // A long list (which takes another way to find repeats): k1 given again at the end.
    std::vector<Attribute> many;
    QStringList expected;
    for (int i = 0; i < 40; ++i) {
      const std::string key = "k" + std::to_string(i);
      many.push_back({key, textValue(AttributeValue::Type::String, "v")});
      if (i != 1)
        expected << QStringLiteral("\"%1\":\"v\"").arg(QString::fromStdString(key));
    }
    many.push_back({"k1", textValue(AttributeValue::Type::String, "last")});
    expected << QStringLiteral("\"k1\":\"last\"");
    QCOMPARE(writeJson([&](JsonWriter& w) { writeAttributes(w, many); }),
             QLatin1Char('{') + expected.join(QLatin1Char(',')) + QLatin1Char('}'));
  }

  void csvQuoting_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << "abc"
                           << "abc";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("comma") << "a,b"
                           << "\"a,b\"";
    QTest::newRow("quote") << "say \"hi\""
                           << "\"say \"\"hi\"\"\"";
    QTest::newRow("newline") << "a\nb"
                             << "\"a\nb\"";
    QTest::newRow("carriage return") << "a\rb"
                                     << "\"a\rb\"";
  }
  void csvQuoting() {
    QFETCH(QString, field);
    QFETCH(QString, quoted);
    QCOMPARE(csvField(field), quoted);
  }

  void sqlPrinters() {
    SqlTable table;
    table.columns = {QStringLiteral("name"), QStringLiteral("n"), QStringLiteral("x"),
                     QStringLiteral("blob"), QStringLiteral("nothing")};
    table.rows.append({QStringLiteral("a,b"), qlonglong(1700000000123456789), 0.5,
                       QByteArray("\x01\x02", 2), QVariant()});
    QString csv;
    QTextStream csvStream(&csv);
    writeSqlCsv(csvStream, table);
    csvStream.flush();
    QCOMPARE(csv, QStringLiteral("name,n,x,blob,nothing\n\"a,b\",1700000000123456789,0.5,0102,\n"));
    QString json;
    QTextStream jsonStream(&json);
    writeSqlJson(jsonStream, table);
    jsonStream.flush();
    QCOMPARE(json, QStringLiteral("{\"columns\":[\"name\",\"n\",\"x\",\"blob\",\"nothing\"],"
                                  "\"rows\":[[\"a,b\",1700000000123456789,0.5,\"0102\",null]]}\n"));
  }

  void tableAlignsColumns() {
    const QString text =
        formatTable({QStringLiteral("NAME"), QStringLiteral("N"), QStringLiteral("NOTE")},
                    {{QStringLiteral("a"), QStringLiteral("100"), QStringLiteral("x")},
                     {QStringLiteral("long name"), QStringLiteral("7"), QString()}},
                    {false, true, false});
    QCOMPARE(text, QStringLiteral("NAME         N  NOTE\n"
                                  "a          100  x\n"
                                  "long name    7\n"));
  }

  // CJK characters take two terminal columns: the columns after a Chinese service name stay
  // aligned (a combining accent takes none).
  void tableAlignsWideCharacters() {
    QCOMPARE(displayWidth(QString::fromUtf8("支付服务")), qsizetype(8));
    QCOMPARE(displayWidth(QString::fromUtf8("e\u0301t\u00e9")), qsizetype(3));
    const QString text = formatTable({QStringLiteral("SERVICE"), QStringLiteral("N")},
                                     {{QString::fromUtf8("支付服务"), QStringLiteral("1")},
                                      {QStringLiteral("checkout"), QStringLiteral("22")}},
                                     {false, true});
    QCOMPARE(text, QString::fromUtf8("SERVICE    N\n"
                                     "支付服务   1\n"
                                     "checkout  22\n"));
  }

  void tracesJsonHasDocumentedFields() {
    TraceSummary summary;
    summary.traceId = traceIdOf("4BF92F3577B34DA6A3CE929D0E0E4736");
    summary.rootService = "frontend";
    summary.rootName = "GET /";
    summary.startUnixNano = 1700000000123456789ull;
    summary.durationNs = 2500000;
    summary.spanCount = 7;
    summary.errorCount = 2;
    summary.services = {"backend", "frontend"};
    QString text;
    QTextStream stream(&text);
    writeTracesJson(stream, {summary});
    stream.flush();
    QVERIFY(text.contains(QLatin1String("\"start_unix_nano\":1700000000123456789")));
    const QJsonObject root = QJsonDocument::fromJson(text.toUtf8()).object();
    QCOMPARE(root.keys(), QStringList{QStringLiteral("traces")});
    const QJsonObject trace = root.value(QLatin1String("traces")).toArray().at(0).toObject();
    QCOMPARE(trace.keys().size(), 8);
    QCOMPARE(trace.value(QLatin1String("trace_id")).toString(),
             QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(trace.value(QLatin1String("root_service")).toString(), QStringLiteral("frontend"));
    QCOMPARE(trace.value(QLatin1String("root_name")).toString(), QStringLiteral("GET /"));
    QCOMPARE(trace.value(QLatin1String("duration_ns")).toInteger(), 2500000);
    QCOMPARE(trace.value(QLatin1String("span_count")).toInteger(), 7);
    QCOMPARE(trace.value(QLatin1String("error_count")).toInteger(), 2);
    QCOMPARE(trace.value(QLatin1String("services")).toArray(),
             QJsonArray({QStringLiteral("backend"), QStringLiteral("frontend")}));
    QVERIFY(formatTracesTable({summary}).contains(QLatin1String("2.50ms")));
  }

  void traceJsonFollowsTree() {
    const Fixture f = makeFixture();
    QList<std::int64_t> asked;
    QString text;
    QTextStream stream(&text);
    writeTraceJson(stream, f.trace, f.tree, [&](std::size_t index) {
      const LoadedSpan& span = f.trace.spans[index];
      asked.append(span.rowId);
      std::vector<Attribute> attributes(1);
      attributes[0].key = "row";
      attributes[0].value.type = AttributeValue::Type::Int;
      attributes[0].value.intValue = span.rowId;
      return attributes;
    });
    stream.flush();
    QCOMPARE(asked, (QList<std::int64_t>{10, 11, 12}));
    const QJsonObject root = QJsonDocument::fromJson(text.toUtf8()).object();
    QCOMPARE(root.value(QLatin1String("trace_id")).toString(),
             QStringLiteral("0af7651916cd43dd8448eb211c80319c"));
    QCOMPARE(root.value(QLatin1String("duration_ns")).toInteger(), 100000000);
    QCOMPARE(root.value(QLatin1String("critical_path_approximate")).toBool(), false);
    const QJsonArray spans = root.value(QLatin1String("spans")).toArray();
    QCOMPARE(spans.size(), 3);
    const QJsonObject first = spans.at(0).toObject();
    QVERIFY(first.value(QLatin1String("parent_span_id")).isNull());
    QCOMPARE(first.value(QLatin1String("kind")).toString(), QStringLiteral("SERVER"));
    QCOMPARE(first.value(QLatin1String("status_code")).toString(), QStringLiteral("UNSET"));
    QCOMPARE(first.value(QLatin1String("on_critical_path")).toBool(), true);
    QCOMPARE(first.value(QLatin1String("self_time_ns")).toInteger(), 30000000);
    const QJsonObject second = spans.at(1).toObject();
    QCOMPARE(second.value(QLatin1String("span_id")).toString(), QStringLiteral("00000000000000b2"));
    QCOMPARE(second.value(QLatin1String("parent_span_id")).toString(),
             QStringLiteral("00000000000000a1"));
    QCOMPARE(second.value(QLatin1String("service")).toString(), QStringLiteral("backend"));
    QCOMPARE(second.value(QLatin1String("depth")).toInt(), 1);
    QCOMPARE(second.value(QLatin1String("on_critical_path")).toBool(), false);
    QCOMPARE(second.value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(second.value(QLatin1String("status_message")).toString(), QStringLiteral("timeout"));
    QCOMPARE(second.value(QLatin1String("duration_ns")).toInteger(), 30000000);
    QCOMPARE(
        second.value(QLatin1String("attributes")).toObject().value(QLatin1String("row")).toInt(),
        11);
    QCOMPARE(spans.at(2).toObject().value(QLatin1String("status_code")).toString(),
             QStringLiteral("OK"));
  }

  void traceTextMarksPathAndErrors() {
    const Fixture f = makeFixture();
    const QStringList lines = formatTraceText(f.trace, f.tree).split(QLatin1Char('\n'));
    const auto lineOf = [&](const char* name) {
      for (const QString& line : lines) {
        if (line.endsWith(QLatin1String(name)) ||
            line.contains(QLatin1String(name) + QLatin1String(" (")))
          return line;
      }
      return QString();
    };
    QVERIFY(lines.first().contains(QLatin1String("0af7651916cd43dd8448eb211c80319c")));
    QVERIFY(lineOf("frontend: GET /checkout").contains(QLatin1String("* ")));
    const QString query = lineOf("  backend: query");
    QVERIFY2(query.contains(QLatin1String(" ! ")), qPrintable(query));
    QVERIFY(query.contains(QLatin1String("+10.00ms")));
    QVERIFY(query.contains(QLatin1String("(timeout)")));
    QVERIFY(lineOf("  backend: render").contains(QLatin1String("*  ")));
  }

  void traceTextNamesMissingParents() {
    Fixture f = makeFixture();
    QVERIFY(!formatTraceText(f.trace, f.tree).contains(QLatin1String("missing")));
    f.trace.spans[0].parentSpanId = spanIdOf("00000000000000ff");
    const QString text = formatTraceText(f.trace, f.tree);
    QCOMPARE(text.count(QLatin1String("missing")), 1);
    QVERIFY(text.contains(QLatin1String("GET /checkout [parent 00000000000000ff missing]")));
  }

  void guiArguments() {
    GuiOptions options;
    QString error;
    QVERIFY(parseGuiArguments({QStringLiteral("--db"), QStringLiteral("w.sightline"),
                               QStringLiteral("--screenshot=out.png"), QStringLiteral("--view"),
                               QStringLiteral("waterfall"), QStringLiteral("a.pb"),
                               QStringLiteral("--"), QStringLiteral("--odd-name.json")},
                              options, error));
    QCOMPARE(options.workspacePath, QStringLiteral("w.sightline"));
    QCOMPARE(options.screenshotPath, QStringLiteral("out.png"));
    QCOMPARE(options.view, QStringLiteral("waterfall"));
    QCOMPARE(options.files,
             (QStringList{QStringLiteral("a.pb"), QStringLiteral("--odd-name.json")}));

    const QList<QStringList> bad = {{QStringLiteral("--view"), QStringLiteral("bogus")},
                                    {QStringLiteral("--bogus")},
                                    {QStringLiteral("--db")},
                                    {QStringLiteral("tracez")}};
    for (const QStringList& arguments : bad) {
      GuiOptions ignored;
      error.clear();
      QVERIFY2(!parseGuiArguments(arguments, ignored, error), qPrintable(arguments.join(u' ')));
      QVERIFY(!error.isEmpty());
    }
  }

  void verbUsageErrors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("unknown verb") << QStringList{QStringLiteral("frobnicate")} << kExitUsage
                                  << "unknown verb";
    QTest::newRow("traces without db")
        << QStringList{QStringLiteral("traces")} << kExitUsage << "--db is required";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("traces"), QStringLiteral("--db"),
                                                   QStringLiteral("w"), QStringLiteral("--colour")}
                                    << kExitUsage << "colour";
    QTest::newRow("bad duration") << QStringList{QStringLiteral("traces"), QStringLiteral("--db"),
                                                 QStringLiteral("w"),
                                                 QStringLiteral("--min-duration"),
                                                 QStringLiteral("100")}
                                  << kExitUsage << "duration";
    QTest::newRow("bad limit") << QStringList{QStringLiteral("traces"), QStringLiteral("--db"),
                                              QStringLiteral("w"), QStringLiteral("--limit"),
                                              QStringLiteral("0")}
                               << kExitUsage << "--limit";
    QTest::newRow("bad trace id") << QStringList{QStringLiteral("trace"), QStringLiteral("--db"),
                                                 QStringLiteral("w"), QStringLiteral("xyz")}
                                  << kExitUsage << "not a trace id";
    QTest::newRow("trace without id")
        << QStringList{QStringLiteral("trace"), QStringLiteral("--db"), QStringLiteral("w")}
        << kExitUsage << "TRACE_ID";
    QTest::newRow("import without files")
        << QStringList{QStringLiteral("import"), QStringLiteral("--db"), QStringLiteral("w")}
        << kExitUsage << "no files";
    QTest::newRow("sql without statement")
        << QStringList{QStringLiteral("sql"), QStringLiteral("--db"), QStringLiteral("w")}
        << kExitUsage << "SQL statement";
    QTest::newRow("missing workspace")
        << QStringList{QStringLiteral("traces"), QStringLiteral("--db"),
                       QStringLiteral("/nonexistent/w.sightline")}
        << kExitBadInput << "no workspace";
    QTest::newRow("help of unknown verb")
        << QStringList{QStringLiteral("help"), QStringLiteral("nope")} << kExitUsage
        << "unknown verb";
  }
  void verbUsageErrors() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    QString out, err;
    QTextStream outStream(&out), errStream(&err);
    CommandIo io{outStream, errStream, false};
    QCOMPARE(runCommand(arguments, io), exitCode);
    errStream.flush();
    outStream.flush();
    QVERIFY2(err.contains(stderrHas), qPrintable(err));
    QVERIFY(out.isEmpty());
  }

  void helpAndVersion() {
    const QList<QPair<QStringList, QString>> cases = {
        {{QStringLiteral("--version")}, QStringLiteral("sightline 0.1.0\n")},
        {{QStringLiteral("help")}, mainUsage()},
        {{QStringLiteral("--help")}, mainUsage()},
        {{QStringLiteral("help"), QStringLiteral("trace")}, traceUsage()},
        {{QStringLiteral("sql"), QStringLiteral("--help")}, sqlUsage()},
        {{QStringLiteral("traces"), QStringLiteral("-h")}, tracesUsage()},
    };
    for (const auto& [arguments, expected] : cases) {
      QString out, err;
      QTextStream outStream(&out), errStream(&err);
      CommandIo io{outStream, errStream, false};
      QCOMPARE(runCommand(arguments, io), kExitOk);
      outStream.flush();
      QCOMPARE(out, expected);
    }
  }
};

QTEST_GUILESS_MAIN(TstCliOutput)
#include "tst_cli_output.moc"
