#include "store/sql/archive_counts.h"

#include <algorithm>

namespace qalam::store::sql {

std::vector<CollapsedArchive> archives_of(const Article& a) {
  std::vector<CollapsedArchive> out;
  if (a.status != ArticleStatus::published) return out;
  ArticleFilter f;
  f.prefer_lang = a.lang;
  auto add = [&](ArticleFilter narrowed) { out.push_back(*collapsed_archive(narrowed)); };
  for (int64_t id : a.author_ids) {
    ArticleFilter by = f;
    by.author_id = id;
    add(by);
  }
  for (int64_t id : a.tag_ids) {
    ArticleFilter by = f;
    by.tag_id = id;
    add(by);
  }
  if (a.section_id) {
    ArticleFilter by = f;
    by.section_id = a.section_id;
    add(by);
  }
  if (a.featured) {
    ArticleFilter by = f;
    by.featured_only = true;
    add(by);
  }
  return out;
}

void sort_unique(std::vector<CollapsedArchive>& archives) {
  auto key = [](const CollapsedArchive& a) { return std::pair(std::string_view(a.kind), a.value); };
  std::sort(archives.begin(), archives.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
  archives.erase(std::unique(archives.begin(), archives.end(), [&](const auto& x, const auto& y) { return key(x) == key(y); }),
                 archives.end());
}

namespace {

Result<int64_t> count_now(Connection& c, const CollapsedArchive& a) {
  auto q = c.query(std::string("SELECT count(DISTINCT translation_group) FROM ") + a.table + " WHERE " + a.column +
                   " = ?1 AND " + a.published);
  q.bind(1, a.value);
  if (!q.next()) return q.status().ok() ? Status::internal("count returned no row") : q.status();
  return q.integer(0);
}

}  // namespace

Status recount(Connection& c, const CollapsedArchive& archive) {
  auto n = count_now(c, archive);
  if (!n.ok()) return n.status();
  return c.query("INSERT INTO archive_counts (kind, ref, groups) VALUES (?, ?, ?)"
                 " ON CONFLICT (kind, ref) DO UPDATE SET groups = excluded.groups")
      .bind(1, archive.kind).bind(2, archive.value).bind(3, *n).run();
}

Status recount_changed(Connection& c, const Article* before, const Article* after,
                       std::vector<CollapsedArchive>* deferred) {
  std::vector<CollapsedArchive> touched = before ? archives_of(*before) : std::vector<CollapsedArchive>{};
  std::vector<CollapsedArchive> now = after ? archives_of(*after) : std::vector<CollapsedArchive>{};
  sort_unique(touched);
  sort_unique(now);
  auto same = [](const CollapsedArchive& x, const CollapsedArchive& y) {
    return std::string_view(x.kind) == y.kind && x.value == y.value;
  };
  // The same group in the same archives: no count changes.
  if (before && after && before->translation_group == after->translation_group &&
      std::equal(touched.begin(), touched.end(), now.begin(), now.end(), same)) {
    return Status::ok_status();
  }
  touched.insert(touched.end(), now.begin(), now.end());
  sort_unique(touched);
  for (const CollapsedArchive& a : touched) {
    if (deferred) {
      deferred->push_back(a);
    } else {
      QALAM_RETURN_IF_ERROR(recount(c, a));
    }
  }
  return Status::ok_status();
}

Result<int64_t> archive_count(Connection& c, const CollapsedArchive& archive) {
  auto q = c.query("SELECT groups FROM archive_counts WHERE kind = ? AND ref = ?");
  q.bind(1, archive.kind).bind(2, archive.value);
  if (q.next()) return q.integer(0);
  QALAM_RETURN_IF_ERROR(q.status());
  return count_now(c, archive);
}

}  // namespace qalam::store::sql
