#include "store/sql/related_pieces.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/text.h"
#include "store/change_keys.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {
namespace {

// The distinctive words of a text, folded: its longest words of four letters or more,
// common ones left out, longest first.
std::vector<std::string> distinctive_words(std::string_view text, size_t how_many) {
  static const std::set<std::string, std::less<>> common = {
      "about", "after", "also", "amid", "and", "been", "between", "from", "have", "into", "more", "over", "than",
      "that", "their", "there", "these", "this", "what", "when", "which", "while", "will", "with", "ucun", "ile",
      "olan", "kimi", "daha", "этот", "того", "который", "после", "более", "также"};
  std::set<std::string> words;
  for (std::string& w : split_words(fold(text))) {
    if (w.size() >= 4 && !common.contains(w)) words.insert(std::move(w));
  }
  // The longest words are the most distinctive ones, as a rule.
  std::vector<std::string> chosen(words.begin(), words.end());
  std::stable_sort(chosen.begin(), chosen.end(), [](const std::string& x, const std::string& y) { return x.size() > y.size(); });
  if (chosen.size() > how_many) chosen.resize(how_many);
  return chosen;
}

}  // namespace

Result<std::vector<int64_t>> compute_related(Connection& c, const Article& article, int limit) {
    std::map<int64_t, double> score;
    // Shared tags weigh twice the section. Per tag, only its newest hundred pieces of
    // the language are candidates: a tag on thousands of pieces must not cost
    // thousands of rows.
    std::vector<int64_t> tags;
    auto t = c.query("SELECT tag_id FROM article_tags WHERE article_id = ?");
    t.bind(1, article.id);
    while (t.next()) tags.push_back(t.integer(0));
    QALAM_RETURN_IF_ERROR(t.status());
    for (int64_t tag : tags) {
      auto q = c.query("SELECT article_id FROM article_tags WHERE tag_id = ?1 AND lang = ?2 AND published = 1"
                       " AND article_id != ?3 ORDER BY published_at DESC, article_id DESC LIMIT 100");
      q.bind(1, tag).bind(2, article.lang).bind(3, article.id);
      while (q.next()) score[q.integer(0)] += 2.0;
      QALAM_RETURN_IF_ERROR(q.status());
    }
    auto q = c.query("SELECT id FROM articles WHERE section_id = ?1 AND lang = ?2 AND status = 'published' AND id != ?3"
                     " ORDER BY published_at DESC LIMIT 50");
    q.bind(1, article.section_id).bind(2, article.lang).bind(3, article.id);
    while (q.next()) score[q.integer(0)] += 1.0;
    QALAM_RETURN_IF_ERROR(q.status());

    // Text similarity: each of the article's six most distinctive words (title and lead)
    // that a candidate shares is worth 1.5 (four as much as three shared tags).
    const std::vector<std::string> words = distinctive_words(article.title + " " + article.lead, 6);
    constexpr size_t compared = 30;
    if (score.size() >= static_cast<size_t>(3 * limit)) {
      // Enough candidates from tags and section: the best 30 of them are compared by
      // their words (one read of 30 rows; searching the index for similar pieces read
      // whole posting lists and cost ~90% of an uncached article page on a large site).
      std::vector<std::pair<double, int64_t>> best;
      for (const auto& [id, value] : score) best.emplace_back(value, id);
      std::sort(best.begin(), best.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second > y.second;
      });
      if (best.size() > compared) best.resize(compared);
      std::vector<int64_t> ids;
      for (const auto& b : best) ids.push_back(b.second);
      auto texts = c.query("SELECT id, title, lead FROM articles WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))");
      texts.bind(1, encode_ids(ids));
      while (texts.next()) {
        std::vector<std::string> theirs = split_words(fold(texts.text(1) + " " + texts.text(2)));
        std::set<std::string_view> own(theirs.begin(), theirs.end());
        for (const std::string& w : words) {
          if (own.contains(w)) score[texts.integer(0)] += 1.5;
        }
      }
      QALAM_RETURN_IF_ERROR(texts.status());
    } else {
      // Few candidates (a piece without tags, a small site): the search index finds
      // pieces sharing the distinctive words, the newest 30 per word.
      for (size_t i = 0; i < words.size() && i < 4; ++i) {
        auto similar = c.search_index().pieces_with_word(c, article, words[i], 30);
        if (!similar.ok()) return similar.status();
        for (int64_t id : *similar) score[id] += 1.5;
      }
    }
    std::vector<std::pair<double, int64_t>> ranked;
    for (const auto& [id, value] : score) ranked.emplace_back(value, id);
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    std::vector<int64_t> ids;
    for (size_t i = 0; i < ranked.size() && static_cast<int>(ids.size()) < limit; ++i) ids.push_back(ranked[i].second);
  return ids;
}

