// ChangeMemo: a value read from the database once and kept until the change feed names
// what it shows (the site's settings, its sections, the projects and the latest press
// reviews: read for every page, changed far less often). Kept in step the way the response cache is: told in-process when
// a write commits, and by follow_changes() of other processes' writes.
//
// Thread-safety: get() and forget() from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "core/status.h"

namespace qalam::store::sql {

template <typename T>
class ChangeMemo {
 public:
  // The kept value, or `load()`'s (kept unless forget() came meanwhile: a value read
  // while a write committed may be the old one).
  template <typename Load>
  Result<T> get(Load&& load) {
    uint64_t generation = 0;
    {
      std::lock_guard lock(mutex_);
      if (value_) return *value_;
      generation = generation_;
    }
    Result<T> loaded = load();
    if (loaded.ok()) {
      std::lock_guard lock(mutex_);
      if (generation == generation_) value_ = *loaded;
    }
    return loaded;
  }

  void forget() {
    std::lock_guard lock(mutex_);
    ++generation_;
    value_.reset();
  }

 private:
  std::mutex mutex_;
  std::optional<T> value_;
  uint64_t generation_ = 0;
};

}  // namespace qalam::store::sql
