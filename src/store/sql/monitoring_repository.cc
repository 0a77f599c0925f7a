// Press monitoring in SQLite: feed sources and the items read from them.
#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {
namespace {

const char* source_columns =
    "id, url, name, language, outlet, interval_minutes, enabled, etag, last_modified, next_poll_at, last_polled_at,"
    " last_success_at, last_error, failures, items_found, created_at, coalesce(mission_id, 0), network";

FeedSource read_source(const Query& q) {
  FeedSource s;
  s.id = q.integer(0);
  s.url = q.text(1);
  s.name = q.text(2);
  s.language = q.text(3);
  s.outlet = q.text(4);
  s.interval_minutes = static_cast<int>(q.integer(5));
  s.enabled = q.integer(6) != 0;
  s.etag = q.text(7);
  s.last_modified = q.text(8);
  s.next_poll_at = from_unix(q.integer(9));
  s.last_polled_at = from_unix(q.integer(10));
  s.last_success_at = from_unix(q.integer(11));
  s.last_error = q.text(12);
  s.failures = static_cast<int>(q.integer(13));
  s.items_found = q.integer(14);
  s.created_at = from_unix(q.integer(15));
  s.mission_id = q.integer(16);
  s.network = q.text(17);
  return s;
}

Result<std::vector<FeedSource>> select_sources(Database& db, const std::string& where,
                                               const std::function<void(Query&)>& bind) {
  return db.read([&](Connection& c) -> Result<std::vector<FeedSource>> {
    auto q = c.query(std::string("SELECT ") + source_columns + " FROM feed_sources " + where);
    bind(q);
    std::vector<FeedSource> out;
    while (q.next()) out.push_back(read_source(q));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<std::optional<FeedSource>> first_of(Result<std::vector<FeedSource>> all) {
  if (!all.ok()) return all.status();
  if (all->empty()) return std::optional<FeedSource>();
  return std::optional<FeedSource>(std::move(all->front()));
}

const char* item_columns =
    "i.id, i.source_id, i.guid, i.link, i.canonical_link, i.title, i.title_key, i.summary, i.content, i.author,"
    " i.language, i.image, i.published_at, i.fetched_at, i.state, coalesce(i.press_item_id, 0), s.name";

MonitoredItem read_item(const Query& q) {
  MonitoredItem m;
  m.id = q.integer(0);
  m.source_id = q.integer(1);
  m.guid = q.text(2);
  m.link = q.text(3);
  m.canonical_link = q.text(4);
  m.title = q.text(5);
  m.title_key = q.text(6);
  m.summary = q.text(7);
  m.content = q.text(8);
  m.author = q.text(9);
  m.language = q.text(10);
  m.image = q.text(11);
  m.published_at = from_unix(q.integer(12));
  m.fetched_at = from_unix(q.integer(13));
  m.state = parse_feed_item_state(q.text(14)).value_or(FeedItemState::fresh);
  m.press_item_id = q.integer(15);
  m.source_name = q.text(16);
  return m;
}

std::string lines(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& l : list) out += (out.empty() ? "" : "\n") + l;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Each item's topics, by one query.
Status load_topics(Connection& c, std::vector<MonitoredItem>& items) {
  if (items.empty()) return Status::ok_status();
  std::vector<int64_t> ids;
  for (const auto& m : items) ids.push_back(m.id);
  auto q = c.query(
      "SELECT t.item_id, t.topic_id, w.name, t.terms FROM feed_item_topics t JOIN watch_topics w ON w.id = t.topic_id"
      " WHERE t.item_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) ORDER BY w.name");
  q.bind(1, encode_ids(ids));
  while (q.next()) {
    for (auto& m : items) {
      if (m.id == q.integer(0)) m.topics.push_back({q.integer(1), q.text(2), split_lines(q.text(3))});
    }
  }
  return q.status();
}

const char* item_from = " FROM feed_items i JOIN feed_sources s ON s.id = i.source_id";

// "WHERE …" for a filter, its values bound from index 1 on by `bind`.
std::string item_where(const MonitoredItemFilter& f) {
  std::string where = " WHERE s.mission_id IS NULL";
  if (f.source_id != 0) where += " AND i.source_id = ?";
  if (f.topic_id != 0) {
    where += " AND i.id IN (SELECT item_id FROM feed_item_topics WHERE topic_id = ?)";
  } else if (f.matched_only) {
    where += " AND i.id IN (SELECT item_id FROM feed_item_topics)";
  }
  if (f.state) where += " AND i.state = ?";
  if (!f.language.empty()) where += " AND (i.language = ? OR i.language LIKE ? || '-%')";
  return where;
}

int bind_filter(Query& q, const MonitoredItemFilter& f) {
  int i = 1;
  if (f.source_id != 0) q.bind(i++, f.source_id);
  if (f.topic_id != 0) q.bind(i++, f.topic_id);
  if (f.state) q.bind(i++, feed_item_state_name(*f.state));
  if (!f.language.empty()) {
    q.bind(i, f.language).bind(i + 1, f.language);
    i += 2;
  }
  return i;
}

}  // namespace

Result<int64_t> SqlMonitoring::add_source(const FeedSource& s) {
  int64_t id = 0;
  Status st = db_.write([&](Connection& c) -> Status {
    auto taken = c.query("SELECT 1 FROM feed_sources WHERE url = ?");
    taken.bind(1, s.url);
    if (taken.next()) {
      return Status::conflict_on({"url", "taken", s.url + " is followed already", {{"value", s.url}}});
    }
    if (!taken.status().ok()) return taken.status();
    auto q = c.query(
        "INSERT INTO feed_sources (url, name, language, outlet, interval_minutes, enabled, next_poll_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, s.url).bind(2, s.name).bind(3, s.language).bind(4, s.outlet).bind(5, int64_t{s.interval_minutes})
        .bind(6, int64_t{s.enabled ? 1 : 0}).bind(7, to_unix(s.next_poll_at)).bind(8, to_unix(s.created_at));
    if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
    id = q.integer(0);
    return q.run();
  });
  if (!st.ok()) return st;
  return id;
}

Result<std::vector<FeedSource>> SqlMonitoring::sources() {
  return select_sources(db_, "ORDER BY lower(name), id", [](Query&) {});
}

Result<std::optional<FeedSource>> SqlMonitoring::source(int64_t id) {
  return first_of(select_sources(db_, "WHERE id = ?", [&](Query& q) { q.bind(1, id); }));
}

Result<std::optional<FeedSource>> SqlMonitoring::source_by_url(std::string_view url) {
  return first_of(select_sources(db_, "WHERE url = ?", [&](Query& q) { q.bind(1, url); }));
}

Status SqlMonitoring::remove_source(int64_t id) {
  return db_.write([&](Connection& c) -> Status {
    // Items a press item was made from are the record of where it came from: their
    // source is disabled and kept with them; its other items go.
    auto used = c.query("SELECT count(*) FROM feed_items WHERE source_id = ? AND press_item_id IS NOT NULL");
    used.bind(1, id);
    if (!used.next()) return used.status();
    int64_t kept = used.integer(0);
    auto exists = c.query("SELECT 1 FROM feed_sources WHERE id = ?");
    exists.bind(1, id);
    if (!exists.next()) {
      return exists.status().ok() ? Status::not_found("no feed source has id " + std::to_string(id)) : exists.status();
    }
    if (kept > 0) {
      QALAM_RETURN_IF_ERROR(
          c.query("DELETE FROM feed_items WHERE source_id = ? AND press_item_id IS NULL").bind(1, id).run());
      return c.query("UPDATE feed_sources SET enabled = 0 WHERE id = ?").bind(1, id).run();
    }
    return c.query("DELETE FROM feed_sources WHERE id = ?").bind(1, id).run();
  });
}

Status SqlMonitoring::update_source(const FeedSource& s) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query(
        "UPDATE feed_sources SET name = ?, language = ?, outlet = ?, interval_minutes = ?, enabled = ? WHERE id = ?"
        " RETURNING id");
    q.bind(1, s.name).bind(2, s.language).bind(3, s.outlet).bind(4, int64_t{s.interval_minutes})
        .bind(5, int64_t{s.enabled ? 1 : 0}).bind(6, s.id);
    if (!q.next()) {
      return q.status().ok() ? Status::not_found("no feed source has id " + std::to_string(s.id)) : q.status();
    }
    return q.run();
  });
}

Result<std::vector<FeedSource>> SqlMonitoring::due_sources(TimePoint now) {
  return select_sources(db_, "WHERE enabled = 1 AND next_poll_at <= ? ORDER BY next_poll_at, id",
                        [&](Query& q) { q.bind(1, to_unix(now)); });
}

Result<ItemsAdded> SqlMonitoring::record_poll(const FeedSource& o, const std::vector<MonitoredItem>& items,
                                                 std::chrono::seconds title_window) {
  ItemsAdded added;
  Status st = db_.write([&](Connection& c) -> Status {
    auto q = c.query(
        "UPDATE feed_sources SET etag = ?, last_modified = ?, next_poll_at = ?, last_polled_at = ?,"
        " last_success_at = ?, last_error = ?, failures = ?, items_found = ? WHERE id = ? RETURNING id");
    q.bind(1, o.etag).bind(2, o.last_modified).bind(3, to_unix(o.next_poll_at)).bind(4, to_unix(o.last_polled_at))
        .bind(5, to_unix(o.last_success_at)).bind(6, o.last_error).bind(7, int64_t{o.failures}).bind(8, o.items_found)
        .bind(9, o.id);
    if (!q.next()) {
      return q.status().ok() ? Status::not_found("no feed source has id " + std::to_string(o.id)) : q.status();
    }
    QALAM_RETURN_IF_ERROR(q.run());
    // A mission's account: its posts are its own (no duplicates across feeds), the
    // latest kept, and the project page that shows them changes.
    bool mission = o.mission_id != 0;
    for (const MonitoredItem& m : items) {
      auto guid = c.query("SELECT 1 FROM feed_items WHERE source_id = ? AND guid = ?");
      guid.bind(1, o.id).bind(2, m.guid);
      if (guid.next()) {
        ++added.same_guid;
        continue;
      }
      QALAM_RETURN_IF_ERROR(guid.status());
      if (!mission && !m.canonical_link.empty()) {
        auto link = c.query("SELECT 1 FROM feed_items WHERE canonical_link = ?");
        link.bind(1, m.canonical_link);
        if (link.next()) {
          ++added.same_link;
          continue;
        }
        QALAM_RETURN_IF_ERROR(link.status());
      }
      if (!mission && !m.title_key.empty()) {
        auto title = c.query("SELECT 1 FROM feed_items WHERE title_key = ? AND published_at BETWEEN ? AND ?");
        int64_t at = to_unix(m.published_at);
        title.bind(1, m.title_key).bind(2, at - title_window.count()).bind(3, at + title_window.count());
        if (title.next()) {
          ++added.same_title;
          continue;
        }
        QALAM_RETURN_IF_ERROR(title.status());
      }
      auto insert = c.query(
          "INSERT INTO feed_items (source_id, guid, link, canonical_link, title, title_key, summary, content, author,"
          " language, image, published_at, fetched_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new')"
          " RETURNING id");
      insert.bind(1, o.id).bind(2, m.guid).bind(3, m.link).bind(4, m.canonical_link).bind(5, m.title)
          .bind(6, m.title_key).bind(7, m.summary).bind(8, m.content).bind(9, m.author).bind(10, m.language)
          .bind(11, m.image).bind(12, to_unix(m.published_at)).bind(13, to_unix(m.fetched_at));
      if (!insert.next()) return insert.status().ok() ? Status::internal("no id returned") : insert.status();
      int64_t item_id = insert.integer(0);
      QALAM_RETURN_IF_ERROR(insert.run());
      for (const TopicMatch& t : m.topics) {
        QALAM_RETURN_IF_ERROR(c.query("INSERT INTO feed_item_topics (item_id, topic_id, terms) VALUES (?, ?, ?)")
                                  .bind(1, item_id).bind(2, t.topic_id).bind(3, lines(t.terms)).run());
      }
      ++added.added;
      if (!m.topics.empty()) ++added.matched;
    }
    if (mission && added.added > 0) {
      QALAM_RETURN_IF_ERROR(c.query("DELETE FROM feed_items WHERE source_id = ? AND id NOT IN (SELECT id FROM feed_items"
                                    " WHERE source_id = ? ORDER BY published_at DESC, id DESC LIMIT ?)")
                                .bind(1, o.id).bind(2, o.id).bind(3, int64_t{posts_kept_per_account}).run());
      auto project = c.query("SELECT project_id FROM missions WHERE id = ?");
      project.bind(1, o.mission_id);
      if (project.next()) c.changed({change_keys::project(project.integer(0))});
      QALAM_RETURN_IF_ERROR(project.status());
    }
    return Status::ok_status();
  });
  if (!st.ok()) return st;
  return added;
}

Result<std::vector<MonitoredItem>> SqlMonitoring::items(const MonitoredItemFilter& f) {
  return db_.read([&](Connection& c) -> Result<std::vector<MonitoredItem>> {
    auto q = c.query(std::string("SELECT ") + item_columns + item_from + item_where(f) +
                     " ORDER BY i.published_at DESC, i.id DESC LIMIT ? OFFSET ?");
    int i = bind_filter(q, f);
    q.bind(i, int64_t{f.limit}).bind(i + 1, int64_t{f.offset});
    std::vector<MonitoredItem> out;
    while (q.next()) out.push_back(read_item(q));
    if (!q.status().ok()) return q.status();
    QALAM_RETURN_IF_ERROR(load_topics(c, out));
    return out;
  });
}

Result<int64_t> SqlMonitoring::count_items(const MonitoredItemFilter& f) {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query(std::string("SELECT count(*)") + item_from + item_where(f));
    bind_filter(q, f);
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

Result<std::vector<MissionPost>> SqlMonitoring::mission_posts(int64_t project_id, int limit) {
  return db_.read([&](Connection& c) -> Result<std::vector<MissionPost>> {
    auto q = c.query(
        "SELECT s.mission_id, s.network, i.title, i.summary, i.link, i.published_at FROM feed_items i"
        " JOIN feed_sources s ON s.id = i.source_id JOIN missions m ON m.id = s.mission_id"
        " WHERE m.project_id = ? ORDER BY i.published_at DESC, i.id DESC LIMIT ?");
    q.bind(1, project_id).bind(2, int64_t{limit});
    std::vector<MissionPost> out;
    while (q.next()) {
      out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), from_unix(q.integer(5))});
    }
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<std::optional<MonitoredItem>> SqlMonitoring::item(int64_t id) {
  return db_.read([&](Connection& c) -> Result<std::optional<MonitoredItem>> {
    auto q = c.query(std::string("SELECT ") + item_columns + item_from + " WHERE i.id = ?");
    q.bind(1, id);
    std::vector<MonitoredItem> out;
    while (q.next()) out.push_back(read_item(q));
    if (!q.status().ok()) return q.status();
    if (out.empty()) return std::optional<MonitoredItem>();
    QALAM_RETURN_IF_ERROR(load_topics(c, out));
    return std::optional<MonitoredItem>(std::move(out.front()));
  });
}

Result<int64_t> SqlMonitoring::set_state(const std::vector<int64_t>& ids, FeedItemState state) {
  int64_t changed = 0;
  Status st = db_.write([&](Connection& c) -> Status {
    auto q = c.query(
        "UPDATE feed_items SET state = ? WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) AND state NOT IN (?, 'used')"
        " RETURNING id");
    q.bind(1, feed_item_state_name(state)).bind(2, encode_ids(ids)).bind(3, feed_item_state_name(state));
    while (q.next()) ++changed;
    return q.status();
  });
  if (!st.ok()) return st;
  return changed;
}

Status SqlMonitoring::mark_used(int64_t id, int64_t press_item_id) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query("UPDATE feed_items SET state = 'used', press_item_id = ? WHERE id = ? RETURNING id");
    q.bind(1, press_item_id).bind(2, id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no monitored item has id " + std::to_string(id)) : q.status();
    return q.run();
  });
}

