// The old addresses of renamed records (store RedirectRepository::all), and those of the
// site Qalam replaced (a WordPress import's), as redirect
// maps for what serves a static export: an nginx `map` include and the `_redirects`
// file of Netlify, Cloudflare Pages and the like. Each old address answers 301 to the
// current one, as the server does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/repositories.h"

namespace qalam::static_site {

// (old path, current path) for every language a record's address has.
std::vector<std::pair<std::string, std::string>> redirect_pairs(const std::vector<store::SlugRedirect>& redirects);

// (old path, new path) for the addresses of the site Qalam replaced
// (RedirectRepository::all_legacy), with and without their trailing slash. Those
// named by a query ("/?p=12") and the old home are left out: a map of paths cannot
// tell them apart.
std::vector<std::pair<std::string, std::string>> legacy_redirect_pairs(
    const std::vector<std::pair<std::string, std::string>>& legacy);

// Lines for inside `map $uri $qalam_redirect { … }`: "/old" "/new";
std::string nginx_redirect_map(const std::vector<std::pair<std::string, std::string>>& pairs);
// Lines "/old /new 301".
std::string redirects_file(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace qalam::static_site
