// A feed read into one item model, whatever it was written in: RSS 0.9x, 1.0 (RDF)
// and 2.0, Atom 0.3 and 1.0 (libxml2), JSON Feed 1.0 and 1.1 (Boost.JSON), in any
// encoding feed_encoding.h can read.
//
// Real feeds are often not well-formed; libxml2 recovers what it can and each thing
// read past is a warning. A document that is no feed at all (empty, HTML, broken JSON,
// another XML vocabulary) is refused with the reason. Hostile documents cost bounded
// work: no network, no DTD loaded, no entity but XML's own and HTML's named
// characters is expanded, fields and items are capped.
//
// Thread-safety: pure functions (libxml2 is initialised once by the first call).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace qalam::ingest {

struct FeedItem {
  std::string id;            // guid, atom:id, rdf:about or JSON id; may be empty
  std::string link;          // the original's address, absolute when the feed allows
  std::string title;         // plain text
  std::string summary;       // plain text (the description, summary or content's text)
  std::string content_html;  // the full text as the feed gave it: HTML, not sanitised
  std::string author;        // a name
  std::string language;      // "en", "de-DE"; the feed's when the item names none
  std::string image;         // an image's absolute address, or empty
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  // Dates that could not be read, and dates with no zone (read as UTC), in words.
  std::vector<std::string> problems;
};

struct Feed {
  std::string format;    // "RSS 2.0", "RSS 1.0", "RSS 0.92", "Atom 1.0", "Atom 0.3", "JSON Feed 1.1"
  std::string encoding;  // "UTF-8", "windows-1252", "Big5" …
  bool encoding_guessed = false;
  std::string title;
  std::string link;      // the site's address
  std::string language;
  std::vector<FeedItem> items;
  // What was read past: ill-formed XML, unreadable bytes, items over the cap.
  std::vector<std::string> warnings;
};

struct FeedReadOptions {
  std::string url;           // where the feed came from: relative links resolve against it
  std::string http_charset;  // the Content-Type's charset, or empty
  size_t max_items = 1000;
};

Result<Feed> read_feed(std::string_view bytes, const FeedReadOptions& options = {});

}  // namespace qalam::ingest
