// View models: content turned into the objects templates read.
#include <boost/json.hpp>
#include <charconv>

#include "core/link_rule.h"
#include "core/time_format.h"
#include "http/message.h"
#include "render/responsive_images.h"
#include "store/change_keys.h"
#include "site/links.h"
#include "site/public_site.h"

namespace qalam::site {
namespace json = boost::json;

namespace {
// "/media/x-480.webp 480w, /media/x-960.webp 960w": an upload's WebP variants.
std::string srcset_of(const store::MediaItem& m) {
  std::string srcset;
  for (int w : m.variants) srcset += (srcset.empty() ? "" : ", ") + media_variant_path(m.name, w) + " " + std::to_string(w) + "w";
  return srcset;
}
}  // namespace

Result<PublicSite::Lookups> PublicSite::lookups_for(const std::vector<Article>& articles,
                                                    std::optional<std::vector<Section>> sections) const {
  Lookups l;
  std::vector<int64_t> ids;
  for (const Article& a : articles) ids.insert(ids.end(), a.author_ids.begin(), a.author_ids.end());
  if (!ids.empty()) {
    auto authors = store_.authors().by_ids(ids);
    if (!authors.ok()) return authors.status();
    for (Author& a : *authors) l.authors.emplace(a.id, std::move(a));
  }
  if (sections) {
    l.section_list = std::move(*sections);
  } else {
    auto all = store_.sections().all();
    if (!all.ok()) return all.status();
    l.section_list = std::move(all).value();
  }
  for (const Section& s : l.section_list) l.sections.emplace(s.id, &s);
  std::vector<std::string> images;
  for (const Article& a : articles) images.push_back(a.image);
  QALAM_RETURN_IF_ERROR(add_images(l, images));
  return l;
}

Status PublicSite::add_images(Lookups& l, const std::vector<std::string>& paths) const {
  std::vector<std::string> names;
  for (const std::string& p : paths) {
    if (std::string name = media_name(p); !name.empty() && !l.images.contains(name)) names.push_back(std::move(name));
  }
  if (names.empty()) return Status::ok_status();
  auto found = store_.media().by_names(names);
  if (!found.ok()) return found.status();
  for (store::MediaItem& m : *found) {
    std::string name = m.name;
    l.images.emplace(std::move(name), std::move(m));
  }
  return Status::ok_status();
}

json::value PublicSite::image_view(std::string_view path, std::string_view alt, const Lookups& l) const {
  if (shown_link(path).empty()) return nullptr;
  json::object image{{"src", path}, {"alt", alt}};
  auto it = l.images.find(media_name(path));
  if (it == l.images.end()) return image;
  const store::MediaItem& m = it->second;
  if (!m.variants.empty()) image["thumb"] = media_variant_path(m.name, m.variants.front());
  image["srcset"] = srcset_of(m);
  image["width"] = m.width;
  image["height"] = m.height;
  image["caption"] = m.caption;
  image["credit"] = m.credit;
  image["described"] = !m.caption.empty() || !m.credit.empty();
  return image;
}

Result<std::string> PublicSite::body_html(std::string_view markdown, std::vector<std::string>& keys) const {
  std::string html = markdown_.html(markdown);
  std::vector<std::string> sources = render::image_sources(html);
  if (sources.empty()) return html;
  Lookups l;
  QALAM_RETURN_IF_ERROR(add_images(l, sources));
  for (const auto& [name, item] : l.images) keys.push_back(store::change_keys::media(name));
  auto resolve = [&](std::string_view src) -> std::optional<render::ImageDetails> {
    auto it = l.images.find(media_name(src));
    if (it == l.images.end()) return std::nullopt;
    const store::MediaItem& m = it->second;
    return render::ImageDetails{srcset_of(m), m.width, m.height, m.caption, m.credit};
  };
  // The text column: the whole width of a phone, 42rem at most.
  return render::responsive_images(html, resolve, "(max-width: 44rem) calc(100vw - 2rem), 42rem");
}

json::array PublicSite::author_links(const std::vector<int64_t>& ids, const std::string& lang, const Lookups& l) const {
  json::array out;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = l.authors.find(ids[i]);
    if (it == l.authors.end()) continue;
    out.push_back(json::object{{"name", in_language(it->second.name, lang)},
                               {"url", author_path(lang, it->second.slug)},
                               {"last", i + 1 == ids.size()}});
  }
  return out;
}

