#include "model/report/report_findings_json.h"

#include <QString>
#include <QTextStream>

#include "model/diagnosis/findings_json.h"

namespace sightline {

std::string reportFindingsJson(const std::vector<ReportFinding>& findings) {
  std::vector<Finding> plain;
  plain.reserve(findings.size());
  for (const ReportFinding& row : findings)
    plain.push_back(row.finding);
  QString json;
  QTextStream out(&json);
  writeFindingsJson(out, plain);
  out.flush();
  return json.toStdString();
}

}  // namespace sightline
