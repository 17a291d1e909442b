#include "model/debt/debt_unit_figures.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "model/debt/code_owners_match.h"
#include "model/debt/debt_code_names.h"

namespace sightline {

namespace {

// The metrics the figures read; every other key is kept in the workspace but not summed.
enum Metric {
  kStatements,
  kCoveredStatements,
  kLines,
  kDuplicatedLines,
  kNcloc,
  kCoverage,
  kDuplicationDensity,
  kVulnerabilities,
  kCodeSmells,
  kSqaleIndex,
  kLinesToCover,
  kUncoveredLines,
  kMetricCount,
};

constexpr std::array<const char*, kMetricCount> kMetricKeys = {
    "statements",
    "covered_statements",
    "lines",
    "duplicated_lines",
    "ncloc",
    "coverage",
    "duplicated_lines_density",
    "vulnerabilities",
    "code_smells",
    "sqale_index",
    "lines_to_cover",
    "uncovered_lines",
};

int metricOf(const std::string& key) {
  for (std::size_t i = 0; i < kMetricKeys.size(); ++i) {
    if (key == kMetricKeys[i])
      return static_cast<int>(i);
  }
  return -1;
}

struct Sums {
  std::array<double, kMetricCount> value{};
  std::array<bool, kMetricCount> has{};

  void add(int metric, double v) {
    value[static_cast<std::size_t>(metric)] += v;
    has[static_cast<std::size_t>(metric)] = true;
  }
  void set(int metric, double v) {
    value[static_cast<std::size_t>(metric)] = v;
    has[static_cast<std::size_t>(metric)] = true;
  }
  void addAll(const Sums& other) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (other.has[i])
        add(static_cast<int>(i), other.value[i]);
    }
  }
  std::optional<double> get(int metric) const {
    if (!has[static_cast<std::size_t>(metric)])
      return std::nullopt;
    return value[static_cast<std::size_t>(metric)];
  }
};

// What the inputs say about one unit, before it becomes figures.
struct Accumulator {
  Sums tool;         // additive counts of per-file reports (coverage, jscpd, cloc), summed up
  Sums sonarFiles;   // SonarQube file measures, summed up
  Sums sonarDirect;  // SonarQube's own measure of this very unit (a project, directory, file)
  std::uint64_t vulnerabilities = 0;  // SARIF results
  std::uint64_t otherIssues = 0;
  std::set<std::string> commits;  // in the churn window
  bool history = false;           // some commit touched the unit
};

std::string extensionOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    return {};
  return path.substr(dot);
}

double percent(double part, double whole) {
  return 100.0 * part / whole;
}

}  // namespace

class DebtUnitTreeBuilder {
 public:
  explicit DebtUnitTreeBuilder(const ServicePathMatcher& rules) : m_rules(rules) {}

  int service(const std::string& name) {
    if (auto it = m_tree.services.find(name); it != m_tree.services.end())
      return it->second;
    const int index = add(name, {}, DebtUnitKind::Project, -1);
    m_tree.services.emplace(name, index);
    return index;
  }

  // The unit of an input path, created with its directories; -1 when no rule maps the path
  // (or, without `create`, when the unit does not exist yet). Paths repeat (a file has a
  // row per metric and tool): each is matched once.
  int unitOf(const std::string& path, DebtUnitKind kind, bool create = true) {
    std::unordered_map<std::string, int>& known =
        kind == DebtUnitKind::File || kind == DebtUnitKind::Function ? m_fileUnits : m_otherUnits;
    if (auto it = known.find(path); it != known.end())
      return it->second;
    const int node = locate(path, kind, create);
    if (node >= 0 || create)
      known.emplace(path, node);
    return node;
  }

