#include "render/markdown_memo.h"

#include <functional>

#include "render/markdown.h"

namespace qalam::render {

MarkdownMemo::ByHash::iterator MarkdownMemo::find_locked(uint64_t hash, std::string_view markdown) {
  auto [first, last] = by_hash_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    if (it->second->markdown == markdown) return it;
  }
  return by_hash_.end();
}

std::string MarkdownMemo::html(std::string_view markdown) {
  const uint64_t hash = std::hash<std::string_view>{}(markdown);
  {
    std::lock_guard lock(mutex_);
    if (auto it = find_locked(hash, markdown); it != by_hash_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->html;
    }
    ++misses_;
  }
  std::string html = markdown_to_html(markdown);
  Entry entry{hash, std::string(markdown), html};
  if (entry.bytes() > max_bytes_) return html;  // larger than the whole memo: not kept
  std::lock_guard lock(mutex_);
  // Another thread may have kept the same text meanwhile: keep one.
  if (find_locked(hash, markdown) != by_hash_.end()) return html;
  bytes_ += entry.bytes();
  lru_.push_front(std::move(entry));
  by_hash_.emplace(hash, lru_.begin());
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto oldest = std::prev(lru_.end());
    by_hash_.erase(find_locked(oldest->hash, oldest->markdown));
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
