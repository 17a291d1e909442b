#include "app/debt_output.h"

#include <algorithm>
#include <cmath>

#include "app/json_output.h"
#include "app/text_output.h"
#include "model/text/duration_text.h"

namespace sightline::cli {

namespace {

void optionalNumber(JsonWriter& json, const std::optional<double>& value) {
  if (value)
    json.number(*value);
  else
    json.null();
}

void optionalUnsigned(JsonWriter& json, const std::optional<std::uint64_t>& value) {
  if (value)
    json.unsignedInteger(*value);
  else
    json.null();
}

// The figure keys of a service object, in the documented order (after "service").
void writeFigures(JsonWriter& json, const DebtFigures& f) {
  json.key(u"coverage");
  optionalNumber(json, f.coverage);
  json.key(u"duplication");
  optionalNumber(json, f.duplication);
  json.key(u"vulnerabilities");
  optionalNumber(json, f.vulnerabilities);
  json.key(u"vulnerability_density");
  optionalNumber(json, f.vulnerabilityDensity);
  json.key(u"ncloc");
  optionalNumber(json, f.ncloc);
  json.key(u"code_smells");
  optionalNumber(json, f.codeSmells);
  json.key(u"churn");
  optionalNumber(json, f.churn);
  json.key(u"cpu_share");
  optionalNumber(json, f.cpuShare);
  json.key(u"critical_path_share");
  optionalNumber(json, f.criticalPathShare);
  json.key(u"p99_ns");
  optionalUnsigned(json, f.p99Ns);
  json.key(u"error_rate");
  optionalNumber(json, f.errorRate);
  json.key(u"findings");
  optionalUnsigned(json, f.findings);
  json.key(u"score");
  optionalNumber(json, f.score);
}

QString fixed(const std::optional<double>& value, int decimals) {
  return value ? QString::number(*value, 'f', decimals) : QStringLiteral("-");
}

QString count(const std::optional<double>& value) {
  return value ? QString::number(std::llround(*value)) : QStringLiteral("-");
}

QString share(const std::optional<double>& value) {
  return value ? QString::number(*value * 100, 'f', 1) + QLatin1Char('%') : QStringLiteral("-");
}

QString qs(const std::string& text) {
  return QString::fromStdString(text);
}

// A cell's text, marked when past its threshold.
QString marked(const QString& text, DebtColumn column, const DebtFigures& figures,
               const DebtThresholds& thresholds) {
  const DebtCellStatus status = debtCellStatus(column, figures, thresholds);
  return status == DebtCellStatus::Bad ? text + QLatin1Char('!') : text;
}

int depthOf(const DebtTable& table, std::size_t row) {
  int depth = 0;
  for (int p = table.rows[row].parent; p >= 0; p = table.rows[static_cast<std::size_t>(p)].parent)
    ++depth;
  return depth;
}

}  // namespace

void writeDebtTableJson(QTextStream& out, const DebtTable& table, bool files) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"services");
  json.beginArray();
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const DebtRow& row = table.rows[i];
    if (row.parent >= 0)
      continue;
    json.beginObject();
    json.key(u"service");
    json.string(std::string_view(row.service));
    writeFigures(json, row.figures);
    if (files) {
      json.key(u"owners");
      json.beginArray();
      for (const std::string& owner : row.owners)
        json.string(std::string_view(owner));
      json.endArray();
      json.key(u"units");
      json.beginArray();
      for (std::size_t j = i + 1; j < table.rows.size() && table.rows[j].parent >= 0; ++j) {
        const DebtRow& unit = table.rows[j];
        json.beginObject();
        json.key(u"path");
        json.string(std::string_view(unit.path));
        json.key(u"kind");
        json.string(debtUnitKindName(unit.kind));
        writeFigures(json, unit.figures);
        json.key(u"owners");
        json.beginArray();
        for (const std::string& owner : unit.owners)
          json.string(std::string_view(owner));
        json.endArray();
        json.endObject();
      }
      json.endArray();
    }
    json.endObject();
  }
  json.endArray();
  json.key(u"unmapped");
  json.beginArray();
  for (const std::string& path : table.unmappedPaths)
    json.string(std::string_view(path));
  json.endArray();
  json.key(u"rules");
  json.beginArray();
  for (const ServicePathRule& rule : table.rules) {
    json.beginObject();
    json.key(u"prefix");
    json.string(std::string_view(rule.prefix));
    json.key(u"service");
    json.string(std::string_view(rule.service));
    json.key(u"origin");
    json.string(std::string_view(rule.origin));
    json.endObject();
  }
  json.endArray();
  json.key(u"sources");
  json.beginArray();
  for (std::int64_t id : table.sourceIds)
    json.integer(id);
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatDebtTableText(const DebtTable& table, const DebtThresholds& thresholds, bool files) {
  QList<QStringList> rows;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const DebtRow& row = table.rows[i];
    if (row.parent >= 0 && !files)
      continue;
    const DebtFigures& f = row.figures;
    const int depth = depthOf(table, i);
    QString name = row.parent < 0 ? qs(row.service) : qs(row.path.substr(row.path.rfind('/') + 1));
    if (row.kind == DebtUnitKind::Directory)
      name += QLatin1Char('/');
    auto cell = [&](const QString& text, DebtColumn column) {
      return marked(text, column, f, thresholds);
    };
    rows.append(
        {QString(depth * 2, QLatin1Char(' ')) + name,
         cell(fixed(f.coverage, 1), DebtColumn::Coverage),
         cell(fixed(f.duplication, 1), DebtColumn::Duplication),
         cell(f.vulnerabilityDensity ? fixed(f.vulnerabilityDensity, 2) : count(f.vulnerabilities),
              DebtColumn::VulnerabilityDensity),
         count(f.ncloc), cell(count(f.codeSmells), DebtColumn::CodeSmells),
         cell(count(f.debtMinutes), DebtColumn::DebtMinutes),
         cell(count(f.churn), DebtColumn::Churn), cell(share(f.cpuShare), DebtColumn::CpuShare),
         cell(share(f.criticalPathShare), DebtColumn::CriticalPathShare),
         cell(f.p99Ns ? formatDurationCompact(*f.p99Ns) : QStringLiteral("-"), DebtColumn::P99),
         cell(share(f.errorRate), DebtColumn::ErrorRate),
         cell(f.findings ? QString::number(*f.findings) : QStringLiteral("-"),
              DebtColumn::Findings),
         fixed(f.score, 3)});
  }
  QString text = formatTable(
      {QStringLiteral("SERVICE"), QStringLiteral("COVERAGE%"), QStringLiteral("DUP%"),
       QStringLiteral("VULN/KLOC"), QStringLiteral("NCLOC"), QStringLiteral("SMELLS"),
       QStringLiteral("DEBT_MIN"), QStringLiteral("CHURN"), QStringLiteral("CPU"),
       QStringLiteral("CRIT_PATH"), QStringLiteral("P99"), QStringLiteral("ERRORS"),
       QStringLiteral("FINDINGS"), QStringLiteral("SCORE")},
      rows, {false, true, true, true, true, true, true, true, true, true, true, true, true, true});
  text += QStringLiteral(
              "! past its threshold (coverage ≥ %1 %, duplication ≤ %2 %, vulnerabilities ≤ %3 "
              "per 1,000 lines, …); - no data\n")
              .arg(thresholds.minCoverage)
              .arg(thresholds.maxDuplication)
              .arg(thresholds.maxVulnerabilityDensity);
  if (!table.unmappedPaths.empty()) {
    text += QStringLiteral(
                "%1 path(s) mapped to no service (--json lists them; --mapping FILE maps "
                "them)\n")
                .arg(table.unmappedPaths.size());
  }
  return text;
}

