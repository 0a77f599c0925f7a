#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {

Result<bool> SqlLeases::take(std::string_view name, std::string_view holder, std::chrono::seconds ttl) {
  bool held = false;
  Status s = db_.write([&](Connection& c) -> Status {
    // One statement: the row is taken when absent, renewed when its own, taken over
    // when expired; otherwise left as it is, and nothing is returned.
    auto q = c.query(
        "INSERT INTO leases AS l (name, holder, expires_at) VALUES (?1, ?2, unixepoch() + ?3)"
        " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
        " WHERE l.holder = excluded.holder OR l.expires_at <= unixepoch() RETURNING holder");
    q.bind(1, name).bind(2, holder).bind(3, static_cast<int64_t>(ttl.count()));
    held = q.next() && q.text(0) == holder;
    return q.run();
  });
  if (!s.ok()) return s;
  return held;
}

Status SqlLeases::release(std::string_view name, std::string_view holder) {
  return db_.write([&](Connection& c) {
    return c.query("DELETE FROM leases WHERE name = ? AND holder = ?").bind(1, name).bind(2, holder).run();
  });
}

}  // namespace qalam::store::sql
