// The archives of every language (an author's, a tag's, a section's, the featured
// pieces), one piece per translation group, and how many groups each holds: counted
// when a write changes an archive and kept (archive_counts, migration 0018), so an
// archive page's count is one row instead of a walk over every entry of the archive
// (1-4 ms for an archive of thousands, on every page of it; bench/RESULTS.md).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/content.h"
#include "core/status.h"
#include "store/repositories.h"
#include "store/sql/connection.h"

namespace qalam::store::sql {

// An archive of every language, one piece per translation group (the preferred
// language's when the group has it, else its newest): an author's or a tag's from its
// link rows, a section's and the featured pieces from the articles (migration 0015). Walks the archive in time order and keeps
// a row unless a better piece of its group is in the same archive, so a page reads
// about as many index entries as it shows (migration 0011's indexes).
struct CollapsedArchive {
  const char* kind;       // author, tag, section, featured (archive_counts.kind)
  const char* table;      // article_authors, article_tags, articles
  const char* column;     // author_id, tag_id, section_id
  const char* published;  // the condition a published row meets
  const char* id;         // article_id, id
  int64_t value;
};

inline std::optional<CollapsedArchive> collapsed_archive(const ArticleFilter& f) {
  if (!f.lang.empty() || f.prefer_lang.empty() || f.published_since) return std::nullopt;
  int narrowed = (f.author_id != 0) + (f.tag_id != 0) + (f.section_id != 0) + f.featured_only;
  if (narrowed != 1) return std::nullopt;
  if (f.featured_only) return CollapsedArchive{"featured", "articles", "featured", "status = 'published'", "id", 1};
  if (f.author_id) return CollapsedArchive{"author", "article_authors", "author_id", "published = 1", "article_id", f.author_id};
  if (f.tag_id) return CollapsedArchive{"tag", "article_tags", "tag_id", "published = 1", "article_id", f.tag_id};
  return CollapsedArchive{"section", "articles", "section_id", "status = 'published'", "id", f.section_id};
}


// The archives a piece is listed in (none while it is not published).
std::vector<CollapsedArchive> archives_of(const Article& a);

// Sorts `archives` and leaves each archive once.
void sort_unique(std::vector<CollapsedArchive>& archives);

// Counts the archive's groups again and keeps the number.
Status recount(Connection& c, const CollapsedArchive& archive);

// Recounts the archives a write from `before` to `after` changes (either may be
// null); with `deferred`, adds them there instead (a batch recounts once at its end).
Status recount_changed(Connection& c, const Article* before, const Article* after,
                       std::vector<CollapsedArchive>* deferred);

// The kept count of the archive's groups; counted now when none is kept.
Result<int64_t> archive_count(Connection& c, const CollapsedArchive& archive);

}  // namespace qalam::store::sql