void PublicSite::mark_language(json::object& item, const Article& a, const std::string& lang) const {
  // False, not absent: a template showing this item inside another's section must
  // not find the outer item's language (Mustache looks up the context stack).
  if (a.lang == lang) {
    item["other_lang"] = false;
    return;
  }
  item["other_lang"] = json::object{{"code", a.lang}, {"name", theme_.text(a.lang, "language_name")}};
}

json::object PublicSite::article_item(const Article& a, const std::string& lang, const Lookups& l, int level) const {
  json::object item{{"level", level},
                      {"url", article_path(a.lang, a.slug)},
                      {"title", a.title},
                      {"lead", a.lead},
                      {"iso", rfc3339(a.published_at)},
                      {"date", long_date(a.published_at, lang, options_.time_zone)},
                      {"time", numeric_datetime(a.published_at, options_.time_zone)},
                      {"authors", author_links(a.author_ids, lang, l)},
                      {"image", image_view(a.image, a.image_alt, l)}};
  mark_language(item, a, lang);
  return item;
}

json::object PublicSite::press_view(const PressItem& p, const std::string& lang, int level) const {
  // The desk's review in this language, when there is one, before the original's words.
  bool reviewed = press_reviewed_in(p, lang);
  return json::object{{"level", level},
                      {"url", p.original_url},
                      {"title", press_headline(p, lang)},
                      {"original_title", reviewed ? p.title : std::string()},
                      {"translated_title", reviewed ? std::string() : p.translated_title},
                      {"summary", press_summary(p, lang)},
                      {"outlet", p.outlet_name},
                      {"outlet_url", p.outlet_url},
                      {"original_lang", p.original_lang},
                      {"iso", iso_date(p.published_on)},
                      {"date", long_date(p.published_on, lang, "UTC")}};
}

json::object PublicSite::project_item(const Project& p, const std::string& lang, int level) const {
  return json::object{{"level", level},
                      {"url", project_path(lang, p.slug)},
                      {"title", in_language(p.title, lang)},
                      {"intro", in_language(p.intro, lang)},
                      {"is_new", p.is_new}};
}

std::optional<int> PublicSite::page_number(const http::Request& request) {
  // An archive's /page/N (from 2: page 1 is the list itself), or ?page=N.
  std::optional<std::string> raw;
  if (std::string_view n = request.param("n"); !n.empty()) {
    raw = std::string(n);
  } else if (!request.has_query_param("page")) {
    return 1;
  } else {
    raw = request.query_param("page");
  }
  if (!raw || raw->empty() || raw->size() > 6) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), n);
  if (ec != std::errc() || end != raw->data() + raw->size() || n < 1) return std::nullopt;
  if (!request.param("n").empty() && n < 2) return std::nullopt;
  return n;
}

std::optional<http::Response> PublicSite::archive_page_moved(const http::Request& request, const std::string& list_path,
                                                             int page) const {
  if (!request.has_query_param("page")) return std::nullopt;
  return moved(page_path(list_path, page));
}

json::value PublicSite::pagination(const std::string& lang, const std::string& list_path, int page, int pages) const {
  if (pages <= 1) return nullptr;
  json::object p{{"label", theme_.text(lang, "page_of", {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}})}};
  if (page > 1) p["prev_url"] = page_path(list_path, page - 1);
  if (page < pages) p["next_url"] = page_path(list_path, page + 1);
  return p;
}

json::array PublicSite::most_read(const std::string& lang, int64_t section_id, std::vector<std::string>& keys) const {
  json::array out;
  auto articles = store_.views().most_read(lang, section_id, clock_.now() - std::chrono::hours(24 * 7), 5);
  keys.push_back(store::change_keys::most_read);
  if (!articles.ok()) return out;  // a block, not the page: leave it out
  for (const Article& a : *articles) {
    keys.push_back(store::change_keys::article(a.id));
    out.push_back(json::object{{"url", article_path(a.lang, a.slug)}, {"title", a.title}});
  }
  return out;
}

json::object PublicSite::breadcrumbs(const std::vector<std::pair<std::string, std::string>>& trail) const {
  json::array items;
  for (size_t i = 0; i < trail.size(); ++i) {
    items.push_back(json::object{{"@type", "ListItem"},
                                 {"position", static_cast<int64_t>(i + 1)},
                                 {"name", trail[i].first},
                                 {"item", absolute(trail[i].second)}});
  }
  return json::object{{"@context", "https://schema.org"}, {"@type", "BreadcrumbList"}, {"itemListElement", std::move(items)}};
}

}  // namespace qalam::site
