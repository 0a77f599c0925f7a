// Sorting and naming in the reader's language, through ICU: Azerbaijani puts ə after e,
// ı before i and ç after c; Russian sorts Cyrillic; country names from ISO codes.
//
// Thread-safety: any thread (collators are per-thread).
#pragma once

#include <string>
#include <string_view>

namespace qalam {

// <0, 0, >0 like strcmp, in the collation of `lang`.
int collate(std::string_view a, std::string_view b, std::string_view lang);

// "DE" → "Germany" / "Almaniya" / "Германия". Empty for an unknown code.
std::string country_name(std::string_view iso2, std::string_view lang);

// True for two upper-case ASCII letters naming a region ICU knows.
bool is_country_code(std::string_view iso2);

}  // namespace qalam
