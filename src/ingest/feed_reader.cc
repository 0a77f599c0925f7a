#include "ingest/feed_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include <unicode/utf8.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/text.h"
#include "ingest/feed_dates.h"
#include "ingest/feed_encoding.h"
#include "ingest/wordpress_content.h"
#include "render/mustache/template.h"

namespace qalam::ingest {
namespace {

constexpr size_t field_cap = 512 * 1024;  // bytes of one field's text
constexpr size_t summary_cap = 1000;      // characters of a summary

constexpr const char* ns_atom10 = "http://www.w3.org/2005/Atom";
constexpr const char* ns_atom03 = "http://purl.org/atom/ns#";
constexpr const char* ns_rss10 = "http://purl.org/rss/1.0/";
constexpr const char* ns_rss090 = "http://my.netscape.com/rdf/simple/0.9/";
constexpr const char* ns_rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* ns_dc = "http://purl.org/dc/elements/1.1/";
constexpr const char* ns_dcterms = "http://purl.org/dc/terms/";
constexpr const char* ns_content = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* ns_media = "http://search.yahoo.com/mrss/";

std::string_view trimmed(std::string_view s) { return trim_space(s); }

// At most `cap` characters of text, cut at a word, with an ellipsis when cut.
std::string shortened(std::string text, size_t cap) {
  size_t i = utf8_prefix(text, cap).size();
  if (i >= text.size()) return text;
  size_t cut = text.rfind(' ', i);
  if (cut == std::string::npos || cut < i / 2) cut = i;
  text.resize(cut);
  return text + "…";
}

std::string resolve(const std::string& base, std::string_view ref) {
  ref = trimmed(ref);
  if (ref.empty()) return {};
  auto r = boost::urls::parse_uri_reference(ref);
  if (!r) return std::string(ref);
  if (r->has_scheme() || base.empty()) return std::string(r->buffer());
  auto b = boost::urls::parse_uri(base);
  if (!b) return std::string(ref);
  boost::urls::url out;
  if (!boost::urls::resolve(*b, *r, out)) return std::string(ref);
  return std::string(out.buffer());
}

// ---- XML ----

bool is(const xmlNode* n, const char* ns, const char* name) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE) return false;
  if (std::strcmp(reinterpret_cast<const char*>(n->name), name) != 0) return false;
  const char* href = n->ns ? reinterpret_cast<const char*>(n->ns->href) : nullptr;
  if (ns == nullptr) return href == nullptr;
  return href != nullptr && std::strcmp(href, ns) == 0;
}

std::string ns_of(const xmlNode* n) { return n->ns ? reinterpret_cast<const char*>(n->ns->href) : ""; }

std::string attribute(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    std::string out;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
    }
    return out;
  }
  return {};
}

// The text below a node: text and CDATA, HTML's named characters for entity references
// (a feed with no DTD uses &nbsp;), nothing of other entities (no expansion: no
// billion laughs), at most field_cap bytes.
void collect_text(const xmlNode* n, std::string& out, int depth = 0) {
  for (const xmlNode* c = n->children; c != nullptr && out.size() < field_cap; c = c->next) {
    switch (c->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (c->content) out += reinterpret_cast<const char*>(c->content);
        break;
      case XML_ENTITY_REF_NODE:
        if (const htmlEntityDesc* e = htmlEntityLookup(c->name)) {
          char buf[4];
          int32_t len = 0;
          UBool bad = false;
          U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(e->value), bad);
          (void)bad;
          out.append(buf, static_cast<size_t>(len));
        }
        break;
      case XML_ELEMENT_NODE:
        if (depth < 32) collect_text(c, out, depth + 1);
        break;
      default:
        break;
    }
  }
  if (out.size() > field_cap) out.resize(field_cap);
}

std::string text(const xmlNode* n) {
  if (n == nullptr) return {};
  std::string out;
  collect_text(n, out);
  return out;
}

