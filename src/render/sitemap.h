// Sitemaps (sitemaps.org 0.9) with hreflang alternates, sitemap indexes, and the Google
// News sitemap for recent pieces.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace qalam::render {

// The URLs of one sitemap file of articles. The protocol allows 50,000; with a link to
// every translation beside each, a file of 50,000 was ~20 MB, and rendering it held
// ~100 MB (the article references, the URLs, the text): two at once were most of an
// export's peak memory at 100,000 articles (jemalloc's heap profile).
inline constexpr size_t sitemap_max_urls = 10'000;

struct SitemapUrl {
  std::string loc;
  TimePoint lastmod{};
  std::vector<std::pair<std::string, std::string>> alternates;  // (hreflang, href)
};

struct NewsUrl {
  std::string loc;
  std::string title;
  std::string lang;
  TimePoint published{};
};

std::string sitemap_xml(const std::vector<SitemapUrl>& urls);
std::string sitemap_index_xml(const std::vector<SitemapUrl>& sitemaps);
std::string news_sitemap_xml(const std::vector<NewsUrl>& urls, const std::string& publication_name);

}  // namespace qalam::render
