// KeyedMemo: entities with an id and a slug (authors, tags) read from the database once
// each and kept, by id and by slug, until the change feed names them (author:ID,
// tag:ID) or everything. A page's bylines and tags, an archive's author: read on every
// page, changed only by imports. Like ChangeMemo, a value read while a write committed
// is not kept (it may be the old one). Bounded: past `capacity` entries, all are
// dropped and read again as pages ask for them.
//
// Thread-safety: every member from any thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace qalam::store::sql {

template <typename T>
class KeyedMemo {
 public:
  explicit KeyedMemo(size_t capacity = 8192) : capacity_(capacity) {}

  // The entities of `ids` that exist, each once (in no particular order): the kept
  // ones, and `load(missing)`'s for the rest (a Result<std::vector<T>>).
  template <typename Load>
  Result<std::vector<T>> by_ids(std::vector<int64_t> ids, Load&& load) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<T> out;
    std::vector<int64_t> missing;
    uint64_t generation = 0;
    {
      std::lock_guard lock(mutex_);
      generation = generation_;
      for (int64_t id : ids) {
        if (auto it = by_id_.find(id); it != by_id_.end()) {
          out.push_back(it->second);
        } else {
          missing.push_back(id);
        }
      }
    }
    if (missing.empty()) return out;
    Result<std::vector<T>> loaded = load(missing);
    if (!loaded.ok()) return loaded.status();
    keep(generation, *loaded);
    for (T& value : *loaded) out.push_back(std::move(value));
    return out;
  }

  // The entity of `slug`: the kept one, else `load()`'s (a Result<std::optional<T>>).
  template <typename Load>
  Result<std::optional<T>> by_slug(std::string_view slug, Load&& load) {
    uint64_t generation = 0;
    {
      std::lock_guard lock(mutex_);
      generation = generation_;
      if (auto it = slugs_.find(std::string(slug)); it != slugs_.end()) {
        if (auto kept = by_id_.find(it->second); kept != by_id_.end()) return std::optional<T>(kept->second);
      }
    }
    Result<std::optional<T>> loaded = load();
    if (loaded.ok() && *loaded) keep(generation, {**loaded});
    return loaded;
  }

  void forget(int64_t id) {
    std::lock_guard lock(mutex_);
    ++generation_;
    if (auto it = by_id_.find(id); it != by_id_.end()) {
      slugs_.erase(it->second.slug);
      by_id_.erase(it);
    }
  }

  void forget_all() {
    std::lock_guard lock(mutex_);
    ++generation_;
    by_id_.clear();
    slugs_.clear();
  }

 private:
  void keep(uint64_t generation, const std::vector<T>& values) {
    std::lock_guard lock(mutex_);
    if (generation != generation_) return;
    if (by_id_.size() + values.size() > capacity_) {
      by_id_.clear();
      slugs_.clear();
    }
    for (const T& value : values) {
      by_id_.insert_or_assign(value.id, value);
      slugs_.insert_or_assign(value.slug, value.id);
    }
  }

  const size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<int64_t, T> by_id_;
  std::unordered_map<std::string, int64_t> slugs_;
  uint64_t generation_ = 0;
};

}  // namespace qalam::store::sql