// The markup below a node (Atom's type="xhtml"), serialised.
std::string inner_xml(const xmlNode* n) {
  std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buf(xmlBufferCreate(), xmlBufferFree);
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    xmlNodeDump(buf.get(), c->doc, const_cast<xmlNode*>(c), 0, 0);
    if (xmlBufferLength(buf.get()) > static_cast<int>(field_cap)) break;
  }
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf.get())),
                     static_cast<size_t>(xmlBufferLength(buf.get())));
}

std::string escape_html(std::string_view s) {
  std::string out;
  render::mustache::append_html_escaped(out, s);
  return out;
}

// RSS titles are text, but many feeds escape markup or references into them a second
// time ("&amp;amp;", "&lt;b&gt;"): those are read as HTML, anything else as written.
bool looks_like_html(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    char next = s[i + 1];
    if (s[i] == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!')) return true;
    if (s[i] == '&' && (std::isalpha(static_cast<unsigned char>(next)) || next == '#')) {
      size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) return true;
    }
  }
  return false;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trimmed(s)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string title_text(std::string_view title) {
  return looks_like_html(title) ? html_to_text(title) : collapse_spaces(title);
}

// An Atom text construct as HTML (type text, html or xhtml; 0.3's mode="escaped").
std::string atom_html(const xmlNode* n) {
  std::string type = attribute(n, "type");
  if (type == "xhtml" || type == "application/xhtml+xml") {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(c->name), "div") == 0) {
        return inner_xml(c);
      }
    }
    return inner_xml(n);
  }
  if (type == "html" || type == "text/html" || attribute(n, "mode") == "escaped") return text(n);
  return escape_html(text(n));
}

// An Atom text construct as plain text.
std::string atom_text(const xmlNode* n) {
  std::string type = attribute(n, "type");
  if (type.empty() || type == "text" || type == "text/plain") return collapse_spaces(text(n));
  return html_to_text(atom_html(n));
}

std::string base_of(const xmlNode* n, const std::string& fallback) {
  xmlChar* b = xmlNodeGetBase(n->doc, n);
  if (b == nullptr) return fallback;
  std::string base = reinterpret_cast<const char*>(b);
  xmlFree(b);
  return resolve(fallback, base);
}

std::string lang_of(const xmlNode* n) {
  xmlChar* l = xmlNodeGetLang(n);
  if (l == nullptr) return {};
  std::string out = reinterpret_cast<const char*>(l);
  xmlFree(l);
  return out;
}

// "editor@example.com (Ann Smith)" → "Ann Smith"
std::string person(std::string_view s) {
  s = trimmed(s);
  size_t open = s.find('(');
  size_t close = s.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open &&
      s.substr(0, open).find('@') != std::string_view::npos) {
    return std::string(trimmed(s.substr(open + 1, close - open - 1)));
  }
  return std::string(s);
}

void read_date(std::string_view raw, std::string_view field, std::optional<TimePoint>& into,
               std::vector<std::string>& problems) {
  if (into || trimmed(raw).empty()) return;
  auto t = parse_feed_date(raw);
  if (!t.ok()) {
    problems.push_back(std::string(field) + ": " + t.status().message());
    return;
  }
  into = t->at;
  if (t->zone_assumed) problems.push_back(std::string(field) + " '" + std::string(trimmed(raw)) + "' names no time zone; read as UTC");
}

bool is_image_type(const std::string& type) { return type.rfind("image/", 0) == 0; }

// A media:content that names neither medium nor type: an image unless its address
// ends like another medium's file.
bool may_be_image(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  for (const char* ext : {".mp3", ".mp4", ".m4a", ".ogg", ".webm", ".mov", ".wav", ".pdf", ".m3u8"}) {
    if (path.size() >= std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0) {
      return false;
    }
  }
  return true;
}