Result<int64_t> SqlMonitoring::save_topic(const WatchTopic& t) {
  int64_t id = t.id;
  Status st = db_.write([&](Connection& c) -> Status {
    auto taken = c.query("SELECT 1 FROM watch_topics WHERE name = ? AND id != ?");
    taken.bind(1, t.name).bind(2, t.id);
    if (taken.next()) return Status::conflict_on({"name", "taken", "a topic is called " + t.name + " already", {{"value", t.name}}});
    QALAM_RETURN_IF_ERROR(taken.status());
    if (t.id == 0) {
      auto q = c.query("INSERT INTO watch_topics (name, terms, created_at) VALUES (?, ?, ?) RETURNING id");
      q.bind(1, t.name).bind(2, lines(t.terms)).bind(3, to_unix(t.created_at));
      if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
      id = q.integer(0);
      return q.run();
    }
    auto q = c.query("UPDATE watch_topics SET name = ?, terms = ? WHERE id = ? RETURNING id");
    q.bind(1, t.name).bind(2, lines(t.terms)).bind(3, t.id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no topic has id " + std::to_string(t.id)) : q.status();
    return q.run();
  });
  if (!st.ok()) return st;
  return id;
}

Status SqlMonitoring::remove_topic(int64_t id) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query("DELETE FROM watch_topics WHERE id = ? RETURNING id");
    q.bind(1, id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no topic has id " + std::to_string(id)) : q.status();
    return q.run();
  });
}

