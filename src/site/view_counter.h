// ViewCounter: counts article reads per article and hour in memory and hands them to
// the Store in batches (every flush interval, and when it is destroyed), so a burst of
// readers costs no database write per request. It knows no reader: no cookie is set,
// no address or agent is kept; known bots (by User-Agent) are not counted at all.
//
// Thread-safety: record() from any thread; a background thread flushes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/clock.h"
#include "store/store.h"

namespace qalam::site {

class ViewCounter {
 public:
  // `on_flushed` hears of every batch written (the most-read blocks have changed).
  ViewCounter(store::ViewRepository& views, const Clock& clock, std::chrono::milliseconds flush_every,
              std::function<void()> on_flushed = {});
  ~ViewCounter();
  ViewCounter(const ViewCounter&) = delete;

  void record(int64_t article_id, std::string_view user_agent);
  // Writes what is pending now; on failure the counts are kept for the next try.
  Status flush();

  // Crawlers, feed fetchers, link previews, scripts and empty agents.
  static bool is_bot(std::string_view user_agent);

 private:
  store::ViewRepository& views_;
  const Clock& clock_;
  std::function<void()> on_flushed_;
  std::mutex mutex_;
  std::map<std::pair<int64_t, int64_t>, int64_t> pending_;  // (article, hour) → views
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace qalam::site
