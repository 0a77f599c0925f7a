#include "ingest/feed_dates.h"

#include "core/text.h"

#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>

namespace qalam::ingest {
namespace {

// A cursor over the date's text.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  void skip_spaces() {
    while (!done() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  // Up to `max` digits, at least `min`; nullopt when fewer.
  std::optional<int> digits(size_t min, size_t max, size_t* count = nullptr) {
    size_t start = i;
    int v = 0;
    while (!done() && i - start < max && std::isdigit(static_cast<unsigned char>(s[i]))) v = v * 10 + (s[i++] - '0');
    if (count) *count = i - start;
    if (i - start < min) {
      i = start;
      return std::nullopt;
    }
    return v;
  }
  std::string word() {
    std::string w;
    while (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) w += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++])));
    return w;
  }
};

std::optional<int> month_of(const std::string& word) {
  static constexpr std::array<std::string_view, 12> names = {"jan", "feb", "mar", "apr", "may", "jun",
                                                             "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return std::nullopt;
  for (size_t m = 0; m < names.size(); ++m) {
    if (word.compare(0, 3, names[m]) == 0) {
      // "Sept" and full names are read; "Marchx" is not.
      static constexpr std::array<std::string_view, 12> full = {"january", "february", "march",     "april",
                                                                "may",     "june",     "july",      "august",
                                                                "september", "october", "november", "december"};
      if (word.size() == 3 || word == full[m] || word == "sept") return static_cast<int>(m) + 1;
    }
  }
  return std::nullopt;
}

bool is_day_name(const std::string& word) {
  static constexpr std::array<std::string_view, 7> names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static constexpr std::array<std::string_view, 7> full = {"monday", "tuesday", "wednesday", "thursday",
                                                           "friday", "saturday", "sunday"};
  for (size_t d = 0; d < names.size(); ++d) {
    if (word == names[d] || word == full[d] || (word.size() == 4 && word.compare(0, 3, names[d]) == 0)) return true;
  }
  return false;
}

// A zone name's offset in minutes (RFC 822's names; military letters are "-0000",
// unknown offset, by RFC 2822 4.3).
std::optional<int> named_zone(const std::string& word) {
  if (word == "gmt" || word == "ut" || word == "utc" || word == "z") return 0;
  if (word == "est") return -5 * 60;
  if (word == "edt") return -4 * 60;
  if (word == "cst") return -6 * 60;
  if (word == "cdt") return -5 * 60;
  if (word == "mst") return -7 * 60;
  if (word == "mdt") return -6 * 60;
  if (word == "pst") return -8 * 60;
  if (word == "pdt") return -7 * 60;
  if (word.size() == 1 && word[0] != 'j') return 0;
  return std::nullopt;
}

struct Civil {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::optional<int> offset_minutes;  // nullopt: no zone given
};

Result<FeedTime> to_time(const Civil& c, std::string_view text) {
  using namespace std::chrono;
  year_month_day ymd{year{c.year}, month{static_cast<unsigned>(c.month)}, day{static_cast<unsigned>(c.day)}};
  if (!ymd.ok() || c.hour > 24 || c.minute > 59 || c.second > 60 || (c.hour == 24 && (c.minute || c.second)) ||
      c.year < 1900 || c.year > 2200) {  // a TimePoint (nanoseconds) ends in 2262
    return Status::invalid("'" + std::string(text) + "' names no real day and time");
  }
  auto at = sys_days(ymd) + hours(c.hour) + minutes(c.minute) + seconds(std::min(c.second, 59)) -
            minutes(c.offset_minutes.value_or(0));
  return FeedTime{time_point_cast<TimePoint::duration>(at), !c.offset_minutes.has_value()};
}

// "+0400", "-04:00", "+04", "Z", "GMT", "EDT", "UT"; false when what follows is none.
bool read_zone(Cursor& in, Civil& c) {
  in.skip_spaces();
  if (in.done()) return true;
  char sign = in.peek();
  if (sign == '+' || sign == '-') {
    ++in.i;
    size_t n = 0;
    auto hh = in.digits(1, 4, &n);
    if (!hh || n == 3) return false;
    int h = *hh, m = 0;
    if (n == 4) {
      h = *hh / 100;
      m = *hh % 100;
    } else if (in.eat(':')) {
      auto mm = in.digits(2, 2);
      if (!mm) return false;
      m = *mm;
    }
    if (h > 14 || m > 59) return false;
    c.offset_minutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
    return true;
  }
  std::string w = in.word();
  auto z = named_zone(w);
  if (!z) return false;
  c.offset_minutes = *z;
  // "GMT+4", "UTC+04:00"
  if (in.peek() == '+' || in.peek() == '-') {
    Civil extra;
    if (!read_zone(in, extra)) return false;
    c.offset_minutes = *c.offset_minutes + extra.offset_minutes.value_or(0);
  }
  return true;
}

// What may follow a date: a parenthesised comment ("+0000 (UTC)") and spaces.
bool only_comment_left(Cursor& in) {
  in.skip_spaces();
  if (in.eat('(')) {
    while (!in.done() && in.peek() != ')') ++in.i;
    if (!in.eat(')')) return false;
    in.skip_spaces();
  }
  return in.done();
}

// ":MM[:SS[.fraction]]" after the hour `h`.
bool read_minutes_on(Cursor& in, int h, Civil& c) {
  if (!in.eat(':')) return false;
  auto mi = in.digits(2, 2);
  if (!mi) return false;
  c.hour = h, c.minute = *mi;
  if (in.eat(':')) {
    auto sec = in.digits(2, 2);
    if (!sec) return false;
    c.second = *sec;
    if ((in.eat('.') || in.eat(',')) && !in.digits(1, 9)) return false;
  }
  return true;
}

std::optional<Civil> rfc3339(std::string_view text) {
  Cursor in{text};
  Civil c;
  auto y = in.digits(4, 4);
  if (!y || !in.eat('-')) return std::nullopt;
  auto mo = in.digits(1, 2);
  if (!mo || !in.eat('-')) return std::nullopt;
  auto d = in.digits(1, 2);
  if (!d) return std::nullopt;
  c.year = *y, c.month = *mo, c.day = *d;
  if (in.done()) return c;  // a date: midnight, zone assumed
  if (in.peek() == 'T' || in.peek() == 't' || in.peek() == ' ') {
    ++in.i;
    auto h = in.digits(2, 2);
    if (!h || !read_minutes_on(in, *h, c)) return std::nullopt;
  }
  if (in.done()) return c;
  if (in.peek() == 'z' || in.peek() == 'Z') {
    ++in.i;
    c.offset_minutes = 0;
  } else if (!read_zone(in, c)) {
    return std::nullopt;
  }
  if (!only_comment_left(in)) return std::nullopt;
  return c;
}

std::optional<Civil> rfc822(std::string_view text) {
  Cursor in{text};
  Civil c;
  in.skip_spaces();
  // An optional day name, with or without its comma.
  size_t mark = in.i;
  std::string first = in.word();
  if (!first.empty()) {
    if (!is_day_name(first)) {
      in.i = mark;  // maybe "Apr 27 2021" (month first)
    } else {
      in.eat('.');
      in.skip_spaces();
      in.eat(',');
      in.skip_spaces();
    }
  }
  // "27 Apr 2021" or "Apr 27, 2021"
  auto d = in.digits(1, 2);
  std::string mon;
  if (d) {
    in.skip_spaces();
    in.eat('-');
    mon = in.word();
    in.eat('.');
    in.skip_spaces();
    in.eat('-');
  } else {
    mon = in.word();
    in.eat('.');
    in.skip_spaces();
    d = in.digits(1, 2);
    if (!d) return std::nullopt;
    in.eat(',');
    in.skip_spaces();
  }
  auto mo = month_of(mon);
  if (!mo) return std::nullopt;
  size_t year_digits = 0;
  auto y = in.digits(2, 4, &year_digits);
  if (!y || year_digits == 3) return std::nullopt;
  c.day = *d, c.month = *mo;
  c.year = year_digits == 2 ? (*y < 50 ? 2000 + *y : 1900 + *y) : *y;
  in.skip_spaces();
  if (in.done()) return c;
  // "13:11:00", "13:11", or RSS 0.92's "1500"
  size_t n = 0;
  auto h = in.digits(1, 4, &n);
  if (!h) return std::nullopt;
  if (n == 4) {
    c.hour = *h / 100, c.minute = *h % 100;
  } else if (n > 2 || !read_minutes_on(in, *h, c)) {
    return std::nullopt;
  }
  if (!read_zone(in, c)) return std::nullopt;
  if (!only_comment_left(in)) return std::nullopt;
  return c;
}

std::string_view trimmed(std::string_view s) { return trim_space(s); }

}  // namespace

Result<FeedTime> parse_feed_date(std::string_view text) {
  std::string_view t = trimmed(text);
  if (t.empty()) return Status::invalid("the date is empty");
  if (t.size() > 80) return Status::invalid("'" + std::string(t.substr(0, 40)) + "…' is not a date");
  std::optional<Civil> c = rfc3339(t);
  if (!c) c = rfc822(t);
  if (!c) {
    return Status::invalid("'" + std::string(t) + "' is not a date in a format feeds use (RFC 822 or RFC 3339)");
  }
  return to_time(*c, t);
}

}  // namespace qalam::ingest
