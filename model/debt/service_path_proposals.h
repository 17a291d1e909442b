#pragma once

#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_table.h"
#include "model/store/workspace.h"

namespace sightline {

// The rules Sightline proposes for a workspace (docs/DEBT.md "Code to services"), most
// trusted origin first; a prefix is proposed once. Origins:
//  - span-attribute: the directory of a service's spans' `code.filepath`/`code.file.path`;
//  - profile-file: the directory of the application's files in a profile whose labelled
//    spans all belong to one service;
//  - sonarqube-key: a SonarQube project key whose last ':' or '/' part names a service;
//  - go-module: a Go import path ("shop.local/services/payment/x.go") with a part naming a
//    service, up to that part;
//  - directory-name: any other path with a directory naming a service, up to it;
//  - directory-layout: with no service of that name known, the directory under a
//    "services/", "apps/", "cmd/" or "svc/" directory names one.
// A directory used by several services is not proposed; names compare as
// comparableServiceName() says.
std::vector<ServicePathRule> computeServicePathProposals(Workspace& workspace, Status* status);

// The stored rules with the proposals of the data as it is now for prefixes no stored rule
// has: what the heatmap maps with (a read-only workspace may never have stored proposals).
std::vector<ServicePathRule> effectiveServicePathRules(Workspace& workspace, Status* status);

// Whether the workspace holds any code-quality input (the import refreshes the proposals
// then).
bool workspaceHasDebtData(Workspace& workspace);

}  // namespace sightline
