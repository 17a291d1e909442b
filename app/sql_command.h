#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <QVariant>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline sql --db W "SELECT ..." [--json]`: a read-only query printed as CSV or JSON.
// arguments[0] is the verb.
int runSqlCommand(const QStringList& arguments, CommandIo& io);
QString sqlUsage();

// A query result as the printers take it. Cells: null QVariant for SQL NULL, qlonglong,
// double, QString, or QByteArray for blobs.
struct SqlTable {
  QStringList columns;
  QList<QVariantList> rows;
};

// CSV with a header line, RFC 4180 quoting, LF line ends; NULL is an empty field, blobs are
// lowercase hex (so trace and span ids read as everywhere else).
void writeSqlCsv(QTextStream& out, const SqlTable& table);
// {"columns": [...], "rows": [[...]]} with NULL as null and blobs as hex; and a newline.
void writeSqlJson(QTextStream& out, const SqlTable& table);

}  // namespace sightline::cli
