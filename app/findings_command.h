#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <vector>

#include "app/command_line.h"
#include "model/diagnosis/finding.h"

namespace sightline::cli {

// `sightline findings --db W [--rules FILE] [--severity S] [--json]`: the diagnosis.
// arguments[0] is the verb.
int runFindingsCommand(const QStringList& arguments, CommandIo& io);
QString findingsUsage();

// The text form: a ranked table, then each finding's evidence when `details` is set.
QString formatFindingsText(const std::vector<Finding>& findings, bool details);

}  // namespace sightline::cli
