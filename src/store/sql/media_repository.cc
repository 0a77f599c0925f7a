// Uploaded images in SQLite: the original's facts and the widths of its variants.
#include <boost/json.hpp>

#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {
namespace {

const char* media_columns =
    "id, name, extension, mime, width, height, bytes, variants, alt, coalesce(uploaded_by, 0), created_at, caption, credit";

MediaItem read_media(const Query& q) {
  MediaItem m;
  m.id = q.integer(0);
  m.name = q.text(1);
  m.extension = q.text(2);
  m.mime = q.text(3);
  m.width = static_cast<int>(q.integer(4));
  m.height = static_cast<int>(q.integer(5));
  m.bytes = q.integer(6);
  boost::system::error_code ec;
  auto widths = boost::json::parse(q.text(7), ec);
  if (!ec && widths.is_array()) {
    for (const auto& w : widths.get_array()) {
      if (w.is_int64()) m.variants.push_back(static_cast<int>(w.get_int64()));
    }
  }
  m.alt = q.text(8);
  m.uploaded_by = q.integer(9);
  m.created_at = from_unix(q.integer(10));
  m.caption = q.text(11);
  m.credit = q.text(12);
  return m;
}

}  // namespace

Result<int64_t> SqlMedia::add(const MediaItem& m) {
  int64_t id = 0;
  Status s = db_.write([&](Connection& c) -> Status {
    boost::json::array widths(m.variants.begin(), m.variants.end());
    auto q = c.query("INSERT INTO media (name, extension, mime, width, height, bytes, variants, alt, uploaded_by, created_at,"
                     " caption, credit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?, ?, ?) RETURNING id");
    q.bind(1, m.name).bind(2, m.extension).bind(3, m.mime).bind(4, int64_t{m.width}).bind(5, int64_t{m.height})
        .bind(6, m.bytes).bind(7, boost::json::serialize(widths)).bind(8, m.alt).bind(9, m.uploaded_by)
        .bind(10, to_unix(m.created_at)).bind(11, m.caption).bind(12, m.credit);
    if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
    id = q.integer(0);
    return q.run();
  });
  if (!s.ok()) return s;
  return id;
}

Result<std::optional<MediaItem>> SqlMedia::by_name(std::string_view name) {
  return db_.read([&](Connection& c) -> Result<std::optional<MediaItem>> {
    auto q = c.query(std::string("SELECT ") + media_columns + " FROM media WHERE name = ?");
    q.bind(1, name);
    if (q.next()) return std::optional<MediaItem>(read_media(q));
    if (!q.status().ok()) return q.status();
    return std::optional<MediaItem>();
  });
}

