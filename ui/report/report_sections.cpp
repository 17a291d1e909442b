#include "ui/report/report_sections.h"

#include <QStringList>

namespace sightline {

const std::vector<ReportSection>& allReportSections() {
  static const std::vector<ReportSection> kAll = {ReportSection::Cover,    ReportSection::Kpis,
                                                  ReportSection::Findings, ReportSection::Paths,
                                                  ReportSection::Flame,    ReportSection::Health,
                                                  ReportSection::Debt,     ReportSection::Appendix};
  return kAll;
}

const char* reportSectionName(ReportSection section) {
  switch (section) {
    case ReportSection::Cover:
      return "cover";
    case ReportSection::Kpis:
      return "kpis";
    case ReportSection::Findings:
      return "findings";
    case ReportSection::Paths:
      return "paths";
    case ReportSection::Flame:
      return "flame";
    case ReportSection::Health:
      return "health";
    case ReportSection::Debt:
      return "debt";
    case ReportSection::Appendix:
      return "appendix";
  }
  return "cover";
}

QString reportSectionLabel(ReportSection section) {
  switch (section) {
    case ReportSection::Cover:
      return QStringLiteral("Cover and sources");
    case ReportSection::Kpis:
      return QStringLiteral("Key figures");
    case ReportSection::Findings:
      return QStringLiteral("Findings");
    case ReportSection::Paths:
      return QStringLiteral("Critical path per endpoint");
    case ReportSection::Flame:
      return QStringLiteral("Differential flame graph");
    case ReportSection::Health:
      return QStringLiteral("Service health over time");
    case ReportSection::Debt:
      return QStringLiteral("Tech-debt heatmap");
    case ReportSection::Appendix:
      return QStringLiteral("Appendix");
  }
  return {};
}

bool parseReportSections(const QString& list, std::set<ReportSection>* sections, QString* error) {
  sections->clear();
  for (const QString& part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const QString name = part.trimmed().toLower();
    bool known = false;
    for (ReportSection section : allReportSections()) {
      if (name == QLatin1String(reportSectionName(section))) {
        sections->insert(section);
        known = true;
      }
    }
    if (!known) {
      QStringList names;
      for (ReportSection section : allReportSections())
        names << QLatin1String(reportSectionName(section));
      *error = QStringLiteral("unknown section '%1' (sections: %2)")
                   .arg(name, names.join(QStringLiteral(", ")));
      return false;
    }
  }
  if (sections->empty()) {
    *error = QStringLiteral("no section chosen");
    return false;
  }
  return true;
}

}  // namespace sightline
