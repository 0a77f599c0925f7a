#include "site/view_counter.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace qalam::site {

ViewCounter::ViewCounter(store::ViewRepository& views, const Clock& clock, std::chrono::milliseconds flush_every,
                         std::function<void()> on_flushed)
    : views_(views), clock_(clock), on_flushed_(std::move(on_flushed)) {
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

void ViewCounter::record(int64_t article_id, std::string_view user_agent) {
  if (is_bot(user_agent)) return;
  int64_t hour = std::chrono::duration_cast<std::chrono::hours>(clock_.now().time_since_epoch()).count();
  std::lock_guard lock(mutex_);
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
