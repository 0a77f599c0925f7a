// MarkdownMemo: markdown_to_html, remembered. The same text gives the same HTML, so
// an entry never goes stale: it is found by the text itself (a hash, then the whole
// text compared), and an edited piece is simply another text. The least recently used
// entries go when the kept texts and their HTML pass `max_bytes`. An uncached feed
// renders twenty bodies, and a static export renders each body once for its page and
// again for every feed that lists it: here each is rendered once.
//
// Thread-safety: html() from any thread (one mutex; the rendering runs outside it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace qalam::render {

class MarkdownMemo {
 public:
  explicit MarkdownMemo(size_t max_bytes) : max_bytes_(max_bytes) {}

  // markdown_to_html(markdown): kept, or rendered and kept.
  std::string html(std::string_view markdown);

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    size_t bytes = 0;     // the kept texts and their HTML
    size_t entries = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    uint64_t hash;
    std::string markdown;
    std::string html;
    size_t bytes() const { return markdown.size() + html.size(); }
  };
  using Lru = std::list<Entry>;  // most recently used first
  using ByHash = std::unordered_multimap<uint64_t, Lru::iterator>;
  // The entry of this text, or by_hash_.end(); with mutex_ held.
  ByHash::iterator find_locked(uint64_t hash, std::string_view markdown);

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  Lru lru_;
  ByHash by_hash_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace qalam::render
