#pragma once

#include <string>
#include <vector>

#include "model/report/report_content.h"

namespace sightline {

// A report's findings as `sightline findings --json` prints them (writeFindingsJson): the HTML
// appendix shows this text, the PDF attaches it as findings.json.
std::string reportFindingsJson(const std::vector<ReportFinding>& findings);

}  // namespace sightline
