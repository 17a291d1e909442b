#include "app/outliers_command.h"

#include <QCommandLineParser>
#include <algorithm>

#include "app/json_output.h"
#include "app/text_output.h"
#include "model/diagnosis/outlier_where.h"

namespace sightline::cli {

namespace {

// Values longer than this are cut in the text table (the JSON has them whole).
constexpr qsizetype kMaxValueChars = 60;
constexpr std::size_t kDefaultKeys = 20;
constexpr std::size_t kDefaultValues = 5;

QString percent(double share) {
  return QString::number(share * 100.0, 'f', 1) + QLatin1Char('%');
}

QString valueCell(const AttributeValue& value) {
  QString text = QString::fromStdString(outlierValueText(value));
  text.replace(QLatin1Char('\n'), QLatin1Char(' '));
  if (text.size() > kMaxValueChars)
    text = text.left(kMaxValueChars - 1) + QStringLiteral("…");
  return text;
}

std::size_t limited(std::size_t size, std::size_t limit) {
  return limit == 0 ? size : std::min(size, limit);
}

// The values beyond `shown` of a key, added to its "other".
OutlierShareRest restBeyond(const OutlierKeyComparison& key, std::size_t shown) {
  OutlierShareRest rest = key.other;
  for (std::size_t i = shown; i < key.values.size(); ++i) {
    rest.values += 1;
    rest.selectionSpans += key.values[i].selectionSpans;
    rest.baselineSpans += key.values[i].baselineSpans;
    rest.selectionShare += key.values[i].selectionShare;
    rest.baselineShare += key.values[i].baselineShare;
  }
  return rest;
}

void writeShares(JsonWriter& json, double selection, double baseline, std::uint64_t selectionSpans,
                 std::uint64_t baselineSpans) {
  json.key(u"selection_share");
  json.number(selection);
  json.key(u"baseline_share");
  json.number(baseline);
  json.key(u"selection_spans");
  json.unsignedInteger(selectionSpans);
  json.key(u"baseline_spans");
  json.unsignedInteger(baselineSpans);
}

}  // namespace

QString outliersUsage() {
  return QStringLiteral(
      "Usage: sightline outliers --db W.sightline --where EXPR [options] [--json]\n"
      "\n"
      "Compares the spans that match EXPR (the selection) with the other spans (the\n"
      "baseline): for every attribute (span and resource attributes, and the span's service,\n"
      "name, status and kind), each value's share of the selection and of the baseline.\n"
      "Attributes are ranked by their score, the largest difference between a value's two\n"
      "shares: what is special about the selected spans comes first. Attributes whose values\n"
      "are nearly all distinct (ids, full URLs) are left out unless a value repeats among\n"
      "the selected spans.\n"
      "\n"
      "EXPR compares duration (with a unit: ns, us, ms, s, m), status (ok, error, unset),\n"
      "kind (server, client, internal, producer, consumer), service or name, joined by and /\n"
      "or, e.g. \"duration > 1s\", \"duration >= 500ms and duration < 2s\", \"status = error\",\n"
      "\"service = payment and name = 'fraud check'\".\n"
      "\n"
      "Options:\n"
      "  --db W                 the workspace file\n"
      "  --where EXPR           the selection\n"
      "  --service S            compare only spans of service S (both sides)\n"
      "  --operation O          compare only spans named O (both sides)\n"
      "  --roots                compare the root spans of traces, with the trace's start and\n"
      "                         duration (what the GUI's latency heatmap selects)\n"
      "  --keys N               the N best attributes (default 20; 0 = all)\n"
      "  --values N             values per attribute (default 5; 0 = all kept, up to 50)\n"
      "  --json                 print JSON (see docs/CLI.md)\n"
      "  -h, --help             show this help\n"
      "\n"
      "Exit codes: 0 success (also when nothing matches), 1 the workspace cannot be read,\n"
      "2 usage error (a bad --where names the position).\n");
}

void writeOutliersJson(QTextStream& out, const OutlierComparison& comparison, const QString& where,
                       OutlierQuery::Unit unit, const OutliersOutputLimits& limits) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"unit");
  json.string(unit == OutlierQuery::Unit::RootSpans ? QStringView(u"root_spans")
                                                    : QStringView(u"spans"));
  json.key(u"selection");
  json.beginObject();
  json.key(u"where");
  json.string(where);
  json.key(u"spans");
  json.unsignedInteger(comparison.selectionSpans);
  json.endObject();
  json.key(u"baseline");
  json.beginObject();
  json.key(u"spans");
  json.unsignedInteger(comparison.baselineSpans);
  json.endObject();
  json.key(u"attributes");
  json.beginArray();
  const std::size_t keys = limited(comparison.keys.size(), limits.keys);
  for (std::size_t k = 0; k < keys; ++k) {
    const OutlierKeyComparison& key = comparison.keys[k];
    json.beginObject();
    json.key(u"key");
    json.string(std::string_view(key.key));
    json.key(u"scope");
    json.string(std::string_view(outlierKeyScopeName(key.scope)));
    json.key(u"score");
    json.number(key.score);
    json.key(u"distinct_values");
    json.unsignedInteger(key.distinctValues);
    json.key(u"values");
    json.beginArray();
    const std::size_t shown = limited(key.values.size(), limits.values);
    for (std::size_t i = 0; i < shown; ++i) {
      const OutlierValueShare& value = key.values[i];
      json.beginObject();
      json.key(u"value");
      writeAttributeValue(json, value.value);
      writeShares(json, value.selectionShare, value.baselineShare, value.selectionSpans,
                  value.baselineSpans);
      json.endObject();
    }
    json.endArray();
    const OutlierShareRest other = restBeyond(key, shown);
    json.key(u"other");
    json.beginObject();
    json.key(u"values");
    json.unsignedInteger(other.values);
    writeShares(json, other.selectionShare, other.baselineShare, other.selectionSpans,
                other.baselineSpans);
    json.endObject();
    json.key(u"missing");
    json.beginObject();
    writeShares(json, key.missing.selectionShare, key.missing.baselineShare,
                key.missing.selectionSpans, key.missing.baselineSpans);
    json.endObject();
    json.endObject();
  }
  json.endArray();
  json.key(u"skipped_keys");
  json.beginArray();
  for (const OutlierSkippedKey& skipped : comparison.skippedKeys) {
    json.beginObject();
    json.key(u"key");
    json.string(std::string_view(skipped.key));
    json.key(u"scope");
    json.string(std::string_view(outlierKeyScopeName(skipped.scope)));
    json.key(u"distinct_values");
    json.unsignedInteger(skipped.distinctValues);
    json.key(u"spans");
    json.unsignedInteger(skipped.spans);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatOutliersTable(const OutlierComparison& comparison, const QString& where,
                            const OutliersOutputLimits& limits) {
  QString text = QStringLiteral("selection: %1 spans (%2), baseline: %3 spans\n")
                     .arg(comparison.selectionSpans)
                     .arg(where)
                     .arg(comparison.baselineSpans);
  if (comparison.selectionSpans == 0 || comparison.keys.empty())
    return text;
  QList<QStringList> rows;
  const std::size_t keys = limited(comparison.keys.size(), limits.keys);
  for (std::size_t k = 0; k < keys; ++k) {
    const OutlierKeyComparison& key = comparison.keys[k];
    const std::size_t shown = limited(key.values.size(), limits.values);
    QString keyCell = QString::fromStdString(key.displayKey());
    QString score = QString::number(key.score, 'f', 3);
    auto addRow = [&](const QString& value, double selection, double baseline) {
      rows.append({keyCell, value, percent(selection), percent(baseline), score});
      keyCell.clear();
      score.clear();
    };
    for (std::size_t i = 0; i < shown; ++i) {
      const OutlierValueShare& value = key.values[i];
      addRow(valueCell(value.value), value.selectionShare, value.baselineShare);
    }
    const OutlierShareRest other = restBeyond(key, shown);
    if (other.selectionSpans + other.baselineSpans > 0) {
      addRow(other.values == 1 ? QStringLiteral("(1 other value)")
                               : QStringLiteral("(%1 other values)").arg(other.values),
             other.selectionShare, other.baselineShare);
    }
    if (key.missing.selectionSpans + key.missing.baselineSpans > 0) {
      addRow(QStringLiteral("(not set)"), key.missing.selectionShare, key.missing.baselineShare);
    }
  }
  text += formatTable({QStringLiteral("KEY"), QStringLiteral("VALUE"), QStringLiteral("SELECTION"),
                       QStringLiteral("BASELINE"), QStringLiteral("SCORE")},
                      rows, {false, false, true, true, true});
  if (keys < comparison.keys.size()) {
    text += QStringLiteral("(%1 more attributes: --keys 0 shows all)\n")
                .arg(comparison.keys.size() - keys);
  }
  return text;
}

int runOutliersCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("outliers");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption where(QStringLiteral("where"), QString(), QStringLiteral("EXPR"));
  const QCommandLineOption service(QStringLiteral("service"), QString(), QStringLiteral("S"));
  const QCommandLineOption operation(QStringLiteral("operation"), QString(), QStringLiteral("O"));
  const QCommandLineOption roots(QStringLiteral("roots"));
  const QCommandLineOption keys(QStringLiteral("keys"), QString(), QStringLiteral("N"));
  const QCommandLineOption values(QStringLiteral("values"), QString(), QStringLiteral("N"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, where, service, operation, roots, keys, values, json});
  if (auto exit = parseVerbArguments(parser, arguments, outliersUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), outliersUsage());
  if (!parser.isSet(where))
    return usageError(io, verb, QStringLiteral("--where is required"), outliersUsage());
  if (!parser.positionalArguments().isEmpty()) {
    return usageError(
        io, verb,
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
        outliersUsage());
  }
  OutliersOutputLimits limits{kDefaultKeys, kDefaultValues};
  for (const auto& [option, into] :
       {std::pair{&keys, &limits.keys}, std::pair{&values, &limits.values}}) {
    if (!parser.isSet(*option))
      continue;
    bool ok = false;
    const qulonglong value = parser.value(*option).toULongLong(&ok);
    if (!ok) {
      return usageError(io, verb,
                        QStringLiteral("--%1 expects a number, not '%2'")
                            .arg(option->names().first(), parser.value(*option)),
                        outliersUsage());
    }
    *into = static_cast<std::size_t>(value);
  }

  const QString whereText = parser.value(where);
  WhereError error;
  const std::optional<WhereExpression> expression =
      WhereExpression::parse(whereText.toStdString(), &error);
  if (!expression) {
    return usageError(io, verb,
                      QStringLiteral("bad --where \"%1\": %2")
                          .arg(whereText, QString::fromStdString(error.text())),
                      outliersUsage());
  }

  auto workspace = openCommandWorkspace(io, verb, parser.value(db), Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  OutlierQuery query;
  query.unit = parser.isSet(roots) ? OutlierQuery::Unit::RootSpans : OutlierQuery::Unit::Spans;
  query.service = parser.value(service).toStdString();
  query.operation = parser.value(operation).toStdString();
  query.selection = [&expression](const OutlierSpan& span) { return expression->matches(span); };
  // The model keeps up to 50 values per key; --values 0 prints all of those.
  query.topValues = limits.values == 0 ? 50 : std::max<std::size_t>(limits.values, 1);
  Status status;
  const OutlierComparison comparison = compareOutliers(*workspace, query, &status);
  if (!status)
    return inputError(io, verb, QString::fromStdString(status.message()));
  if (parser.isSet(json)) {
    writeOutliersJson(io.out, comparison, whereText, query.unit, limits);
  } else {
    io.out << formatOutliersTable(comparison, whereText, limits);
    if (comparison.selectionSpans == 0)
      io.err << "sightline outliers: no span matches --where \"" << whereText << "\"\n";
  }
  io.out.flush();
  io.err.flush();
  return kExitOk;
}

}  // namespace sightline::cli
