// PublicSite: the pages readers see (home, articles, author/section/tag archives,
// Foreign press, projects), their feeds, sitemaps and robots.txt, in every site
// language, read from the Store and rendered through the theme. A page that cannot be
// built answers with the theme's localized error page, never a crash.
//
// The handlers are spread over a few files by page family (home_and_article.cc,
// archive_pages.cc, project_pages.cc, feed_pages.cc, sitemap_pages.cc); this file and
// public_site.cc hold the shared page machinery.
//
// Every edition shows every language's pieces in its archives: an author's, a
// section's and a tag's pages (and their feeds) in /az/, /en/ and /ru/ list the same
// pieces, one per translation group (the page's language when the piece has it),
// interleaved newest first, each in another language than the page marked with its
// language (lang attribute, a visible label) and linking to its own URL.
// Interleaved rather than the page's language first: an outlet's author writes in
// whichever language a piece needs (the seed page's Azerbaijani edition lists English
// pieces), the archive's order is then the author's own chronology, and the page
// numbers of an archive are the same in every edition.
//
// Thread-safety: handlers run concurrently; PublicSite's only mutable state is the
// memo of rendered Markdown (its own lock) and a static copy's archive cursors.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "http/router.h"
#include "render/markdown_memo.h"
#include "site/theme.h"
#include "store/newsroom_repositories.h"
#include "site/view_counter.h"
#include "store/store.h"

namespace qalam::site {

struct SiteOptions {
  std::string base_url = "http://127.0.0.1:8080";  // no trailing slash
  std::string time_zone = "Asia/Baku";
  std::string default_language = "az";
  int page_size = 20;
  // Rendering for a static copy (qalam export-static): the search page searches the
  // export's index in the browser (/assets/static-search.js) instead of asking a server.
  bool static_copy = false;
  // Rendered Markdown kept by its text (render/markdown_memo.h): bodies shown again and
  // again (feeds, a served article) render once. A static copy renders most bodies once
  // and wants less.
  size_t markdown_memo_bytes = size_t{32} << 20;
};

class PublicSite {
 public:
  // `views`, when given, counts article reads for the most-read blocks.
  PublicSite(const Theme& theme, store::Store& store, const Clock& clock, SiteOptions options,
             ViewCounter* views = nullptr);

  void add_routes(http::Router& router);

  http::Response error_page(const http::Request& request, int status, std::string_view detail) const;

  // The article page of a piece in any status, as readers would see it once
  // published, marked as a preview and kept out of search engines.
  http::Response preview(const http::Request& request, const Article& article) const;

  // The site's name, tagline and logo from its settings, in `lang` when the settings
  // name them there (site.title.az), else the site's own (site.title; "Qalam" when
  // unnamed). The logo is site.logo, else the theme's /assets/logo.svg.
  struct Identity {
    std::string title = "Qalam";
    std::string tagline;
    std::string logo = "/assets/logo.svg";
    bool degraded = false;  // the settings could not be read: these are stand-ins
  };
  Identity identity(std::string_view lang = {}) const;

 private:
  // What a page says about itself beyond its template's own view.
  struct Page {
    std::string lang;
    std::string template_name;
    std::string heading;       // the page's own title; the document title adds the site's
    std::string description;
    std::string path;          // canonical path ("/en/tags/x?page=2")
    std::string og_type = "website";
    std::string image;
    // An article's times for Open Graph (article:published_time, article:modified_time).
    std::string published_time, modified_time;
    std::string nav_current;   // the section slug to mark in the navigation
    // The same page in other languages (lang → path); absent languages link home.
    std::map<std::string, std::string> translations;
    std::string feeds_base;    // list path whose feeds to announce; empty: none
    const std::vector<Section>* sections = nullptr;  // for the navigation; read when null
    boost::json::array jsonld;
    int status = 200;
    bool preview = false;  // an unpublished piece shown to its editors: noindex
    bool noindex = false;  // a page search engines should not keep (search results)
    // What the page shows, for the response cache (store/change_keys.h); render() adds
    // the settings and the navigation.
    std::vector<std::string> keys;
    // Kept at most this long when something it shows changes without telling (the
    // most-read block's counts, related pieces); 0: until evicted.
    std::chrono::seconds ttl{0};
    // False for pages no key describes (search results: any piece may join them).
    bool cacheable = true;
    // The site's identity when the handler read it already (render() reads it otherwise):
    // the settings are read once a page.
    std::optional<Identity> site;
  };

  // Handlers.
  http::Response root(const http::Request& request) const;
  http::Response home(const http::Request& request) const;
  http::Response article(const http::Request& request) const;
  static constexpr int kRelatedPieces = 5;  // below an article
  http::Response article_page(const http::Request& request, const store::ArticleRepository::ArticlePage& p,
                              bool preview) const;
  http::Response author(const http::Request& request) const;
  http::Response section(const http::Request& request) const;
  http::Response tag(const http::Request& request) const;
  http::Response project(const http::Request& request) const;
  // The project page's timeline of its missions' posts (empty object: none yet), and
  // one post as the page shows it.
  boost::json::object mission_timeline(const std::vector<Mission>& missions, const std::vector<store::MissionPost>& posts,
                                       const std::string& lang, const std::string& group, const std::string& network,
                                       const std::string& action) const;
  boost::json::object post_view(const store::MissionPost& post, const std::string& lang) const;
  http::Response search(const http::Request& request) const;
  enum class FeedFormat { rss, atom, json };
  enum class FeedScope { site, section, author, tag };
  http::Response feed(const http::Request& request, FeedScope scope, FeedFormat format) const;
  http::Response sitemap_index(const http::Request& request) const;
  http::Response sitemap_pages(const http::Request& request) const;
  http::Response sitemap_articles(const http::Request& request) const;
  http::Response news_sitemap(const http::Request& request) const;
  http::Response robots(const http::Request& request) const;