 private:
  int locate(const std::string& path, DebtUnitKind kind, bool create) {
    const std::optional<ServicePathMatch> match = m_rules.match(path);
    if (!match) {
      if (!path.empty())  // "" is a report's total (cover -func's "total:" line)
        m_unmapped.insert(path);
      return -1;
    }
    m_extensions[match->service].insert(extensionOf(path));
    std::string relative = match->relative;
    if (relative.empty() && kind == DebtUnitKind::File) {
      // A rule for exactly this file: the unit is the file, named by its base name.
      relative = path.substr(path.rfind('/') + 1);
      if (relative == path && path.find(':') != std::string::npos)
        relative = path.substr(path.rfind(':') + 1);
    }
    // The input path up to where the relative part starts (for CODEOWNERS).
    const std::string base =
        path.size() >= relative.size() &&
                path.compare(path.size() - relative.size(), relative.size(), relative) == 0
            ? path.substr(0, path.size() - relative.size())
            : std::string();
    int node = service(match->service);
    remember(node, base);
    if (relative.empty())
      return node;
    std::size_t start = 0;
    while (true) {
      const std::size_t slash = relative.find('/', start);
      const bool last = slash == std::string::npos;
      const std::string sub = relative.substr(0, last ? relative.size() : slash);
      const DebtUnitKind subKind =
          last && kind != DebtUnitKind::Directory ? DebtUnitKind::File : DebtUnitKind::Directory;
      auto it = m_tree.m_index.find({match->service, sub});
      if (it != m_tree.m_index.end()) {
        node = it->second;
      } else if (!create) {
        return -1;
      } else {
        node = add(match->service, sub, subKind, node);
      }
      remember(node, base + sub + (subKind == DebtUnitKind::Directory ? "/" : ""));
      if (last)
        return node;
      start = slash + 1;
    }
  }

 public:
  Accumulator& at(int node) { return m_accumulators[static_cast<std::size_t>(node)]; }
  const std::set<std::string>& extensionsOf(const std::string& service) {
    return m_extensions[service];
  }
  DebtUnitTree& tree() { return m_tree; }
  std::vector<Accumulator>& accumulators() { return m_accumulators; }
  std::set<std::string>& unmapped() { return m_unmapped; }

 private:
  int add(const std::string& service, const std::string& path, DebtUnitKind kind, int parent) {
    const int index = static_cast<int>(m_tree.nodes.size());
    DebtUnitNode node;
    node.service = service;
    node.path = path;
    node.kind = kind;
    node.parent = parent;
    m_tree.nodes.push_back(std::move(node));
    m_accumulators.emplace_back();
    m_tree.m_index.emplace(std::make_pair(service, path), index);
    if (parent >= 0)
      m_tree.nodes[static_cast<std::size_t>(parent)].children.push_back(index);
    return index;
  }

  void remember(int node, const std::string& original) {
    std::vector<std::string>& originals =
        m_tree.nodes[static_cast<std::size_t>(node)].originalPaths;
    if (!original.empty() && originals.size() < 4 &&
        std::find(originals.begin(), originals.end(), original) == originals.end())
      originals.push_back(original);
  }

  const ServicePathMatcher& m_rules;
  DebtUnitTree m_tree;
  std::vector<Accumulator> m_accumulators;
  std::set<std::string> m_unmapped;
  std::map<std::string, std::set<std::string>> m_extensions;  // service → file extensions
  std::unordered_map<std::string, int> m_fileUnits;           // input path → unit (-1: unmapped)
  std::unordered_map<std::string, int> m_otherUnits;          // directories and projects
};

int DebtUnitTree::find(const std::string& service, const std::string& path) const {
  auto it = m_index.find({service, path});
  return it == m_index.end() ? -1 : it->second;
}

std::vector<int> DebtUnitTree::subtree(int node) const {
  std::vector<int> out;
  std::vector<int> stack{node};
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    out.push_back(n);
    const std::vector<int>& children = nodes[static_cast<std::size_t>(n)].children;
    for (auto it = children.rbegin(); it != children.rend(); ++it)
      stack.push_back(*it);
  }
  return out;
}

namespace {

// Which services a SARIF analysis covers: a tool covers the services where it reported
// something and those with files of the kinds it reported on (staticcheck's .go files), so
// that a service it found nothing in counts 0 rather than "not analysed". A run without any
// result covers every service (its tool is unknown).
struct SarifCoverage {
  std::map<std::string, std::set<std::string>> extensionsOfTool;
  std::set<std::string> securityTools;  // tools that reported at least one vulnerability
  std::map<std::string, std::set<std::string>> toolsOfService;
  bool cleanRun = false;

