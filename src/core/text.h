// Text folding and slugs: the one folding function used for slugs, search indexing and
// search queries (DESIGN.md, Data), built on ICU.
//
//   fold("AZƏRBAYCANIN") == fold("Azərbaycanın") == "azerbaycanin"
//   slugify("Россия") == "rossiya"
//
// Thread-safety: all functions may be called from any thread (ICU objects are
// per-thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qalam {

// NFKC; case folding with the Turkic rules (İ→i, I→ı); letters folded to their base
// (ə→e, ı→i, ş→s, ç→c, ğ→g, ö→o, ü→u, and accents on Latin letters; ё→е). Scripts
// are kept: Cyrillic stays Cyrillic.
std::string fold(std::string_view utf8);

// The words of a text: runs of letters and digits of any script, in order, as they are
// (fold first for words to compare). Everything else separates words.
std::vector<std::string> split_words(std::string_view utf8);

// Cyrillic to Latin (BGN/PCGN for Russian: Россия → Rossiya), other scripts to Latin,
// keeping case.
std::string to_latin(std::string_view utf8);

// A readable ASCII slug: to_latin, fold, then anything but [a-z0-9] becomes one '-'.
// At most `max_length` bytes, cut at a word boundary. Empty when nothing is left.
std::string slugify(std::string_view utf8, size_t max_length = 80);

// True for a well-formed slug: [a-z0-9] words joined by single '-'.
bool is_valid_slug(std::string_view slug);

// `text` without the ASCII whitespace (space, tab, CR, LF, FF, VT) at either end.
std::string_view trim_space(std::string_view text);

// The first `max_chars` characters (code points) of well-formed UTF-8, whole.
std::string_view utf8_prefix(std::string_view utf8, size_t max_chars);

// True when `utf8` is well-formed UTF-8.
bool is_valid_utf8(std::string_view utf8);

// A whole decimal number filling all of `text` ("-12"); nullopt otherwise.
std::optional<int64_t> parse_int(std::string_view text);

// `text` for a URL's query value: every byte but RFC 3986's unreserved characters
// (A-Z a-z 0-9 - . _ ~) as %XX.
std::string percent_encode(std::string_view text);

// Decodes %XX escapes (and nothing else: '+' stays '+'). nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);

// Minutes a reader takes over `text` (words separated by white space, at 200 a
// minute, rounded up); at least 1.
int reading_minutes(std::string_view text);

}  // namespace qalam
