// For the store's tests: a piece in `lang` whose slug, translation group, title and
// text come from `slug`, dated 2026-01-10 10:00 UTC and bylined to `author_id`.
#pragma once

#include <string>

#include "core/content.h"
#include "core/time_format.h"

namespace qalam::store::testing {

inline Article test_article(const std::string& slug, int64_t author_id, ArticleStatus status = ArticleStatus::draft,
                            const std::string& lang = "en") {
  Article a;
  a.lang = lang;
  a.translation_group = "g-" + slug;
  a.slug = slug;
  a.title = (lang == "az" ? "Başlıq " : "Title ") + slug;
  a.body = lang == "az" ? "Mətn" : "Text";
  a.status = status;
  a.published_at = a.updated_at = a.created_at = parse_timestamp("2026-01-10T10:00:00Z").value();
  a.author_ids = {author_id};
  return a;
}

}  // namespace qalam::store::testing