  bool covers(const std::string& service, const std::set<std::string>& extensions,
              bool security) const {
    if (cleanRun && !security)
      return true;
    for (const auto& [tool, toolExtensions] : extensionsOfTool) {
      if (security && !securityTools.count(tool))
        continue;
      if (auto it = toolsOfService.find(service);
          it != toolsOfService.end() && it->second.count(tool))
        return true;
      for (const std::string& extension : extensions) {
        if (!extension.empty() && toolExtensions.count(extension))
          return true;
      }
    }
    return false;
  }
};

DebtFigures figuresOf(const Accumulator& a, bool history, bool sarifVulnerabilities,
                      bool sarifSmells) {
  DebtFigures f;
  if (const auto statements = a.tool.get(kStatements); statements && *statements > 0)
    f.coverage = percent(a.tool.get(kCoveredStatements).value_or(0), *statements);
  else if (const auto sonar = a.sonarDirect.get(kCoverage))
    f.coverage = *sonar;
  else if (const auto toCover = a.sonarFiles.get(kLinesToCover); toCover && *toCover > 0)
    f.coverage = percent(*toCover - a.sonarFiles.get(kUncoveredLines).value_or(0), *toCover);

  const auto lines = a.tool.get(kLines);
  const auto duplicated = a.tool.get(kDuplicatedLines);
  if (lines && duplicated && *lines > 0)
    f.duplication = percent(*duplicated, *lines);
  else if (const auto sonar = a.sonarDirect.get(kDuplicationDensity))
    f.duplication = *sonar;
  else if (const auto sonarLines = a.sonarFiles.get(kLines);
           sonarLines && *sonarLines > 0 && a.sonarFiles.get(kDuplicatedLines))
    f.duplication = percent(*a.sonarFiles.get(kDuplicatedLines), *sonarLines);

  auto sonar = [&a](int metric) {
    const auto direct = a.sonarDirect.get(metric);
    return direct ? direct : a.sonarFiles.get(metric);
  };
  f.ncloc = sonar(kNcloc);
  if (!f.ncloc)
    f.ncloc = a.tool.get(kNcloc);

  // The more direct source: SARIF's own results where a security analyser covered the code,
  // else SonarQube's count; never both added.
  if (sarifVulnerabilities)
    f.vulnerabilities = static_cast<double>(a.vulnerabilities);
  else
    f.vulnerabilities = sonar(kVulnerabilities);
  if (f.vulnerabilities && f.ncloc && *f.ncloc > 0)
    f.vulnerabilityDensity = *f.vulnerabilities / (*f.ncloc / 1000.0);

  f.codeSmells = sonar(kCodeSmells);
  if (!f.codeSmells && sarifSmells)
    f.codeSmells = static_cast<double>(a.otherIssues);
  f.debtMinutes = sonar(kSqaleIndex);
  if (history)
    f.churn = static_cast<double>(a.commits.size());
  return f;
}

void sortChildren(DebtUnitTree& tree) {
  for (DebtUnitNode& node : tree.nodes) {
    std::sort(node.children.begin(), node.children.end(), [&tree](int a, int b) {
      const DebtUnitNode& x = tree.nodes[static_cast<std::size_t>(a)];
      const DebtUnitNode& y = tree.nodes[static_cast<std::size_t>(b)];
      const bool xDir = x.kind == DebtUnitKind::Directory;
      const bool yDir = y.kind == DebtUnitKind::Directory;
      if (xDir != yDir)
        return xDir;
      return x.path < y.path;
    });
  }
}

}  // namespace

