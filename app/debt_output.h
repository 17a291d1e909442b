#pragma once

#include <QString>
#include <QTextStream>
#include <vector>

#include "model/debt/debt_table.h"

namespace sightline::cli {

// The forms of `sightline debt` (docs/CLI.md): JSON written straight to the stream (one line
// and a newline) and text tables.

// {"services": [{"service", "coverage", …, "score"}], "unmapped": […], "rules": […],
// "sources": […]}; with `files`, each service also has "units" (its directories and files).
void writeDebtTableJson(QTextStream& out, const DebtTable& table, bool files);
QString formatDebtTableText(const DebtTable& table, const DebtThresholds& thresholds, bool files);

// {"units": […], "entries": […], "cells": […]}
void writeCostDebtJson(QTextStream& out, const CostDebtMatrix& matrix);
QString formatCostDebtText(const CostDebtMatrix& matrix);

// {"functions": [{"service", "file", "function", "cpu_share", …}]}
void writeHotUntestedJson(QTextStream& out, const std::vector<HotUntestedFunction>& functions);
QString formatHotUntestedText(const std::vector<HotUntestedFunction>& functions);

// {"services": [{"service", "baseline": {figures}, "target": {figures}}]}
void writeDebtCompareJson(QTextStream& out, const std::vector<DebtServiceChange>& changes);
QString formatDebtCompareText(const std::vector<DebtServiceChange>& changes);

}  // namespace sightline::cli
