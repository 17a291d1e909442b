// Benchmark of the metric store against the storage floor (issue 4 / DESIGN.md budget:
// storing a 1M-series snapshot ≤ 2.5× a raw prepared-statement insert of the same rows).
//
// Generates a synthetic snapshot batch by batch (Prometheus-like families: counters, gauges,
// histograms with 11 buckets + _sum + _count, summaries with 3 quantiles + _sum + _count;
// 5 labels per series), then in one run:
//   floor   the plainest prepared-statement loop inserting the same rows (families, series
//           with their JSON labels and hash, one snapshot, points, per-family counts) into
//           the same tables with the same indexes and pragmas; labels and hashes are
//           computed outside the timed part, so the floor is SQLite's cost alone;
//   import  MetricWriter::consume() + finish() into a fresh file workspace (generation of
//           the batches is not timed);
//   again   a second snapshot of the same series into that workspace, which finds every
//           series through the label_hash index instead of inserting it;
//   queries the store's read functions over the two snapshots (what the CLI and GUI call).
// Row counts of floor and import are compared, so both provably store the same rows.
//
//   bench_metric_store [--series N] [--batch B] [--dir DIR] [--keep]

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bench/floor_database.h"
#include "bench/stopwatch.h"
#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_store_labels.h"
#include "model/metrics/metric_store_schema.h"
#include "model/metrics/metric_writer.h"
#include "model/store/schema.h"
#include "model/store/workspace.h"

using namespace sightline;
using namespace sightline::bench;

namespace {

// The synthetic snapshot: `series` sample lines in `families` contiguous blocks.
class SnapshotGenerator {
 public:
  static constexpr std::size_t kFamilies = 192;

  SnapshotGenerator(std::size_t series, std::size_t batchSize)
      : m_series(series), m_batchSize(batchSize) {}

  std::size_t batches() const { return (m_series + m_batchSize - 1) / m_batchSize; }

  MetricBatch batch(std::size_t index, double valueOffset) const {
    MetricBatch batch;
    const std::size_t begin = index * m_batchSize;
    const std::size_t end = std::min(m_series, begin + m_batchSize);
    batch.samples.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const std::size_t family = i * kFamilies / m_series;
      if (i == 0 || (i - 1) * kFamilies / m_series != family)
        batch.newFamilies.push_back(familyRecord(family));
      batch.samples.push_back(sample(family, i - firstSample(family), i, valueOffset));
    }
    return batch;
  }

  static MetricFamilyRecord familyRecord(std::size_t family) {
    static const MetricType kTypes[] = {MetricType::Counter, MetricType::Gauge,
                                        MetricType::Histogram, MetricType::Summary};
    MetricFamilyRecord record;
    record.name = "app" + std::to_string(family / 4) + "_" + kStems[family % 4];
    record.type = kTypes[family % 4];
    record.help = "Synthetic family " + std::to_string(family) + ".";
    return record;
  }

 private:
  static constexpr const char* kStems[] = {"requests", "in_flight", "request_duration_seconds",
                                           "rpc_duration_seconds"};

  std::size_t firstSample(std::size_t family) const {
    return (family * m_series + kFamilies - 1) / kFamilies;
  }

  MetricSampleRecord sample(std::size_t family, std::size_t j, std::size_t i,
                            double valueOffset) const {
    static const char* const kLe[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                      "0.5",   "1",    "2.5",   "5",    "+Inf"};
    static const char* const kQuantiles[] = {"0.5", "0.9", "0.99"};
    static const char* const kMethods[] = {"GET", "POST", "PUT", "DELETE"};
    const std::string base = familyRecord(family).name;
    const std::size_t group = family % 4 == 2 ? 13 : family % 4 == 3 ? 5 : 1;
    const std::size_t k = j / group;  // the label set
    const std::size_t member = j % group;
    MetricSampleRecord s;
    s.family = static_cast<std::uint32_t>(family);
    s.value = static_cast<double>(i) * 0.5 + valueOffset;
    s.line = i + 1;
    s.labels = {
        {"instance",
         "10.0." + std::to_string(k / 256 % 256) + "." + std::to_string(k % 256) + ":8080"},
        {"method", kMethods[k % 4]},
        {"pod", "api-7d9f8b-" + std::to_string(k)},
        {"route", "/api/v1/items/" + std::to_string(k % 200)},
        {"service", "svc-" + std::to_string(k % 40)},
    };
    switch (family % 4) {
      case 0:
        s.name = base + "_total";
        break;
      case 1:
        s.name = base;
        break;
      case 2:
        if (member < 11) {
          s.name = base + "_bucket";
          s.labels.insert(s.labels.begin() + 1, MetricLabel{"le", kLe[member]});
        } else {
          s.name = base + (member == 11 ? "_sum" : "_count");
        }
        break;
      default:
        if (member < 3) {
          s.name = base;
          s.labels.push_back({"quantile", kQuantiles[member]});
        } else {
          s.name = base + (member == 3 ? "_sum" : "_count");
        }
        break;
    }
    return s;
  }