Status keep_related(Connection& c, int64_t id, bool neighbours) {
  auto article = read_article(c, id, false);
  if (!article.ok()) return article.status();
  std::vector<int64_t> now;
  if (*article && (*article)->status == ArticleStatus::published) {
    auto ids = compute_related(c, **article, kept_related);
    if (!ids.ok()) return ids.status();
    now = std::move(ids).value();
  }
  std::vector<int64_t> before;
  {
    // Closed before the neighbours' turn: they run the same statement.
    auto q = c.query("SELECT related_id FROM article_related WHERE article_id = ? ORDER BY position");
    q.bind(1, id);
    while (q.next()) before.push_back(q.integer(0));
    QALAM_RETURN_IF_ERROR(q.status());
  }
  if (now != before) {
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM article_related WHERE article_id = ?").bind(1, id).run());
    if (!now.empty()) {
      // One statement for the list (one round trip on PostgreSQL): ?1 the piece, then
      // the related pieces in order; a statement for each length a list has.
      std::string sql = "INSERT INTO article_related (article_id, position, related_id) VALUES ";
      for (size_t i = 0; i < now.size(); ++i) {
        sql += (i ? ", (?1, " : "(?1, ") + std::to_string(i) + ", ?" + std::to_string(i + 2) + ")";
      }
      auto insert = c.query(sql);
      insert.bind(1, id);
      for (size_t i = 0; i < now.size(); ++i) insert.bind(static_cast<int>(i) + 2, now[i]);
      QALAM_RETURN_IF_ERROR(insert.run());
    }
    c.changed({change_keys::article(id)});
  }
  if (neighbours) {
    for (int64_t other : now) QALAM_RETURN_IF_ERROR(keep_related(c, other, false));
  }
  return Status::ok_status();
}

Status keep_related_of(Connection& c, const std::vector<int64_t>& ids, bool older, const std::function<Status()>& on_step) {
  for (int64_t id : ids) {
    QALAM_RETURN_IF_ERROR(keep_related(c, id, false));
    if (on_step) QALAM_RETURN_IF_ERROR(on_step());
  }
  if (!older) return Status::ok_status();
  std::unordered_set<int64_t> batch(ids.begin(), ids.end());
  std::set<int64_t> neighbours;  // ordered: the same work in the same order every run
  for (int64_t id : ids) {
    auto q = c.query("SELECT related_id FROM article_related WHERE article_id = ?");
    q.bind(1, id);
    while (q.next()) {
      if (!batch.contains(q.integer(0))) neighbours.insert(q.integer(0));
    }
    QALAM_RETURN_IF_ERROR(q.status());
  }
  for (int64_t other : neighbours) QALAM_RETURN_IF_ERROR(keep_related(c, other, false));
  return Status::ok_status();
}

Status reindex_everything(Connection& c, const std::function<Status()>& clear, const std::function<Status()>& indexed,
                          const std::function<void(size_t, size_t)>& on_progress) {
  std::vector<std::pair<const char*, int64_t>> all;
  for (const auto& [kind, table] : {std::pair{"article", "SELECT id FROM articles WHERE status = 'published'"},
                                    std::pair{"press", "SELECT id FROM press_items"},
                                    std::pair{"author", "SELECT id FROM authors"},
                                    std::pair{"project", "SELECT id FROM projects"}}) {
    auto q = c.query(table);
    while (q.next()) all.emplace_back(kind, q.integer(0));
    QALAM_RETURN_IF_ERROR(q.status());
  }
  QALAM_RETURN_IF_ERROR(clear());
  // Then the related pieces kept beside every published piece, which read the index:
  // one more step per piece.
  std::vector<int64_t> pieces;
  for (const auto& [kind, id] : all) {
    if (std::string_view(kind) == "article") pieces.push_back(id);
  }
  const size_t total = all.size() + pieces.size();
  for (size_t i = 0; i < all.size(); ++i) {
    QALAM_RETURN_IF_ERROR(c.search_index().index_entity(c, all[i].first, all[i].second));
    if (on_progress && ((i + 1) % 1000 == 0)) on_progress(i + 1, total);
  }
  QALAM_RETURN_IF_ERROR(indexed());
  QALAM_RETURN_IF_ERROR(c.exec("DELETE FROM article_related"));
  for (size_t i = 0; i < pieces.size(); ++i) {
    QALAM_RETURN_IF_ERROR(keep_related(c, pieces[i], false));
    if (on_progress && ((i + 1) % 1000 == 0 || i + 1 == pieces.size())) on_progress(all.size() + i + 1, total);
  }
  if (on_progress && pieces.empty()) on_progress(total, total);
  return Status::ok_status();
}

}  // namespace qalam::store::sql
