#include "store/postgres/search.h"

#include <algorithm>
#include <set>

#include "core/search_terms.h"
#include "core/time_format.h"
#include "store/sql/related_pieces.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::postgres {

using sql::Connection;

namespace {

constexpr int64_t kBoundedMatches = 1024;  // what a search past its budget ranks
constexpr int kMaxPosition = 16383;  // tsvector positions stop here

// A lexeme quoted for a tsvector or tsquery literal.
std::string lexeme(std::string_view term) {
  std::string out = "'";
  for (char ch : term) {
    if (ch == '\'') out += '\'';
    if (ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

// The rows each kind contributes: (lang, title, lead, body) of thing `?`.
const char* rows_of(std::string_view kind) {
  if (kind == "article") return "SELECT lang, title, lead, body FROM articles WHERE status = 'published' AND id = ?";
  if (kind == "press") {
    return "SELECT original_lang, title || ' ' || translated_title, summary, outlet_name FROM press_items WHERE id = ?";
  }
  if (kind == "author") return "SELECT lang, name, bio, '' FROM author_texts WHERE author_id = ?";
  if (kind == "project") return "SELECT lang, title, intro, body FROM project_texts WHERE project_id = ?";
  return nullptr;
}

}  // namespace

std::string tsvector_literal(std::string_view text, char weight, int& position) {
  std::string out;
  for_each_search_term(text, [&](const SearchTerm& t) {
    if (t.text.empty()) return;
    if (!t.variant && position < kMaxPosition) ++position;
    if (!out.empty()) out += ' ';
    out += lexeme(t.text);
    out += ':';
    out += std::to_string(position);
    out += weight;
  }, TermUse::index);
  return out;
}

std::string tsquery_literal(const SearchQuery& query, std::string_view weights) {
  auto compile = [&](const QueryTerm& t) {
    // Words in order, each with its spellings (the terms at one position).
    std::vector<std::vector<std::string>> words;
    for_each_search_term(t.text, [&](const SearchTerm& s) {
      if (s.text.empty()) return;
      if (!s.variant || words.empty()) words.emplace_back();
      std::string alt = lexeme(s.text);
      if (t.prefix || !weights.empty()) alt += ':';
      if (t.prefix) alt += '*';
      alt += weights;
      words.back().push_back(std::move(alt));
    }, t.prefix ? TermUse::prefix : TermUse::query);
    std::string out;
    for (const auto& spellings : words) {
      if (!out.empty()) out += " <-> ";
      out += "(";
      for (size_t i = 0; i < spellings.size(); ++i) out += (i ? " | " : "") + spellings[i];
      out += ")";
    }
    return out;
  };
  std::string wanted, unwanted;
  for (const QueryTerm& t : query.terms) {
    std::string one = compile(t);
    if (one.empty()) continue;
    std::string& into = t.exclude ? unwanted : wanted;
    if (!into.empty()) into += " & ";
    into += t.exclude ? "!(" + one + ")" : "(" + one + ")";
  }
  if (wanted.empty()) return {};
  return unwanted.empty() ? wanted : wanted + " & " + unwanted;
}

MatchMarker::MatchMarker(const SearchQuery& query) {
  for (const QueryTerm& t : query.terms) {
    if (t.exclude) continue;
    for_each_search_term(t.text, [&](const SearchTerm& s) {
      if (t.prefix) {
        prefixes_.push_back(s.text);
      } else {
        words_.insert(s.text);
      }
    }, t.prefix ? TermUse::prefix : TermUse::query);
  }
}

bool MatchMarker::wanted(std::string_view term) const {
  if (words_.contains(term)) return true;
  return std::any_of(prefixes_.begin(), prefixes_.end(), [&](const std::string& p) { return term.starts_with(p); });
}

std::string MatchMarker::mark(std::string_view text, size_t window, bool* matched) const {
  struct Word {
    size_t begin, end;
    bool hit;
  };
  std::vector<Word> words;
  for_each_search_term(text, [&](const SearchTerm& t) {
    if (!t.variant) words.push_back({t.begin, t.end, false});
    if (!words.empty() && !words.back().hit && wanted(t.text)) words.back().hit = true;
  }, TermUse::index);
  size_t first_hit = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].hit) {
      first_hit = i;
      break;
    }
  }
  if (matched) *matched = first_hit < words.size();
  size_t from = 0, to = words.size();  // the words shown
  if (window > 0 && words.size() > window) {
    size_t start = first_hit < words.size() ? first_hit : 0;
    from = start > window / 4 ? start - window / 4 : 0;
    to = std::min(words.size(), from + window);
    if (to - from < window) from = to > window ? to - window : 0;
  }
  std::string out;
  size_t begin = window > 0 && from > 0 ? words[from].begin : 0;
  size_t end = window > 0 && to < words.size() ? words[to - 1].end : text.size();
  if (begin > 0) out += "…";
  size_t at = begin;
  for (size_t i = from; i < to; ++i) {
    if (!words[i].hit) continue;
    out.append(text.substr(at, words[i].begin - at));
    out += search_mark_open;
    out.append(text.substr(words[i].begin, words[i].end - words[i].begin));
    out += search_mark_close;
    at = words[i].end;
  }
  if (at < end) out.append(text.substr(at, end - at));
  if (end < text.size()) out += "…";
  return out;
}

