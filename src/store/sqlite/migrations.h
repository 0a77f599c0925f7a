// The numbered SQL migrations of the SQLite schema, embedded in the binary at build
// time from migrations/NNNN_name.sql. Versions start at 1 and have no gaps.
#pragma once

#include <span>

#include "store/sql/migration.h"

namespace qalam::store::sqlite {

using Migration = sql::Migration;

std::span<const sql::Migration> migrations();

}  // namespace qalam::store::sqlite
