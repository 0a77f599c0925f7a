// Fuzz target: a feed read by the feed reader (ingest/feed_reader.h): any bytes give
// a feed or a refusal saying "not a feed: …", never a crash; every text read is
// UTF-8, and an item's fields stay within their caps.
#include <cstdlib>
#include <string_view>

#include "core/text.h"
#include "ingest/feed_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  qalam::ingest::FeedReadOptions options;
  options.url = "https://feeds.example/a/feed.xml";
  options.max_items = 50;
  auto feed = qalam::ingest::read_feed(bytes, options);
  if (!feed.ok()) {
    if (!feed.status().message().starts_with("not a feed: ") &&
        !feed.status().message().starts_with("the feed's encoding")) {
      std::abort();
    }
    return 0;
  }
  if (feed->items.size() > options.max_items) std::abort();
  if (!qalam::is_valid_utf8(feed->title)) std::abort();
  for (const auto& item : feed->items) {
    if (!qalam::is_valid_utf8(item.title) || !qalam::is_valid_utf8(item.summary) ||
        !qalam::is_valid_utf8(item.link) || !qalam::is_valid_utf8(item.author)) {
      std::abort();
    }
    if (item.summary.size() > 4 * 1024 + 16) std::abort();
  }
  return 0;
}