  // Machinery (public_site.cc).
  http::Response render(const http::Request& request, const Page& page, boost::json::object view) const;
  http::Response failure(const http::Request& request, const Status& status) const;
  // 404, unless the address is an old one of the site Qalam replaced: then 301 to
  // its new one (core/legacy_path.h).
  http::Response not_found(const http::Request& request) const;
  std::optional<http::Response> old_address(const http::Request& request) const;
  http::Response moved(std::string location) const;
  // A feed, sitemap or other document the response cache may keep.
  static http::Response cacheable(http::Response r, std::vector<std::string> keys, std::chrono::seconds ttl = {});
  // For a slug that names nothing: 301 to the current slug when the thing was renamed,
  // else the 404 page. Article slugs are per language; the others span languages.
  http::Response missing(const http::Request& request, store::SlugKind kind, const std::string& lang,
                         std::string (*path_of)(std::string_view lang, std::string_view slug)) const;
  // The language of a /{lang}/… request; empty when it is not a site language.
  std::string language_of(const http::Request& request) const;
  std::string absolute(std::string_view path) const { return options_.base_url + std::string(path); }
  // `html` with the site's own links and images (href="/…", src="/…", srcset) made
  // absolute: feed readers show content away from the site.
  std::string absolute_links(std::string_view html) const;

  // View models (view_models.cc).
  // Holds pointers into its own section_list: movable, not copyable.
  struct Lookups {
    Lookups() = default;
    Lookups(Lookups&&) = default;
    Lookups& operator=(Lookups&&) = default;
    Lookups(const Lookups&) = delete;
    std::map<int64_t, Author> authors;
    std::vector<Section> section_list;  // by position, as the navigation shows them
    std::map<int64_t, const Section*> sections;
    std::map<std::string, store::MediaItem, std::less<>> images;  // the uploads the pieces show, by name
  };
  // `sections` when the caller has read them already.
  Result<Lookups> lookups_for(const std::vector<Article>& articles,
                              std::optional<std::vector<Section>> sections = std::nullopt) const;
  // Adds the uploads among `paths` ("/media/NAME.ext"; others ignored) to `l.images`.
  Status add_images(Lookups& l, const std::vector<std::string>& paths) const;
  // An image as templates show it: {src, thumb, srcset, width, height, alt, caption,
  // credit, described (a caption or a credit to show)};
  // an upload's variants and size when `l` knows it. Null for an empty or unsafe path.
  boost::json::value image_view(std::string_view path, std::string_view alt, const Lookups& l) const;
  // A Markdown text as HTML whose images are responsive (render/responsive_images.h),
  // the uploads among them read in one query; their keys are added to `keys`.
  Result<std::string> body_html(std::string_view markdown, std::vector<std::string>& keys) const;
  boost::json::object article_item(const Article& a, const std::string& lang, const Lookups& l, int level) const;
  // Marks a piece in another language than the page's: other_lang {code, name}.
  void mark_language(boost::json::object& item, const Article& a, const std::string& lang) const;
  boost::json::object press_view(const PressItem& p, const std::string& lang, int level) const;
  boost::json::object project_item(const Project& p, const std::string& lang, int level) const;
  boost::json::array author_links(const std::vector<int64_t>& ids, const std::string& lang, const Lookups& l) const;
  // Page number from an archive's /page/N (N from 2) or ?page=; nullopt for anything
  // but a whole number.
  static std::optional<int> page_number(const http::Request& request);
  // An archive asked for with ?page=N: 301 to its /page/N address (links.h, page_path).
  std::optional<http::Response> archive_page_moved(const http::Request& request, const std::string& list_path,
                                                   int page) const;
  boost::json::value pagination(const std::string& lang, const std::string& list_path, int page, int pages) const;
  // The most-read block: published pieces of the last 7 days, by reads.
  // Adds the keys of the pieces it shows to `keys`.
  boost::json::array most_read(const std::string& lang, int64_t section_id, std::vector<std::string>& keys) const;
  // What the seed page carries beside an archive: the current special project (the
  // newest marked new, else the first) and the latest Foreign press items, with the
  // keys they add; an error reads as a failed page.
  Result<boost::json::object> beside_archive(const std::string& lang, const std::vector<Section>& sections,
                                             std::vector<std::string>& keys) const;
  boost::json::object breadcrumbs(const std::vector<std::pair<std::string, std::string>>& trail) const;

  // A static copy renders an archive's pages in order (page N+1 is found on page N):
  // page N+1 continues after page N's last piece instead of skipping N×20 entries
  // (quadratic over an archive of thousands). `list_key` names the archive
  // (change_keys::articles). Only while rendering a static copy: a served site's
  // archives change between requests.
  void continue_archive(const std::string& list_key, int page, store::ArticleFilter& filter) const;
  void remember_archive_end(const std::string& list_key, int page, const std::vector<Article>& shown) const;

  const Theme& theme_;
  store::Store& store_;
  const Clock& clock_;
  SiteOptions options_;
  ViewCounter* views_;
  // Bodies rendered once per text: options_.markdown_memo_bytes of texts and HTML.
  mutable render::MarkdownMemo markdown_;
  mutable std::mutex archive_ends_mutex_;
  mutable std::map<std::string, std::pair<TimePoint, int64_t>> archive_ends_;  // "KEY|LANG|PAGE" → last piece
};

}  // namespace qalam::site
