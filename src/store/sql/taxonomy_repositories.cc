// Settings, authors, sections, tags and slug redirects.
#include <algorithm>
#include <tuple>

#include <boost/json.hpp>

#include "store/change_keys.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {
namespace json = boost::json;

std::string encode_links(const std::vector<SocialLink>& links) {
  json::array a;
  for (const SocialLink& l : links) {
    json::object o{{"network", l.network}, {"url", l.url}, {"handle", l.handle}};
    if (!l.feed.empty()) o["feed"] = l.feed;
    a.push_back(std::move(o));
  }
  return json::serialize(a);
}

std::string encode_texts(const Translations& texts) {
  json::object o;
  for (const auto& [lang, text] : texts) {
    if (!text.empty()) o[lang] = text;
  }
  return json::serialize(o);
}

Translations decode_texts(const std::string& text) {
  Translations texts;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return texts;
  for (const auto& [lang, value] : v.get_object()) {
    if (value.is_string()) texts[std::string(lang)] = std::string(value.get_string());
  }
  return texts;
}

std::vector<SocialLink> decode_links(const std::string& text) {
  std::vector<SocialLink> links;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return links;
  for (const json::value& item : v.get_array()) {
    const json::object* o = item.if_object();
    if (o == nullptr) continue;
    auto field = [&](const char* k) -> std::string {
      const json::value* f = o->if_contains(k);
      return f && f->is_string() ? std::string(f->get_string()) : std::string();
    };
    links.push_back({field("network"), field("url"), field("handle"), field("feed")});
  }
  return links;
}

std::string encode_ids(const std::vector<int64_t>& ids) {
  json::array a(ids.begin(), ids.end());
  return json::serialize(a);
}

std::string_view slug_kind_name(SlugKind kind) {
  switch (kind) {
    case SlugKind::article: return "article";
    case SlugKind::author: return "author";
    case SlugKind::section: return "section";
    case SlugKind::tag: return "tag";
    case SlugKind::project: return "project";
  }
  return "article";
}

// --- settings ---------------------------------------------------------------

Result<std::optional<std::string>> SqlSettings::get(std::string_view key) {
  return db_.read([&](Connection& c) -> Result<std::optional<std::string>> {
    auto q = c.query("SELECT value FROM site_settings WHERE key = ?");
    q.bind(1, key);
    if (q.next()) return std::optional<std::string>(q.text(0));
    if (!q.status().ok()) return q.status();
    return std::optional<std::string>();
  });
}

Result<std::map<std::string, std::string>> SqlSettings::all() {
  return all_.get([&] {
    return db_.read([&](Connection& c) -> Result<std::map<std::string, std::string>> {
      std::map<std::string, std::string> out;
      auto q = c.query("SELECT key, value FROM site_settings ORDER BY key");
      while (q.next()) out.emplace(q.text(0), q.text(1));
      if (!q.status().ok()) return q.status();
      return out;
    });
  });
}

Status SqlSettings::put(std::string_view key, std::string_view value) {
  return put_all({{std::string(key), std::string(value)}});
}

Status SqlSettings::put_all(const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    if (key.empty() || key.size() > 200) return Status::invalid("setting key must be 1 to 200 bytes");
  }
  return db_.write([&](Connection& c) -> Status {
    for (const auto& [key, value] : values) {
      QALAM_RETURN_IF_ERROR(c.query("INSERT INTO site_settings (key, value) VALUES (?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                                .bind(1, key)
                                .bind(2, value)
                                .run());
    }
    c.changed({change_keys::settings});  // the site's name and tagline are on every page
    return Status::ok_status();
  });
}

// --- authors ----------------------------------------------------------------

namespace {

// An author's row once for each of its texts (once with NULLs when it has none): one
// statement, and the rows of one author must come together (ordered by a.id last).
const char* author_columns =
    "SELECT a.id, a.slug, a.photo, a.social, x.lang, x.name, x.bio FROM authors a"
    " LEFT JOIN author_texts x ON x.author_id = a.id ";

Result<std::vector<Author>> read_authors(Query& q) {
  std::vector<Author> out;
  while (q.next()) {
    if (out.empty() || out.back().id != q.integer(0)) {
      Author a;
      a.id = q.integer(0);
      a.slug = q.text(1);
      a.photo = q.text(2);
      a.social = decode_links(q.text(3));
      out.push_back(std::move(a));
    }
    if (q.is_null(4)) continue;
    out.back().name[q.text(4)] = q.text(5);
    out.back().bio[q.text(4)] = q.text(6);
  }
  if (!q.status().ok()) return q.status();
  return out;
}

template <typename T>
Result<std::optional<T>> first_of(Result<std::vector<T>> all) {
  if (!all.ok()) return all.status();
  if (all->empty()) return std::optional<T>();
  return std::optional<T>(std::move(all->front()));
}

}  // namespace

