#include "ingest/feed_dates.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace qalam::ingest {
namespace {

std::string read(std::string_view text) {
  auto t = parse_feed_date(text);
  if (!t.ok()) return "error: " + t.status().message();
  return rfc3339(t->at) + (t->zone_assumed ? " (no zone)" : "");
}

TEST(FeedDates, Rfc822AsRealFeedsWriteIt) {
  EXPECT_EQ(read("Wed, 31 Jan 2018 20:15:15 GMT"), "2018-01-31T20:15:15Z");
  EXPECT_EQ(read("Tue, 27 Apr 2021 13:11:00 +0400"), "2021-04-27T09:11:00Z");
  EXPECT_EQ(read("27 Apr 2021 13:11:00 -0000"), "2021-04-27T13:11:00Z");  // no day name
  EXPECT_EQ(read("Tue, 27 Apr 21 13:11 EDT"), "2021-04-27T17:11:00Z");    // two-digit year, no seconds
  EXPECT_EQ(read("03 Apr 02 1500 GMT"), "2002-04-03T15:00:00Z");          // RSS 0.92's example
  EXPECT_EQ(read("Tuesday, 27 April 2021 13:11:00 +04:00"), "2021-04-27T09:11:00Z");
  EXPECT_EQ(read("Tue, 27 Apr 2021 13:11:00 +0000 (UTC)"), "2021-04-27T13:11:00Z");
  EXPECT_EQ(read("Thu, 1 Sep 2022 07:05:03 PST"), "2022-09-01T15:05:03Z");
  EXPECT_EQ(read("  Mon, 06 Sep 2021 10:00:00 GMT+3 "), "2021-09-06T07:00:00Z");
  EXPECT_EQ(read("Apr 27, 2021 13:11:00 GMT"), "2021-04-27T13:11:00Z");
}

TEST(FeedDates, Rfc3339AndW3cDtf) {
  EXPECT_EQ(read("2016-02-01T17:54:50+01:00"), "2016-02-01T16:54:50Z");
  EXPECT_EQ(read("2019-10-12T07:20:50.52Z"), "2019-10-12T07:20:50Z");
  EXPECT_EQ(read("2017-06-15T10:29:47-07:00"), "2017-06-15T17:29:47Z");
  EXPECT_EQ(read("2017-06-15 10:29Z"), "2017-06-15T10:29:00Z");
  EXPECT_EQ(read("2017-06-15T10:29:47+0530"), "2017-06-15T04:59:47Z");
}

TEST(FeedDates, NoZoneIsReadAsUtcAndSaysSo) {
  EXPECT_EQ(read("2003-12-13"), "2003-12-13T00:00:00Z (no zone)");
  EXPECT_EQ(read("2003-12-13T18:30:02"), "2003-12-13T18:30:02Z (no zone)");
  EXPECT_EQ(read("Sat, 13 Dec 2003 18:30:02"), "2003-12-13T18:30:02Z (no zone)");
  EXPECT_EQ(read("13 Dec 2003"), "2003-12-13T00:00:00Z (no zone)");
}

TEST(FeedDates, WhatIsNoDateIsReportedNeverTheEpoch) {
  EXPECT_EQ(read(""), "error: the date is empty");
  EXPECT_EQ(read("yesterday"),
            "error: 'yesterday' is not a date in a format feeds use (RFC 822 or RFC 3339)");
  EXPECT_EQ(read("Tue, 31 Feb 2021 10:00:00 GMT"), "error: 'Tue, 31 Feb 2021 10:00:00 GMT' names no real day and time");
  EXPECT_EQ(read("2021-13-01T00:00:00Z"), "error: '2021-13-01T00:00:00Z' names no real day and time");
  EXPECT_EQ(read("2021-04-27T25:00:00Z"), "error: '2021-04-27T25:00:00Z' names no real day and time");
  EXPECT_EQ(read("Tue, 27 Foo 2021 13:11:00 GMT").substr(0, 6), "error:");
  EXPECT_EQ(read("Tue, 27 Apr 2021 13:11:00 +9900").substr(0, 6), "error:");
  EXPECT_EQ(read("Tue, 27 Apr 2021 13:11:00 GMT garbage").substr(0, 6), "error:");
  EXPECT_EQ(read("0").substr(0, 6), "error:");
  EXPECT_EQ(read("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");  // said, so read
  // Found by fuzzing: a year past a TimePoint's range overflowed the conversion.
  EXPECT_EQ(read("2730-05-01T10:00:00+02:00"), "error: '2730-05-01T10:00:00+02:00' names no real day and time");
  EXPECT_EQ(read("Sat, 01 May 2200 10:00:00 GMT"), "2200-05-01T10:00:00Z");
  EXPECT_EQ(read(std::string(200, '1')).substr(0, 6), "error:");
}

}  // namespace
}  // namespace qalam::ingest
