#include "core/legacy_path.h"

#include <array>

#include "core/text.h"

namespace qalam {
namespace {

// Percent-decoded (a malformed escape kept as written), '+' as a space when `query`,
// ASCII letters in lower case.
std::string decoded_lower(std::string_view s, bool query = false) {
  std::string out = percent_decode(s).value_or(std::string(s));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (query && c == '+') c = ' ';
  }
  return out;
}

std::string normal_path(std::string_view path) {
  std::string p = decoded_lower(path);
  if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

// WordPress's links that name a record by query: "?p=12", "?cat=3" …
std::string record_parameter(std::string_view query) {
  static constexpr std::array<std::string_view, 7> names = {"p", "page_id", "cat", "tag", "author", "attachment_id", "m"};
  size_t at = 0;
  while (at < query.size()) {
    size_t amp = query.find('&', at);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(at, amp - at);
    at = amp + 1;
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq + 1 == pair.size()) continue;
    std::string name = decoded_lower(pair.substr(0, eq), true);
    for (std::string_view n : names) {
      if (name == n) return name + "=" + decoded_lower(pair.substr(eq + 1), true);
    }
  }
  return {};
}

std::string join(const std::string& path, const std::string& parameter) {
  return parameter.empty() ? path : path + "?" + parameter;
}

}  // namespace

std::string legacy_path_key(std::string_view url) {
  size_t hash = url.find('#');
  if (hash != std::string_view::npos) url = url.substr(0, hash);
  for (std::string_view scheme : {"https://", "http://", "//"}) {
    if (url.size() >= scheme.size() && decoded_lower(url.substr(0, scheme.size())) == scheme) {
      url.remove_prefix(scheme.size());
      size_t slash = url.find_first_of("/?");
      url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
      break;
    }
  }
  if (url.empty()) return {};
  size_t q = url.find('?');
  std::string_view path = url.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
  if (path.empty()) path = "/";
  return join(normal_path(path), record_parameter(query));
}

std::vector<LegacyLookup> legacy_lookups(std::string_view raw_path, std::string_view raw_query) {
  std::string path = normal_path(raw_path);
  std::string parameter = record_parameter(raw_query);
  std::vector<LegacyLookup> out;
  auto add = [&](const std::string& p, LegacyLookup::Suffix suffix, int page) {
    if (!parameter.empty()) out.push_back({join(p, parameter), suffix, page});
    out.push_back({p, suffix, page});
  };
  add(path, LegacyLookup::Suffix::none, 0);
  // ".../feed", ".../feed/atom" …
  for (std::string_view feed : {"/feed", "/feed/rss", "/feed/rss2", "/feed/atom", "/feed/rdf", "/rss"}) {
    if (path.size() > feed.size() && path.ends_with(feed)) {
      add(path.substr(0, path.size() - feed.size()), LegacyLookup::Suffix::feed, 0);
    }
  }
  if (path == "/feed" || path == "/rss") add("/", LegacyLookup::Suffix::feed, 0);
  // ".../page/N"
  size_t page = path.rfind("/page/");
  if (page != std::string::npos) {
    auto n = parse_int(std::string_view(path).substr(page + 6));
    if (n && *n >= 1 && *n < 1'000'000) add(page == 0 ? "/" : path.substr(0, page), LegacyLookup::Suffix::page, static_cast<int>(*n));
  }
  return out;
}

std::string legacy_destination(const std::string& target, const LegacyLookup& lookup) {
  if (lookup.suffix == LegacyLookup::Suffix::none || target.find("/articles/") != std::string::npos ||
      target.starts_with("/media/")) {
    return target;
  }
  std::string base = target;
  if (lookup.suffix == LegacyLookup::Suffix::feed) {
    if (!base.ends_with('/')) base += '/';
    return base + "feed.xml";
  }
  if (lookup.page <= 1) return target;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  // A language's home numbers its pages in the query; archives in the path.
  if (base.size() == 3) return base + "/?page=" + std::to_string(lookup.page);
  return base + "/page/" + std::to_string(lookup.page);
}

}  // namespace qalam
