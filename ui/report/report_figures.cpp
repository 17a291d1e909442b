#include "ui/report/report_figures.h"

#include <cmath>

namespace sightline {

namespace {

const QString kMissing = QStringLiteral("–");
const QString kArrow = QStringLiteral(" → ");

QString decimal(double value) {
  const double magnitude = std::abs(value);
  return QString::number(value, 'f', magnitude >= 100 ? 0 : (magnitude >= 10 ? 1 : 2));
}

template <typename T, typename Format>
QString change(std::optional<T> before, std::optional<T> after, Format format) {
  QString text =
      (before ? format(*before) : kMissing) + kArrow + (after ? format(*after) : kMissing);
  if (before && after) {
    const QString relative =
        relativeChange(static_cast<double>(*before), static_cast<double>(*after));
    if (!relative.isEmpty())
      text += QStringLiteral(", ") + relative;
  }
  return text;
}

// Three significant digits, no exponent: 2140, 412, 6.29, 0.412.
QString significant(double value) {
  if (value >= 100)
    return QString::number(std::llround(value));
  return QString::number(value, 'f', value >= 10 ? 1 : 2);
}

}  // namespace

QString reportDuration(std::uint64_t ns) {
  if (ns < 1000)
    return QString::number(ns) + QStringLiteral(" ns");
  const double value = static_cast<double>(ns);
  if (ns < 1'000'000)
    return significant(value / 1e3) + QStringLiteral(" µs");
  if (ns < 10'000'000'000ULL)
    return significant(value / 1e6) + QStringLiteral(" ms");
  return significant(value / 1e9) + QStringLiteral(" s");
}

QString relativeChange(double before, double after) {
  if (before == 0)
    return QString();
  const double percent = (after / before - 1) * 100;
  const double magnitude = std::abs(percent);
  const QString number = QString::number(magnitude, 'f', magnitude < 100 ? 1 : 0);
  if (number.toDouble() == 0)
    return QStringLiteral("±0 %");
  return (percent < 0 ? QStringLiteral("↓") : QStringLiteral("↑")) + number + QStringLiteral(" %");
}

QString durationChange(std::optional<std::uint64_t> beforeNs,
                       std::optional<std::uint64_t> afterNs) {
  return change(beforeNs, afterNs, [](std::uint64_t ns) { return reportDuration(ns); });
}

QString rateChange(std::optional<double> before, std::optional<double> after, const QString& unit) {
  return change(before, after, [&unit](double v) -> QString { return decimal(v) + unit; });
}

QString shareChange(std::optional<double> before, std::optional<double> after) {
  // Error rates are compared in points, and a relative change of a tiny rate says little:
  // only the two figures.
  auto percent = [](double v) -> QString {
    return QString::number(v * 100, 'f', 1) + QStringLiteral(" %");
  };
  return (before ? percent(*before) : kMissing) + kArrow + (after ? percent(*after) : kMissing);
}

QString countChange(std::optional<std::uint64_t> before, std::optional<std::uint64_t> after) {
  auto number = [](std::uint64_t v) { return QString::number(v); };
  return (before ? number(*before) : kMissing) + kArrow + (after ? number(*after) : kMissing);
}

}  // namespace sightline
