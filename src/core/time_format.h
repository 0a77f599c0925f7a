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
std::string rfc3339(TimePoint t);  // "2021-04-27T13:11:00Z"
std::string rfc822(TimePoint t);   // "Tue, 27 Apr 2021 13:11:00 +0000" (RSS)
std::string iso_date(TimePoint t); // "2021-04-27" (UTC)

// "2021-04-27T17:11:00+04:00", "…Z", or a date "2021-02-23" (midnight UTC).
Result<TimePoint> parse_timestamp(std::string_view text);

bool is_valid_time_zone(std::string_view id);

int64_t to_unix(TimePoint t);
TimePoint from_unix(int64_t seconds);

}  // namespace qalam
