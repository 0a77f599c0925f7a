#include "core/search_query.h"

#include <algorithm>

#include <vector>

#include "core/search_terms.h"
#include "core/text.h"

namespace qalam {
namespace {

bool has_words(std::string_view text) {
  bool any = false;
  for_each_search_term(text, [&](const SearchTerm&) { any = true; });
  return any;
}

}  // namespace

std::string describe(SearchQueryProblem problem) {
  switch (problem) {
    case SearchQueryProblem::none: return "";
    case SearchQueryProblem::empty: return "Type a word to search for.";
    case SearchQueryProblem::too_long:
      return "The search is too long: use at most " + std::to_string(search_query_max_bytes) + " characters.";
    case SearchQueryProblem::too_many_terms:
      return "The search has too many words: use at most " + std::to_string(search_query_max_terms) + ".";
    case SearchQueryProblem::only_exclusions: return "Add a word to look for, not only words to leave out.";
  }
  return "";
}

Result<SearchQuery> parse_search_query(std::string_view text, bool prefix_last_word) {
  SearchQueryProblem problem = SearchQueryProblem::none;
  SearchQuery q = parse_search_query(text, problem, prefix_last_word);
  if (problem != SearchQueryProblem::none) return Status::invalid(describe(problem));
  return q;
}

SearchQuery parse_search_query(std::string_view text, SearchQueryProblem& problem, bool prefix_last_word) {
  problem = SearchQueryProblem::none;
  if (text.size() > search_query_max_bytes) {
    problem = SearchQueryProblem::too_long;
    return {};
  }
  std::vector<QueryTerm> terms;
  size_t i = 0;
  bool ends_in_space = !text.empty() && (text.back() == ' ' || text.back() == '\t');
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (i >= text.size()) break;
    QueryTerm t;
    if (text[i] == '-') {
      t.exclude = true;
      ++i;
    }
    if (i < text.size() && text[i] == '"') {
      size_t close = text.find('"', i + 1);
      size_t end = close == std::string_view::npos ? text.size() : close;
      t.text = std::string(text.substr(i + 1, end - i - 1));
      t.phrase = true;
      i = close == std::string_view::npos ? text.size() : close + 1;
    } else {
      size_t end = text.find_first_of(" \t\r\n", i);
      if (end == std::string_view::npos) end = text.size();
      t.text = std::string(text.substr(i, end - i));
      i = end;
    }
    if (!has_words(t.text)) continue;
    // A term said twice is one term: "the the the …" costs what "the" costs.
    std::string key = fold(t.text);
    bool repeated = std::any_of(terms.begin(), terms.end(), [&](const QueryTerm& o) {
      return o.exclude == t.exclude && o.phrase == t.phrase && fold(o.text) == key;
    });
    if (!repeated) terms.push_back(std::move(t));
  }
  size_t positive = 0;
  for (const QueryTerm& t : terms) positive += t.exclude ? 0 : 1;
  if (terms.empty()) {
    problem = SearchQueryProblem::empty;
    return {};
  }
  if (positive == 0) {
    problem = SearchQueryProblem::only_exclusions;
    return {};
  }
  if (terms.size() > search_query_max_terms) {
    problem = SearchQueryProblem::too_many_terms;
    return {};
  }
  // The last plain word, unless the reader finished it with a space, is a prefix.
  if (prefix_last_word && !ends_in_space) {
    QueryTerm& last = terms.back();
    if (!last.phrase && !last.exclude && last.text.size() >= 3) last.prefix = true;
  }
  return SearchQuery{std::move(terms)};
}

}  // namespace qalam