Result<std::optional<Author>> SqlAuthors::by_slug(std::string_view slug) {
  return kept_.by_slug(slug, [&] {
    return db_.read([&](Connection& c) {
      auto q = c.query(std::string(author_columns) + "WHERE a.slug = ?");
      q.bind(1, slug);
      return first_of(read_authors(q));
    });
  });
}

Result<std::vector<Author>> SqlAuthors::by_ids(const std::vector<int64_t>& ids) {
  auto found = kept_.by_ids(ids, [&](const std::vector<int64_t>& missing) {
    return db_.read([&](Connection& c) {
      auto q = c.query(std::string(author_columns) + "WHERE a.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))");
      q.bind(1, encode_ids(missing));
      return read_authors(q);
    });
  });
  if (!found.ok()) return found;
  std::sort(found->begin(), found->end(), [](const Author& a, const Author& b) { return a.id < b.id; });
  return found;
}

Result<std::vector<Author>> SqlAuthors::all() {
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string(author_columns) + "ORDER BY a.slug, a.id");
    return read_authors(q);
  });
}

// --- sections ---------------------------------------------------------------

namespace {

Result<std::vector<Section>> read_sections(Connection& c, Query& q) {
  std::vector<Section> out;
  while (q.next()) {
    Section s;
    s.id = q.integer(0);
    s.slug = q.text(1);
    s.kind = parse_section_kind(q.text(2)).value_or(SectionKind::articles);
    s.position = static_cast<int>(q.integer(3));
    out.push_back(std::move(s));
  }
  if (!q.status().ok()) return q.status();
  QALAM_RETURN_IF_ERROR(load_texts(c, out, "SELECT section_id, lang, name FROM section_texts",
                                   [](Section& s, Query& t) { s.name[t.text(1)] = t.text(2); }));
  return out;
}

}  // namespace

Result<std::optional<Section>> SqlSections::by_slug(std::string_view slug) {
  return db_.read([&](Connection& c) {
    auto q = c.query("SELECT id, slug, kind, position FROM sections WHERE slug = ?");
    q.bind(1, slug);
    return first_of(read_sections(c, q));
  });
}

Result<std::vector<Section>> SqlSections::all() {
  return all_.get([&] {
    return db_.read([&](Connection& c) {
      auto q = c.query("SELECT id, slug, kind, position FROM sections ORDER BY position, slug");
      return read_sections(c, q);
    });
  });
}

// --- tags -------------------------------------------------------------------

namespace {

// As authors: a tag's row once for each of its names, the rows of one tag together.
const char* tag_columns = "SELECT t.id, t.slug, x.lang, x.name FROM tags t LEFT JOIN tag_texts x ON x.tag_id = t.id ";

Result<std::vector<Tag>> read_tags(Query& q) {
  std::vector<Tag> out;
  while (q.next()) {
    if (out.empty() || out.back().id != q.integer(0)) out.push_back(Tag{q.integer(0), q.text(1), {}});
    if (!q.is_null(2)) out.back().name[q.text(2)] = q.text(3);
  }
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace

Result<std::optional<Tag>> SqlTags::by_slug(std::string_view slug) {
  return kept_.by_slug(slug, [&] {
    return db_.read([&](Connection& c) {
      auto q = c.query(std::string(tag_columns) + "WHERE t.slug = ?");
      q.bind(1, slug);
      return first_of(read_tags(q));
    });
  });
}

Result<std::vector<Tag>> SqlTags::by_ids(const std::vector<int64_t>& ids) {
  auto found = kept_.by_ids(ids, [&](const std::vector<int64_t>& missing) {
    return db_.read([&](Connection& c) {
      auto q = c.query(std::string(tag_columns) +
                       "WHERE t.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) ORDER BY t.id");
      q.bind(1, encode_ids(missing));
      return read_tags(q);
    });
  });
  if (!found.ok()) return found;
  std::sort(found->begin(), found->end(),
            [](const Tag& a, const Tag& b) { return std::tie(a.slug, a.id) < std::tie(b.slug, b.id); });
  return found;
}

Result<std::vector<Tag>> SqlTags::all() {
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string(tag_columns) + "ORDER BY t.slug, t.id");
    return read_tags(q);
  });
}

