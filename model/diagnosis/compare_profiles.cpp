#include "model/diagnosis/compare_profiles.h"

#include "model/store/store_statement.h"
#include "model/store/workspace.h"

namespace sightline {

namespace {

Status readProfiles(const Workspace& workspace, const std::string& where,
                    const std::vector<std::int64_t>& values,
                    std::vector<CompareProfile>* profiles) {
  StoreStatement query(workspace.db(),
                       "SELECT p.id, p.source_id, s.path, p.time_ns, (SELECT group_concat(type "
                       "|| '/' || unit, ',') FROM (SELECT type, unit FROM profile_sample_types t "
                       "WHERE t.profile_id = p.id ORDER BY t.type_index)) FROM profiles p JOIN "
                       "sources s ON s.id = p.source_id WHERE " +
                           where + " ORDER BY p.id");
  if (!query.valid())
    return Status::error("cannot read profiles: " + lastSqliteError(workspace.db()));
  for (std::size_t i = 0; i < values.size(); ++i)
    query.bindInt(static_cast<int>(i + 1), values[i]);
  while (query.step()) {
    CompareProfile profile;
    profile.id = query.columnInt(0);
    profile.sourceId = query.columnInt(1);
    profile.sourcePath = query.columnText(2);
    profile.timeNs = static_cast<std::uint64_t>(query.columnInt(3));
    profile.sampleTypes = query.columnText(4);
    profiles->push_back(std::move(profile));
  }
  if (!query.ok())
    return Status::error("cannot read profiles: " + lastSqliteError(workspace.db()));
  return Status::ok();
}

std::int64_t clamped(std::uint64_t ns) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(ns, INT64_MAX));
}

}  // namespace

Status listSideProfiles(const Workspace& workspace, const ResolvedCompareSide& side,
                        std::uint64_t firstStartNs, std::uint64_t lastEndNs,
                        std::vector<CompareProfile>* profiles) {
  profiles->clear();
  if (!side.isSource) {
    return readProfiles(workspace, "p.time_ns >= ?1 AND p.time_ns < ?2",
                        {clamped(side.fromNs), clamped(side.toNs)}, profiles);
  }
  if (Status s = readProfiles(workspace, "p.source_id = ?1", {side.sourceId}, profiles); !s)
    return s;
  if (!profiles->empty() || lastEndNs == 0)
    return Status::ok();
  // Overlap, not containment: a CPU profile starts before the first request it samples.
  return readProfiles(workspace, "p.time_ns <= ?2 AND p.time_ns + p.duration_ns >= ?1",
                      {clamped(firstStartNs), clamped(lastEndNs)}, profiles);
}

void pickDiffPair(CompareProfiles& profiles) {
  profiles.diffBaselineId.reset();
  profiles.diffTargetId.reset();
  for (const CompareProfile& target : profiles.target) {
    for (auto it = profiles.baseline.rbegin(); it != profiles.baseline.rend(); ++it) {
      if (it->id != target.id && it->sampleTypes == target.sampleTypes) {
        profiles.diffBaselineId = it->id;
        profiles.diffTargetId = target.id;
        return;
      }
    }
  }
}

}  // namespace sightline
