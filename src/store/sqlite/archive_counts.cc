#include "store/sqlite/archive_counts.h"

#include <algorithm>

namespace qalam::store::sqlite {

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

std::string archive_name(const CollapsedArchive& a) { return std::string(a.kind) + ":" + std::to_string(a.value); }

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
  std::vector<CollapsedArchive> touched;
  if (before) touched = archives_of(*before);
  if (before && after && before->translation_group == after->translation_group) {
    // The same group in the same archives: no count changes.
    auto now = archives_of(*after);
    auto names = [](const std::vector<CollapsedArchive>& list) {
      std::vector<std::string> out;
      for (const auto& a : list) out.push_back(archive_name(a));
      std::sort(out.begin(), out.end());
      return out;
    };
    if (names(touched) == names(now)) return Status::ok_status();
  }
  if (after) {
    auto more = archives_of(*after);
    touched.insert(touched.end(), more.begin(), more.end());
  }
  std::sort(touched.begin(), touched.end(), [](const auto& x, const auto& y) { return archive_name(x) < archive_name(y); });
  touched.erase(std::unique(touched.begin(), touched.end(),
                            [](const auto& x, const auto& y) { return archive_name(x) == archive_name(y); }),
                touched.end());
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

}  // namespace qalam::store::sqlite
