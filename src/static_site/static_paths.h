// The file of a public address in a static copy of the site, and the addresses a page
// links to. Pure functions the static exporter crawls with.
//
//   /en/                         en/index.html
//   /en/articles/slug            en/articles/slug.html   (nginx: try_files $uri $uri.html)
//   /en/tags/x/page/2            en/tags/x/page/2.html
//   /en/feed.xml, /robots.txt    as they are
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qalam::static_site {

// The file (relative to the export's root) holding the page at `path`; empty for an
// address no file can hold (no leading '/', "..", a query).
std::string file_for_path(std::string_view path);

// Whether a file of this name is text worth keeping precompressed (.gz, .br) beside it.
bool is_compressible(std::string_view file);

// The site's own addresses `body` links to: href="/…" and src="/…"
// attributes, and absolute links under `base_url` (feeds and sitemaps: <loc>, <link>,
// href="BASE/…"). Without their fragment; addresses with a query, protocol-relative
// ones and other sites' are left out; duplicates are kept (the caller dedupes). The
// addresses are views into `body`: links of href= and src= first, then those of
// <loc> and <link>, then JSON Feed's "url", each kind in the order found.
std::vector<std::string_view> internal_links(std::string_view body, std::string_view base_url);

}  // namespace qalam::static_site
