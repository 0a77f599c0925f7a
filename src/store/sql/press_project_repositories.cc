// Foreign press items, projects and the missions directory.
#include "core/time_format.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {

namespace {

const char* press_columns =
    "SELECT id, outlet_name, outlet_url, original_url, original_lang, published_on, title, summary,"
    " translated_title FROM press_items ";

Result<std::vector<PressItem>> read_press_items(Connection& c, Query& q) {
  std::vector<PressItem> out;
  while (q.next()) {
    out.push_back(PressItem{q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), from_unix(q.integer(5)),
                            q.text(6), q.text(7), q.text(8), {}, {}});
  }
  if (!q.status().ok()) return q.status();
  QALAM_RETURN_IF_ERROR(load_texts(c, out, "SELECT press_item_id, lang, title, summary FROM press_item_texts",
                                   [](PressItem& p, Query& t) {
                                     p.review_title[t.text(1)] = t.text(2);
                                     if (!t.text(3).empty()) p.review[t.text(1)] = t.text(3);
                                   }));
  return out;
}

}  // namespace

Result<std::vector<PressItem>> SqlPressItems::list(int limit, int offset) {
  if (offset != 0 || limit < 0 || limit > kLatestKept) return read(limit, offset);
  auto latest = latest_.get([&] { return read(kLatestKept, 0); });
  if (!latest.ok()) return latest.status();
  if (latest->size() > static_cast<size_t>(limit)) latest->resize(static_cast<size_t>(limit));
  return latest;
}

Result<std::vector<PressItem>> SqlPressItems::read(int limit, int offset) {
  return db_.read([&](Connection& c) -> Result<std::vector<PressItem>> {
    auto q = c.query(std::string(press_columns) + "ORDER BY published_on DESC, id DESC LIMIT ? OFFSET ?");
    q.bind(1, int64_t{limit}).bind(2, int64_t{offset});
    return read_press_items(c, q);
  });
}

Result<std::optional<PressItem>> SqlPressItems::by_url(std::string_view original_url) {
  return db_.read([&](Connection& c) -> Result<std::optional<PressItem>> {
    auto q = c.query(std::string(press_columns) + "WHERE original_url = ?");
    q.bind(1, original_url);
    auto all = read_press_items(c, q);
    if (!all.ok()) return all.status();
    if (all->empty()) return std::optional<PressItem>();
    return std::optional<PressItem>(std::move(all->front()));
  });
}

Result<int64_t> SqlPressItems::count() {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*) FROM press_items");
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

namespace {

Result<std::vector<Project>> read_projects(Connection& c, Query& q) {
  std::vector<Project> out;
  while (q.next()) {
    Project p;
    p.id = q.integer(0);
    p.slug = q.text(1);
    p.is_new = q.integer(2) != 0;
    p.has_directory = q.integer(3) != 0;
    p.position = static_cast<int>(q.integer(4));
    p.updated_at = from_unix(q.integer(5));
    out.push_back(std::move(p));
  }
  if (!q.status().ok()) return q.status();
  QALAM_RETURN_IF_ERROR(load_texts(c, out, "SELECT project_id, lang, title, intro, body FROM project_texts",
                                   [](Project& p, Query& t) {
                                     p.title[t.text(1)] = t.text(2);
                                     p.intro[t.text(1)] = t.text(3);
                                     p.body[t.text(1)] = t.text(4);
                                   }));
  return out;
}

}  // namespace

Result<std::optional<Project>> SqlProjects::by_slug(std::string_view slug) {
  return db_.read([&](Connection& c) -> Result<std::optional<Project>> {
    auto q = c.query("SELECT id, slug, is_new, has_directory, position, updated_at FROM projects WHERE slug = ?");
    q.bind(1, slug);
    auto all = read_projects(c, q);
    if (!all.ok()) return all.status();
    if (all->empty()) return std::optional<Project>();
    return std::optional<Project>(std::move(all->front()));
  });
}

Result<std::vector<Project>> SqlProjects::all() {
  return all_.get([&] {
    return db_.read([&](Connection& c) {
      auto q = c.query("SELECT id, slug, is_new, has_directory, position, updated_at FROM projects ORDER BY position, slug");
      return read_projects(c, q);
    });
  });
}

Result<std::vector<Mission>> SqlProjects::missions(int64_t project_id) {
  return db_.read([&](Connection& c) -> Result<std::vector<Mission>> {
    auto q = c.query(
        "SELECT id, project_id, country, city, kind, website, accounts, city_names, organisation FROM missions"
        " WHERE project_id = ? ORDER BY id");
    q.bind(1, project_id);
    std::vector<Mission> out;
    while (q.next()) {
      Mission m;
      m.id = q.integer(0);
      m.project_id = q.integer(1);
      m.country = q.text(2);
      m.city = q.text(3);
      m.kind = parse_mission_kind(q.text(4)).value_or(MissionKind::embassy);
      m.website = q.text(5);
      m.accounts = decode_links(q.text(6));
      m.city_names = decode_texts(q.text(7));
      m.organisation = q.text(8);
      out.push_back(std::move(m));
    }
    if (!q.status().ok()) return q.status();
    return out;
  });
}

}  // namespace qalam::store::sql