// --- redirects --------------------------------------------------------------

Result<std::optional<std::string>> SqlRedirects::resolve(SlugKind kind, std::string_view lang,
                                                            std::string_view old_slug) {
  static const char* const current_slug[] = {
      "SELECT slug FROM articles WHERE id = ?", "SELECT slug FROM authors WHERE id = ?",
      "SELECT slug FROM sections WHERE id = ?", "SELECT slug FROM tags WHERE id = ?",
      "SELECT slug FROM projects WHERE id = ?"};
  return db_.read([&](Connection& c) -> Result<std::optional<std::string>> {
    auto q = c.query("SELECT entity_id FROM slug_redirects WHERE kind = ? AND lang = ? AND old_slug = ?");
    q.bind(1, slug_kind_name(kind)).bind(2, lang).bind(3, old_slug);
    if (!q.next()) {
      if (!q.status().ok()) return q.status();
      return std::optional<std::string>();
    }
    int64_t id = q.integer(0);
    auto s = c.query(current_slug[static_cast<int>(kind)]);
    s.bind(1, id);
    if (!s.next()) return s.status().ok() ? Result<std::optional<std::string>>(std::optional<std::string>()) : s.status();
    return std::optional<std::string>(s.text(0));
  });
}

Result<std::vector<SlugRedirect>> SqlRedirects::all() {
  return db_.read([&](Connection& c) -> Result<std::vector<SlugRedirect>> {
    auto q = c.query(
        "SELECT r.kind, r.lang, r.old_slug, coalesce(a.slug, au.slug, s.slug, t.slug, p.slug) AS current "
        "FROM slug_redirects r "
        "LEFT JOIN articles a ON r.kind = 'article' AND a.id = r.entity_id AND a.status = 'published' "
        "LEFT JOIN authors au ON r.kind = 'author' AND au.id = r.entity_id "
        "LEFT JOIN sections s ON r.kind = 'section' AND s.id = r.entity_id "
        "LEFT JOIN tags t ON r.kind = 'tag' AND t.id = r.entity_id "
        "LEFT JOIN projects p ON r.kind = 'project' AND p.id = r.entity_id "
        "WHERE current IS NOT NULL AND current <> r.old_slug ORDER BY r.kind, r.lang, r.old_slug");
    std::vector<SlugRedirect> out;
    while (q.next()) {
      SlugRedirect r;
      std::string kind = q.text(0);
      for (SlugKind k : {SlugKind::article, SlugKind::author, SlugKind::section, SlugKind::tag, SlugKind::project}) {
        if (slug_kind_name(k) == kind) r.kind = k;
      }
      r.lang = q.text(1);
      r.old_slug = q.text(2);
      r.current_slug = q.text(3);
      out.push_back(std::move(r));
    }
    QALAM_RETURN_IF_ERROR(q.status());
    return out;
  });
}

Result<std::optional<std::string>> SqlRedirects::legacy(std::string_view key) {
  return db_.read([&](Connection& c) -> Result<std::optional<std::string>> {
    auto q = c.query("SELECT target FROM legacy_paths WHERE path = ?");
    q.bind(1, key);
    if (q.next()) return std::optional<std::string>(q.text(0));
    if (!q.status().ok()) return q.status();
    return std::optional<std::string>();
  });
}

Result<std::vector<std::pair<std::string, std::string>>> SqlRedirects::all_legacy() {
  return db_.read([&](Connection& c) -> Result<std::vector<std::pair<std::string, std::string>>> {
    auto q = c.query("SELECT path, target FROM legacy_paths ORDER BY path");
    std::vector<std::pair<std::string, std::string>> out;
    while (q.next()) out.emplace_back(q.text(0), q.text(1));
    QALAM_RETURN_IF_ERROR(q.status());
    return out;
  });
}

}  // namespace qalam::store::sql