// media:content / media:thumbnail / enclosure: the widest image, a thumbnail or an
// enclosed image when there is none.
void read_media(const xmlNode* c, const std::string& base, FeedItem& item, long& width) {
  if (is(c, ns_media, "content")) {
    std::string medium = attribute(c, "medium"), type = attribute(c, "type"), url = attribute(c, "url");
    bool image = medium == "image" || is_image_type(type) || (medium.empty() && type.empty() && may_be_image(url));
    long w = std::atol(attribute(c, "width").c_str());
    if (image && !url.empty() && (item.image.empty() || w > width)) {
      item.image = resolve(base, url);
      width = std::max(w, 0L);
    }
  } else if (is(c, ns_media, "thumbnail") && item.image.empty()) {
    item.image = resolve(base, attribute(c, "url"));
  } else if (is(c, ns_media, "group")) {
    for (const xmlNode* g = c->children; g != nullptr; g = g->next) read_media(g, base, item, width);
  } else if (is(c, nullptr, "enclosure") && is_image_type(attribute(c, "type")) && item.image.empty()) {
    item.image = resolve(base, attribute(c, "url"));
  }
}

void finish(FeedItem& item, std::string_view description_html) {
  item.title = shortened(item.title, 500);
  if (item.summary.empty() && !description_html.empty()) item.summary = html_to_text(description_html);
  if (item.summary.empty() && !item.content_html.empty()) item.summary = html_to_text(item.content_html);
  item.summary = shortened(std::move(item.summary), summary_cap);
  if (item.content_html.empty()) item.content_html = std::string(description_html);
}

FeedItem rss_item(const xmlNode* n, const std::string& base, const std::string& feed_lang, bool rdf) {
  FeedItem item;
  std::string description;
  if (rdf) item.id = attribute(n, "about");
  std::string guid_link;
  long image_width = 0;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string ns = ns_of(c);
    std::string name = reinterpret_cast<const char*>(c->name);
    bool plain = ns.empty() || ns == ns_rss10 || ns == ns_rss090;
    if (plain && name == "title") {
      item.title = title_text(text(c));
    } else if (plain && name == "link") {
      item.link = resolve(base, text(c));
    } else if (plain && name == "description") {
      description = text(c);
    } else if (plain && name == "guid") {
      item.id = std::string(trimmed(text(c)));
      if (attribute(c, "isPermaLink") != "false" && item.id.rfind("http", 0) == 0) guid_link = item.id;
    } else if (plain && name == "pubDate") {
      read_date(text(c), "pubDate", item.published, item.problems);
    } else if (plain && name == "author") {
      if (item.author.empty()) item.author = person(text(c));
    } else if (ns == ns_dc && name == "date") {
      read_date(text(c), "dc:date", item.published, item.problems);
    } else if (ns == ns_dcterms && name == "modified") {
      read_date(text(c), "dcterms:modified", item.updated, item.problems);
    } else if (ns == ns_dc && name == "creator") {
      if (item.author.empty()) item.author = person(text(c));
    } else if (ns == ns_dc && name == "language") {
      item.language = std::string(trimmed(text(c)));
    } else if (ns == ns_content && name == "encoded") {
      item.content_html = text(c);
    } else if (ns == ns_atom10 && name == "updated") {
      read_date(text(c), "atom:updated", item.updated, item.problems);
    } else {
      read_media(c, base, item, image_width);
    }
  }
  if (item.link.empty()) item.link = guid_link;
  if (item.language.empty()) item.language = feed_lang;
  finish(item, description);
  return item;
}

FeedItem atom_entry(const xmlNode* n, const std::string& feed_base, const std::string& feed_author,
                    const char* ns, const std::string& feed_lang) {
  FeedItem item;
  std::string base = base_of(n, feed_base);
  item.language = lang_of(n);
  std::string summary_html;
  bool v03 = std::strcmp(ns, ns_atom03) == 0;
  long image_width = 0;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, ns, "id")) {
      item.id = std::string(trimmed(text(c)));
    } else if (is(c, ns, "title")) {
      item.title = atom_text(c);
    } else if (is(c, ns, "link")) {
      std::string rel = attribute(c, "rel");
      std::string href = resolve(base_of(c, base), attribute(c, "href"));
      if ((rel.empty() || rel == "alternate") && (item.link.empty() || attribute(c, "type") == "text/html")) {
        item.link = href;
      } else if (rel == "enclosure" && is_image_type(attribute(c, "type")) && item.image.empty()) {
        item.image = href;
      }
    } else if (is(c, ns, "summary")) {
      summary_html = atom_html(c);
    } else if (is(c, ns, "content")) {
      item.content_html = atom_html(c);
    } else if (is(c, ns, "author")) {
      for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
        if (is(a, ns, "name") && item.author.empty()) item.author = std::string(trimmed(text(a)));
      }
    } else if (is(c, ns, v03 ? "issued" : "published")) {
      read_date(text(c), v03 ? "issued" : "published", item.published, item.problems);
    } else if (is(c, ns, v03 ? "modified" : "updated")) {
      read_date(text(c), v03 ? "modified" : "updated", item.updated, item.problems);
    } else {
      read_media(c, base, item, image_width);
    }
  }
  if (item.author.empty()) item.author = feed_author;
  if (item.language.empty()) item.language = feed_lang;
  if (!item.published && item.updated) item.published = item.updated;
  finish(item, summary_html);
  return item;
}

