// The WordPress export (WXR 1.0, 1.1, 1.2) read as a stream: libxml2's xmlTextReader
// walks the file node by node, so memory holds one item at a time whatever the file's
// size. `.xml.gz` is read through zlib. Elements are recognised by their namespace URI,
// never by their prefix (a file may bind `wp:` to something else mid-document).
//
// Real exports are not always well-formed: a bare '&' in a URL outside CDATA is read as
// "&amp;" and counted (`repaired_ampersands`); errors libxml2 reads past (a namespace
// name that is not a URI) are counted too; any error that stops it stops the read with
// "FILE:LINE: …".
//
// Thread-safety: one reader per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace qalam::ingest {

struct WxrChannel {
  std::string version;  // "1.0", "1.1", "1.2"
  std::string title;
  std::string link;           // the site's address
  std::string language;       // "en-US"
  std::string base_site_url;  // WXR 1.1+
  std::string base_blog_url;
};

struct WxrAuthor {
  size_t line = 0;
  int64_t id = 0;
  std::string login, email, display_name, first_name, last_name;
};

// A category, tag or term of another taxonomy declared at the top of the file.
struct WxrTerm {
  size_t line = 0;
  int64_t id = 0;
  std::string taxonomy;  // "category", "post_tag", "language", "post_translations", …
  std::string slug;
  std::string name;
  std::string parent;  // the parent's slug (categories) or empty
  std::string description;
};

// An <item>: a post, page, attachment or any other post type.
struct WxrItem {
  size_t line = 0;  // where <item> opens
  int64_t id = 0;
  int64_t parent = 0;
  std::string title, link, guid, creator, content, excerpt;
  std::string slug;       // wp:post_name, as stored (maybe percent-encoded)
  std::string status;     // publish, draft, pending, future, private, trash, inherit, auto-draft
  std::string type;       // post, page, attachment, nav_menu_item, …
  std::string date;       // wp:post_date, the site's local time "YYYY-MM-DD HH:MM:SS"
  std::string date_gmt;   // "0000-00-00 00:00:00" for unpublished drafts
  std::string password;
  std::string attachment_url;
  bool sticky = false;
  struct Term {
    std::string domain;    // category, post_tag, author (Co-Authors Plus), language, …
    std::string nicename;  // the term's slug
    std::string name;
  };
  std::vector<Term> terms;  // in file order
  std::vector<std::pair<std::string, std::string>> meta;  // wp:postmeta (key, value)
  size_t comments = 0;
  std::string meta_value(std::string_view key) const;
};

// Hears the file's parts in order. A non-ok Status stops the read and is returned.
class WxrVisitor {
 public:
  virtual ~WxrVisitor() = default;
  // Once, before the first author, term or item (the channel's fields come first).
  virtual Status channel(const WxrChannel& channel) = 0;
  virtual Status author(const WxrAuthor& author) = 0;
  virtual Status term(const WxrTerm& term) = 0;
  virtual Status item(const WxrItem& item) = 0;
};

struct WxrReadStats {
  size_t items = 0;
  size_t repaired_ampersands = 0;
  size_t first_repaired_line = 0;
  size_t xml_warnings = 0;        // errors the parser read past (a namespace that is no URI …)
  size_t first_xml_warning_line = 0;
  std::string first_xml_warning;
};

// Reads `file` (plain or gzip) to its end. Errors name "ORIGIN:LINE" (origin is
// usually the path as the user typed it): not XML, not a WXR file (no
// <wp:wxr_version> before the content, or a version other than 1.0–1.2), XML that
// is not well-formed, or a read error.
Result<WxrReadStats> read_wxr(const std::filesystem::path& file, const std::string& origin, WxrVisitor& visitor);

}  // namespace qalam::ingest
