#include "render/sitemap.h"

#include "core/time_format.h"
#include "render/feeds.h"

namespace qalam::render {
namespace {

// "    <loc>…</loc>" and, when known, "    <lastmod>…</lastmod>".
void append_location(std::string& out, const SitemapUrl& u) {
  out += "    <loc>";
  append_xml_escaped(out, u.loc);
  out += "</loc>\n";
  if (u.lastmod != TimePoint{}) out += "    <lastmod>" + rfc3339(u.lastmod) + "</lastmod>\n";
}

}  // namespace

std::string sitemap_xml(const std::vector<SitemapUrl>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const SitemapUrl& u : urls) {
    out += "  <url>\n";
    append_location(out, u);
    for (const auto& [lang, href] : u.alternates) {
      out += "    <xhtml:link rel=\"alternate\" hreflang=\"";
      append_xml_escaped(out, lang);
      out += "\" href=\"";
      append_xml_escaped(out, href);
      out += "\"/>\n";
    }
    out += "  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string sitemap_index_xml(const std::vector<SitemapUrl>& sitemaps) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const SitemapUrl& s : sitemaps) {
    out += "  <sitemap>\n";
    append_location(out, s);
    out += "  </sitemap>\n";
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string news_sitemap_xml(const std::vector<NewsUrl>& urls, const std::string& publication_name) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (const NewsUrl& u : urls) {
    out += "  <url>\n    <loc>";
    append_xml_escaped(out, u.loc);
    out += "</loc>\n    <news:news>\n      <news:publication>\n        <news:name>";
    append_xml_escaped(out, publication_name);
    out += "</news:name>\n        <news:language>";
    append_xml_escaped(out, u.lang);
    out += "</news:language>\n      </news:publication>\n      <news:publication_date>" + rfc3339(u.published) +
           "</news:publication_date>\n      <news:title>";
    append_xml_escaped(out, u.title);
    out += "</news:title>\n    </news:news>\n  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

}  // namespace qalam::render
