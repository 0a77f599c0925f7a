#include "core/search_terms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace qalam {
namespace {

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for_each_search_term(text, [&](const SearchTerm& t) { out.push_back((t.variant ? "+" : "") + t.text); });
  return out;
}

TEST(SearchTermsTest, ShushaSusaAndShushaMeet) {
  EXPECT_EQ(terms("Shusha"), (std::vector<std::string>{"shusha"}));
  EXPECT_EQ(terms("Şuşa"), (std::vector<std::string>{"susa", "+shusha", "+~şuş"}));  // Turkish stem: -a cut
  EXPECT_EQ(terms("Шуша"), (std::vector<std::string>{"шуша", "+shusha", "+~шуш"}));
}

TEST(SearchTermsTest, StemsSitBesideTheWordsAndAlwaysInQueries) {
  EXPECT_EQ(terms("exports"), (std::vector<std::string>{"exports", "+~export"}));
  EXPECT_EQ(terms("переговорах"), (std::vector<std::string>{"переговорах", "+peregovorakh", "+~переговор"}));
  EXPECT_EQ(terms("realist"), (std::vector<std::string>{"realist"}));  // the stem is the word
  std::vector<std::string> query;
  for_each_search_term("realist war", [&](const SearchTerm& t) { query.push_back((t.variant ? "+" : "") + t.text); },
                       TermUse::query);
  EXPECT_EQ(query, (std::vector<std::string>{"realist", "+~realist", "war"}));  // "war" is too short to stem
}

std::vector<std::string> terms(std::string_view text, TermUse use) {
  std::vector<std::string> out;
  for_each_search_term(text, [&](const SearchTerm& t) { out.push_back((t.variant ? "+" : "") + t.text); }, use);
  return out;
}

bool has(const std::vector<std::string>& terms, const std::string& term) {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

// Whether a query for `typed` finds a piece holding `written`: some term in common.
bool meet(std::string_view written, std::string_view typed) {
  auto indexed = terms(written, TermUse::index);
  for (std::string t : terms(typed, TermUse::query)) {
    if (t[0] == '+') t.erase(0, 1);
    if (has(indexed, t) || has(indexed, "+" + t)) return true;
  }
  return false;
}

// Azerbaijani words get Turkish Snowball stems (judged by the relevance set: az P@5
// 0.70 without them, 1.00 with), computed from the unfolded word.
TEST(SearchTermsTest, AzerbaijaniInflectionsMeetThroughTurkishStems) {
  EXPECT_TRUE(meet("Azərbaycanın", "Azərbaycan"));
  EXPECT_TRUE(meet("nümayəndəlikləri", "nümayəndəlik"));
  EXPECT_TRUE(meet("səfirlikləri", "səfirliklər"));
  EXPECT_TRUE(meet("siyasəti", "siyasətinin"));
  EXPECT_TRUE(meet("analitik", "analitiki"));  // the bare form in the piece
  // The stemmer cuts "şəbəkə" to "şəbək" but "şəbəkələrdə" to "şəbəkə": a query also
  // offers the word itself as a stem.
  EXPECT_TRUE(meet("şəbəkələrdə", "şəbəkə"));
  EXPECT_FALSE(meet("səfirlikləri", "siyasət"));
  EXPECT_FALSE(meet("Şuşa", "şüşə"));  // the town is no glass
  // Capitals by the Turkic rules (I is ı), with and without ICU's help (ŝ is no
  // Azerbaijani letter).
  EXPECT_EQ(terms("ŞUŞANIN"), terms("Şuşanın"));
  EXPECT_TRUE(meet("Şuşanın", "Şuşa"));
  EXPECT_TRUE(meet("Şuşada", "ŞUŞA"));
  EXPECT_EQ(terms("ŜUŜANIN"), terms("ŝuŝanın"));
}

// A piece may hold the bare form of what was typed, whose stem (the word itself) was
// never indexed: a query offers its stems as plain words too, and so does the word
// being typed (a prefix), from four letters.
TEST(SearchTermsTest, QueriesAndPrefixesOfferStemsAsWords) {
  EXPECT_EQ(terms("analitiki", TermUse::query),
            (std::vector<std::string>{"analitiki", "+~analitiki", "+~analitik", "+analitik"}));
  EXPECT_EQ(terms("analitiki", TermUse::prefix), (std::vector<std::string>{"analitiki", "+analitik"}));
  EXPECT_EQ(terms("exports", TermUse::prefix), (std::vector<std::string>{"exports", "+export"}));
  EXPECT_EQ(terms("Şuşa", TermUse::prefix), (std::vector<std::string>{"susa", "+shusha"}));  // "sus": too short
  EXPECT_EQ(terms("analitik"), (std::vector<std::string>{"analitik"}));  // the index: no stem equal to the word
}

TEST(SearchTermsTest, AzerbaijaniFoldsToTheKeyboardSpelling) {
  EXPECT_EQ(terms("AZƏRBAYCANIN"), terms("Azərbaycanın"));
  EXPECT_EQ(terms("Azərbaycanın")[0], "azerbaycanin");
  EXPECT_EQ(terms("Naxçıvan")[1], "+nakhchivan");
  EXPECT_EQ(terms("Texas")[0], "texas");
}

TEST(SearchTermsTest, WordsAndOffsetsOfTheOriginal) {
  std::string text = "Armenia's \"new war\" — Ağdam, 2020!";
  std::vector<std::pair<size_t, size_t>> spans;
  std::vector<std::string> words;
  for_each_search_term(text, [&](const SearchTerm& t) {
    if (!t.variant) {
      spans.emplace_back(t.begin, t.end);
      words.push_back(t.text);
    }
  });
  EXPECT_EQ(words, (std::vector<std::string>{"armenia", "s", "new", "war", "agdam", "2020"}));
  EXPECT_EQ(text.substr(spans[4].first, spans[4].second - spans[4].first), "Ağdam");
}

// Highlighting maps the index's positions to offsets with TermUse::words: it must see
// one term at every position indexing gave one, and none where indexing gave none.
TEST(SearchTermsTest, WordsModeKeepsTheIndexPositions) {
  std::string text = "Şuşa \u0301 Шуша's AZƏRBAYCANIN e\u0301te 2020 \u0301\u0301 x";
  auto spans = [&](TermUse use) {
    std::vector<std::pair<size_t, size_t>> out;
    for_each_search_term(text, [&](const SearchTerm& t) {
      if (!t.variant && !t.text.empty()) out.emplace_back(t.begin, t.end);
    }, use);
    return out;
  };
  EXPECT_EQ(spans(TermUse::words), spans(TermUse::index));
  EXPECT_EQ(spans(TermUse::words).size(), 7u);  // the lone accents are no words
  std::vector<std::string> written;
  for_each_search_term("Şuşa Шуша", [&](const SearchTerm& t) { written.push_back(t.text); }, TermUse::words);
  EXPECT_EQ(written, (std::vector<std::string>{"Şuşa", "Шуша"}));  // as written: only offsets matter
}

TEST(SearchTermsTest, RussianYoAndEdgeCases) {
  EXPECT_EQ(terms("Ёлка")[0], "елка");
  EXPECT_TRUE(terms("").empty());
  EXPECT_TRUE(terms(" ,.;!? ").empty());
  EXPECT_EQ(terms("\xC3(").size(), 0u);  // malformed UTF-8 yields no word, no crash
}

}  // namespace
}  // namespace qalam
