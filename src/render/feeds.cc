#include "render/feeds.h"

#include <boost/json.hpp>

#include "core/time_format.h"
#include "render/escape.h"

namespace qalam::render {

void append_xml_escaped(std::string& out, std::string_view text) {
  static constexpr EscapeTable xml = [] {
    EscapeTable t = markup_escapes("&apos;");
    // Control characters other than tab, CR and LF are not allowed in XML 1.0: dropped.
    for (int c = 0; c < 0x20; ++c) {
      if (c != '\t' && c != '\n' && c != '\r') t[static_cast<size_t>(c)] = "";
    }
    return t;
  }();
  append_escaped(out, text, xml);
}

namespace {

void element(std::string& out, const char* name, std::string_view text, const char* indent = "    ") {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  append_xml_escaped(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

}  // namespace

namespace {

// <link rel="alternate" hreflang=…> for each translation; `open` is the indented tag
// start ("    <link" in Atom, "      <atom:link" in RSS).
void append_translation_links(std::string& out, std::string_view open, const FeedItem& item) {
  for (const auto& [lang, url] : item.translations) {
    out += open;
    out += " rel=\"alternate\" type=\"text/html\" hreflang=\"";
    append_xml_escaped(out, lang);
    out += "\" href=\"";
    append_xml_escaped(out, url);
    out += "\"/>\n";
  }
}

}  // namespace

std::string to_rss(const Feed& feed) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
      "  <channel>\n";
  element(out, "title", feed.title);
  element(out, "link", feed.home_url);
  element(out, "description", feed.description.empty() ? feed.title : feed.description);
  element(out, "language", feed.lang);
  element(out, "lastBuildDate", rfc822(feed.updated));
  element(out, "generator", "Qalam");
  out += "    <atom:link href=\"";
  append_xml_escaped(out, feed.rss_url);
  out += "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  for (const FeedItem& item : feed.items) {
    out += "    <item>\n";
    element(out, "title", item.title, "      ");
    element(out, "link", item.url, "      ");
    out += "      <guid isPermaLink=\"true\">";
    append_xml_escaped(out, item.id);
    out += "</guid>\n";
    element(out, "pubDate", rfc822(item.published), "      ");
    for (const FeedPerson& a : item.authors) element(out, "dc:creator", a.name, "      ");
    for (const std::string& t : item.tags) element(out, "category", t, "      ");
    append_translation_links(out, "      <atom:link", item);
    element(out, "description", item.summary, "      ");
    if (!item.content_html.empty()) element(out, "content:encoded", item.content_html, "      ");
    if (item.image) {
      const FeedItem::Image& im = *item.image;
      if (im.bytes > 0 && !im.type.empty()) {  // RSS requires both
        out += "      <enclosure url=\"";
        append_xml_escaped(out, im.url);
        out += "\" length=\"" + std::to_string(im.bytes) + "\" type=\"";
        append_xml_escaped(out, im.type);
        out += "\"/>\n";
      }
      out += "      <media:content url=\"";
      append_xml_escaped(out, im.url);
      out += "\" medium=\"image\"";
      if (!im.type.empty()) {
        out += " type=\"";
        append_xml_escaped(out, im.type);
        out += "\"";
      }
      if (im.alt.empty()) {
        out += "/>\n";
      } else {
        out += "><media:description type=\"plain\">";
        append_xml_escaped(out, im.alt);
        out += "</media:description></media:content>\n";
      }
    }
    out += "    </item>\n";
  }
  out += "  </channel>\n</rss>\n";
  return out;
}

std::string to_atom(const Feed& feed) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
  append_xml_escaped(out, feed.lang);
  out += "\">\n";
  element(out, "id", feed.atom_url, "  ");
  element(out, "title", feed.title, "  ");
  if (!feed.description.empty()) element(out, "subtitle", feed.description, "  ");
  element(out, "updated", rfc3339(feed.updated), "  ");
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"";
  append_xml_escaped(out, feed.atom_url);
  out += "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"";
  append_xml_escaped(out, feed.home_url);
  out += "\"/>\n  <generator>Qalam</generator>\n";
  for (const FeedItem& item : feed.items) {
    if (!item.language.empty() && item.language != feed.lang) {
      out += "  <entry xml:lang=\"";
      append_xml_escaped(out, item.language);
      out += "\">\n";
    } else {
      out += "  <entry>\n";
    }
    element(out, "id", item.id);
    element(out, "title", item.title);
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"";
    append_xml_escaped(out, item.url);
    out += "\"/>\n";
    append_translation_links(out, "    <link", item);
    element(out, "published", rfc3339(item.published));
    element(out, "updated", rfc3339(item.updated == TimePoint{} ? item.published : item.updated));
    if (item.authors.empty()) {
      out += "    <author><name>";
      append_xml_escaped(out, feed.title);
      out += "</name></author>\n";
    }
    for (const FeedPerson& a : item.authors) {
      out += "    <author><name>";
      append_xml_escaped(out, a.name);
      out += "</name>";
      if (!a.url.empty()) {
        out += "<uri>";
        append_xml_escaped(out, a.url);
        out += "</uri>";
      }
      out += "</author>\n";
    }
    for (const std::string& t : item.tags) {
      out += "    <category term=\"";
      append_xml_escaped(out, t);
      out += "\"/>\n";
    }
    if (item.image) {
      out += "    <link rel=\"enclosure\" href=\"";
      append_xml_escaped(out, item.image->url);
      out += "\"";
      if (!item.image->type.empty()) {
        out += " type=\"";
        append_xml_escaped(out, item.image->type);
        out += "\"";
      }
      if (item.image->bytes > 0) out += " length=\"" + std::to_string(item.image->bytes) + "\"";
      out += "/>\n";
    }
    if (!item.summary.empty()) element(out, "summary", item.summary);
    if (!item.content_html.empty()) {
      out += "    <content type=\"html\">";
      append_xml_escaped(out, item.content_html);
      out += "</content>\n";
    }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string to_json_feed(const Feed& feed) {
  namespace json = boost::json;
  json::array items;
  for (const FeedItem& item : feed.items) {
    json::object o{{"id", item.id}, {"url", item.url}, {"title", item.title},
                   {"date_published", rfc3339(item.published)},
                   {"date_modified", rfc3339(item.updated == TimePoint{} ? item.published : item.updated)}};
    if (!item.summary.empty()) o["summary"] = item.summary;
    if (item.image) o["image"] = item.image->url;
    if (!item.language.empty() && item.language != feed.lang) o["language"] = item.language;
    o["content_html"] = item.content_html.empty() ? item.summary : item.content_html;
    if (!item.authors.empty()) {
      json::array authors;
      for (const FeedPerson& a : item.authors) {
        json::object p{{"name", a.name}};
        if (!a.url.empty()) p["url"] = a.url;
        authors.push_back(std::move(p));
      }
      o["authors"] = std::move(authors);
    }
    if (!item.tags.empty()) o["tags"] = json::array(item.tags.begin(), item.tags.end());
    if (!item.translations.empty()) {
      json::array translations;
      for (const auto& [lang, url] : item.translations) translations.push_back(json::object{{"language", lang}, {"url", url}});
      o["_qalam"] = json::object{{"about", "https://qalam.invalid/json-feed-extension"}, {"translations", std::move(translations)}};
    }
    items.push_back(std::move(o));
  }
  json::object doc{{"version", "https://jsonfeed.org/version/1.1"},
                   {"title", feed.title},
                   {"home_page_url", feed.home_url},
                   {"feed_url", feed.json_url},
                   {"language", feed.lang},
                   {"items", std::move(items)}};
  if (!feed.description.empty()) doc["description"] = feed.description;
  return json::serialize(doc) + "\n";
}

}  // namespace qalam::render
