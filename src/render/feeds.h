// Feeds: one neutral description of a feed, written out as RSS 2.0, Atom 1.0 or
// JSON Feed 1.1. Texts are escaped here; content_html is HTML the caller produced.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace qalam::render {

struct FeedPerson {
  std::string name;
  std::string url;
};

struct FeedItem {
  std::string id;  // a permanent URL
  std::string url;
  std::string title;
  std::string summary;
  std::string content_html;
  TimePoint published{};
  TimePoint updated{};
  std::vector<FeedPerson> authors;
  std::vector<std::string> tags;
  std::string language;  // the piece's, when it can differ from the feed's (archives)
  // The same piece in other languages: (language, URL). Atom and RSS write them as
  // links with hreflang; JSON Feed under the _qalam extension.
  std::vector<std::pair<std::string, std::string>> translations;
  // The featured image (absolute URL): RSS enclosure (when its size is known) and
  // media:content, an Atom enclosure link, JSON Feed's "image".
  struct Image {
    std::string url;
    std::string type;   // image/jpeg …; empty when unknown
    int64_t bytes = 0;  // 0 when unknown
    std::string alt;
  };
  std::optional<Image> image;
};

struct Feed {
  std::string title;
  std::string description;
  std::string home_url;   // the HTML page the feed mirrors
  std::string rss_url;    // …/feed.xml
  std::string atom_url;   // …/atom.xml
  std::string json_url;   // …/feed.json
  std::string lang;
  TimePoint updated{};
  std::vector<FeedItem> items;
};

std::string to_rss(const Feed& feed);
std::string to_atom(const Feed& feed);
std::string to_json_feed(const Feed& feed);

// Escapes & < > " ' for XML text and attributes.
void append_xml_escaped(std::string& out, std::string_view text);

}  // namespace qalam::render