Result<std::vector<WatchTopic>> SqlMonitoring::topics() {
  return db_.read([&](Connection& c) -> Result<std::vector<WatchTopic>> {
    auto q = c.query("SELECT id, name, terms, created_at FROM watch_topics ORDER BY lower(name), id");
    std::vector<WatchTopic> out;
    while (q.next()) out.push_back({q.integer(0), q.text(1), split_lines(q.text(2)), from_unix(q.integer(3))});
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Status SqlMonitoring::rematch_topic(int64_t topic_id, TimePoint since,
                                       const std::vector<std::pair<int64_t, std::vector<std::string>>>& matches) {
  return db_.write([&](Connection& c) -> Status {
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM feed_item_topics WHERE topic_id = ? AND item_id IN"
                                  " (SELECT id FROM feed_items WHERE fetched_at >= ?)")
                              .bind(1, topic_id).bind(2, to_unix(since)).run());
    for (const auto& [item_id, terms] : matches) {
      QALAM_RETURN_IF_ERROR(c.query("INSERT INTO feed_item_topics (item_id, topic_id, terms) VALUES (?, ?, ?)"
                                            " ON CONFLICT (item_id, topic_id) DO UPDATE SET terms = excluded.terms")
                                .bind(1, item_id).bind(2, topic_id).bind(3, lines(terms)).run());
    }
    return Status::ok_status();
  });
}

}  // namespace qalam::store::sql
