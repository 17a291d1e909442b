#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include "app/command_line.h"
#include "model/diagnosis/outlier_comparison.h"

namespace sightline::cli {

// `sightline outliers --db W --where EXPR [--service S] [--json]`: what sets the spans that
// match EXPR apart from the others, attribute by attribute. arguments[0] is the verb.
int runOutliersCommand(const QStringList& arguments, CommandIo& io);
QString outliersUsage();

// What --keys and --values limit the output to (0: no limit).
struct OutliersOutputLimits {
  std::size_t keys = 0;
  std::size_t values = 0;
};

// The documented JSON form (docs/CLI.md) and a newline.
void writeOutliersJson(QTextStream& out, const OutlierComparison& comparison, const QString& where,
                       OutlierQuery::Unit unit, const OutliersOutputLimits& limits);
// The text form: a summary line, then a table of key, value, selection %, baseline % and
// score (on each key's first row), with each key's "other" and "(not set)" rows.
QString formatOutliersTable(const OutlierComparison& comparison, const QString& where,
                            const OutliersOutputLimits& limits);

}  // namespace sightline::cli
