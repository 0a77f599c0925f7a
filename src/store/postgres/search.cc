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
constexpr int64_t kCountedMatches = 1000;  // past this a total is told as "at least"
constexpr int kMaxPosition = 16383;  // tsvector positions stop here

// A lexeme quoted for a tsvector or tsquery literal: `term` in language `lang`,
// "en#shusha" (a language never holds '#').
std::string lexeme(std::string_view lang, std::string_view term) {
  std::string out = "'";
  auto append = [&](std::string_view text) {
    for (char ch : text) {
      if (ch == '\'' || ch == '\\') out += ch;
      out += ch;
    }
  };
  append(lang);
  out += '#';
  append(term);
  return out + "'";
}

// The rows each kind contributes: (lang, title, lead, body, date, section) of thing `?`.
const char* rows_of(std::string_view kind) {
  if (kind == "article") {
    return "SELECT lang, title, lead, body, published_at, coalesce(section_id, 0) FROM articles"
           " WHERE status = 'published' AND id = ?";
  }
  if (kind == "press") {
    return "SELECT original_lang, title || ' ' || translated_title, summary, outlet_name, published_on, 0"
           " FROM press_items WHERE id = ?";
  }
  if (kind == "author") return "SELECT lang, name, bio, '', 0, 0 FROM author_texts WHERE author_id = ?";
  if (kind == "project") return "SELECT lang, title, intro, body, 0, 0 FROM project_texts WHERE project_id = ?";
  return nullptr;
}

}  // namespace

std::string tsvector_literal(std::string_view text, std::string_view lang, char weight, int& position) {
  std::string out;
  for_each_search_term(text, [&](const SearchTerm& t) {
    if (t.text.empty()) return;
    if (!t.variant && position < kMaxPosition) ++position;
    if (!out.empty()) out += ' ';
    out += lexeme(lang, t.text);
    out += ':';
    out += std::to_string(position);
    out += weight;
  }, TermUse::index);
  return out;
}

std::string tsquery_literal(const SearchQuery& query, const std::vector<std::string>& languages,
                            std::string_view weights, Terms joined) {
  auto compile = [&](const QueryTerm& t) {
    // Words in order, each with its spellings (the terms at one position).
    std::vector<std::vector<std::string>> words;
    for_each_search_term(t.text, [&](const SearchTerm& s) {
      if (s.text.empty()) return;
      if (!s.variant || words.empty()) words.emplace_back();
      for (const std::string& lang : languages) {
        std::string alt = lexeme(lang, s.text);
        if (t.prefix || !weights.empty()) alt += ':';
        if (t.prefix) alt += '*';
        alt += weights;
        words.back().push_back(std::move(alt));
      }
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
    if (t.exclude && joined == Terms::any) continue;
    std::string one = compile(t);
    if (one.empty()) continue;
    std::string& into = t.exclude ? unwanted : wanted;
    if (!into.empty()) into += joined == Terms::any ? " | " : " & ";
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
    int64_t dated, section;
  };
  std::vector<Row> found;
  {
    auto q = c.query(rows);
    q.bind(1, id);
    while (q.next()) found.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4), q.integer(5)});
    QALAM_RETURN_IF_ERROR(q.status());
  }
  auto join = [](std::string& into, const std::string& more) {
    if (!more.empty()) into += (into.empty() ? "" : " ") + more;
  };
  for (const Row& r : found) {
    int position = 0;
    std::string heads = tsvector_literal(r.title, r.lang, 'A', position);  // the title and lead: `heads`
    join(heads, tsvector_literal(r.lead, r.lang, 'B', position));
    std::string words = heads;
    join(words, tsvector_literal(r.body, r.lang, 'C', position));
    QALAM_RETURN_IF_ERROR(c.query("WITH known AS (INSERT INTO search_languages (lang) VALUES (?3) ON CONFLICT DO NOTHING)"
                                  " INSERT INTO search_documents (kind, ref, lang, title, lead, body, words, heads, dated,"
                                  " section_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS TSVECTOR), CAST(?8 AS TSVECTOR), ?9, ?10)"
                                  " ON CONFLICT (kind, ref, lang) DO NOTHING")
                              .bind(1, kind).bind(2, id).bind(3, r.lang).bind(4, r.title).bind(5, r.lead)
                              .bind(6, r.body).bind(7, words).bind(8, heads).bind(9, r.dated).bind(10, r.section)
                              .run());
  }
  return Status::ok_status();
}

