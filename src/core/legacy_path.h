// The addresses of a site Qalam replaced (a WordPress or Ghost blog), kept so old links
// keep working: the importer records each old address with the new path it now lives
// at, and the public site answers a request for it with a 301 there.
//
// An old address is kept as a key: its path percent-decoded, ASCII letters in lower
// case, without a trailing slash ("/2019/05/06/Baki%20News/" → "/2019/05/06/baki news"),
// and for WordPress's query links the one query parameter that names the record
// ("/?p=12", "/blog?cat=3"). A request's archive suffix — "/feed" (and "/feed/atom",
// "/feed/rss2", …) or "/page/N" — is split off, looked up without it and put back
// as the new address's own feed or page.
//
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qalam {

// The key of an old address given as a full URL ("https://old.example/x/?p=3") or a
// path with its query ("/x?p=3"); empty when it names nothing a key can hold.
std::string legacy_path_key(std::string_view url_or_path);

// What a request's path and query may be known under, most specific first: the path,
// then the path with its record-naming query parameter, then each again without an
// archive suffix (`suffix` says which).
struct LegacyLookup {
  std::string key;
  enum class Suffix { none, feed, page } suffix = Suffix::none;
  int page = 0;
};
std::vector<LegacyLookup> legacy_lookups(std::string_view raw_path, std::string_view raw_query);

// The address to send a reader to: `target` with the suffix the request asked for (an
// article has no feed or pages of its own: the article itself).
std::string legacy_destination(const std::string& target, const LegacyLookup& lookup);

}  // namespace qalam
