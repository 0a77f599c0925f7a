#include "core/content.h"

#include <gtest/gtest.h>

#include "core/language.h"

namespace qalam {
namespace {

TEST(ContentTest, InLanguageFallsBackToEnglishThenAny) {
  Translations t{{"az", "Analitika"}, {"en", "Analysis"}};
  EXPECT_EQ(in_language(t, "az"), "Analitika");
  EXPECT_EQ(in_language(t, "ru"), "Analysis");
  EXPECT_EQ(in_language(Translations{{"ru", "Анализ"}}, "az"), "Анализ");
  EXPECT_EQ(in_language(Translations{}, "az"), "");
}

TEST(ContentTest, KindsRoundTrip) {
  EXPECT_EQ(parse_section_kind("press_review"), SectionKind::press_review);
  EXPECT_FALSE(parse_section_kind("blog").has_value());
  EXPECT_EQ(parse_mission_kind(mission_kind_name(MissionKind::permanent_mission)), MissionKind::permanent_mission);
  EXPECT_FALSE(parse_mission_kind("palace").has_value());
}

TEST(LanguageTest, NegotiatesAcceptLanguage) {
  EXPECT_EQ(negotiate_language("ru-RU,ru;q=0.9,en;q=0.8", "en"), "ru");
  EXPECT_EQ(negotiate_language("az-Latn-AZ", "en"), "az");
  EXPECT_EQ(negotiate_language("de-DE,en;q=0.5,ru;q=0.7", "az"), "ru");
  EXPECT_EQ(negotiate_language("de, fr", "az"), "az");
  EXPECT_EQ(negotiate_language("", "en"), "en");
  EXPECT_EQ(negotiate_language("EN;q=0.1", "az"), "en");
  EXPECT_EQ(negotiate_language("ru;q=0", "en"), "en");
  EXPECT_EQ(negotiate_language(";;;q=abc,,", "en"), "en");
}

}  // namespace
}  // namespace qalam
