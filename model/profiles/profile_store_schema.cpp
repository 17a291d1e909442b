#include "model/profiles/profile_store_schema.h"

namespace sightline {

std::vector<std::string> profileTableStatements() {
  // Every per-profile table is WITHOUT ROWID and clustered by (profile_id, index): a profile
  // is written in index order, so inserts append to the B-tree, and it is read back with one
  // range scan per table. Indices are the 0-based positions of model/profile_data.h.
  return {
      "CREATE TABLE profiles(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES "
      "sources(id), period_type TEXT, period_unit TEXT, period INTEGER NOT NULL, time_ns "
      "INTEGER NOT NULL, duration_ns INTEGER NOT NULL, default_sample_type INTEGER NOT NULL, "
      "drop_frames TEXT, keep_frames TEXT, comments TEXT NOT NULL, sample_count INTEGER NOT "
      "NULL, stack_count INTEGER NOT NULL, label_set_count INTEGER NOT NULL)",
      "CREATE TABLE profile_sample_types(profile_id INTEGER NOT NULL REFERENCES profiles(id), "
      "type_index INTEGER NOT NULL, type TEXT NOT NULL, unit TEXT NOT NULL, total INTEGER NOT "
      "NULL, PRIMARY KEY(profile_id, type_index)) WITHOUT ROWID",
      "CREATE TABLE profile_mappings(profile_id INTEGER NOT NULL REFERENCES profiles(id), "
      "mapping INTEGER NOT NULL, memory_start INTEGER NOT NULL, memory_limit INTEGER NOT NULL, "
      "file_offset INTEGER NOT NULL, file_name TEXT, build_id TEXT, flags INTEGER NOT NULL, "
      "PRIMARY KEY(profile_id, mapping)) WITHOUT ROWID",
      "CREATE TABLE profile_functions(profile_id INTEGER NOT NULL REFERENCES profiles(id), "
      "function INTEGER NOT NULL, name_id INTEGER NOT NULL, system_name_id INTEGER NOT NULL, "
      "file_name_id INTEGER NOT NULL, start_line INTEGER NOT NULL, PRIMARY KEY(profile_id, "
      "function)) WITHOUT ROWID",
      "CREATE TABLE profile_frames(profile_id INTEGER NOT NULL REFERENCES profiles(id), frame "
      "INTEGER NOT NULL, function INTEGER NOT NULL, line INTEGER NOT NULL, address INTEGER NOT "
      "NULL, mapping INTEGER, inlined INTEGER NOT NULL, PRIMARY KEY(profile_id, frame)) "
      "WITHOUT ROWID",
      // The trie without its root: node 0 is implicit, nodes 1.. are stored.
      "CREATE TABLE profile_stacks(profile_id INTEGER NOT NULL REFERENCES profiles(id), node "
      "INTEGER NOT NULL, parent_node INTEGER NOT NULL, frame INTEGER NOT NULL, PRIMARY "
      "KEY(profile_id, node)) WITHOUT ROWID",
      "CREATE TABLE profile_samples(profile_id INTEGER NOT NULL REFERENCES profiles(id), sample "
      "INTEGER NOT NULL, node INTEGER NOT NULL, label_set INTEGER NOT NULL, PRIMARY "
      "KEY(profile_id, sample)) WITHOUT ROWID",
      // One row per sample and sample type, zero values left out.
      "CREATE TABLE profile_values(profile_id INTEGER NOT NULL REFERENCES profiles(id), sample "
      "INTEGER NOT NULL, type_index INTEGER NOT NULL, value INTEGER NOT NULL, PRIMARY "
      "KEY(profile_id, sample, type_index)) WITHOUT ROWID",
      // String labels have `text` and no `number`; numeric labels the other way round.
      "CREATE TABLE profile_labels(profile_id INTEGER NOT NULL REFERENCES profiles(id), "
      "label_set INTEGER NOT NULL, seq INTEGER NOT NULL, key_id INTEGER NOT NULL, text TEXT, "
      "number INTEGER, unit_id INTEGER, PRIMARY KEY(profile_id, label_set, seq)) WITHOUT ROWID",
  };
}

std::vector<std::string> profileIndexAndViewStatements() {
  return {
      // "Which samples belong to span X": the label text is the selective part; key_id and
      // the primary key (profile_id, label_set) come with the index, so it covers the lookup.
      "CREATE INDEX profile_labels_text ON profile_labels(text, key_id) WHERE text IS NOT NULL",
      // Only labelled samples are indexed: most samples of most profiles have no labels.
      "CREATE INDEX profile_samples_label_set ON profile_samples(profile_id, label_set) WHERE "
      "label_set <> 0",
      "CREATE VIEW profile_functions_view AS SELECT f.profile_id, f.function, n.text AS name, "
      "s.text AS system_name, p.text AS file_name, f.start_line FROM profile_functions f JOIN "
      "strings n ON n.id = f.name_id JOIN strings s ON s.id = f.system_name_id JOIN strings p "
      "ON p.id = f.file_name_id",
      "CREATE VIEW profile_frames_view AS SELECT r.profile_id, r.frame, r.function, n.text AS "
      "name, p.text AS file_name, r.line, r.address, r.mapping, r.inlined FROM profile_frames "
      "r JOIN profile_functions f ON f.profile_id = r.profile_id AND f.function = r.function "
      "JOIN strings n ON n.id = f.name_id JOIN strings p ON p.id = f.file_name_id",
      "CREATE VIEW profile_labels_view AS SELECT l.profile_id, l.label_set, l.seq, k.text AS "
      "key, l.text, l.number, u.text AS unit FROM profile_labels l JOIN strings k ON k.id = "
      "l.key_id LEFT JOIN strings u ON u.id = l.unit_id",
      "CREATE VIEW profile_sample_values_view AS SELECT s.profile_id, s.sample, s.node, "
      "s.label_set, t.type, t.unit, v.value FROM profile_samples s JOIN profile_values v ON "
      "v.profile_id = s.profile_id AND v.sample = s.sample JOIN profile_sample_types t ON "
      "t.profile_id = s.profile_id AND t.type_index = v.type_index",
  };
}

std::vector<std::string> profileFlameCacheStatements() {
  // One row per profile; a workspace imported before version 4 has none, and opening its
  // profiles builds the tree as before.
  return {
      "CREATE TABLE profile_flame_cache(profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) "
      "ON DELETE CASCADE, sample_type INTEGER NOT NULL, node_count INTEGER NOT NULL, tree BLOB "
      "NOT NULL)",
  };
}

}  // namespace sightline
