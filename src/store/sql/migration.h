// A numbered SQL migration. Each backend embeds its own list at build time from its
// migrations/NNNN_name.sql; versions start at 1 and have no gaps.
#pragma once

#include <string_view>

namespace qalam::store::sql {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

}  // namespace qalam::store::sql
