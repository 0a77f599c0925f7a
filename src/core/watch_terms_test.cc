#include "core/watch_terms.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

std::vector<std::string> found(std::string_view text, std::vector<std::string> terms) {
  std::vector<WatchTerm> compiled;
  for (const auto& t : terms) compiled.push_back(compile_watch_term(t));
  std::vector<std::string> out;
  for (const TermMatch& m : match_watch_terms(text, compiled)) {
    out.push_back(std::string(text.substr(m.begin, m.end - m.begin)) + "=" + terms[m.term]);
  }
  return out;
}

TEST(WatchTerms, OneSpellingFindsTheOthersAcrossScriptsAndLanguages) {
  for (const char* text : {"Shusha", "Schuscha", "Шуша", "Chouchi", "SHUSHA", "Şuşa", "susa"}) {
    EXPECT_EQ(found(text, {"Şuşa"}), std::vector<std::string>{std::string(text) + "=Şuşa"}) << text;
  }
  EXPECT_EQ(found("в Шуше прошёл фестиваль", {"Shusha"}), std::vector<std::string>{"Шуше=Shusha"});
  EXPECT_EQ(found("President Aliev said", {"Aliyev"}), std::vector<std::string>{"Aliev=Aliyev"});
  EXPECT_EQ(found("Ильхам Алиев", {"Aliyev"}), std::vector<std::string>{"Алиев=Aliyev"});
  EXPECT_EQ(found("Xankəndi and Khankendi", {"Khankendi"}),
            (std::vector<std::string>{"Xankəndi=Khankendi", "Khankendi=Khankendi"}));
  EXPECT_EQ(found("Straße", {"Strasse"}), std::vector<std::string>{"Straße=Strasse"});
  EXPECT_EQ(found("Baerbock in Baku", {"Bärbock", "Baku"}),
            (std::vector<std::string>{"Baerbock=Bärbock", "Baku=Baku"}));
}

TEST(WatchTerms, SpellingsWordsAndEndings) {
  EXPECT_EQ(found("Qarabağ və Карабах", {"Karabakh, Qarabağ"}),
            (std::vector<std::string>{"Qarabağ=Karabakh, Qarabağ", "Карабах=Karabakh, Qarabağ"}));
  EXPECT_EQ(found("the Karabakh's mountains", {"Karabakh"}), std::vector<std::string>{"Karabakh=Karabakh"});
  EXPECT_EQ(found("talks on the Zangezur corridor", {"Zangezur corridor"}),
            std::vector<std::string>{"Zangezur corridor=Zangezur corridor"});
  EXPECT_EQ(found("Zangezur region", {"Zangezur corridor"}), std::vector<std::string>{});
  // Short terms match whole words only.
  EXPECT_EQ(found("Bakunin wrote", {"Baku"}), std::vector<std::string>{});
  EXPECT_EQ(found("Azerbaijani officials", {"Azerbaijan"}),
            std::vector<std::string>{"Azerbaijani=Azerbaijan"});
}

TEST(WatchTerms, UnrelatedWordsDoNotMatch) {
  EXPECT_TRUE(found("Tbilisi and Yerevan met in Geneva", {"Şuşa", "Baku", "Aliyev", "Karabakh"}).empty());
  EXPECT_TRUE(found("", {"Baku"}).empty());
  EXPECT_TRUE(found("Baku", {",, ,"}).empty());  // a term of no words matches nothing
}

TEST(WatchTerms, MatchesAreByteRangesOfTheText) {
  std::vector<WatchTerm> terms{compile_watch_term("Şuşa")};
  std::string text = "«Шуша» — город";
  auto m = match_watch_terms(text, terms);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "Шуша");
}

}  // namespace
}  // namespace qalam