Status PgSearchIndex::index_entity(Connection& c, const char* kind, int64_t id) {
  const char* rows = rows_of(kind);
  if (rows == nullptr) return Status::internal(std::string("no search index rule for ") + kind);
  QALAM_RETURN_IF_ERROR(
      c.query("DELETE FROM search_documents WHERE kind = ? AND ref = ?").bind(1, kind).bind(2, id).run());
  struct Row {
    std::string lang, title, lead, body;
  };
  std::vector<Row> found;
  {
    auto q = c.query(rows);
    q.bind(1, id);
    while (q.next()) found.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
    QALAM_RETURN_IF_ERROR(q.status());
  }
  for (const Row& r : found) {
    int position = 0;
    std::string words = tsvector_literal(r.title, 'A', position);
    for (const auto& [text, weight] : {std::pair{&r.lead, 'B'}, std::pair{&r.body, 'C'}}) {
      std::string more = tsvector_literal(*text, weight, position);
      if (!more.empty()) words += (words.empty() ? "" : " ") + more;
    }
    QALAM_RETURN_IF_ERROR(c.query("INSERT INTO search_documents (kind, ref, lang, title, lead, body, words)"
                                  " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TSVECTOR))"
                                  " ON CONFLICT (kind, ref, lang) DO NOTHING")
                              .bind(1, kind).bind(2, id).bind(3, r.lang).bind(4, r.title).bind(5, r.lead)
                              .bind(6, r.body).bind(7, words)
                              .run());
  }
  return Status::ok_status();
}

Result<std::vector<int64_t>> PgSearchIndex::pieces_with_word(Connection& c, const Article& article,
                                                             std::string_view word, int limit) {
  SearchQuery one;
  one.terms.push_back({std::string(word), false, false, false});
  std::string query = tsquery_literal(one, "AB");
  if (query.empty()) return std::vector<int64_t>{};
  auto q = c.query("SELECT ref FROM search_documents WHERE kind = 'article' AND lang = ? AND ref <> ?"
                   " AND words @@ CAST(? AS TSQUERY) ORDER BY ref DESC LIMIT ?");
  q.bind(1, article.lang).bind(2, article.id).bind(3, query).bind(4, int64_t{limit});
  std::vector<int64_t> ids;
  while (q.next()) ids.push_back(q.integer(0));
  if (!q.status().ok()) return q.status();
  return ids;
}