Result<std::vector<MediaItem>> SqlMedia::by_names(const std::vector<std::string>& names) {
  if (names.empty()) return std::vector<MediaItem>();
  return db_.read([&](Connection& c) -> Result<std::vector<MediaItem>> {
    boost::json::array list(names.begin(), names.end());
    auto q = c.query(std::string("SELECT ") + media_columns +
                     " FROM media WHERE name IN (SELECT value FROM json_each(?))");
    q.bind(1, boost::json::serialize(list));
    std::vector<MediaItem> out;
    while (q.next()) out.push_back(read_media(q));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<std::vector<MediaItem>> SqlMedia::list(int limit, int offset) {
  return db_.read([&](Connection& c) -> Result<std::vector<MediaItem>> {
    auto q = c.query(std::string("SELECT ") + media_columns + " FROM media ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
    q.bind(1, int64_t{limit}).bind(2, int64_t{offset});
    std::vector<MediaItem> out;
    while (q.next()) out.push_back(read_media(q));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

namespace {

// `text` as a LIKE pattern that matches it anywhere, its wildcards escaped with '\\'.
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

}  // namespace

Result<std::vector<MediaItem>> SqlMedia::search(std::string_view text, int limit) {
  return db_.read([&](Connection& c) -> Result<std::vector<MediaItem>> {
    auto q = c.query(std::string("SELECT ") + media_columns +
                     " FROM media WHERE lower(alt) LIKE lower(?1) ESCAPE '\\' OR lower(caption) LIKE lower(?1) ESCAPE '\\'"
                     " OR lower(credit) LIKE lower(?1) ESCAPE '\\' OR lower(name) LIKE lower(?1) ESCAPE '\\'"
                     " ORDER BY created_at DESC, id DESC LIMIT ?2");
    q.bind(1, contains_pattern(text)).bind(2, int64_t{limit});
    std::vector<MediaItem> out;
    while (q.next()) out.push_back(read_media(q));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Status SqlMedia::set_details(int64_t id, std::string_view alt, std::string_view caption, std::string_view credit) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query("UPDATE media SET alt = ?, caption = ?, credit = ? WHERE id = ? RETURNING name");
    q.bind(1, alt).bind(2, caption).bind(3, credit).bind(4, id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no image " + std::to_string(id)) : q.status();
    c.changed({change_keys::media(q.text(0))});  // the pages showing it
    return q.run();
  });
}

namespace {

// The pieces whose featured image or text names /media/NAME (the original or a variant).
Result<std::vector<MediaUse>> find_uses(Connection& c, std::string_view name, int limit) {
  std::string pattern = contains_pattern("/media/" + std::string(name));
  auto q = c.query("SELECT id, lang, title FROM articles WHERE image LIKE ?1 ESCAPE '\\' OR body LIKE ?1 ESCAPE '\\'"
                   " ORDER BY updated_at DESC LIMIT ?2");
  q.bind(1, pattern).bind(2, int64_t{limit});
  std::vector<MediaUse> out;
  while (q.next()) out.push_back({q.integer(0), q.text(1), q.text(2)});
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace

Result<std::vector<MediaUse>> SqlMedia::uses(std::string_view name, int limit) {
  return db_.read([&](Connection& c) { return find_uses(c, name, limit); });
}

Status SqlMedia::remove_unused(int64_t id, std::string_view name) {
  return db_.write([&](Connection& c) -> Status {
    auto used = find_uses(c, name, 1);
    if (!used.ok()) return used.status();
    if (!used->empty()) {
      return Status::conflict_on({"file", "in_use", "the image is used in \"" + used->front().title + "\"",
                                  {{"title", used->front().title}}});
    }
    auto q = c.query("DELETE FROM media WHERE id = ? RETURNING id");
    q.bind(1, id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no image " + std::to_string(id)) : q.status();
    c.changed({change_keys::media(q.text(0))});  // the pages showing it
    return q.run();
  });
}

Status SqlMedia::set_alt(int64_t id, std::string_view alt) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query("UPDATE media SET alt = ? WHERE id = ? RETURNING name");
    q.bind(1, alt).bind(2, id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no image " + std::to_string(id)) : q.status();
    c.changed({change_keys::media(q.text(0))});  // the pages showing it
    return q.run();
  });
}

Result<int64_t> SqlMedia::count() {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*) FROM media");
    if (!q.next()) return q.status().ok() ? Status::internal("no count") : q.status();
    return q.integer(0);
  });
}

Status SqlMedia::update_files(const MediaItem& m) {
  return db_.write([&](Connection& c) -> Status {
    boost::json::array widths(m.variants.begin(), m.variants.end());
    auto q = c.query("UPDATE media SET width = ?, height = ?, bytes = ?, variants = ? WHERE id = ? RETURNING name");
    q.bind(1, int64_t{m.width}).bind(2, int64_t{m.height}).bind(3, m.bytes).bind(4, boost::json::serialize(widths))
        .bind(5, m.id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no image " + std::to_string(m.id)) : q.status();
    c.changed({change_keys::media(q.text(0))});
    return q.run();
  });
}

}  // namespace qalam::store::sql
