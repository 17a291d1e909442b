#include "app/sql_command.h"

#include <QCommandLineParser>

#include "app/json_output.h"
#include "model/store/sql_query.h"

namespace sightline::cli {

namespace {

QString csvCell(const QVariant& cell) {
  if (cell.isNull())
    return QString();
  switch (cell.typeId()) {
    case QMetaType::QByteArray:
      return QString::fromLatin1(cell.toByteArray().toHex());
    case QMetaType::Double:
      return QString::number(cell.toDouble(), 'g', QLocale::FloatingPointShortest);
    default:
      return csvField(cell.toString());
  }
}

void writeJsonCell(JsonWriter& json, const QVariant& cell) {
  if (cell.isNull())
    return json.null();
  switch (cell.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
      return json.integer(cell.toLongLong());
    case QMetaType::Double:
      return json.number(cell.toDouble());
    case QMetaType::QByteArray:
      return json.string(QString::fromLatin1(cell.toByteArray().toHex()));
    default:
      return json.string(cell.toString());
  }
}

SqlTable toTable(const SqlResult& result) {
  SqlTable table;
  for (const std::string& column : result.columns)
    table.columns.append(QString::fromStdString(column));
  table.rows.reserve(static_cast<qsizetype>(result.rows.size()));
  for (const std::vector<SqlValue>& row : result.rows) {
    QVariantList cells;
    cells.reserve(static_cast<qsizetype>(row.size()));
    for (const SqlValue& cell : row) {
      if (const auto* integer = std::get_if<std::int64_t>(&cell.value)) {
        cells.append(QVariant::fromValue(static_cast<qlonglong>(*integer)));
      } else if (const auto* real = std::get_if<double>(&cell.value)) {
        cells.append(*real);
      } else if (const auto* text = std::get_if<std::string>(&cell.value)) {
        cells.append(QString::fromStdString(*text));
      } else if (const auto* blob = std::get_if<std::vector<std::uint8_t>>(&cell.value)) {
        cells.append(QByteArray(reinterpret_cast<const char*>(blob->data()),
                                static_cast<qsizetype>(blob->size())));
      } else {
        cells.append(QVariant());
      }
    }
    table.rows.append(std::move(cells));
  }
  return table;
}

}  // namespace

QString sqlUsage() {
  return QStringLiteral(
      "Usage: sightline sql --db W.sightline \"SELECT ...\" [--json]\n"
      "\n"
      "Runs one read-only SQL statement over the workspace (tables in docs/SCHEMA.md) and\n"
      "prints the result as CSV (header line, RFC 4180 quoting, NULL as an empty field,\n"
      "blobs as lowercase hex) or as JSON. Statements that would write are refused.\n"
      "\n"
      "Options:\n"
      "  --db W      the workspace file\n"
      "  --json      print {\"columns\": [...], \"rows\": [[...]]}\n"
      "  -h, --help  show this help\n"
      "\n"
      "Exit codes: 0 success, 1 the statement failed or would write, 2 usage error.\n");
}

void writeSqlCsv(QTextStream& out, const SqlTable& table) {
  QStringList header;
  for (const QString& column : table.columns)
    header.append(csvField(column));
  out << header.join(QLatin1Char(',')) << '\n';
  for (const QVariantList& row : table.rows) {
    QString line;
    for (qsizetype c = 0; c < row.size(); ++c) {
      if (c > 0)
        line += QLatin1Char(',');
      line += csvCell(row.at(c));
    }
    out << line << '\n';
  }
}

void writeSqlJson(QTextStream& out, const SqlTable& table) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"columns");
  json.beginArray();
  for (const QString& column : table.columns)
    json.string(column);
  json.endArray();
  json.key(u"rows");
  json.beginArray();
  for (const QVariantList& row : table.rows) {
    json.beginArray();
    for (const QVariant& cell : row)
      writeJsonCell(json, cell);
    json.endArray();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

int runSqlCommand(const QStringList& arguments, CommandIo& io) {
  const QString verb = QStringLiteral("sql");
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, json});
  if (auto exit = parseVerbArguments(parser, arguments, sqlUsage(), io))
    return *exit;
  if (!parser.isSet(db))
    return usageError(io, verb, QStringLiteral("--db is required"), sqlUsage());
  const QStringList positional = parser.positionalArguments();
  if (positional.size() != 1 || positional.first().trimmed().isEmpty()) {
    return usageError(io, verb, QStringLiteral("expected exactly one SQL statement (quote it)"),
                      sqlUsage());
  }
  const QString path = parser.value(db);
  // Opening it here too refuses a file that is not a workspace (SQLite would happily run
  // "SELECT 1" on anything) and never creates one; the query uses its own connection.
  if (!openCommandWorkspace(io, verb, path, Workspace::Mode::ReadOnly))
    return kExitBadInput;
  const SqlResult result =
      runReadOnlyQuery(path.toStdString(), positional.first().toStdString(), 0);
  if (!result.error.empty())
    return inputError(io, verb, QString::fromStdString(result.error));
  const SqlTable table = toTable(result);
  if (parser.isSet(json)) {
    writeSqlJson(io.out, table);
  } else {
    writeSqlCsv(io.out, table);
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace sightline::cli
