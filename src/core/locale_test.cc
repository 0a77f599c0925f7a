#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/collation.h"
#include "core/number_format.h"
#include "core/time_format.h"

namespace qalam {
namespace {

TimePoint at(const char* text) { return parse_timestamp(text).value(); }

TEST(TimeFormatTest, LongDatesInThreeLanguages) {
  EXPECT_EQ(long_date(at("2021-02-23"), "en", "Asia/Baku"), "23 February 2021");
  EXPECT_EQ(long_date(at("2021-02-23"), "az", "Asia/Baku"), "23 fevral 2021");
  EXPECT_EQ(long_date(at("2021-02-23"), "ru", "Asia/Baku"), "23 февраля 2021");
  EXPECT_EQ(long_date(at("2020-11-17"), "az", "Asia/Baku"), "17 noyabr 2020");
  EXPECT_EQ(long_date(at("2020-11-17"), "en", "Asia/Baku"), "17 November 2020");
}

TEST(TimeFormatTest, NumericTimeInTheSiteZone) {
  TimePoint t = at("2021-04-27T17:11:00+04:00");
  EXPECT_EQ(numeric_datetime(t, "Asia/Baku"), "2021-04-27 17:11:00");
  EXPECT_EQ(numeric_datetime(t, "UTC"), "2021-04-27 13:11:00");
  EXPECT_EQ(rfc3339(t), "2021-04-27T13:11:00Z");
  EXPECT_EQ(rfc822(t), "Tue, 27 Apr 2021 13:11:00 +0000");
  EXPECT_EQ(rfc822(at("2020-02-29T00:00:00Z")), "Sat, 29 Feb 2020 00:00:00 +0000");
  EXPECT_EQ(rfc822(at("1999-12-31T23:59:59Z")), "Fri, 31 Dec 1999 23:59:59 +0000");
  EXPECT_EQ(rfc822(at("1965-03-07T08:05:09+04:00")), "Sun, 07 Mar 1965 04:05:09 +0000");  // before 1970
  EXPECT_EQ(iso_date(t), "2021-04-27");
  // A date near midnight belongs to the zone's day.
  EXPECT_EQ(long_date(at("2020-09-24T23:05:42+04:00"), "en", "Asia/Baku"), "24 September 2020");
}

TEST(TimeFormatTest, ParsesOffsetsAndRejectsNonsense) {
  EXPECT_EQ(to_unix(at("1970-01-01T00:00:00Z")), 0);
  EXPECT_EQ(to_unix(at("1970-01-01T04:00:00+04:00")), 0);
  EXPECT_EQ(to_unix(at("1970-01-01T00:00:00.123Z")), 0);
  for (const char* bad : {"", "yesterday", "2021-02-30", "2021-13-01", "2021-04-27T25:00:00Z",
                          "2021-04-27T17:11:00", "2021-04-27T17:11:00+4", "2021-4-27"}) {
    EXPECT_FALSE(parse_timestamp(bad).ok()) << bad;
  }
  // Found by fuzzing (tests/fuzz/jsonl): a year the clock cannot hold overflowed its
  // nanoseconds (undefined behaviour) instead of being refused.
  for (const char* far : {"4042-04-27T17:11:00+04:00", "9999-12-31", "0001-01-01", "1799-12-31T23:59:59Z"}) {
    auto t = parse_timestamp(far);
    ASSERT_FALSE(t.ok()) << far;
    EXPECT_NE(t.status().message().find("between 1800 and 2200"), std::string::npos) << t.status().message();
  }
  EXPECT_TRUE(parse_timestamp("2200-12-31T23:59:59Z").ok());
  EXPECT_TRUE(parse_timestamp("1800-01-01").ok());
}

TEST(TimeFormatTest, TimeZones) {
  EXPECT_TRUE(is_valid_time_zone("Asia/Baku"));
  EXPECT_TRUE(is_valid_time_zone("UTC"));
  EXPECT_FALSE(is_valid_time_zone("Mars/Olympus"));
}

TEST(TimeFormatTest, TheNewsroomsLocalTimesRoundTrip) {
  TimePoint t = parse_timestamp("2026-11-28T10:30:00Z").value();
  EXPECT_EQ(local_datetime_field(t, "Asia/Baku"), "2026-11-28T14:30:00");
  EXPECT_EQ(parse_local_datetime("2026-11-28T14:30", "Asia/Baku"), t);
  EXPECT_EQ(parse_local_datetime("2026-11-28T14:30:00", "Asia/Baku"), t);
  EXPECT_EQ(local_datetime_field(TimePoint{}, "Asia/Baku"), "");
  EXPECT_EQ(long_datetime(t, "az", "Asia/Baku"), "28 noyabr 2026, 14:30");
  EXPECT_EQ(long_datetime(t, "ru", "Asia/Baku"), "28 ноября 2026, 14:30");
  EXPECT_EQ(utc_offset_label(t, "Asia/Baku"), "UTC+04:00");
  EXPECT_EQ(utc_offset_label(t, "UTC"), "UTC");
  EXPECT_EQ(utc_offset_label(t, "America/St_Johns"), "UTC-03:30");
  // Across daylight saving time: Berlin in summer and in winter.
  TimePoint summer = parse_local_datetime("2026-07-01T12:00", "Europe/Berlin").value();
  EXPECT_EQ(rfc3339(summer), "2026-07-01T10:00:00Z");
  TimePoint winter = parse_local_datetime("2026-01-01T12:00", "Europe/Berlin").value();
  EXPECT_EQ(rfc3339(winter), "2026-01-01T11:00:00Z");
  EXPECT_FALSE(parse_local_datetime("tomorrow", "Asia/Baku").has_value());
  EXPECT_FALSE(parse_local_datetime("2026-13-01T10:00", "Asia/Baku").has_value());
}

TEST(NumberFormatTest, CountsAreGroupedAsEachLanguageWritesThem) {
  EXPECT_EQ(count_text(1000, "en"), "1,000");
  EXPECT_EQ(count_text(1000, "az"), "1.000");
  EXPECT_EQ(count_text(1000, "ru"), "1\u00a0000");
  EXPECT_EQ(count_text(7749, "en"), "7,749");
  EXPECT_EQ(count_text(999, "ru"), "999");
  EXPECT_EQ(count_text(0, "az"), "0");
}

TEST(CollationTest, AzerbaijaniOrder) {
  std::vector<std::string> words = {"ilk", "ıq", "çay", "cəm", "əl", "ev", "dəniz", "zəng"};
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return collate(a, b, "az") < 0; });
  EXPECT_EQ(words, (std::vector<std::string>{"cəm", "çay", "dəniz", "ev", "əl", "ıq", "ilk", "zəng"}));
}

TEST(CollationTest, RussianAndEnglish) {
  EXPECT_LT(collate("Азербайджан", "Германия", "ru"), 0);
  EXPECT_LT(collate("apple", "Banana", "en"), 0);
}

TEST(CountryTest, NamesInThreeLanguages) {
  EXPECT_EQ(country_name("DE", "en"), "Germany");
  EXPECT_EQ(country_name("DE", "az"), "Almaniya");
  EXPECT_EQ(country_name("DE", "ru"), "Германия");
  EXPECT_EQ(country_name("XX", "en"), "");
  EXPECT_FALSE(is_country_code("de"));
  EXPECT_TRUE(is_country_code("TR"));
}

}  // namespace
}  // namespace qalam
