#include "model/debt/service_path_proposals.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "model/common/ids.h"
#include "model/debt/debt_code_names.h"
#include "model/store/store_statement.h"
#include "model/traces/store_attributes.h"

namespace sightline {

namespace {

constexpr const char* kSpanLabelKeys = "'span_id','spanID','span.id','otel.span_id'";
constexpr const char* kTraceLabelKeys = "'trace_id','traceID','trace.id','otel.trace_id'";
// Label sets looked at per profile to learn whose spans it sampled.
constexpr std::size_t kLabelSetsPerProfile = 64;

struct ProposalInputs {
  std::map<std::string, std::string> services;   // comparable name → service
  std::set<std::pair<std::string, bool>> paths;  // (path, is a directory)
  std::set<std::string> projectKeys;
  std::map<std::string, std::set<std::string>> spanFiles;     // service → code.filepath
  std::map<std::string, std::set<std::string>> profileFiles;  // service → application file
};

std::vector<std::string> segmentsOf(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    if (slash == std::string::npos)
      break;
    start = slash + 1;
  }
  return segments;
}

// The path up to and including segment `last`, with a trailing '/'.
std::string prefixThrough(const std::vector<std::string>& segments, std::size_t last) {
  std::string prefix;
  for (std::size_t i = 0; i <= last; ++i)
    prefix += segments[i] + '/';
  return prefix;
}

Status readServices(sqlite3* db, ProposalInputs& in) {
  StoreStatement query(db,
                       "SELECT DISTINCT s.text FROM resources r JOIN strings s ON s.id = "
                       "r.service_name_id");
  while (query.step()) {
    const std::string service = query.columnText(0);
    const std::string comparable = comparableServiceName(service);
    if (!comparable.empty() && service.rfind("unknown_service", 0) != 0)
      in.services.try_emplace(comparable, service);
  }
  return query.ok() ? Status::ok() : Status::error("the services: " + lastSqliteError(db));
}

Status readDebtPaths(sqlite3* db, ProposalInputs& in) {
  StoreStatement query(db,
                       "SELECT DISTINCT path, kind FROM debt_measures UNION SELECT DISTINCT "
                       "path, 'file' FROM debt_issues UNION SELECT DISTINCT path, 'file' FROM "
                       "debt_changes");
  while (query.step()) {
    const std::string kind = query.columnText(1);
    if (kind == "project")
      in.projectKeys.insert(query.columnText(0));
    else if (!query.columnText(0).empty())
      in.paths.emplace(query.columnText(0), kind == "directory");
  }
  if (!query.ok())
    return Status::error("the debt paths: " + lastSqliteError(db));
  // CODEOWNERS patterns that are plain directories ("/services/payment/").
  StoreStatement owners(db, "SELECT DISTINCT pattern FROM code_owners");
  while (owners.step()) {
    std::string pattern = owners.columnText(0);
    if (pattern.find_first_of("*?[!\\") != std::string::npos)
      continue;
    while (!pattern.empty() && pattern.front() == '/')
      pattern.erase(0, 1);
    while (!pattern.empty() && pattern.back() == '/')
      pattern.pop_back();
    if (!pattern.empty())
      in.paths.emplace(pattern, true);
  }
  return owners.ok() ? Status::ok() : Status::error("CODEOWNERS: " + lastSqliteError(db));
}

Status readSpanFiles(sqlite3* db, ProposalInputs& in) {
  std::string keys;
  {
    StoreStatement query(db,
                         "SELECT id FROM strings WHERE text IN ('code.filepath', "
                         "'code.file.path')");
    while (query.step())
      keys += (keys.empty() ? "" : ",") + std::to_string(query.columnInt(0));
    if (!query.ok())
      return Status::error("the span attributes: " + lastSqliteError(db));
  }
  if (keys.empty())
    return Status::ok();
  StoreStatement query(db, "SELECT DISTINCT s.text, " + attributeValueSql("a") +
                               " FROM span_attributes a JOIN spans sp ON sp.id = a.span_id JOIN "
                               "strings s ON s.id = sp.service_id WHERE a.key_id IN (" +
                               keys + ") AND a.type = 1");
  while (query.step()) {
    const std::string file = query.columnText(1);
    if (!file.empty() && !isLibraryCodeFile(file))
      in.spanFiles[query.columnText(0)].insert(file);
  }
  return query.ok() ? Status::ok() : Status::error("the span attributes: " + lastSqliteError(db));
}

// The service of the spans a profile's labelled samples ran in, when there is one.
Status readProfileFiles(sqlite3* db, ProposalInputs& in) {
  std::map<std::int64_t, std::map<std::int64_t, std::pair<std::string, std::string>>> labels;
  {
    StoreStatement query(db, std::string("SELECT l.profile_id, l.label_set, k.text IN (") +
                                 kSpanLabelKeys +
                                 "), l.text FROM profile_labels l JOIN strings k ON k.id = "
                                 "l.key_id WHERE l.text IS NOT NULL AND k.text IN (" +
                                 kSpanLabelKeys + "," + kTraceLabelKeys + ")");
    while (query.step()) {
      auto& sets = labels[query.columnInt(0)];
      if (sets.size() >= kLabelSetsPerProfile && !sets.count(query.columnInt(1)))
        continue;
      auto& [trace, span] = sets[query.columnInt(1)];
      (query.columnInt(2) ? span : trace) = query.columnText(3);
    }
    if (!query.ok())
      return Status::error("the profile labels: " + lastSqliteError(db));
  }
  if (labels.empty())
    return Status::ok();
  StoreStatement byTrace(db,
                         "SELECT s.text FROM spans sp JOIN strings s ON s.id = sp.service_id "
                         "WHERE sp.trace_id = ? AND sp.span_id = ?");
  std::unordered_map<SpanId, std::string, SpanIdHash> bySpan;  // read only when needed
  bool bySpanRead = false;
  std::map<std::int64_t, std::set<std::string>> servicesOf;
  for (const auto& [profile, sets] : labels) {
    for (const auto& [set, ids] : sets) {
      const auto span = SpanId::fromHex(ids.second);
      if (!span)
        continue;
      if (const auto trace = TraceId::fromHex(ids.first)) {
        byTrace.bindBlob(1, trace->bytes.data(), TraceId::kSize);
        byTrace.bindBlob(2, span->bytes.data(), SpanId::kSize);
        if (byTrace.step())
          servicesOf[profile].insert(byTrace.columnText(0));
        byTrace.reset();
        continue;
      }
      if (!bySpanRead) {
        bySpanRead = true;
        StoreStatement all(db,
                           "SELECT sp.span_id, s.text FROM spans sp JOIN strings s ON s.id = "
                           "sp.service_id");
        while (all.step()) {
          if (const auto id = SpanId::fromBytes(all.columnBlob(0)))
            bySpan.emplace(*id, all.columnText(1));
        }
      }
      if (auto it = bySpan.find(*span); it != bySpan.end())
        servicesOf[profile].insert(it->second);
    }
  }
  StoreStatement functions(db,
                           "SELECT n.text, f.text FROM profile_functions p JOIN strings n ON "
                           "n.id = p.name_id JOIN strings f ON f.id = p.file_name_id WHERE "
                           "p.profile_id = ?");
  for (const auto& [profile, services] : servicesOf) {
    if (services.size() != 1)
      continue;
    functions.bindInt(1, profile);
    while (functions.step()) {
      const std::string file = functions.columnText(1);
      if (!isLibraryCodeFile(file))
        in.profileFiles[*services.begin()].insert(file);
    }
    functions.reset();
  }
  return Status::ok();
}

// Directories of each service's files → one prefix per service where they share a root that
// no other service's files use, else each directory (not below another one of it); a
// directory used by several services names none.
std::vector<std::pair<std::string, std::string>> directoriesOf(
    const std::map<std::string, std::set<std::string>>& filesOf) {
  std::map<std::string, std::set<std::string>> servicesOfDir;
  for (const auto& [service, files] : filesOf) {
    for (const std::string& file : files) {
      const std::string dir = directoryOf(file);
      if (!dir.empty() && dir != "/")
        servicesOfDir[dir].insert(service);
    }
  }
  std::map<std::string, std::vector<std::string>> dirsOf;
  for (const auto& [dir, services] : servicesOfDir) {
    if (services.size() == 1)
      dirsOf[*services.begin()].push_back(dir);
  }
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto& [owner, dirs] : dirsOf) {
    // A named copy: a lambda may not capture a structured binding before C++20 in clang 14.
    const std::string& service = owner;
    std::string common = dirs.front();
    for (const std::string& dir : dirs) {
      std::size_t n = 0;
      while (n < common.size() && n < dir.size() && common[n] == dir[n])
        ++n;
      common.resize(n);
    }
    common = directoryOf(common);  // back to a whole directory
    const bool shared =
        std::any_of(servicesOfDir.begin(), servicesOfDir.end(), [&](const auto& entry) {
          return entry.first.rfind(common, 0) == 0 &&
                 (entry.second.size() > 1 || *entry.second.begin() != service);
        });
    if (!common.empty() && common != "/" && !shared) {
      result.emplace_back(common, service);
      continue;
    }
    for (const std::string& dir : dirs) {
      const bool below = std::any_of(dirs.begin(), dirs.end(), [&](const std::string& other) {
        return other != dir && dir.rfind(other, 0) == 0;
      });
      if (!below)
        result.emplace_back(dir, service);
    }
  }
  return result;
}

