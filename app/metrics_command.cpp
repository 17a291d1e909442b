#include "app/metrics_command.h"

#include <QCommandLineParser>
#include <cmath>
#include <string_view>

#include "app/metric_family_rows.h"
#include "app/metric_histogram_quantiles.h"
#include "app/metric_quantile_output.h"
#include "app/metric_series_points.h"
#include "model/metrics/metric_math.h"

namespace sightline::cli {

namespace {

const QString kVerb = QStringLiteral("metrics");

int listFamilies(Workspace& workspace, bool json, CommandIo& io) {
  Status status;
  const std::vector<MetricFamilyRow> rows = loadMetricFamilyRows(workspace, &status);
  if (!status)
    return inputError(io, kVerb, QString::fromStdString(status.message()));
  if (json) {
    writeMetricFamiliesJson(io.out, rows);
  } else {
    io.out << formatMetricFamiliesTable(rows);
  }
  return kExitOk;
}

int showSeries(Workspace& workspace, const SeriesSelector& selector, bool json, CommandIo& io) {
  Status status;
  const std::vector<SelectedSeries> series = loadSelectedSeries(workspace, selector, &status);
  if (!status)
    return inputError(io, kVerb, QString::fromStdString(status.message()));
  if (json) {
    writeSelectedSeriesJson(io.out, series);
  } else {
    io.out << formatSelectedSeries(series);
  }
  return kExitOk;
}

int showQuantiles(Workspace& workspace, QuantileReport report, bool json, CommandIo& io) {
  Status status;
  const std::optional<HistogramData> data =
      loadHistogramBuckets(workspace, report.histogram, &status);
  if (!data)
    return inputError(io, kVerb, QString::fromStdString(status.message()));
  report.groups = computeHistogramQuantiles(data->buckets, data->snapshots, report.options);
  if (json) {
    writeQuantileReportJson(io.out, report);
  } else {
    io.out << formatQuantileReport(report);
  }
  return kExitOk;
}

}  // namespace

QString metricsUsage() {
  return QStringLiteral(
      "Usage: sightline metrics --db W.sightline [--json]\n"
      "       sightline metrics --db W --series 'name{label=\"value\",...}' [--json]\n"
      "       sightline metrics --db W --quantile Q --histogram NAME [--by LABEL[,LABEL...]]\n"
      "                         [--rate] [--json]\n"
      "\n"
      "Without --series or --quantile: the metric families of the workspace with their type,\n"
      "help, unit, series (label sets, a histogram's buckets counting as one) and sample\n"
      "lines in the latest snapshot.\n"
      "\n"
      "Options:\n"
      "  --db W              the workspace file\n"
      "  --series SELECTOR   the points of every series matching a PromQL selector:\n"
      "                      name{a=\"x\",b!=\"y\",c=~\"re\",d!~\"re\"}; the name is the sample\n"
      "                      name (x_bucket, x_total); labels alone select across names\n"
      "  --quantile Q        histogram_quantile(Q, ...) per snapshot, with --histogram\n"
      "  --histogram NAME    the histogram family (NAME or NAME_bucket)\n"
      "  --by LABEL,...      sum the buckets across the other labels first, like\n"
      "                      sum by (le, LABEL) (default: one result per label set)\n"
      "  --rate              use each bucket's per-second increase between consecutive\n"
      "                      snapshots (counter resets count from zero), like rate()\n"
      "  --json              print JSON (see docs/CLI.md)\n"
      "  -h, --help          show this help\n"
      "\n"
      "Exit codes: 0 success (also when nothing matches), 1 the workspace cannot be read or\n"
      "has no such histogram, 2 usage error (also a malformed selector or quantile).\n");
}

int runMetricsCommand(const QStringList& arguments, CommandIo& io) {
  QCommandLineParser parser;
  const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("W"));
  const QCommandLineOption series(QStringLiteral("series"), QString(), QStringLiteral("SELECTOR"));
  const QCommandLineOption quantile(QStringLiteral("quantile"), QString(), QStringLiteral("Q"));
  const QCommandLineOption histogram(QStringLiteral("histogram"), QString(),
                                     QStringLiteral("NAME"));
  const QCommandLineOption by(QStringLiteral("by"), QString(), QStringLiteral("LABEL"));
  const QCommandLineOption rate(QStringLiteral("rate"));
  const QCommandLineOption json(QStringLiteral("json"));
  parser.addOptions({db, series, quantile, histogram, by, rate, json});
  if (auto exit = parseVerbArguments(parser, arguments, metricsUsage(), io))
    return *exit;
  auto usage = [&](const QString& message) {
    return usageError(io, kVerb, message, metricsUsage());
  };
  if (!parser.isSet(db))
    return usage(QStringLiteral("--db is required"));
  if (!parser.positionalArguments().isEmpty()) {
    return usage(
        QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
  }
  const bool wantsQuantiles = parser.isSet(quantile) || parser.isSet(histogram);
  if (parser.isSet(series) && wantsQuantiles)
    return usage(QStringLiteral("--series cannot be combined with --quantile/--histogram"));
  if (wantsQuantiles && !(parser.isSet(quantile) && parser.isSet(histogram)))
    return usage(QStringLiteral("--quantile and --histogram go together"));
  if (!wantsQuantiles && (parser.isSet(by) || parser.isSet(rate)))
    return usage(QStringLiteral("--by and --rate need --quantile and --histogram"));

  std::optional<SeriesSelector> selector;
  if (parser.isSet(series)) {
    Status status;
    selector = parseSeriesSelector(parser.value(series).toStdString(), &status);
    if (!selector) {
      return usage(QStringLiteral("bad --series selector '%1': %2")
                       .arg(parser.value(series), QString::fromStdString(status.message())));
    }
  }
  QuantileReport report;
  if (wantsQuantiles) {
    bool ok = false;
    report.options.quantile = parser.value(quantile).toDouble(&ok);
    if (!ok || std::isnan(report.options.quantile)) {
      return usage(QStringLiteral("--quantile expects a number such as 0.99, not '%1'")
                       .arg(parser.value(quantile)));
    }
    report.histogram = parser.value(histogram).toStdString();
    if (report.histogram.ends_with("_bucket"))
      report.histogram.resize(report.histogram.size() - std::string_view("_bucket").size());
    if (report.histogram.empty())
      return usage(QStringLiteral("--histogram expects a family name"));
    for (const QString& value : parser.values(by)) {
      for (const QString& label : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
        report.options.by.push_back(label.trimmed().toStdString());
    }
    if (parser.isSet(by) && report.options.by.empty())
      return usage(QStringLiteral("--by expects one or more label names"));
    report.options.rate = parser.isSet(rate);
  }

  auto workspace = openCommandWorkspace(io, kVerb, parser.value(db), Workspace::Mode::ReadOnly);
  if (!workspace)
    return kExitBadInput;
  int exit = kExitOk;
  if (selector) {
    exit = showSeries(*workspace, *selector, parser.isSet(json), io);
  } else if (wantsQuantiles) {
    exit = showQuantiles(*workspace, std::move(report), parser.isSet(json), io);
  } else {
    exit = listFamilies(*workspace, parser.isSet(json), io);
  }
  io.out.flush();
  return exit;
}

}  // namespace sightline::cli
