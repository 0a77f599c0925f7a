// Sitemaps (sitemaps.org 0.9) with hreflang alternates, sitemap indexes, and the Google
// News sitemap for recent pieces.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace qalam::render {

// A sitemap holds at most this many URLs (the protocol's limit).
inline constexpr size_t sitemap_max_urls = 50'000;

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
