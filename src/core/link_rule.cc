#include "core/link_rule.h"

namespace qalam {
namespace {

bool starts_with_folded(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_allowed_link(std::string_view url) {
  if (url.empty() || url.size() > 2000) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  }
  if (url.starts_with("/media/") || url.starts_with("/assets/")) {
    return url.find("/../") == std::string_view::npos && !url.ends_with("/..");
  }
  std::string_view rest;
  if (starts_with_folded(url, "https://")) {
    rest = url.substr(8);
  } else if (starts_with_folded(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  // A host must follow: not empty, not another slash, no user:password@ in front.
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  return !authority.empty() && authority.find('@') == std::string_view::npos && authority.front() != ':';
}

}  // namespace qalam
