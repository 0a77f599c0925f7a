// The numbered SQL migrations of the SQLite schema, embedded in the binary at build
// time from migrations/NNNN_name.sql. Versions start at 1 and have no gaps.
#pragma once

#include <span>
#include <string_view>

namespace qalam::store::sqlite {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::span<const Migration> migrations();

}  // namespace qalam::store::sqlite
