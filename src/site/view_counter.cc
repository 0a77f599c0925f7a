#include "site/view_counter.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include <vector>

namespace qalam::site {

ViewCounter::ViewCounter(store::ViewRepository& views, const Clock& clock, std::chrono::milliseconds flush_every,
                         std::function<void()> on_flushed)
    : views_(views), clock_(clock), on_flushed_(std::move(on_flushed)) {
  if (sodium_init() < 0) std::abort();
  randombytes_buf(key_.data(), key_.size());
  flusher_ = std::thread([this, flush_every] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, flush_every, [this] { return stopping_; });
      lock.unlock();
      if (Status s = flush(); !s.ok()) spdlog::warn("view counts not saved yet: {}", s.to_string());
      lock.lock();
    }
  });
}

ViewCounter::~ViewCounter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  if (Status s = flush(); !s.ok()) spdlog::warn("view counts lost at shutdown: {}", s.to_string());
}

bool ViewCounter::is_bot(std::string_view agent) {
  if (agent.empty()) return true;
  std::string lower(agent.substr(0, 512));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::string_view markers[] = {
      "bot",        "crawl",   "spider",   "slurp",    "curl/",       "wget",     "python",   "httpclient",
      "java/",      "go-http", "headless", "facebookexternalhit",     "preview",  "monitor",  "lighthouse",
      "scrapy",     "okhttp",  "axios",    "node-fetch", "feed",      "archiver", "validator"};
  for (std::string_view m : markers) {
    if (lower.find(m) != std::string::npos) return true;
  }
  return false;
}

void ViewCounter::record(int64_t article_id, std::string_view user_agent, std::string_view client_address) {
  if (is_bot(user_agent)) return;
  int64_t hour = std::chrono::duration_cast<std::chrono::hours>(clock_.now().time_since_epoch()).count();
  std::string message = std::to_string(article_id) + " " + std::string(client_address);
  static_assert(crypto_shorthash_BYTES == sizeof(uint64_t) && crypto_shorthash_KEYBYTES == 16);
  uint64_t reader = 0;
  crypto_shorthash(reinterpret_cast<unsigned char*>(&reader), reinterpret_cast<const unsigned char*>(message.data()),
                   message.size(), key_.data());
  std::lock_guard lock(mutex_);
  if (hour != seen_hour_) {
    seen_.clear();
    seen_hour_ = hour;
  }
  if (seen_.size() < max_seen && !seen_.insert(reader).second) return;  // counted this hour already
  ++pending_[{article_id, hour}];
}

Status ViewCounter::flush() {
  std::map<std::pair<int64_t, int64_t>, int64_t> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) return Status::ok_status();
  std::vector<store::HourlyViews> counts;
  counts.reserve(batch.size());
  for (const auto& [key, views] : batch) counts.push_back({key.first, key.second, views});
  Status s = views_.add(counts);
  if (!s.ok()) {
    std::lock_guard lock(mutex_);
    for (const auto& [key, views] : batch) pending_[key] += views;
  } else if (on_flushed_) {
    on_flushed_();
  }
  return s;
}

}  // namespace qalam::site