Result<std::vector<int64_t>> PgSearchIndex::pieces_with_word(Connection& c, const Article& article,
                                                             std::string_view word, int limit) {
  SearchQuery one;
  one.terms.push_back({std::string(word), false, false, false});
  std::string query = tsquery_literal(one, {article.lang}, "AB");
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
  // The query's words in the asked language; in every language the index holds, when
  // all are searched, compiled again once those are read (in the search's own read).
  // Whether one term decides is the same in any language.
  SearchQuery whole_words = r.query;
  for (QueryTerm& t : whole_words.terms) t.prefix = false;
  struct Compiled {
    std::string query;      // what a match holds
    std::string ranked_by;  // the wanted terms ORed: what the ranking counts
    // Some of what `ranked_by` and `query` find, whole words only: a count to
    // kCountedMatches through them reads a third of the index a prefix does, and is
    // still a lower bound.
    std::string some_ranked_by, some_of_query;
  };
  auto compile = [&](const std::vector<std::string>& languages) {
    return Compiled{tsquery_literal(r.query, languages), tsquery_literal(r.query, languages, "", Terms::any),
                    tsquery_literal(whole_words, languages, "", Terms::any), tsquery_literal(whole_words, languages)};
  };
  Compiled q = compile({r.lang});
  if (q.query.empty()) return SearchResults{};
  const bool one_term = q.ranked_by == q.query;
  const bool filtered = r.section_id || r.author_id || r.from || r.to;
  // ?1 the query, ?2 the language, ?3 section, ?4 author, ?5 from, ?6 to, ?7 how many
  // rows, ?8 the query's terms ORed (what the ranking counts).
  std::string where = " WHERE s.words @@ CAST(?1 AS TSQUERY)";
  // The language is tested on the rows the word index finds: written as a plain
  // comparison, PostgreSQL would read every document of the language through the
  // primary key as well (2 ms at 20,000 documents), or scan the whole table (over 20).
  const std::string in_language = r.all_languages ? "" : " AND s.lang || '' = ?2";
  where += in_language;
  if (filtered) {
    // A piece's section and date are kept in its document (the matches are not looked
    // up in articles one by one: 7 µs each).
    where += " AND s.kind = 'article'";
    if (r.section_id) where += " AND s.section_id = CAST(?3 AS BIGINT)";
    if (r.from) where += " AND s.dated >= CAST(?5 AS BIGINT)";
    if (r.to) where += " AND s.dated < CAST(?6 AS BIGINT)";
    if (r.author_id) where += " AND s.ref IN (SELECT x.article_id FROM article_authors x WHERE x.author_id = CAST(?4 AS BIGINT))";
  }
  // The matches: all of them, or (`bounded`, the search ran out of its budget) only
  // the first kBoundedMatches; a group's conditions follow with " AND …".
  auto matches = [&](bool bounded) {
    return bounded ? "(SELECT * FROM search_documents s" + where + " LIMIT " + std::to_string(kBoundedMatches) +
                         ") s WHERE TRUE"
                   : "search_documents s" + where;
  };
  // The order of the results: in the asked language first (when all are searched),
  // then, by relevance, the matches whose title or lead name a term, ranked by what
  // those say (ts_rank over `heads`, small and kept in the row), then the matches
  // naming the terms only in their body, newest first. Or newest first throughout.
  // Never the whole text's words: those are read from TOAST, ~4 µs a match, and a word
  // most pieces hold has tens of thousands.
  //
  // The results are read as groups, one after the other until the page is full, each
  // counting its matches as it ranks them. Usually one group per language: every match,
  // its key 0 when its title and lead name no term. But one term and no filter (a
  // reader's usual query): a title or lead naming it is a match, so those are found
  // through `heads` alone and ranked first, and the rest are read only for a page past
  // them (the text's index lists every piece holding a common word: 0.5 µs each).
  // Past kCountedMatches matches, none of this: see groups_of.
  const std::string heads_rank = "ts_rank('{0.1, 0.1, 0.5, 1.0}', s.heads, CAST(?8 AS TSQUERY))";
  const bool heads_decide = !filtered && one_term && !r.newest_first;
  struct Group {
    std::string conditions, key;
    bool decides = false;  // conditions that alone make a match
    bool by_date = false;  // read newest first through the date's index, not counted
  };
  struct LanguageGroups {
    std::vector<Group> groups;
    bool many = false;  // more than kCountedMatches matches: the total is that, at least
  };
  // Each language's conditions: the asked one, then the others, when all are searched.
  const std::vector<std::string> language_parts =
      r.all_languages ? std::vector<std::string>{" AND s.lang = ?2", " AND s.lang <> ?2"} : std::vector<std::string>{""};
  auto bind_all = [&](sql::Query& statement, bool with_language) {
    statement.bind(1, q.query);
    if (with_language) statement.bind(2, r.lang);
    if (r.section_id) statement.bind(3, r.section_id);
    if (r.author_id) statement.bind(4, r.author_id);
    if (r.from) statement.bind(5, to_unix(*r.from));
    if (r.to) statement.bind(6, to_unix(*r.to));
  };
  // One language's groups. Without a filter, the asked language's matches are counted
  // first, to kCountedMatches, through whole words (Compiled::some_ranked_by and
  // some_of_query), in the titles and leads for one term, in the texts for more. Past that (`many`), ranking them all costs
  // more than a reader gains (30 ms for a word in a fifth of the leads), so they come
  // newest first, those naming a term in their title or lead before the others, read in
  // date order until the page is full.
  auto groups_of = [&](Connection& c, const std::string& language, bool bounded) -> Result<LanguageGroups> {
    if (r.newest_first) return LanguageGroups{{{language, "s.dated"}}};
    LanguageGroups ranked;
    if (heads_decide) {
      ranked.groups = {{language + " AND s.heads @@ CAST(?8 AS TSQUERY)", heads_rank, true},
                       {language + " AND NOT s.heads @@ CAST(?8 AS TSQUERY)", "0"}};
    } else {
      ranked.groups = {{language, "CASE WHEN s.heads @@ CAST(?8 AS TSQUERY) THEN " + heads_rank + " ELSE 0 END"}};
    }
    const bool asked_language = language.empty() || language == language_parts.front();
    if (filtered || bounded || !asked_language) return ranked;
    auto counted = c.query(std::string("SELECT count(*) FROM (SELECT FROM search_documents s WHERE s.lang || '' = ?2 AND ") +
                           (heads_decide ? "s.heads" : "s.words") + " @@ CAST(?1 AS TSQUERY) LIMIT " +
                           std::to_string(kCountedMatches + 1) + ") m");
    counted.bind(1, heads_decide ? q.some_ranked_by : q.some_of_query).bind(2, r.lang);
    if (!counted.next()) return counted.status();
    if (counted.integer(0) <= kCountedMatches) return ranked;
    // Written as CASE, the conditions keep the planner off the word indexes (it cannot
    // estimate them, so a walk through the language's dates that stops at the page's
    // last looks as cheap as it is), and the titles and leads are tested first: they are
    // in the row, while the text's words are read from TOAST.
    const std::string same_language = " AND s.lang = ?2";
    if (heads_decide) {
      return LanguageGroups{
          {{same_language + " AND CASE WHEN s.heads @@ CAST(?8 AS TSQUERY) THEN TRUE ELSE FALSE END", "0", false, true},
           ranked.groups.back()},
          true};
    }
    return LanguageGroups{
        {{same_language + " AND CASE WHEN s.heads @@ CAST(?8 AS TSQUERY) THEN s.words @@ CAST(?1 AS TSQUERY) ELSE FALSE END",
          "0", false, true},
         {same_language + " AND CASE WHEN s.heads @@ CAST(?8 AS TSQUERY) THEN FALSE ELSE s.words @@ CAST(?1 AS TSQUERY) END",
          "0", false, true}},
        true};
  };
  // A group's best `?7`: chosen from the documents' keys alone, their texts and
  // addresses read for those rows only.
  auto group_sql = [&](bool bounded, const Group& g) {
    std::string page;
    if (g.by_date) {
      page = "SELECT s.kind, s.ref, s.lang, s.dated, 0 AS key, 0 AS total FROM search_documents s WHERE TRUE" +
             g.conditions + " ORDER BY s.dated DESC, s.kind, s.ref, s.lang LIMIT ?7";
    } else {
      const std::string from = g.decides && !bounded ? "search_documents s WHERE TRUE" + in_language : matches(bounded);
      // The group's size is counted over its keys alone (OFFSET 0 keeps the ranking
      // below the count, which would otherwise hold every row's `heads` to rank them after).
      const std::string keyed = "SELECT s.kind, s.ref, s.lang, s.dated, " + g.key + " AS key FROM " + from +
                                g.conditions + " OFFSET 0";
      page = "SELECT k.*, count(*) OVER () AS total FROM (" + keyed + ") k"
             " ORDER BY k.key DESC, k.dated DESC, k.kind, k.ref, k.lang LIMIT ?7";
    }
    return "SELECT h.kind, h.ref, h.lang, coalesce(a.slug, p.original_url, au.slug, pr.slug), h.dated,"
           " s.title, s.lead, s.body, h.total FROM (" + page + ") h"
           " JOIN search_documents s ON s.kind = h.kind AND s.ref = h.ref AND s.lang = h.lang"
           " LEFT JOIN articles a ON h.kind = 'article' AND a.id = h.ref"
           " LEFT JOIN press_items p ON h.kind = 'press' AND p.id = h.ref"
           " LEFT JOIN authors au ON h.kind = 'author' AND au.id = h.ref"
           " LEFT JOIN projects pr ON h.kind = 'project' AND pr.id = h.ref"
           " ORDER BY h.key DESC, h.dated DESC, h.kind, h.ref, h.lang";
  };
  const MatchMarker marker(r.query);
  const size_t offset = static_cast<size_t>(std::max(0, r.offset));
  const size_t wanted = offset + static_cast<size_t>(std::max(0, r.limit));
  auto run = [&](Connection& c, bool bounded) -> Result<SearchResults> {
    SearchResults out;
    int64_t counted = 0;     // the matches of the groups read
    int64_t decided = 0;     // of those, in groups that decide alone
    size_t seen = 0;         // rows of the groups read so far, the page's and those before it
    bool every_group = true;  // every group read (none left once the page was full)
    bool many = false;        // a language's matches counted past kCountedMatches
    for (const std::string& language : language_parts) {
      if (seen >= wanted) {
        every_group = false;
        break;
      }
      auto read = groups_of(c, language, bounded);
      if (!read.ok()) return read.status();
      many = many || read->many;
      for (const Group& g : read->groups) {
        if (seen >= wanted) {
          every_group = false;
          break;
        }
        auto page = c.query(group_sql(bounded, g));
        bind_all(page, true);
        page.bind(7, static_cast<int64_t>(wanted - seen));
        if (!r.newest_first) page.bind(8, q.ranked_by);
        int64_t group_total = 0;
        while (page.next()) {
          group_total = page.integer(8);
          if (seen++ < offset) continue;
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
        counted += group_total;
        if (g.decides) decided += group_total;
      }
    }
    // Titles and leads past kCountedMatches: the total is that, as a lower bound (a page
    // of results only needs to know there are more). Every group read: the total is
    // what they counted. Else the groups not read are counted apart, to kCountedMatches
    // at most (or the bounded matches).
    if (many || (!bounded && decided > kCountedMatches)) {
      out.total = kCountedMatches;
      out.total_is_lower_bound = true;
      return out;
    }
    if (every_group) {
      out.total = counted;
      out.total_is_lower_bound = bounded && counted >= kBoundedMatches;
      return out;
    }
    const int64_t limit = bounded ? kBoundedMatches : kCountedMatches + 1;
    auto count = c.query("SELECT count(*) FROM (SELECT FROM search_documents s" + where + " LIMIT " +
                         std::to_string(limit) + ") m");
    bind_all(count, !r.all_languages);
    if (!count.next()) return count.status();
    out.total = count.integer(0);
    out.total_is_lower_bound = bounded ? out.total >= kBoundedMatches : out.total > kCountedMatches;
    if (!bounded && out.total > kCountedMatches) out.total = kCountedMatches;
    return out;
  };
  return db_.read([&](Connection& c) -> Result<SearchResults> {
    if (r.all_languages) {
      std::vector<std::string> languages;
      auto known = c.query("SELECT lang FROM search_languages ORDER BY lang");
      while (known.next()) languages.push_back(known.text(0));
      QALAM_RETURN_IF_ERROR(known.status());
      if (languages.empty()) return SearchResults{};
      q = compile(languages);
    }
    // A search reads in one READ ONLY transaction on generic plans: planned for the
    // query's value, PostgreSQL chose a sequential scan (every row's words read from
    // TOAST) for a common word's bounded count. The whole search within its budget (the
    // server cancels it past that), or else the best of the first matches, as SQLite's
    // search does.
    // No parallel workers either: starting one costs more (20–50 ms) than any page of
    // results takes to find.
    const std::string begin =
        "BEGIN READ ONLY; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL max_parallel_workers_per_gather = 0;";
    auto in_transaction = [&](const std::string& settings, bool bounded) -> Result<SearchResults> {
      QALAM_RETURN_IF_ERROR(c.exec(begin + settings));
      auto found = run(c, bounded);
      QALAM_RETURN_IF_ERROR(c.exec(found.ok() ? "COMMIT" : "ROLLBACK"));
      return found;
    };
    if (r.budget.count() > 0) {
      auto whole = in_transaction(" SET LOCAL statement_timeout = " + std::to_string(r.budget.count()), false);
      // Cancelled is "unavailable"; a server that is truly gone fails the bounded
      // search below as well, and that failure is the answer.
      if (whole.ok() || whole.status().code() != StatusCode::unavailable) return whole;
    }
    return in_transaction("", true);
  });
}

Status PgSearch::reindex(const std::function<void(size_t, size_t)>& on_progress) {
  return db_.write([&](Connection& c) -> Status {
    return sql::reindex_everything(
        c, [&] { return c.exec("DELETE FROM search_documents; DELETE FROM search_languages"); }, [] { return Status::ok_status(); }, on_progress);
  });
}

}  // namespace qalam::store::postgres