constexpr const char* kServiceContainers[] = {"services", "apps", "cmd", "svc", "microservices"};

}  // namespace

std::vector<ServicePathRule> computeServicePathProposals(Workspace& workspace, Status* status) {
  sqlite3* db = workspace.db();
  ProposalInputs in;
  for (auto read : {readServices, readDebtPaths, readSpanFiles, readProfileFiles}) {
    if (Status s = read(db, in); !s) {
      if (status)
        *status = Status::error("workspace: cannot read " + s.message());
      return {};
    }
  }
  std::map<std::string, ServicePathRule> proposals;
  auto propose = [&](const std::string& prefix, const std::string& service, const char* origin) {
    proposals.try_emplace(prefix, ServicePathRule{prefix, service, origin});
  };
  for (const auto& [dir, service] : directoriesOf(in.spanFiles))
    propose(dir, service, "span-attribute");
  for (const auto& [dir, service] : directoriesOf(in.profileFiles))
    propose(dir, service, "profile-file");
  // Every path seen anywhere, for the names of its directories.
  std::set<std::pair<std::string, bool>> paths = in.paths;
  for (const auto* files : {&in.spanFiles, &in.profileFiles}) {
    for (const auto& [service, set] : *files) {
      for (const std::string& file : set)
        paths.emplace(file, false);
    }
  }
  for (const auto& [path, isDirectory] : paths) {
    if (isLibraryCodeFile(path) && !isDirectory)
      continue;
    const std::vector<std::string> segments = segmentsOf(path);
    const std::size_t dirs = isDirectory ? segments.size() : segments.size() - 1;
    bool named = false;
    for (std::size_t i = 0; i < dirs && !named; ++i) {
      if (segments[i].empty())
        continue;
      auto it = in.services.find(comparableServiceName(segments[i]));
      if (it == in.services.end())
        continue;
      const bool goImportPath =
          path.front() != '/' && segments.size() > 1 && segments[0].find('.') != std::string::npos;
      propose(prefixThrough(segments, i), it->second,
              goImportPath ? "go-module" : "directory-name");
      named = true;
    }
    for (std::size_t i = 1; i < dirs && !named; ++i) {
      const bool container =
          std::any_of(std::begin(kServiceContainers), std::end(kServiceContainers),
                      [&](const char* name) { return segments[i - 1] == name; });
      if (container && !segments[i].empty()) {
        propose(prefixThrough(segments, i), segments[i], "directory-layout");
        named = true;
      }
    }
  }
  // SonarQube project keys ("shop:payment") name a service known from the runtime data or
  // from the directory layout.
  std::map<std::string, std::string> services = in.services;
  for (const auto& [prefix, rule] : proposals)
    services.try_emplace(comparableServiceName(rule.service), rule.service);
  for (const std::string& key : in.projectKeys) {
    const std::size_t cut = key.find_last_of(":/");
    const std::string last = cut == std::string::npos ? key : key.substr(cut + 1);
    if (auto it = services.find(comparableServiceName(last)); it != services.end())
      propose(key, it->second, "sonarqube-key");
  }
  std::vector<ServicePathRule> result;
  for (auto& [prefix, rule] : proposals)
    result.push_back(std::move(rule));
  return result;
}

