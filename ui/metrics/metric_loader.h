#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <QObject>
#include <QString>

#include "model/metrics/metric_compare.h"
#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_red.h"
#include "ui/metrics/metric_family_data.h"
#include "ui/widgets/latest_job.h"

namespace sightline {

// Reads metrics from the workspace on the thread pool, each job with its own read-only
// connection, and runs the analyses there too. The catalogue, one family, the RED overview
// and the comparison are separate streams; a newer request of a stream drops the older
// one's result.
class MetricLoader : public QObject {
  Q_OBJECT
 public:
  struct Catalog {
    std::vector<MetricFamilySummary> families;
    std::vector<MetricSnapshotInfo> snapshots;
    QString error;
  };
  struct Red {
    std::vector<RedServiceOverview> services;
    std::vector<std::int64_t> snapshotTimesMs;
    QString error;
  };
  struct Comparison {
    std::shared_ptr<const MetricSeriesTable> table;  // every family: reused by later requests
    std::size_t baseline = 0;
    std::size_t current = 0;
    std::vector<MetricChange> changes;
    QString error;
  };

  explicit MetricLoader(QObject* parent = nullptr);

  // Drops everything pending; later jobs read this workspace.
  void setWorkspacePath(const QString& path);
  void listFamilies();
  void loadFamily(std::int64_t familyId);
  void loadRed(const std::vector<MetricFamilySummary>& families);
  // Compares snapshot indexes `baseline` and `current`; `table` is a previous result's
  // table (null: read it).
  void compare(std::shared_ptr<const MetricSeriesTable> table, std::size_t baseline,
               std::size_t current);
  bool isBusy() const;

  static Catalog catalog(const QString& path);
  static MetricFamilyData family(const QString& path, std::int64_t familyId);
  static Red red(const QString& path, const std::vector<std::int64_t>& familyIds);
  static Comparison comparison(const QString& path, std::shared_ptr<const MetricSeriesTable> table,
                               std::size_t baseline, std::size_t current);
  // The families the RED overview reads: those named like HTTP or RPC servers' metrics.
  static std::vector<std::int64_t> redFamilyIds(const std::vector<MetricFamilySummary>& families);

 signals:
  void familiesListed(const sightline::MetricLoader::Catalog& catalog);
  void familyLoaded(const std::shared_ptr<const sightline::MetricFamilyData>& data);
  void redLoaded(const sightline::MetricLoader::Red& red);
  void compared(const sightline::MetricLoader::Comparison& comparison);
  void failed(const QString& message);

 private:
  QString m_path;
  LatestJob m_catalog;
  LatestJob m_family;
  LatestJob m_red;
  LatestJob m_compare;
};

}  // namespace sightline
