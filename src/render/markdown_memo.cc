#include "render/markdown_memo.h"

#include <functional>

#include "render/markdown.h"

namespace qalam::render {

std::string MarkdownMemo::html(std::string_view markdown) {
  const uint64_t hash = std::hash<std::string_view>{}(markdown);
  {
    std::lock_guard lock(mutex_);
    auto [first, last] = by_hash_.equal_range(hash);
    for (auto it = first; it != last; ++it) {
      if (it->second->markdown == markdown) {
        lru_.splice(lru_.begin(), lru_, it->second);
        ++hits_;
        return it->second->html;
      }
    }
    ++misses_;
  }
  std::string html = markdown_to_html(markdown);
  Entry entry{hash, std::string(markdown), html};
  if (entry.bytes() > max_bytes_) return html;  // larger than the whole memo: not kept
  std::lock_guard lock(mutex_);
  // Another thread may have kept the same text meanwhile: keep one.
  auto [first, last] = by_hash_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    if (it->second->markdown == markdown) return html;
  }
  bytes_ += entry.bytes();
  lru_.push_front(std::move(entry));
  by_hash_.emplace(hash, lru_.begin());
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto oldest = std::prev(lru_.end());
    auto [f, l] = by_hash_.equal_range(oldest->hash);
    for (auto it = f; it != l; ++it) {
      if (it->second == oldest) {
        by_hash_.erase(it);
        break;
      }
    }
    bytes_ -= oldest->bytes();
    lru_.erase(oldest);
  }
  return html;
}

MarkdownMemo::Stats MarkdownMemo::stats() const {
  std::lock_guard lock(mutex_);
  return {hits_, misses_, bytes_, lru_.size()};
}

}  // namespace qalam::render