// HTML's named characters (&nbsp; &eacute;), which feeds use without declaring them,
// as numeric references XML reads; XML's own five and unknown names stay as written.
std::string with_html_entities_as_numbers(const std::string& xml) {
  std::string out;
  out.reserve(xml.size());
  size_t i = 0;
  while (i < xml.size()) {
    size_t amp = xml.find('&', i);
    if (amp == std::string::npos) break;
    out.append(xml, i, amp - i);
    size_t end = amp + 1;
    while (end < xml.size() && end - amp <= 32 && std::isalnum(static_cast<unsigned char>(xml[end]))) ++end;
    std::string name = xml.substr(amp + 1, end - amp - 1);
    const htmlEntityDesc* e = nullptr;
    if (end < xml.size() && xml[end] == ';' && !name.empty() && name != "amp" && name != "lt" && name != "gt" &&
        name != "quot" && name != "apos") {
      e = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
    }
    if (e != nullptr) {
      out += "&#" + std::to_string(e->value) + ";";
      i = end + 1;
    } else {
      out += '&';
      i = amp + 1;
    }
  }
  out.append(xml, i, std::string::npos);
  return out;
}

Status read_xml(const std::string& decoded, const FeedReadOptions& options, Feed& feed) {
  const std::string utf8 = with_html_entities_as_numbers(decoded);
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(), xmlFreeParserCtxt);
  if (!ctxt) return Status::internal("cannot start the XML parser");
  // No network, no DTD loaded, no entity substitution: a document can name nothing
  // outside itself, and recovery reads past what real feeds get wrong.
  int flags = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_NOCDATA |
              XML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
      xmlCtxtReadMemory(ctxt.get(), utf8.data(), static_cast<int>(utf8.size()), options.url.c_str(), "UTF-8", flags),
      xmlFreeDoc);
  xmlErrorPtr last = xmlCtxtGetLastError(ctxt.get());
  bool well_formed = ctxt->wellFormed != 0 && ctxt->nsWellFormed != 0;
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    std::string why = last && last->message ? std::string(trimmed(last->message)) : "no root element";
    return Status::invalid("not a feed: not XML (" + why + ")");
  }
  if (!well_formed) {
    std::string why = last && last->message ? std::string(trimmed(last->message)) : "not well-formed";
    feed.warnings.push_back("not well-formed XML, read as far as it goes: " + why +
                            (last ? " (line " + std::to_string(last->line) + ")" : ""));
  }
  std::string base = base_of(root, options.url);
  size_t skipped = 0;
  auto add = [&](FeedItem item) {
    if (feed.items.size() >= options.max_items) {
      ++skipped;
      return;
    }
    feed.items.push_back(std::move(item));
  };
  std::string root_ns = ns_of(root);
  std::string root_name = reinterpret_cast<const char*>(root->name);
  if (root_name == "rss" && root_ns.empty()) {
    std::string version = attribute(root, "version");
    feed.format = version.empty() ? std::string("RSS (no version)") : "RSS " + version;
    for (const xmlNode* ch = root->children; ch != nullptr; ch = ch->next) {
      if (!is(ch, nullptr, "channel")) continue;
      for (const xmlNode* c = ch->children; c != nullptr; c = c->next) {
        if (is(c, nullptr, "title") && feed.title.empty()) feed.title = title_text(text(c));
        if (is(c, nullptr, "link") && feed.link.empty()) feed.link = resolve(base, text(c));
        if ((is(c, nullptr, "language") || is(c, ns_dc, "language")) && feed.language.empty()) {
          feed.language = std::string(trimmed(text(c)));
        }
      }
      for (const xmlNode* c = ch->children; c != nullptr; c = c->next) {
        if (is(c, nullptr, "item")) add(rss_item(c, base, feed.language, false));
      }
    }
    // RSS 0.9x feeds sometimes put items beside the channel.
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (is(c, nullptr, "item")) add(rss_item(c, base, feed.language, false));
    }
  } else if (root_name == "RDF" && root_ns == ns_rdf) {
    const char* ns = nullptr;
    for (const xmlNode* c = root->children; c != nullptr && ns == nullptr; c = c->next) {
      if (is(c, ns_rss10, "channel") || is(c, ns_rss10, "item")) ns = ns_rss10;
      if (is(c, ns_rss090, "channel") || is(c, ns_rss090, "item")) ns = ns_rss090;
    }
    if (ns == nullptr) return Status::invalid("not a feed: an RDF document with no RSS channel");
    feed.format = ns == ns_rss10 ? "RSS 1.0" : "RSS 0.90";
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (!is(c, ns, "channel")) continue;
      for (const xmlNode* f = c->children; f != nullptr; f = f->next) {
        if (is(f, ns, "title")) feed.title = title_text(text(f));
        if (is(f, ns, "link")) feed.link = resolve(base, text(f));
        if (is(f, ns_dc, "language")) feed.language = std::string(trimmed(text(f)));
      }
    }
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (is(c, ns, "item")) add(rss_item(c, base, feed.language, true));
    }
  } else if (root_name == "feed" && (root_ns == ns_atom10 || root_ns == ns_atom03)) {
    const char* ns = root_ns == ns_atom10 ? ns_atom10 : ns_atom03;
    feed.format = ns == ns_atom10 ? "Atom 1.0" : "Atom 0.3";
    feed.language = lang_of(root);
    std::string feed_author;
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (is(c, ns, "title")) feed.title = atom_text(c);
      if (is(c, ns, "link")) {
        std::string rel = attribute(c, "rel");
        if ((rel.empty() || rel == "alternate") && feed.link.empty()) feed.link = resolve(base, attribute(c, "href"));
      }
      if (is(c, ns, "author")) {
        for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
          if (is(a, ns, "name")) feed_author = std::string(trimmed(text(a)));
        }
      }
    }
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (is(c, ns, "entry")) add(atom_entry(c, base, feed_author, ns, feed.language));
    }
  } else {
    std::string shown = root_ns.empty() ? "<" + root_name + ">" : "<" + root_name + "> of " + root_ns;
    std::string lower_name = root_name;
    for (char& ch : lower_name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower_name == "html" || lower_name == "head" || lower_name == "body") {
      return Status::invalid("not a feed: an HTML page");
    }
    return Status::invalid("not a feed: the document is " + shown + ", not RSS, RDF or Atom");
  }
  if (skipped > 0) {
    feed.warnings.push_back(std::to_string(skipped) + " items past the first " + std::to_string(options.max_items) +
                            " were not read");
  }
  return Status::ok_status();
}

