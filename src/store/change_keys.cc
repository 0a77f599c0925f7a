#include "store/change_keys.h"

#include <algorithm>
#include <charconv>

#include "core/link_rule.h"

namespace qalam::store::change_keys {
namespace {

bool visible(const Article* a) { return a != nullptr && a->status == ArticleStatus::published; }

// The lists a published piece is in.
void add_lists(std::vector<std::string>& keys, const Article& a) {
  ArticleFilter f;
  f.lang = a.lang;
  keys.push_back(articles(f));
  // The language's list narrowed one way.
  auto narrowed = [&](auto narrow) {
    ArticleFilter by = f;
    narrow(by);
    keys.push_back(articles(by));
  };
  // Archives show every language: the same lists without a language.
  for (const std::string& lang : {a.lang, std::string()}) {
    f.lang = lang;
    for (int64_t id : a.author_ids) narrowed([id](ArticleFilter& by) { by.author_id = id; });
    if (a.section_id) narrowed([&](ArticleFilter& by) { by.section_id = a.section_id; });
    for (int64_t id : a.tag_ids) narrowed([id](ArticleFilter& by) { by.tag_id = id; });
    if (a.featured) narrowed([](ArticleFilter& by) { by.featured_only = true; });
  }
}

bool same_lists(const Article& a, const Article& b) {
  return a.lang == b.lang && a.translation_group == b.translation_group && a.author_ids == b.author_ids && a.section_id == b.section_id && a.tag_ids == b.tag_ids &&
         a.featured == b.featured && a.published_at == b.published_at;
}

}  // namespace

std::optional<int64_t> id_in(std::string_view key, std::string_view prefix) {
  if (!key.starts_with(prefix) || key.size() == prefix.size()) return std::nullopt;
  int64_t id = 0;
  const char* end = key.data() + key.size();
  auto [at, error] = std::from_chars(key.data() + prefix.size(), end, id);
  if (error != std::errc() || at != end) return std::nullopt;
  return id;
}

std::string articles(const ArticleFilter& f) {
  std::string key = "articles:" + f.lang;
  if (f.author_id) key += ":author:" + std::to_string(f.author_id);
  if (f.section_id) key += ":section:" + std::to_string(f.section_id);
  if (f.tag_id) key += ":tag:" + std::to_string(f.tag_id);
  if (f.featured_only) key += ":featured";
  return key;
}

void add_shown(std::vector<std::string>& keys, const std::vector<Article>& shown) {
  for (const Article& a : shown) {
    keys.push_back(article(a.id));
    if (std::string name = media_name(a.image); !name.empty()) keys.push_back(media(name));
    for (int64_t id : a.author_ids) keys.push_back(author(id));
    if (a.section_id) keys.push_back(section(a.section_id));
  }
}

std::vector<std::string> article_change(const Article* before, const Article* after) {
  std::vector<std::string> keys;
  if (!visible(before) && !visible(after)) return keys;
  const Article& any = visible(after) ? *after : *before;
  keys.push_back(article(any.id));
  keys.push_back(sitemap);  // lastmod, or the piece itself
  keys.push_back(group(any.translation_group));
  if (visible(before)) keys.push_back(group(before->translation_group));
  bool lists = !(visible(before) && visible(after) && same_lists(*before, *after));
  if (lists) {
    if (visible(before)) add_lists(keys, *before);
    if (visible(after)) add_lists(keys, *after);
  }
  if (!(visible(before) && visible(after) && before->slug == after->slug)) keys.push_back(redirects);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace qalam::store::change_keys
