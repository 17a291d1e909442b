#pragma once

// Helpers shared by the debt importer tests: a sink that keeps every record, readers over
// bytes in memory, the debt-shop fixtures, compression, and workspace queries.

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sqlite3.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "importers/core/file_importer.h"
#include "importers/core/importer_registry.h"
#include "importers/core/memory_byte_source.h"
#include "model/debt/debt_sink.h"
#include "model/store/workspace.h"

namespace sightline::test {

struct DebtCollector : DebtSink {
  DebtBatch all;
  std::size_t batches = 0;
  std::size_t largestBatch = 0;
  bool refuse = false;

  Status consume(DebtBatch&& batch) override {
    if (refuse)
      return Status::error("disk full");
    ++batches;
    largestBatch = std::max(largestBatch, batch.size());
    for (auto& m : batch.measures)
      all.measures.push_back(std::move(m));
    for (auto& i : batch.issues)
      all.issues.push_back(std::move(i));
    for (auto& c : batch.changes)
      all.changes.push_back(std::move(c));
    for (auto& o : batch.owners)
      all.owners.push_back(std::move(o));
    return Status::ok();
  }

  // The value of one measure, or NaN when there is none (or several).
  double measure(const std::string& path, const std::string& metric,
                 DebtUnitKind kind = DebtUnitKind::File) const {
    double found = std::nan("");
    int count = 0;
    for (const auto& m : all.measures) {
      if (m.path == path && m.metric == metric && m.kind == kind) {
        found = m.value;
        ++count;
      }
    }
    return count == 1 ? found : std::nan("");
  }
  double sum(const std::string& metric, DebtUnitKind kind = DebtUnitKind::File) const {
    double total = 0;
    for (const auto& m : all.measures) {
      if (m.metric == metric && m.kind == kind)
        total += m.value;
    }
    return total;
  }
};

// Reads `data` with `reader`; returns the error message ("" on success).
inline std::string readDebt(FormatReader& reader, const std::string& data, DebtCollector& sink,
                            std::size_t batchSize = 10000, std::size_t maxChunk = 1 << 20,
                            DecodeError* errorOut = nullptr) {
  MemoryByteSource source(data, maxChunk);
  ReaderContext context;
  context.debt = &sink;
  context.batchSize = batchSize;
  DecodeError error;
  const bool ok = reader.read(source, context, error);
  if (errorOut)
    *errorOut = error;
  if (ok)
    return {};
  return error.message.empty() ? std::string("(failed without a message)") : error.message;
}

inline std::string debtShop(const std::string& relative) {
  return std::string(SIGHTLINE_TEST_DATA_DIR) + "/debt-shop/" + relative;
}

inline std::string fileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// expected.json of the debt-shop fixtures, and a member lookup along a path of keys.
inline QJsonValue expectedJson() {
  return QJsonDocument::fromJson(QByteArray::fromStdString(fileText(debtShop("expected.json"))))
      .object();
}
inline QJsonValue at(QJsonValue value, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    value = value.toObject().value(QLatin1String(key));
  return value;
}

inline std::string detectedFormat(const std::string& bytes) {
  const std::size_t size = std::min(bytes.size(), kSniffBytes);
  const FormatDescriptor* format =
      detectFormat({reinterpret_cast<const std::uint8_t*>(bytes.data()), size});
  return format ? format->id : std::string("none");
}

inline std::string gzipBytes(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

inline std::string zstdBytes(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

// A workspace in a temporary folder, with files written next to it.
class TempWorkspace {
 public:
  TempWorkspace() {
    Status status;
    m_workspace = Workspace::open(
        m_dir.filePath(QStringLiteral("w%1.sightline").arg(QRandomGenerator::global()->generate()))
            .toStdString(),
        Workspace::Mode::ReadWrite, &status);
    if (!m_workspace)
      qFatal("cannot open a workspace: %s", status.message().c_str());
  }
  Workspace& operator*() { return *m_workspace; }
  Workspace* operator->() { return m_workspace.get(); }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string dir() const { return m_dir.path().toStdString(); }

  // Row count of every table: "the workspace is unchanged" means these are equal.
  std::map<std::string, std::int64_t> tableCounts() {
    std::map<std::string, std::int64_t> counts;
    std::vector<std::string> tables;
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(m_workspace->db(), "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
                       &statement, nullptr);
    while (sqlite3_step(statement) == SQLITE_ROW)
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    for (const auto& table : tables)
      counts[table] = count("SELECT COUNT(*) FROM \"" + table + "\"");
    return counts;
  }

  std::int64_t count(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    std::int64_t value = -1;
    if (sqlite3_prepare_v2(m_workspace->db(), sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
    return value;
  }

  // Rows of a query, each as its columns joined by '|' (NULL as "NULL").
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_workspace->db(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
      qFatal("bad query %s: %s", sql.c_str(), sqlite3_errmsg(m_workspace->db()));
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        if (i > 0)
          row += '|';
        const auto* text = sqlite3_column_text(statement, i);
        row += text ? reinterpret_cast<const char*>(text) : "NULL";
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    return out;
  }

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;
};

}  // namespace sightline::test
