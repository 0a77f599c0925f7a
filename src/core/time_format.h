// Times for readers and machines. Times are stored as UTC (TimePoint); readers see them
// in the site's time zone and the page's language through ICU:
//   long_date(t, "en", "Asia/Baku") == "23 February 2021"   ("23 fevral 2021", "23 февраля 2021")
//   numeric_datetime(t, "Asia/Baku") == "2021-04-27 17:11:00"
//
// Thread-safety: all functions may be called from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace qalam {

std::string long_date(TimePoint t, std::string_view lang, std::string_view time_zone);
std::string numeric_datetime(TimePoint t, std::string_view time_zone);
// "28 November 2026, 14:30" in the zone: the newsroom's times.
std::string long_datetime(TimePoint t, std::string_view lang, std::string_view time_zone);
// "UTC+04:00" (the zone's offset at t; "UTC" when none).
std::string utc_offset_label(TimePoint t, std::string_view time_zone);
// What an <input type=datetime-local> shows and sends, in the zone:
// "2026-11-28T14:30:00"; empty for the epoch (no time).
std::string local_datetime_field(TimePoint t, std::string_view time_zone);
// The instant a datetime-local value ("2026-11-28T14:30" or with seconds) names in
// the zone; nullopt when it is not one. Across a DST gap the later offset is used.
std::optional<TimePoint> parse_local_datetime(std::string_view text, std::string_view time_zone);
std::string rfc3339(TimePoint t);  // "2021-04-27T13:11:00Z"
std::string rfc822(TimePoint t);   // "Tue, 27 Apr 2021 13:11:00 +0000" (RSS)
std::string iso_date(TimePoint t); // "2021-04-27" (UTC)

// "2021-04-27T17:11:00+04:00", "…Z", or a date "2021-02-23" (midnight UTC).
Result<TimePoint> parse_timestamp(std::string_view text);

bool is_valid_time_zone(std::string_view id);

int64_t to_unix(TimePoint t);
TimePoint from_unix(int64_t seconds);

}  // namespace qalam
