#include "core/text.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

TEST(FoldTest, AzerbaijaniLettersAndTurkicCase) {
  EXPECT_EQ(fold("Azərbaycanın"), "azerbaycanin");
  EXPECT_EQ(fold("AZƏRBAYCANIN"), "azerbaycanin");
  EXPECT_EQ(fold("azerbaycanin"), "azerbaycanin");
  EXPECT_EQ(fold("İlham Əliyev"), "ilham eliyev");
  EXPECT_EQ(fold("Şuşa, Çay, Ağdam, Göygöl, Üzüm"), "susa, cay, agdam, goygol, uzum");
}

TEST(FoldTest, RussianKeepsScriptFoldsYo) {
  EXPECT_EQ(fold("Ёлка ЁЖ"), "елка еж");
  EXPECT_EQ(fold("Шуша"), "шуша");
  EXPECT_EQ(fold("Азербайджан"), "азербайджан");  // й keeps its breve
}

TEST(FoldTest, NfkcCompatibilityForms) {
  EXPECT_EQ(fold("ﬁle Ｒｏｍａ"), "file roma");
  EXPECT_EQ(fold("e\xCC\x81"), "e");  // decomposed é
}

TEST(SlugTest, TransliteratesReadably) {
  EXPECT_EQ(slugify("Azərbaycanın xarici ölkələrdəki diplomatik nümayəndəlikləri twitterdə"),
            "azerbaycanin-xarici-olkelerdeki-diplomatik-numayendelikleri-twitterde");
  EXPECT_EQ(slugify("Россия"), "rossiya");
  EXPECT_EQ(slugify("Шуша"), "shusha");
  EXPECT_EQ(slugify("Iskander-M Mystery Looms Over Russia-Azerbaijan Relations"),
            "iskander-m-mystery-looms-over-russia-azerbaijan-relations");
  EXPECT_EQ(slugify("How did the Second Karabakh War change Armenia and Azerbaijan?"),
            "how-did-the-second-karabakh-war-change-armenia-and-azerbaijan");
  EXPECT_EQ(slugify("Armenia's \"new war\" — 2020"), "armenias-new-war-2020");
  EXPECT_EQ(slugify("Вася Пупкин: объём"), "vasya-pupkin-obyem");
}

TEST(SlugTest, EdgeCases) {
  EXPECT_EQ(slugify(""), "");
  EXPECT_EQ(slugify("!!! ???"), "");
  EXPECT_EQ(slugify("中文"), slugify("中文"));  // deterministic, ASCII
  for (char c : slugify("中文 title")) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  std::string long_title(300, 'a');
  long_title += " b";
  EXPECT_LE(slugify(long_title).size(), 80u);
  EXPECT_EQ(slugify("one two three four", 9), "one-two");
}

TEST(SlugTest, Validation) {
  EXPECT_TRUE(is_valid_slug("vasif-huseynov"));
  EXPECT_TRUE(is_valid_slug("2021"));
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("-a"));
  EXPECT_FALSE(is_valid_slug("a--b"));
  EXPECT_FALSE(is_valid_slug("Vasif"));
  EXPECT_FALSE(is_valid_slug("a/b"));
}

TEST(Utf8Test, DetectsMalformedText) {
  EXPECT_TRUE(is_valid_utf8("Azərbaycan Россия"));
  EXPECT_FALSE(is_valid_utf8("\xC3("));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
}

TEST(PercentEncode, KeepsUnreservedAndEncodesEveryOtherByte) {
  EXPECT_EQ(percent_encode("a-Z.9_~"), "a-Z.9_~");
  EXPECT_EQ(percent_encode("https://x.org/a?b=c&d"), "https%3A%2F%2Fx.org%2Fa%3Fb%3Dc%26d");
  EXPECT_EQ(percent_encode("Şuşa ə"), "%C5%9Eu%C5%9Fa%20%C9%99");
}

TEST(ReadingMinutes, CountsWordsAtTwoHundredAMinuteRoundedUp) {
  EXPECT_EQ(reading_minutes(""), 1);
  EXPECT_EQ(reading_minutes("Bir söz"), 1);
  std::string words;
  for (int i = 0; i < 201; ++i) words += "söz\n ";
  EXPECT_EQ(reading_minutes(words), 2);
  for (int i = 0; i < 399; ++i) words += "слово\t";
  EXPECT_EQ(reading_minutes(words), 3);
}

}  // namespace
}  // namespace qalam
