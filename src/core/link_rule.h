// The one rule for every address a record points readers at: an author's photo, an
// article's image, social links, outlets, press items, missions' websites. It reaches
// <img src>, <a href>, og:image, JSON-LD and the Content API, so `javascript:`,
// `data:text/html`, `vbscript:` and friends must never get in, whichever door
// (import, newsroom, Admin API) they try. Allowed: http:// and https:// addresses with
// a host, and the site's own /media/ and /assets/ paths. No whitespace, control
// characters, quotes, angle brackets or backslashes anywhere. Also how a social
// account reads as a link's text.
#pragma once

#include <string>
#include <string_view>

namespace qalam {

bool is_allowed_link(std::string_view url);

// The address when the rule allows it, else empty: what readers are shown of records
// saved before the rule was enforced everywhere.
inline std::string_view shown_link(std::string_view url) { return is_allowed_link(url) ? url : std::string_view{}; }

// The name of an uploaded image from its path ("/media/NAME.ext" → "NAME"); empty for
// anything else.
inline std::string media_name(std::string_view path) {
  if (!path.starts_with("/media/")) return {};
  path.remove_prefix(7);
  auto dot = path.find('.');
  if (dot == std::string_view::npos || path.find('/') != std::string_view::npos) return {};
  return std::string(path.substr(0, dot));
}

// A social network's name as readers know it ("x" → "X", "youtube" → "YouTube");
// an unknown key with its first letter capitalised.
std::string network_name(std::string_view network);

// A social account as a link's text: "X · @AzDemoVienna", or the network's name alone.
std::string social_label(std::string_view network, std::string_view handle);

// What the rule asks for, in words, for problems shown beside a field.
inline constexpr std::string_view allowed_link_rule =
    "must be an http:// or https:// address, or a /media/ or /assets/ path";

}  // namespace qalam