  std::size_t m_series;
  std::size_t m_batchSize;
};

// One series row as the store writes it, computed before the timed insert.
struct FloorRow {
  std::int64_t family = 0;
  std::string name;
  std::string labels;
  std::int64_t hash = 0;
  double value = 0;
};

// The storage floor: same tables, indexes, pragmas and rows as the import.
Elapsed runFloor(const std::string& path, const SnapshotGenerator& generator) {
  // Closing the database is part of the floor's time (as for the import), hence optional.
  std::optional<FloorDatabase> db(std::in_place, path);
  for (const std::string& sql : metricIndexStatements())
    db->exec(sql);
  Elapsed total;
  Stopwatch setup;
  db->exec("BEGIN");
  db->exec(
      "INSERT INTO sources(path, kind, sha256, bytes, imported_at) VALUES('floor', "
      "'prometheus', 'floor', 0, 0)");
  db->exec("INSERT INTO metric_snapshots(source_id, time_ms) VALUES(1, 1700000000000)");
  sqlite3_stmt* family = db->prepare(
      "INSERT INTO metric_families(name, type, help, unit) "
      "VALUES(?,?,?,'')");
  sqlite3_stmt* series = db->prepare(
      "INSERT INTO metric_series(family_id, name, labels, label_hash) "
      "VALUES(?,?,?,?)");
  sqlite3_stmt* point = db->prepare(
      "INSERT INTO metric_points(snapshot_id, series_id, value, "
      "timestamp_ms) VALUES(1,?,?,NULL)");
  sqlite3_stmt* count = db->prepare(
      "INSERT INTO metric_snapshot_families(snapshot_id, family_id, "
      "samples) VALUES(1,?,?)");
  std::vector<std::int64_t> familyIds;
  std::vector<std::int64_t> familyCounts;
  total += setup.elapsed();

  std::vector<FloorRow> rows;
  for (std::size_t b = 0; b < generator.batches(); ++b) {
    const MetricBatch batch = generator.batch(b, 0);
    rows.clear();
    for (const MetricSampleRecord& sample : batch.samples) {
      FloorRow row;
      row.family = static_cast<std::int64_t>(sample.family);
      row.name = sample.name;
      row.labels = encodeMetricLabels(sample.labels);
      row.hash =
          static_cast<std::int64_t>(metricSeriesFingerprint(sample.name, sample.labels).hash);
      row.value = sample.value;
      rows.push_back(std::move(row));
    }
    const Stopwatch watch;
    for (const MetricFamilyRecord& record : batch.newFamilies) {
      sqlite3_bind_text(family, 1, record.name.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(family, 2, metricTypeName(record.type), -1, SQLITE_STATIC);
      sqlite3_bind_text(family, 3, record.help.c_str(), -1, SQLITE_STATIC);
      familyIds.push_back(db->step(family, "family"));
      familyCounts.push_back(0);
    }
    for (const FloorRow& row : rows) {
      sqlite3_bind_int64(series, 1, familyIds[static_cast<std::size_t>(row.family)]);
      sqlite3_bind_text(series, 2, row.name.data(), static_cast<int>(row.name.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(series, 3, row.labels.data(), static_cast<int>(row.labels.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(series, 4, row.hash);
      sqlite3_bind_int64(point, 1, db->step(series, "series"));
      sqlite3_bind_double(point, 2, row.value);
      db->step(point, "point");
      ++familyCounts[static_cast<std::size_t>(row.family)];
    }
    total += watch.elapsed();
  }
  const Stopwatch finish;
  for (std::size_t f = 0; f < familyIds.size(); ++f) {
    sqlite3_bind_int64(count, 1, familyIds[f]);
    sqlite3_bind_int64(count, 2, familyCounts[f]);
    db->step(count, "count");
  }
  db->exec("COMMIT");
  db.reset();
  total += finish.elapsed();
  return total;
}

// One snapshot through MetricWriter; only consume() and finish() are timed.
Elapsed runImport(Workspace& workspace, const SnapshotGenerator& generator, const std::string& sha,
                  double valueOffset, MetricWriteStats& stats) {
  Elapsed total;
  Stopwatch open;
  MetricWriter writer(workspace, SourceDescription{sha, "prometheus", sha, 0},
                      1700000000000 + static_cast<std::int64_t>(valueOffset) * 1000);
  total += open.elapsed();
  for (std::size_t b = 0; b < generator.batches(); ++b) {
    MetricBatch batch = generator.batch(b, valueOffset);
    const Stopwatch watch;
    if (Status s = writer.consume(std::move(batch)); !s) {
      std::fprintf(stderr, "import: %s\n", s.message().c_str());
      std::exit(1);
    }
    total += watch.elapsed();
  }
  const Stopwatch finish;
  if (Status s = writer.finish(); !s) {
    std::fprintf(stderr, "import: %s\n", s.message().c_str());
    std::exit(1);
  }
  total += finish.elapsed();
  stats = writer.stats();
  return total;
}

void printRow(const char* what, const Elapsed& e, std::size_t series, const Elapsed& floor) {
  std::printf("%-34s %9.0f %9.0f %12.0f %7.2fx %7.2fx\n", what, e.wallMs, e.cpuMs,
              static_cast<double>(series) / (e.wallMs / 1000.0), e.wallMs / floor.wallMs,
              e.cpuMs / floor.cpuMs);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t series = 1000000;
  std::size_t batchSize = 10000;
  std::string dir;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--series" && i + 1 < argc) {
      series = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--batch" && i + 1 < argc) {
      batchSize = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--keep") {
      keep = true;
    } else {
      std::fprintf(stderr,
                   "usage: bench_metric_store [--series N] [--batch B] [--dir DIR] "
                   "[--keep]\n");
      return 2;
    }
  }
  if (series == 0 || batchSize == 0)
    return 2;
  const bool ownDir = dir.empty();
  if (ownDir) {
    char pattern[] = "/tmp/sightline-bench-XXXXXX";
    if (!mkdtemp(pattern))
      return 1;
    dir = pattern;
  }
  const SnapshotGenerator generator(series, batchSize);
  const std::string floorPath = dir + "/floor.sqlite";
  const std::string workspacePath = dir + "/import.sightline";
  std::printf("metric store: %zu series in batches of %zu, %zu families\n", series, batchSize,
              SnapshotGenerator::kFamilies);

  const Elapsed floor = runFloor(floorPath, generator);
  std::filesystem::remove(workspacePath);
  Status status;
  auto workspace = Workspace::open(workspacePath, Workspace::Mode::ReadWrite, &status);
  if (!workspace) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  MetricWriteStats first;
  MetricWriteStats second;
  const Elapsed import = runImport(*workspace, generator, "first", 0, first);
  // Checkpoint so that the file holds what the WAL held, as the floor's closed file does.
  sqlite3_exec(workspace->db(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  const std::uint64_t bytesAfterFirst = databaseBytes(workspacePath);
  const std::string importRows = metricRowCounts(workspacePath);
  const Elapsed again = runImport(*workspace, generator, "second", 15, second);

  // What the CLI and the Metrics page read, over the two snapshots just stored.
  Stopwatch watch;
  const auto families = listMetricFamilies(*workspace);
  const Elapsed listFamilies = watch.elapsed();
  watch = Stopwatch();
  const auto familySeries = listFamilySeries(*workspace, families.at(2).id);
  const Elapsed listSeries = watch.elapsed();
  watch = Stopwatch();
  const auto points = loadSeriesPoints(*workspace, familySeries.at(0).id);
  const Elapsed seriesPoints = watch.elapsed();
  watch = Stopwatch();
  const MetricSeriesTable table = loadMetricSeriesTable(*workspace, {});
  const Elapsed wholeTable = watch.elapsed();
  workspace.reset();

  std::printf("%-34s %9s %9s %12s %8s %8s\n", "", "wall ms", "cpu ms", "series/s", "wall/fl",
              "cpu/fl");
  printRow("floor (raw prepared inserts)", floor, series, floor);
  printRow("MetricWriter, new series", import, series, floor);
  printRow("MetricWriter, known series", again, series, floor);
  std::printf("new series: %llu then %llu; points %llu + %llu\n",
              static_cast<unsigned long long>(first.newSeries),
              static_cast<unsigned long long>(second.newSeries),
              static_cast<unsigned long long>(first.points),
              static_cast<unsigned long long>(second.points));
  std::printf("disk: floor %.1f bytes/series, workspace after one snapshot %.1f bytes/series\n",
              static_cast<double>(databaseBytes(floorPath)) / static_cast<double>(series),
              static_cast<double>(bytesAfterFirst) / static_cast<double>(series));
  std::printf(
      "queries: listMetricFamilies (%zu) %.1f ms; listFamilySeries (%zu, with latest "
      "values) %.1f ms; loadSeriesPoints (%zu) %.2f ms; loadMetricSeriesTable(all: %zu "
      "series x %zu snapshots) %.0f ms\n",
      families.size(), listFamilies.wallMs, familySeries.size(), listSeries.wallMs, points.size(),
      seriesPoints.wallMs, table.series.size(), table.snapshotTimesMs.size(), wholeTable.wallMs);
  const std::string floorRows = metricRowCounts(floorPath);
  std::printf("floor rows:     %s\n", floorRows.c_str());
  std::printf("workspace rows: %s (after the first snapshot)\n", importRows.c_str());
  if (ownDir && !keep)
    std::filesystem::remove_all(dir);
  return 0;
}
