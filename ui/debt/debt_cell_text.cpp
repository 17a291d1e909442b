#include "ui/debt/debt_cell_text.h"

#include <cmath>

#include <QCoreApplication>

#include "model/text/duration_text.h"
#include "model/text/number_text.h"

namespace sightline {

namespace {

QString tr(const char* text) {
  return QCoreApplication::translate("DebtCell", text);
}

QString number(double value) {
  return formatSignificant(value, 4);
}

QString count(double value) {
  return QString::number(std::llround(value));
}

// The figure in the unit the cell shows it in (p99 in nanoseconds), absent when it is.
std::optional<double> figure(DebtColumn column, const DebtFigures& f) {
  auto real = [](const auto& value) -> std::optional<double> {
    if (!value)
      return std::nullopt;
    return static_cast<double>(*value);
  };
  switch (column) {
    case DebtColumn::Coverage:
      return f.coverage;
    case DebtColumn::Duplication:
      return f.duplication;
    case DebtColumn::VulnerabilityDensity:
      // Without lines of code the count stands in, as debtCellStatus colours it.
      return f.vulnerabilityDensity ? f.vulnerabilityDensity : f.vulnerabilities;
    case DebtColumn::CodeSmells:
      return f.codeSmells;
    case DebtColumn::DebtMinutes:
      return f.debtMinutes;
    case DebtColumn::Churn:
      return f.churn;
    case DebtColumn::P99:
      return real(f.p99Ns);
    case DebtColumn::ErrorRate:
      return f.errorRate;
    case DebtColumn::CriticalPathShare:
      return f.criticalPathShare;
    case DebtColumn::CpuShare:
      return f.cpuShare;
    case DebtColumn::Findings:
      return real(f.findings);
  }
  return std::nullopt;
}

QString valueText(DebtColumn column, double value) {
  switch (column) {
    case DebtColumn::Coverage:
    case DebtColumn::Duplication:
      return debtPercentText(value);
    case DebtColumn::VulnerabilityDensity:
      return formatSignificant(value, 3);
    case DebtColumn::CodeSmells:
    case DebtColumn::DebtMinutes:
    case DebtColumn::Churn:
    case DebtColumn::Findings:
      return count(value);
    case DebtColumn::P99:
      return formatDuration(static_cast<std::uint64_t>(std::max(0.0, value)));
    case DebtColumn::ErrorRate:
    case DebtColumn::CriticalPathShare:
    case DebtColumn::CpuShare:
      return debtShareText(value);
  }
  return {};
}

// "… per 1,000 lines" of a count, when the lines are known.
QString perKloc(double value, const DebtFigures& f) {
  if (!f.ncloc || *f.ncloc <= 0)
    return {};
  return tr(" in %1 lines (%2 per 1,000 lines)")
      .arg(count(*f.ncloc), formatSignificant(value * 1000.0 / *f.ncloc, 3));
}

QString warnBand(const DebtThresholds& t) {
  if (t.warnMargin <= 0)
    return {};
  return tr("; amber within %1 % of it").arg(number(t.warnMargin * 100));
}

}  // namespace

QString debtAbsentText() {
  return QStringLiteral("–");
}

QString debtPercentText(double percent) {
  if (percent != 0 && std::abs(percent) < 0.1)
    return formatSignificant(percent, 2) + QStringLiteral(" %");
  return QString::number(percent, 'f', 1) + QStringLiteral(" %");
}

QString debtShareText(double share) {
  return debtPercentText(share * 100.0);
}

QString debtCellText(DebtColumn column, const DebtFigures& figures) {
  const std::optional<double> value = figure(column, figures);
  return value ? valueText(column, *value) : debtAbsentText();
}

QString debtColumnToolTip(DebtColumn column, const DebtThresholds& t) {
  switch (column) {
    case DebtColumn::Coverage:
      return tr("Statement or line coverage of the unit's code; gate ≥ %1 %")
          .arg(number(t.minCoverage));
    case DebtColumn::Duplication:
      return tr("Duplicated lines; gate ≤ %1 %").arg(number(t.maxDuplication));
    case DebtColumn::VulnerabilityDensity:
      return tr("Vulnerabilities per 1,000 lines of code; gate ≤ %1")
          .arg(number(t.maxVulnerabilityDensity));
    case DebtColumn::CodeSmells:
      return tr("Code smells (SonarQube's, else static-analysis results that are no "
                "vulnerabilities); at most %1 per 1,000 lines")
          .arg(number(t.maxCodeSmellsPerKloc));
    case DebtColumn::DebtMinutes:
      return tr("Technical debt in minutes (SonarQube's sqale_index); at most %1 per 1,000 lines")
          .arg(number(t.maxDebtMinutesPerKloc));
    case DebtColumn::Churn:
      return tr("Commits touching the unit in the churn window; at most %1")
          .arg(number(t.maxChurn));
    case DebtColumn::P99:
      return tr("p99 of the service's entry spans; budget %1")
          .arg(formatDuration(static_cast<std::uint64_t>(t.p99BudgetMs * 1e6)));
    case DebtColumn::ErrorRate:
      return tr("Error spans among the service's spans; at most %1")
          .arg(debtShareText(t.maxErrorRate));
    case DebtColumn::CriticalPathShare:
      return tr("The unit's share of all traces' critical paths; at most %1")
          .arg(debtShareText(t.maxCriticalPathShare));
    case DebtColumn::CpuShare:
      return tr("Share of the profiled CPU spent in the unit's code; at most %1")
          .arg(debtShareText(t.maxCpuShare));
    case DebtColumn::Findings:
      return tr("Diagnosis findings about the unit; at most %1").arg(number(t.maxFindings));
  }
  return {};
}

QString debtCellToolTip(DebtColumn column, const DebtFigures& f, const DebtThresholds& t) {
  static const QString kDash = QStringLiteral(" — ");
  const std::optional<double> value = figure(column, f);
  QString what;
  QString gate;
  switch (column) {
    case DebtColumn::Coverage:
      what = tr("coverage");
      gate = tr("gate ≥ %1 %").arg(number(t.minCoverage));
      break;
    case DebtColumn::Duplication:
      what = tr("duplicated lines");
      gate = tr("gate ≤ %1 %").arg(number(t.maxDuplication));
      break;
    case DebtColumn::VulnerabilityDensity:
      what = tr("vulnerabilities per 1,000 lines");
      gate = tr("gate ≤ %1").arg(number(t.maxVulnerabilityDensity));
      break;
    case DebtColumn::CodeSmells:
      what = tr("code smells");
      gate = tr("at most %1 per 1,000 lines").arg(number(t.maxCodeSmellsPerKloc));
      break;
    case DebtColumn::DebtMinutes:
      what = tr("technical debt (min)");
      gate = tr("at most %1 min per 1,000 lines").arg(number(t.maxDebtMinutesPerKloc));
      break;
    case DebtColumn::Churn:
      what = tr("commits in the churn window");
      gate = tr("at most %1").arg(number(t.maxChurn));
      break;
    case DebtColumn::P99:
      what = tr("p99");
      gate = tr("budget %1").arg(formatDuration(static_cast<std::uint64_t>(t.p99BudgetMs * 1e6)));
      break;
    case DebtColumn::ErrorRate:
      what = tr("error rate");
      gate = tr("at most %1").arg(debtShareText(t.maxErrorRate));
      break;
    case DebtColumn::CriticalPathShare:
      what = tr("critical-path share");
      gate = tr("at most %1").arg(debtShareText(t.maxCriticalPathShare));
      break;
    case DebtColumn::CpuShare:
      what = tr("CPU share");
      gate = tr("at most %1").arg(debtShareText(t.maxCpuShare));
      break;
    case DebtColumn::Findings:
      what = tr("diagnosis findings");
      gate = tr("at most %1").arg(number(t.maxFindings));
      break;
  }
  if (!value)
    return what + tr(": no data (no imported input gives it)");
  QString text = what + QLatin1Char(' ');
  switch (column) {
    case DebtColumn::Coverage:
    case DebtColumn::Duplication:
    case DebtColumn::ErrorRate:
    case DebtColumn::CriticalPathShare:
    case DebtColumn::CpuShare:
    case DebtColumn::P99:
      text += valueText(column, *value);
      break;
    case DebtColumn::VulnerabilityDensity:
      if (!f.vulnerabilityDensity) {
        text = tr("vulnerabilities %1 (lines of code unknown: the count stands for the density)")
                   .arg(number(*value));
        break;
      }
      text += number(*value);
      if (f.vulnerabilities) {
        text += *f.vulnerabilities == 1 ? tr(" (1 vulnerability")
                                        : tr(" (%1 vulnerabilities").arg(count(*f.vulnerabilities));
        if (f.ncloc)
          text += tr(" in %1 lines").arg(count(*f.ncloc));
        text += QLatin1Char(')');
      }
      break;
    case DebtColumn::CodeSmells:
    case DebtColumn::DebtMinutes:
      text += number(*value) + perKloc(*value, f);
      break;
    case DebtColumn::Churn:
    case DebtColumn::Findings:
      text += number(*value);
      break;
  }
  return text + kDash + gate + warnBand(t);
}

std::optional<double> debtChange(DebtColumn column, const DebtFigures& baseline,
                                 const DebtFigures& target) {
  const std::optional<double> before = figure(column, baseline);
  const std::optional<double> after = figure(column, target);
  if (!before || !after)
    return std::nullopt;
  return *after - *before;
}

QString debtChangeText(DebtColumn column, double change) {
  if (change == 0)
    return QStringLiteral("0");
  const QString sign = change > 0 ? QStringLiteral("+") : QStringLiteral("−");
  QString magnitude;
  switch (column) {
    case DebtColumn::Coverage:
    case DebtColumn::Duplication:
      magnitude = QString::number(std::abs(change), 'f', 1);
      break;
    case DebtColumn::ErrorRate:
    case DebtColumn::CriticalPathShare:
    case DebtColumn::CpuShare:
      magnitude = formatSignificant(std::abs(change) * 100.0, 3);
      break;
    case DebtColumn::P99:
      return sign + formatDuration(static_cast<std::uint64_t>(std::abs(change)));
    default:
      magnitude = formatSignificant(std::abs(change), 3);
      break;
  }
  return sign + magnitude;
}

bool debtHigherIsBetter(DebtColumn column) {
  return column == DebtColumn::Coverage;
}

}  // namespace sightline
