// The keys that find one story carried twice: its canonical link (the address without
// what differs between copies: scheme, "www.", fragment, trailing slash, tracking
// parameters such as utm_*, fbclid, gclid or heise's wt_mc; the rest sorted) and its
// title key (the title folded as search folds it, punctuation gone: "Baku: Talks
// Resume!" and "baku talks resume" are one key).
//
//   canonical_link("https://www.Example.com/a/?utm_source=x&b=2&a=1#top") == "//example.com/a?a=1&b=2"
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace qalam::ingest {

std::string canonical_link(std::string_view url);
std::string title_key(std::string_view title);

}  // namespace qalam::ingest
