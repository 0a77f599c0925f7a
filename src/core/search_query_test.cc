#include "core/search_query.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

// The terms in a short notation: +word, +word* (prefix), +"phrase", -word.
std::string match(std::string_view text, bool prefix = true) {
  auto q = parse_search_query(text, prefix);
  if (!q.ok()) return "error: " + q.status().message();
  std::string out;
  for (const QueryTerm& t : q->terms) {
    if (!out.empty()) out += ' ';
    out += t.exclude ? '-' : '+';
    out += t.phrase ? "\"" + t.text + "\"" : t.text;
    if (t.prefix) out += '*';
  }
  return out;
}

TEST(SearchQueryTest, WordsPhrasesExclusionsAndPrefix) {
  EXPECT_EQ(match("shusha war"), "+shusha +war*");
  EXPECT_EQ(match("shusha war "), "+shusha +war");
  EXPECT_EQ(match("\"second karabakh\" -armenia"), "+\"second karabakh\" -armenia");
  EXPECT_EQ(match("azerb -\"new war\" ru"), "+azerb -\"new war\" +ru");
  EXPECT_EQ(match("Azərbaycan", false), "+Azərbaycan");
}

TEST(SearchQueryTest, UserTextStaysText) {
  EXPECT_EQ(match("a\"b OR c*"), "+a\"b +OR +c*");
  EXPECT_EQ(match("NEAR(x y)"), "+NEAR(x +y)");
  EXPECT_EQ(match("-- -- peace"), "+peace*");
}

TEST(SearchQueryTest, ARepeatedTermCountsOnce) {
  EXPECT_EQ(match("the the the the the the the the the the the the the the "), "+the");
  EXPECT_EQ(match("Şuşa şuşa ŞUŞA war"), "+Şuşa +war*");
  // The same word kept and left out, or as a phrase, are different terms.
  EXPECT_EQ(match("war -war peace"), "+war -war +peace*");
  EXPECT_EQ(match("\"war\" war "), "+\"war\" +war");
}

TEST(SearchQueryTest, HelpfulErrors) {
  EXPECT_EQ(match(""), "error: Type a word to search for.");
  EXPECT_EQ(match("   ?!  "), "error: Type a word to search for.");
  EXPECT_EQ(match("-war"), "error: Add a word to look for, not only words to leave out.");
  EXPECT_EQ(match(std::string(201, 'a')), "error: The search is too long: use at most 200 characters.");
  EXPECT_EQ(match("a b c d e f g h i j k l m"), "error: The search has too many words: use at most 12.");
}

}  // namespace
}  // namespace qalam
