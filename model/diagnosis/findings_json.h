#pragma once

#include <QTextStream>
#include <vector>

#include "model/diagnosis/finding.h"

namespace sightline {

// The findings in their documented JSON form (docs/CLI.md, `sightline findings --json`):
// {"findings": [{"rule", "severity", "title", …, "evidence": […]}]} and a newline. The review
// report shows the same text in its appendix and attaches it to the PDF.
void writeFindingsJson(QTextStream& out, const std::vector<Finding>& findings);

}  // namespace sightline
