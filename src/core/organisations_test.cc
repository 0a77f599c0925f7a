#include "core/organisations.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

TEST(Organisations, FoundByCodeOrByNameInAnyLanguage) {
  ASSERT_NE(find_organisation("OSCE"), nullptr);
  EXPECT_EQ(find_organisation("united nations")->code, "UN");
  EXPECT_EQ(find_organisation("Avropa Şurası")->code, "COE");
  EXPECT_EQ(find_organisation("Совет Европы")->code, "COE");
  EXPECT_EQ(find_organisation("unesco")->code, "UNESCO");
  EXPECT_EQ(find_organisation("Germany"), nullptr);
  EXPECT_EQ(find_organisation(""), nullptr);
}

TEST(Organisations, NamesAndSeats) {
  EXPECT_EQ(organisation_name("COE", "az"), "Avropa Şurası");
  EXPECT_EQ(organisation_name("UN", "ru"), "Организация Объединённых Наций");
  EXPECT_EQ(organisation_name("NATO", "de"), "North Atlantic Treaty Organization");
  EXPECT_EQ(organisation_name("XX", "en"), "");
  EXPECT_EQ(seat_country(*find_organisation("UN"), "Geneva"), "CH");
  EXPECT_EQ(seat_country(*find_organisation("UN"), "new york"), "US");
  EXPECT_EQ(seat_country(*find_organisation("NATO"), "Paris"), "");
  EXPECT_EQ(organisation_codes(), "UN, OSCE, EU, NATO, UNESCO, COE, OIC, CIS, OTS");
}

}  // namespace
}  // namespace qalam
