#include "core/time_format.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unicode/dtfmtsym.h>
#include <unicode/timezone.h>

#include <array>
#include <charconv>
#include <map>
#include <memory>

namespace qalam {
namespace {

UDate to_udate(TimePoint t) {
  return static_cast<UDate>(std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

bool read_int(std::string_view s, size_t at, size_t len, int& out) {
  if (at + len > s.size()) return false;
  auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
  return ec == std::errc() && p == s.data() + at + len;
}

}  // namespace

namespace {

// The zone's offset at t, from a per-thread cache of ICU zones.
std::chrono::seconds zone_offset(TimePoint t, std::string_view zone) {
  thread_local std::map<std::string, std::unique_ptr<icu::TimeZone>, std::less<>> zones;
  auto it = zones.find(zone);
  if (it == zones.end()) {
    it = zones.emplace(std::string(zone), icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
                                              icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))))
             .first;
  }
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  it->second->getOffset(to_udate(t), false, raw, dst, status);
  return std::chrono::seconds((raw + dst) / 1000);
}

// Month names as they stand in a date ("fevral", "февраля": ICU's format context).
const std::string& month_name(std::string_view lang, unsigned month) {
  thread_local std::map<std::string, std::array<std::string, 12>, std::less<>> names;
  auto it = names.find(lang);
  if (it == names.end()) {
    std::array<std::string, 12> list;
    UErrorCode status = U_ZERO_ERROR;
    icu::DateFormatSymbols symbols(icu::Locale(std::string(lang).c_str()), status);
    int32_t count = 0;
    const icu::UnicodeString* months = symbols.getMonths(count, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
    for (int32_t i = 0; i < count && i < 12; ++i) months[i].toUTF8String(list[static_cast<size_t>(i)]);
    it = names.emplace(std::string(lang), std::move(list)).first;
  }
  return it->second[(month - 1) % 12];
}

}  // namespace

// "d MMMM y" in az, en and ru alike; built from cached parts, as ICU's formatter
// costs tens of thousands of instructions a call.
std::string long_date(TimePoint t, std::string_view lang, std::string_view time_zone) {
  using namespace std::chrono;
  auto local = floor<seconds>(t) + zone_offset(t, time_zone);
  year_month_day ymd{floor<days>(local)};
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()), month_name(lang, static_cast<unsigned>(ymd.month())),
                     static_cast<int>(ymd.year()));
}

std::string numeric_datetime(TimePoint t, std::string_view time_zone) {
  auto local = std::chrono::floor<std::chrono::seconds>(t) + zone_offset(t, time_zone);
  return fmt::format("{:%F %T}", local);
}

std::string long_datetime(TimePoint t, std::string_view lang, std::string_view time_zone) {
  auto local = std::chrono::floor<std::chrono::seconds>(t) + zone_offset(t, time_zone);
  return long_date(t, lang, time_zone) + fmt::format(", {:%H:%M}", local);
}

std::string utc_offset_label(TimePoint t, std::string_view time_zone) {
  auto offset = zone_offset(t, time_zone).count();
  if (offset == 0) return "UTC";
  char sign = offset < 0 ? '-' : '+';
  offset = offset < 0 ? -offset : offset;
  return fmt::format("UTC{}{:02}:{:02}", sign, offset / 3600, offset % 3600 / 60);
}

std::string local_datetime_field(TimePoint t, std::string_view time_zone) {
  if (t == TimePoint{}) return {};
  auto local = std::chrono::floor<std::chrono::seconds>(t) + zone_offset(t, time_zone);
  return fmt::format("{:%FT%T}", local);
}

std::optional<TimePoint> parse_local_datetime(std::string_view text, std::string_view time_zone) {
  if ((text.size() != 16 && text.size() != 19) || text[10] != 'T') return std::nullopt;
  auto as_utc = parse_timestamp(std::string(text) + (text.size() == 16 ? ":00Z" : "Z"));
  if (!as_utc.ok()) return std::nullopt;
  // The wall time minus the zone's offset at that instant; once more when the
  // offset there differs (the guess fell across a change of offset).
  TimePoint guess = *as_utc - zone_offset(*as_utc, time_zone);
  auto offset = zone_offset(guess, time_zone);
  return *as_utc - offset;
}

std::string rfc3339(TimePoint t) {
  return fmt::format("{:%FT%TZ}", std::chrono::floor<std::chrono::seconds>(t));
}

// English names whatever the locale (RFC 822 fixes them); by hand, as ICU's formatter
// cost a feed of twenty items a twentieth of its time (perf).
std::string rfc822(TimePoint t) {
  using namespace std::chrono;
  static constexpr const char* day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto at = floor<seconds>(t);
  auto day = floor<days>(at);
  year_month_day ymd{day};
  hh_mm_ss clock{at - day};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", day_names[weekday(day).c_encoding()],
                     static_cast<unsigned>(ymd.day()), month_names[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), clock.hours().count(), clock.minutes().count(),
                     clock.seconds().count());
}

std::string iso_date(TimePoint t) { return fmt::format("{:%F}", std::chrono::floor<std::chrono::seconds>(t)); }

int64_t to_unix(TimePoint t) { return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(); }

TimePoint from_unix(int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

Result<TimePoint> parse_timestamp(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  auto bad = [&] {
    return Status::invalid("'" + std::string(s) + "' is not a date (2021-02-23) or a time with its offset (2021-04-27T17:11:00+04:00)");
  };
  if (s.size() < 10 || !read_int(s, 0, 4, y) || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
      !read_int(s, 8, 2, d)) {
    return bad();
  }
  using namespace std::chrono;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return bad();
  // The clock counts nanoseconds in 64 bits (1677 to 2262): keep well inside.
  if (y < 1800 || y > 2200) {
    return Status::invalid("'" + std::string(s) + "' is not a year between 1800 and 2200");
  }
  int offset_minutes = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || !read_int(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
        !read_int(s, 14, 2, mi) || s[16] != ':' || !read_int(s, 17, 2, sec)) {
      return bad();
    }
    if (h > 23 || mi > 59 || sec > 60) return bad();
    std::string_view zone = s.substr(19);
    if (!zone.empty() && zone.front() == '.') {  // fractional seconds are ignored
      size_t end = zone.find_first_not_of("0123456789", 1);
      zone = end == std::string_view::npos ? std::string_view{} : zone.substr(end);
    }
    if (zone == "Z") {
      offset_minutes = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
      int oh, om;
      if (!read_int(zone, 1, 2, oh) || !read_int(zone, 4, 2, om) || oh > 14 || om > 59) return bad();
      offset_minutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      return bad();
    }
  }
  auto t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) - minutes(offset_minutes);
  return TimePoint(duration_cast<system_clock::duration>(t.time_since_epoch()));
}

bool is_valid_time_zone(std::string_view id) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(
      icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), static_cast<int32_t>(id.size())))));
  icu::UnicodeString got;
  tz->getID(got);
  return got != icu::UnicodeString(u"Etc/Unknown");
}

}  // namespace qalam