// ---- JSON Feed ----

std::string json_string(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->value().is_string()) {
    auto s = it->value().get_string();
    return std::string(s.data(), std::min<size_t>(s.size(), field_cap));
  }
  if (it->value().is_int64()) return std::to_string(it->value().get_int64());
  if (it->value().is_uint64()) return std::to_string(it->value().get_uint64());
  return {};
}

std::string json_author(const boost::json::object& o) {
  if (auto it = o.find("authors"); it != o.end() && it->value().is_array()) {
    for (const auto& a : it->value().get_array()) {
      if (a.is_object()) {
        std::string name = json_string(a.get_object(), "name");
        if (!name.empty()) return name;
      }
    }
  }
  if (auto it = o.find("author"); it != o.end() && it->value().is_object()) {
    return json_string(it->value().get_object(), "name");
  }
  return {};
}

Status read_json(const std::string& utf8, const FeedReadOptions& options, Feed& feed) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(utf8, ec);
  if (ec) return Status::invalid("not a feed: not valid JSON (" + ec.message() + ")");
  if (!v.is_object()) return Status::invalid("not a feed: JSON, but not an object");
  const auto& o = v.get_object();
  std::string version = json_string(o, "version");
  bool spec_url = version.find("jsonfeed.org/version/1") != std::string::npos;
  bool bare = version == "1" || version == "1.0" || version == "1.1";
  if (!spec_url && !bare) {
    return Status::invalid(
        "not a feed: JSON without a JSON Feed version (\"version\": \"https://jsonfeed.org/version/1.1\")");
  }
  if (bare) feed.warnings.push_back("version '" + version + "' is not the specification's URL; read as JSON Feed");
  feed.format = version.find("1.1") != std::string::npos ? "JSON Feed 1.1" : "JSON Feed 1.0";
  feed.title = json_string(o, "title");
  feed.language = json_string(o, "language");
  std::string base = options.url.empty() ? json_string(o, "feed_url") : options.url;
  feed.link = resolve(base, json_string(o, "home_page_url"));
  std::string feed_author = json_author(o);
  auto items = o.find("items");
  if (items == o.end() || !items->value().is_array()) {
    return Status::invalid("not a feed: a JSON Feed without \"items\"");
  }
  size_t skipped = 0;
  for (const auto& entry : items->value().get_array()) {
    if (!entry.is_object()) continue;
    if (feed.items.size() >= options.max_items) {
      ++skipped;
      continue;
    }
    const auto& e = entry.get_object();
    FeedItem item;
    item.id = json_string(e, "id");
    item.link = resolve(base, json_string(e, "url"));
    if (item.link.empty()) item.link = resolve(base, json_string(e, "external_url"));
    item.title = collapse_spaces(json_string(e, "title"));
    item.content_html = json_string(e, "content_html");
    std::string content_text = json_string(e, "content_text");
    if (item.content_html.empty() && !content_text.empty()) item.content_html = escape_html(content_text);
    item.summary = json_string(e, "summary");
    if (item.summary.empty()) item.summary = content_text;
    item.image = resolve(base, json_string(e, "image"));
    if (item.image.empty()) item.image = resolve(base, json_string(e, "banner_image"));
    item.author = json_author(e);
    if (item.author.empty()) item.author = feed_author;
    item.language = json_string(e, "language");
    if (item.language.empty()) item.language = feed.language;
    read_date(json_string(e, "date_published"), "date_published", item.published, item.problems);
    read_date(json_string(e, "date_modified"), "date_modified", item.updated, item.problems);
    if (!item.published && item.updated) item.published = item.updated;
    finish(item, {});
    feed.items.push_back(std::move(item));
  }
  if (skipped > 0) {
    feed.warnings.push_back(std::to_string(skipped) + " items past the first " + std::to_string(options.max_items) +
                            " were not read");
  }
  return Status::ok_status();
}

}  // namespace

Result<Feed> read_feed(std::string_view bytes, const FeedReadOptions& options) {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
  if (trimmed(bytes).empty()) return Status::invalid("not a feed: the document is empty");
  auto decoded = decode_feed(bytes, options.http_charset);
  if (!decoded.ok()) return decoded.status();
  Feed feed;
  feed.encoding = decoded->encoding;
  feed.encoding_guessed = decoded->guessed;
  if (decoded->guessed) feed.warnings.push_back("no encoding declared; read as " + decoded->encoding);
  if (decoded->replaced > 0) {
    feed.warnings.push_back(std::to_string(decoded->replaced) + " byte sequences are not " + decoded->encoding +
                            " and were replaced");
  }
  std::string_view body = trimmed(decoded->utf8);
  Status s = !body.empty() && body.front() == '{' ? read_json(decoded->utf8, options, feed)
                                                  : read_xml(decoded->utf8, options, feed);
  if (!s.ok()) return s;
  return feed;
}

}  // namespace qalam::ingest
