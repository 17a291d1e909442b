#pragma once

#include <cstdint>

#include "model/common/status.h"
#include "model/store/source_description.h"

struct sqlite3;

namespace sightline {

// Inserts the `sources` row of an import (status 'ok', imported now) inside the caller's
// transaction, so that a rollback removes it with everything else of the source. Every
// signal's store writer starts with it.
Status insertSourceRow(sqlite3* db, const SourceDescription& source, std::int64_t* sourceId);

}  // namespace sightline