void writeCostDebtJson(QTextStream& out, const CostDebtMatrix& matrix) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"units");
  json.beginArray();
  for (const CostDebtUnit& unit : matrix.units) {
    json.beginObject();
    json.key(u"service");
    json.string(std::string_view(unit.service));
    json.key(u"path");
    json.string(std::string_view(unit.path));
    json.key(u"coverage");
    optionalNumber(json, unit.coverage);
    json.endObject();
  }
  json.endArray();
  json.key(u"entries");
  json.beginArray();
  for (const std::string& entry : matrix.entries)
    json.string(std::string_view(entry));
  json.endArray();
  json.key(u"cells");
  json.beginArray();
  for (const CostDebtCell& cell : matrix.cells) {
    json.beginObject();
    json.key(u"unit");
    json.integer(cell.unit);
    json.key(u"entry");
    json.integer(cell.entry);
    json.key(u"cost");
    json.number(cell.cost);
    json.key(u"debt");
    json.number(cell.debt);
    json.key(u"score");
    json.number(cell.score);
    json.key(u"percentile");
    json.number(cell.percentile);
    json.key(u"sparse");
    json.boolean(cell.sparse);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatCostDebtText(const CostDebtMatrix& matrix) {
  std::vector<const CostDebtCell*> cells;
  for (const CostDebtCell& cell : matrix.cells)
    cells.push_back(&cell);
  std::stable_sort(cells.begin(), cells.end(), [](const CostDebtCell* a, const CostDebtCell* b) {
    return a->score > b->score;
  });
  QList<QStringList> rows;
  for (const CostDebtCell* cell : cells) {
    const CostDebtUnit& unit = matrix.units[static_cast<std::size_t>(cell->unit)];
    rows.append({qs(unit.service) + QLatin1Char(' ') + qs(unit.path),
                 qs(matrix.entries[static_cast<std::size_t>(cell->entry)]), fixed(unit.coverage, 1),
                 QString::number(cell->cost, 'f', 4), QString::number(cell->debt, 'f', 2),
                 QString::number(cell->score, 'f', 4),
                 QString::number(std::lround(cell->percentile * 100)),
                 cell->sparse ? QStringLiteral("sparse") : QString()});
  }
  if (rows.isEmpty())
    return QStringLiteral(
        "no cost × debt cells: it needs spans naming their code (code.filepath) or CPU "
        "samples labelled with trace ids, in files a rule maps to a service\n");
  return formatTable({QStringLiteral("UNIT"), QStringLiteral("ENTRY POINT"),
                      QStringLiteral("COVERAGE%"), QStringLiteral("COST"), QStringLiteral("DEBT"),
                      QStringLiteral("SCORE"), QStringLiteral("PCTL"), QString()},
                     rows, {false, false, true, true, true, true, true, false});
}

void writeHotUntestedJson(QTextStream& out, const std::vector<HotUntestedFunction>& functions) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"functions");
  json.beginArray();
  for (const HotUntestedFunction& f : functions) {
    json.beginObject();
    json.key(u"service");
    json.string(std::string_view(f.service));
    json.key(u"file");
    json.string(std::string_view(f.file));
    json.key(u"function");
    json.string(std::string_view(f.function));
    json.key(u"cpu_share");
    json.number(f.cpuShare);
    json.key(u"critical_path_share");
    optionalNumber(json, f.criticalPathShare);
    json.key(u"coverage");
    optionalNumber(json, f.coverage);
    json.key(u"profile_id");
    if (f.profileId)
      json.integer(f.profileId);
    else
      json.null();
    json.key(u"rank");
    json.number(f.rank);
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatHotUntestedText(const std::vector<HotUntestedFunction>& functions) {
  if (functions.empty())
    return QStringLiteral(
        "no hot functions: it needs a CPU profile whose files a rule maps to a service\n");
  QList<QStringList> rows;
  int rank = 0;
  for (const HotUntestedFunction& f : functions) {
    rows.append({QString::number(++rank), qs(f.service), share(f.cpuShare), fixed(f.coverage, 1),
                 QString::number(f.rank, 'f', 3), qs(f.function), qs(f.file)});
  }
  return formatTable({QStringLiteral("#"), QStringLiteral("SERVICE"), QStringLiteral("CPU"),
                      QStringLiteral("COVERAGE%"), QStringLiteral("RANK"),
                      QStringLiteral("FUNCTION"), QStringLiteral("FILE")},
                     rows, {true, false, true, true, true, false, false});
}

void writeDebtCompareJson(QTextStream& out, const std::vector<DebtServiceChange>& changes) {
  JsonWriter json(out);
  json.beginObject();
  json.key(u"services");
  json.beginArray();
  for (const DebtServiceChange& change : changes) {
    json.beginObject();
    json.key(u"service");
    json.string(std::string_view(change.service));
    json.key(u"baseline");
    json.beginObject();
    writeFigures(json, change.baseline);
    json.endObject();
    json.key(u"target");
    json.beginObject();
    writeFigures(json, change.target);
    json.endObject();
    json.endObject();
  }
  json.endArray();
  json.endObject();
  out << '\n';
}

QString formatDebtCompareText(const std::vector<DebtServiceChange>& changes) {
  QList<QStringList> rows;
  auto both = [](const std::optional<double>& a, const std::optional<double>& b, int decimals) {
    QString text = fixed(a, decimals) + QStringLiteral(" → ") + fixed(b, decimals);
    if (a && b && *b != *a) {
      text += QStringLiteral(" (%1%2)")
                  .arg(*b > *a ? QStringLiteral("+") : QString())
                  .arg(*b - *a, 0, 'f', decimals);
    }
    return text;
  };
  for (const DebtServiceChange& c : changes) {
    rows.append({qs(c.service), both(c.baseline.coverage, c.target.coverage, 1),
                 both(c.baseline.duplication, c.target.duplication, 1),
                 both(c.baseline.vulnerabilityDensity, c.target.vulnerabilityDensity, 2),
                 both(c.baseline.codeSmells, c.target.codeSmells, 0),
                 both(c.baseline.churn, c.target.churn, 0)});
  }
  return formatTable(
      {QStringLiteral("SERVICE"), QStringLiteral("COVERAGE%"), QStringLiteral("DUP%"),
       QStringLiteral("VULN/KLOC"), QStringLiteral("SMELLS"), QStringLiteral("CHURN")},
      rows, {false, false, false, false, false, false});
}

}  // namespace sightline::cli