Result<SearchResults> PgSearch::search(const SearchRequest& r) {
  const std::string query = tsquery_literal(r.query);
  if (query.empty()) return SearchResults{};
  const bool filtered = r.section_id || r.author_id || r.from || r.to;
  // ?1 the query, ?2 the language, ?3 section, ?4 author, ?5 from, ?6 to.
  std::string where = " WHERE s.words @@ CAST(?1 AS TSQUERY)";
  // The language is tested on the rows the word index finds: written as a plain
  // comparison, PostgreSQL would read every document of the language through the
  // primary key as well (2 ms at 20,000 documents), or scan the whole table (over 20).
  if (!r.all_languages) where += " AND s.lang || '' = ?2";
  if (filtered) {
    where += " AND s.kind = 'article' AND s.ref IN (SELECT f.id FROM articles f WHERE f.status = 'published'";
    if (r.section_id) where += " AND f.section_id = CAST(?3 AS BIGINT)";
    if (r.from) where += " AND f.published_at >= CAST(?5 AS BIGINT)";
    if (r.to) where += " AND f.published_at < CAST(?6 AS BIGINT)";
    if (r.author_id) where += " AND f.id IN (SELECT x.article_id FROM article_authors x WHERE x.author_id = CAST(?4 AS BIGINT))";
    where += ")";
  }
  const std::string dated_joins =
      " LEFT JOIN articles a ON s.kind = 'article' AND a.id = s.ref"
      " LEFT JOIN press_items p ON s.kind = 'press' AND p.id = s.ref";
  // The language is named in the conditions (one language) or in the order (all,
  // the asked one first): the count binds it only for the first.
  auto bind_all = [&](sql::Query& q, bool ordered) {
    q.bind(1, query);
    if (!r.all_languages || ordered) q.bind(2, r.lang);
    if (r.section_id) q.bind(3, r.section_id);
    if (r.author_id) q.bind(4, r.author_id);
    if (r.from) q.bind(5, to_unix(*r.from));
    if (r.to) q.bind(6, to_unix(*r.to));
  };
  const std::string at = "coalesce(a.published_at, p.published_on, 0)";
  // The matches: all of them, or (`bounded`, the search ran out of its budget) only
  // the first kBoundedMatches.
  auto matches = [&](bool bounded, const std::string& joins = {}) {
    return bounded ? "(SELECT * FROM search_documents s" + where + " LIMIT " + std::to_string(kBoundedMatches) + ") s" + joins
                   : "search_documents s" + joins + where;
  };
  // One statement counts the matches and ranks the page. The page is chosen from
  // the documents' keys alone (their texts, addresses and dates are read for its
  // rows only): ranked by relevance, or by date (the only order that needs a join).
  auto page_sql = [&](bool bounded) {
    const std::string key = r.newest_first ? at : "ts_rank('{0.1, 0.1, 0.5, 1.0}', s.words, CAST(?1 AS TSQUERY))";
    const std::string first = r.all_languages ? "(s.lang <> ?2)" : "FALSE";
    const std::string page =
        "SELECT s.kind, s.ref, s.lang, count(*) OVER () AS total, " + first + " AS other, " + key + " AS key FROM " +
        matches(bounded, r.newest_first ? dated_joins : "") + " ORDER BY other, key DESC, s.kind, s.ref, s.lang" +
        " LIMIT ?7 OFFSET ?8";
    return "SELECT h.kind, h.ref, h.lang, coalesce(a.slug, p.original_url, au.slug, pr.slug), " + at +
           ", s.title, s.lead, s.body, h.total FROM (" + page + ") h"
           " JOIN search_documents s ON s.kind = h.kind AND s.ref = h.ref AND s.lang = h.lang"
           " LEFT JOIN articles a ON h.kind = 'article' AND a.id = h.ref"
           " LEFT JOIN press_items p ON h.kind = 'press' AND p.id = h.ref"
           " LEFT JOIN authors au ON h.kind = 'author' AND au.id = h.ref"
           " LEFT JOIN projects pr ON h.kind = 'project' AND pr.id = h.ref"
           " ORDER BY h.other, h.key DESC, h.kind, h.ref, h.lang";
  };
  const MatchMarker marker(r.query);
  auto run = [&](Connection& c, bool bounded) -> Result<SearchResults> {
    SearchResults out;
    auto page = c.query(page_sql(bounded));
    bind_all(page, true);
    page.bind(7, int64_t{std::max(0, r.limit)}).bind(8, int64_t{std::max(0, r.offset)});
    while (page.next()) {
      out.total = page.integer(8);
      bool lead_matched = false;
      std::string lead = marker.mark(page.text(6), 24, &lead_matched);
      std::string snippet = lead;
      if (!lead_matched) {
        bool body_matched = false;
        std::string body = marker.mark(page.text(7), 24, &body_matched);
        if (body_matched) snippet = std::move(body);
      }
      out.hits.push_back(SearchHit{page.text(0), page.integer(1), page.text(2), page.text(3),
                                   from_unix(page.integer(4)), marker.mark(page.text(5), 0), std::move(snippet)});
    }
    QALAM_RETURN_IF_ERROR(page.status());
    if (out.hits.empty()) {  // a page past the last match (or none asked): the count alone
      auto count = c.query("SELECT count(*) FROM " + matches(bounded));
      bind_all(count, false);
      if (!count.next()) return count.status();
      out.total = count.integer(0);
    }
    out.total_is_lower_bound = bounded && out.total >= kBoundedMatches;
    return out;
  };
  return db_.read([&](Connection& c) -> Result<SearchResults> {
    // The whole search within its budget (the server cancels it past that), or else
    // the best of the first matches, as SQLite's search does.
    if (r.budget.count() > 0) {
      QALAM_RETURN_IF_ERROR(c.exec("BEGIN READ ONLY; SET LOCAL statement_timeout = " +
                                   std::to_string(r.budget.count())));
      auto whole = run(c, false);
      QALAM_RETURN_IF_ERROR(c.exec(whole.ok() ? "COMMIT" : "ROLLBACK"));
      // Cancelled is "unavailable"; a server that is truly gone fails the bounded
      // search below as well, and that failure is the answer.
      if (whole.ok() || whole.status().code() != StatusCode::unavailable) return whole;
    }
    return run(c, true);
  });
}

Status PgSearch::reindex(const std::function<void(size_t, size_t)>& on_progress) {
  return db_.write([&](Connection& c) -> Status {
    return sql::reindex_everything(
        c, [&] { return c.exec("DELETE FROM search_documents"); }, [] { return Status::ok_status(); }, on_progress);
  });
}

}  // namespace qalam::store::postgres