std::vector<ServicePathRule> effectiveServicePathRules(Workspace& workspace, Status* status) {
  std::vector<ServicePathRule> rules;
  if (Status s = loadServicePathRules(workspace, &rules); !s) {
    if (status)
      *status = s;
    return {};
  }
  std::set<std::string> stored;
  for (const ServicePathRule& rule : rules)
    stored.insert(rule.prefix);
  for (ServicePathRule& proposal : computeServicePathProposals(workspace, status)) {
    if (!stored.count(proposal.prefix))
      rules.push_back(std::move(proposal));
  }
  std::sort(rules.begin(), rules.end(),
            [](const ServicePathRule& a, const ServicePathRule& b) { return a.prefix < b.prefix; });
  return rules;
}

bool workspaceHasDebtData(Workspace& workspace) {
  StoreStatement query(workspace.db(),
                       "SELECT EXISTS(SELECT 1 FROM debt_measures) OR EXISTS(SELECT 1 FROM "
                       "debt_issues) OR EXISTS(SELECT 1 FROM debt_changes) OR EXISTS(SELECT 1 "
                       "FROM code_owners)");
  return query.step() && query.columnInt(0) != 0;
}

Status proposeServicePathRules(Workspace& workspace) {
  Status status;
  const std::vector<ServicePathRule> proposals = computeServicePathProposals(workspace, &status);
  if (!status)
    return status;
  sqlite3* db = workspace.db();
  if (Status s = execSql(db, "BEGIN IMMEDIATE"); !s)
    return s;
  auto fail = [db]() {
    const std::string message =
        "workspace: cannot store the proposed code → service rules: " + lastSqliteError(db);
    execSql(db, "ROLLBACK");
    return Status::error(message);
  };
  // Proposals are derived from the data and replaced as a whole; the user's rules stay.
  if (!execSql(db, "DELETE FROM service_paths WHERE origin <> 'user'"))
    return fail();
  StoreStatement insert(
      db, "INSERT OR IGNORE INTO service_paths(prefix, service, origin) VALUES(?, ?, ?)");
  for (const ServicePathRule& rule : proposals) {
    insert.bindText(1, rule.prefix);
    insert.bindText(2, rule.service);
    insert.bindText(3, rule.origin);
    insert.execute();
    if (!insert.ok())
      return fail();
  }
  if (Status s = execSql(db, "COMMIT"); !s) {
    execSql(db, "ROLLBACK");
    return s;
  }
  return Status::ok();
}

}  // namespace sightline
