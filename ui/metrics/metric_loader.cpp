#include "ui/metrics/metric_loader.h"

#include "model/store/workspace.h"

namespace sightline {

namespace {

constexpr char kProcessStartFamily[] = "process_start_time_seconds";

std::unique_ptr<Workspace> openReadOnly(const QString& path, QString* error) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace)
    *error = QString::fromStdString(status.message());
  return workspace;
}

}  // namespace

MetricLoader::MetricLoader(QObject* parent) : QObject(parent) {}

void MetricLoader::setWorkspacePath(const QString& path) {
  m_path = path;
  m_catalog.invalidate();
  m_family.invalidate();
  m_red.invalidate();
  m_compare.invalidate();
}

bool MetricLoader::isBusy() const {
  return m_catalog.isRunning() || m_family.isRunning() || m_red.isRunning() ||
         m_compare.isRunning();
}

MetricLoader::Catalog MetricLoader::catalog(const QString& path) {
  Catalog result;
  auto workspace = openReadOnly(path, &result.error);
  if (!workspace)
    return result;
  Status status;
  result.families = listMetricFamilies(*workspace, &status);
  if (status)
    result.snapshots = listMetricSnapshots(*workspace, &status);
  if (!status)
    result.error = QString::fromStdString(status.message());
  return result;
}

MetricFamilyData MetricLoader::family(const QString& path, std::int64_t familyId) {
  MetricFamilyData data;
  auto workspace = openReadOnly(path, &data.error);
  if (!workspace)
    return data;
  Status status;
  std::int64_t processStartId = 0;
  for (const MetricFamilySummary& family : listMetricFamilies(*workspace, &status)) {
    if (family.id == familyId)
      data.family = family;
    if (family.name == kProcessStartFamily)
      processStartId = family.id;
  }
  if (status && data.family.id == 0) {
    data.error = tr("Metric family %1 is not in the workspace").arg(familyId);
    return data;
  }
  if (status)
    data.series = listFamilySeries(*workspace, familyId, &status);
  if (status)
    data.table = loadMetricSeriesTable(*workspace, {familyId}, &status);
  // Counters need the process start times to tell a restart that did not lower the value.
  if (status && processStartId != 0 && data.family.type != MetricType::Gauge) {
    data.processStarts = loadMetricSeriesTable(*workspace, {processStartId}, &status).series;
  }
  if (!status)
    data.error = QString::fromStdString(status.message());
  return data;
}

std::vector<std::int64_t> MetricLoader::redFamilyIds(
    const std::vector<MetricFamilySummary>& families) {
  std::vector<std::int64_t> ids;
  for (const MetricFamilySummary& family : families) {
    if (family.name.starts_with("http_") || family.name.starts_with("rpc_") ||
        family.name.starts_with("grpc_")) {
      ids.push_back(family.id);
    }
  }
  return ids;
}

MetricLoader::Red MetricLoader::red(const QString& path,
                                    const std::vector<std::int64_t>& familyIds) {
  Red result;
  // No candidate family: an empty id list would mean "every family" to the store.
  if (familyIds.empty())
    return result;
  auto workspace = openReadOnly(path, &result.error);
  if (!workspace)
    return result;
  Status status;
  const MetricSeriesTable table = loadMetricSeriesTable(*workspace, familyIds, &status);
  if (!status) {
    result.error = QString::fromStdString(status.message());
    return result;
  }
  RedOptions options;
  options.defaultService = tr("(no service label)").toStdString();
  result.services = computeRedOverview(table, options);
  result.snapshotTimesMs = table.snapshotTimesMs;
  return result;
}

MetricLoader::Comparison MetricLoader::comparison(const QString& path,
                                                  std::shared_ptr<const MetricSeriesTable> table,
                                                  std::size_t baseline, std::size_t current) {
  Comparison result;
  result.baseline = baseline;
  result.current = current;
  if (!table) {
    auto workspace = openReadOnly(path, &result.error);
    if (!workspace)
      return result;
    Status status;
    auto loaded =
        std::make_shared<MetricSeriesTable>(loadMetricSeriesTable(*workspace, {}, &status));
    if (!status) {
      result.error = QString::fromStdString(status.message());
      return result;
    }
    table = std::move(loaded);
  }
  result.table = table;
  const std::size_t snapshots = table->snapshotTimesMs.size();
  if (baseline < snapshots && current < snapshots) {
    MetricCompareOptions options;
    options.limit = 500;
    result.changes = compareMetricSnapshots(*table, baseline, current, options);
  }
  return result;
}

void MetricLoader::listFamilies() {
  m_catalog.run(
      this, [path = m_path] { return catalog(path); },
      [this](Catalog result) {
        if (!result.error.isEmpty())
          emit failed(result.error);
        emit familiesListed(result);
      });
}

void MetricLoader::loadFamily(std::int64_t familyId) {
  m_family.run(
      this,
      [path = m_path, familyId] {
        return std::make_shared<const MetricFamilyData>(family(path, familyId));
      },
      [this](std::shared_ptr<const MetricFamilyData> data) {
        if (!data->error.isEmpty())
          emit failed(data->error);
        emit familyLoaded(data);
      });
}

void MetricLoader::loadRed(const std::vector<MetricFamilySummary>& families) {
  m_red.run(
      this, [path = m_path, ids = redFamilyIds(families)] { return red(path, ids); },
      [this](Red result) {
        if (!result.error.isEmpty())
          emit failed(result.error);
        emit redLoaded(result);
      });
}

void MetricLoader::compare(std::shared_ptr<const MetricSeriesTable> table, std::size_t baseline,
                           std::size_t current) {
  m_compare.run(
      this,
      [path = m_path, table = std::move(table), baseline, current] {
        return comparison(path, table, baseline, current);
      },
      [this](Comparison result) {
        if (!result.error.isEmpty())
          emit failed(result.error);
        emit compared(result);
      });
}

}  // namespace sightline
