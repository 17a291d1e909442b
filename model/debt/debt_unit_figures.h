#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/debt/debt_inputs.h"
#include "model/debt/debt_table.h"
#include "model/debt/service_path_rules.h"

namespace sightline {

// The code units of a workspace as a tree: each service, its directories (from the path
// components of its files, relative to the service's prefix) and files, with the code
// figures of docs/DEBT.md summed up from the files. Runtime figures are added by the caller.
struct DebtUnitNode {
  std::string service;
  std::string path;  // "" for the service; relative directory or file below it
  DebtUnitKind kind = DebtUnitKind::Project;
  int parent = -1;
  std::vector<int> children;  // directories first, then files, each sorted by name
  DebtFigures figures;
  std::vector<std::string> owners;
  std::vector<std::string> originalPaths;  // a few paths of the inputs that became this unit
};

struct DebtUnitTree {
  std::vector<DebtUnitNode> nodes;
  std::map<std::string, int> services;  // service → node
  std::vector<std::string> unmappedPaths;

  // The node of (service, relative path), -1 when there is none.
  int find(const std::string& service, const std::string& path) const;
  // The node and all below it, depth-first (the node first).
  std::vector<int> subtree(int node) const;

 private:
  friend class DebtUnitTreeBuilder;
  std::map<std::pair<std::string, std::string>, int> m_index;
};

// Builds the tree from the inputs. `services` are services to list even without code
// inputs (those of the spans and profiles), `runtimeFiles` files to list even without code
// figures (the application's files of the profiles and spans). Churn counts commits no
// older than `churnWindowDays` before the newest commit of the history.
DebtUnitTree buildDebtUnitTree(const DebtInputs& inputs, const ServicePathMatcher& rules,
                               const std::set<std::string>& services,
                               const std::set<std::string>& runtimeFiles,
                               std::int64_t churnWindowDays);

}  // namespace sightline
