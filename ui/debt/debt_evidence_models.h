#pragma once

#include <vector>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"
#include "ui/debt/debt_finding_refs.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The evidence panel's tables: the unit's files with their code figures (coloured as the
// heatmap, StatusRole), the static-analysis results, and the findings with an "Open" column.

class DebtFilesModel : public VectorTableModel<DebtRow> {
  Q_OBJECT
 public:
  enum Role { SortRole = Qt::UserRole + 1, StatusRole };
  static constexpr int kPathColumn = 0;
  // The code columns shown after the path.
  static const std::vector<DebtColumn>& figureColumns();

  explicit DebtFilesModel(QObject* parent = nullptr);
  void setFiles(std::vector<DebtRow> files) { replaceRows(std::move(files)); }
  void setThresholds(const DebtThresholds& thresholds);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  DebtThresholds m_thresholds;
};

class DebtIssuesModel : public VectorTableModel<DebtIssueRow> {
  Q_OBJECT
 public:
  enum Column { ToolColumn, RuleColumn, LevelColumn, LocationColumn, MessageColumn, ColumnCount };
  enum Role { SortRole = Qt::UserRole + 1 };

  explicit DebtIssuesModel(QObject* parent = nullptr);
  void setIssues(std::vector<DebtIssueRow> issues) { replaceRows(std::move(issues)); }
  const std::vector<DebtIssueRow>& issues() const { return rows(); }

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

class DebtFindingsModel : public VectorTableModel<DebtFindingRef> {
  Q_OBJECT
 public:
  enum Column { SeverityColumn, RuleColumn, TitleColumn, OpenColumn, ColumnCount };

  explicit DebtFindingsModel(QObject* parent = nullptr);
  void setFindings(std::vector<DebtFindingRef> findings) { replaceRows(std::move(findings)); }
  const std::vector<DebtFindingRef>& findings() const { return rows(); }

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline
