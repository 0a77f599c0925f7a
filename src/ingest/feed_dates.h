// The dates real feeds carry, read into UTC:
//   RFC 822/1123/2822 with or without the day's name, two- or four-digit years,
//   seconds or none, a numeric offset or a zone name ("Tue, 27 Apr 2021 13:11:00 +0400",
//   "27 Apr 21 13:11 EDT", RSS 0.92's "03 Apr 02 1500 GMT");
//   RFC 3339 / W3C-DTF / ISO 8601 ("2021-04-27T13:11:00.25+04:00", "2021-04-27 13:11Z",
//   "2021-04-27").
// A date with no zone is read as UTC and says so (zone_assumed). Anything else is an
// error that quotes the text: a date is read or reported, never turned into 1970.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace qalam::ingest {

struct FeedTime {
  TimePoint at{};
  bool zone_assumed = false;  // the text named no zone; read as UTC
};

Result<FeedTime> parse_feed_date(std::string_view text);

}  // namespace qalam::ingest