DebtUnitTree buildDebtUnitTree(const DebtInputs& inputs, const ServicePathMatcher& rules,
                               const std::set<std::string>& services,
                               const std::set<std::string>& runtimeFiles,
                               std::int64_t churnWindowDays) {
  DebtUnitTreeBuilder builder(rules);
  for (const std::string& service : services)
    builder.service(service);
  for (const std::string& file : runtimeFiles) {
    if (rules.match(file))
      builder.unitOf(file, DebtUnitKind::File);
  }

  for (const DebtMeasureInput& m : inputs.measures) {
    const int metric = metricOf(m.metric);
    const int node = builder.unitOf(m.path, m.kind);
    if (node < 0 || metric < 0 || m.kind == DebtUnitKind::Function)
      continue;
    Accumulator& a = builder.at(node);
    if (m.sonarQube) {
      a.sonarDirect.set(metric, m.value);
      if (m.kind == DebtUnitKind::File)
        a.sonarFiles.add(metric, m.value);
    } else if (m.kind == DebtUnitKind::File) {
      // Lines of code as SonarQube counts them: cloc's count of tests and data files is not.
      if (metric == kNcloc && isTestOrDataFile(m.path))
        continue;
      a.tool.add(metric, m.value);
    }
  }

  SarifCoverage sarif;
  for (const DebtSourceInfo& source : inputs.sources) {
    if (source.kind == "sarif" && source.tools.empty())
      sarif.cleanRun = true;
  }
  for (const DebtIssueInput& issue : inputs.issues) {
    sarif.extensionsOfTool[issue.row.tool].insert(extensionOf(issue.row.path));
    if (issue.vulnerability)
      sarif.securityTools.insert(issue.row.tool);
    const int node = builder.unitOf(issue.row.path, DebtUnitKind::File);
    if (node < 0)
      continue;
    sarif.toolsOfService[builder.tree().nodes[static_cast<std::size_t>(node)].service].insert(
        issue.row.tool);
    Accumulator& a = builder.at(node);
    if (issue.vulnerability)
      ++a.vulnerabilities;
    else
      ++a.otherIssues;
  }

  std::int64_t newest = 0;
  for (const DebtChangeInput& change : inputs.changes)
    newest = std::max(newest, change.timeNs);
  const std::int64_t windowStart = newest - churnWindowDays * 86400LL * 1000000000LL;
  for (const DebtChangeInput& change : inputs.changes) {
    const bool inWindow = change.timeNs >= windowStart;
    // Files changed only before the window get no unit of their own: they may be long gone.
    const int node = builder.unitOf(change.path, DebtUnitKind::File, inWindow);
    if (node < 0) {
      if (const auto match = rules.match(change.path))
        builder.at(builder.service(match->service)).history = true;
      continue;
    }
    Accumulator& a = builder.at(node);
    a.history = true;
    if (inWindow)
      a.commits.insert(change.commit);
  }
  const std::set<std::string>& unmapped = builder.unmapped();

  DebtUnitTree& tree = builder.tree();
  std::vector<Accumulator>& acc = builder.accumulators();
  // Children always come after their parent: sum up from the last node.
  for (std::size_t i = tree.nodes.size(); i-- > 0;) {
    const int parent = tree.nodes[i].parent;
    if (parent < 0)
      continue;
    Accumulator& up = acc[static_cast<std::size_t>(parent)];
    up.tool.addAll(acc[i].tool);
    up.sonarFiles.addAll(acc[i].sonarFiles);
    up.vulnerabilities += acc[i].vulnerabilities;
    up.otherIssues += acc[i].otherIssues;
    up.commits.insert(acc[i].commits.begin(), acc[i].commits.end());
    up.history = up.history || acc[i].history;
  }

  const CodeOwnersMatcher owners(inputs.owners);
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    DebtUnitNode& node = tree.nodes[i];
    const std::set<std::string>& extensions = builder.extensionsOf(node.service);
    const bool sarifRead = inputs.sarifRead;
    node.figures = figuresOf(acc[i], inputs.historyRead && acc[i].history,
                             sarifRead && sarif.covers(node.service, extensions, true),
                             sarifRead && sarif.covers(node.service, extensions, false));
    if (owners.empty())
      continue;
    for (const std::string& original : node.originalPaths) {
      bool specific = false;
      std::vector<std::string> found = owners.ownersOf(original, &specific);
      if (node.owners.empty() || specific)
        node.owners = std::move(found);
      if (specific)
        break;
    }
  }
  sortChildren(tree);
  tree.unmappedPaths.assign(unmapped.begin(), unmapped.end());
  return tree;
}

}  // namespace sightline
