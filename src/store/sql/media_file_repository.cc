#include "store/change_keys.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {

Status SqlMediaFiles::put(std::string_view name, std::string_view bytes) {
  return db_.write([&](Connection& c) -> Status {
    QALAM_RETURN_IF_ERROR(
        c.query("INSERT INTO media_files (name, bytes, updated_at) VALUES (?1, ?2, unixepoch())"
                " ON CONFLICT (name) DO UPDATE SET bytes = excluded.bytes, updated_at = excluded.updated_at")
            .bind(1, name)
            .bind_blob(2, bytes)
            .run());
    c.changed({change_keys::media_file(name)});
    return Status::ok_status();
  });
}

Result<std::optional<std::string>> SqlMediaFiles::get(std::string_view name) {
  return db_.read([&](Connection& c) -> Result<std::optional<std::string>> {
    auto q = c.query("SELECT bytes FROM media_files WHERE name = ?");
    q.bind(1, name);
    if (!q.next()) {
      if (!q.status().ok()) return q.status();
      return std::optional<std::string>();
    }
    return std::optional<std::string>(q.blob(0));
  });
}

Status SqlMediaFiles::rename(std::string_view from, std::string_view to) {
  return db_.write([&](Connection& c) -> Status {
    if (from == to) return Status::ok_status();
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM media_files WHERE name = ?").bind(1, to).run());
    QALAM_RETURN_IF_ERROR(c.query("UPDATE media_files SET name = ?2, updated_at = unixepoch() WHERE name = ?1")
                              .bind(1, from)
                              .bind(2, to)
                              .run());
    if (c.changes() == 0) return Status::not_found("no media file " + std::string(from));
    c.changed({change_keys::media_file(from), change_keys::media_file(to)});
    return Status::ok_status();
  });
}

Status SqlMediaFiles::remove(std::string_view name) {
  return db_.write([&](Connection& c) -> Status {
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM media_files WHERE name = ?").bind(1, name).run());
    if (c.changes() > 0) c.changed({change_keys::media_file(name)});
    return Status::ok_status();
  });
}

Result<std::vector<std::string>> SqlMediaFiles::names() {
  return db_.read([&](Connection& c) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    auto q = c.query("SELECT name FROM media_files ORDER BY name");
    while (q.next()) out.push_back(q.text(0));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Status SqlMediaFiles::clear() {
  return db_.write([&](Connection& c) -> Status {
    std::vector<std::string> keys;
    auto q = c.query("SELECT name FROM media_files");
    while (q.next()) keys.push_back(change_keys::media_file(q.text(0)));
    QALAM_RETURN_IF_ERROR(q.status());
    QALAM_RETURN_IF_ERROR(c.exec("DELETE FROM media_files"));
    c.changed(keys);
    return Status::ok_status();
  });
}

}  // namespace qalam::store::sql
