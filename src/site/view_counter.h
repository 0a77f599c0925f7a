// ViewCounter: counts article reads per article and hour in memory and hands them to
// the Store in batches (every flush interval, and when it is destroyed), so a burst of
// readers costs no database write per request. A client address counts once per
// article and clock hour: "Most read" cannot be bought with a loop of requests. To
// know what it has seen it keeps, for the current hour only, a keyed hash (SipHash
// under a random key made at start and never written anywhere) of address and
// article, at most a million of them (past that, reads are counted unremembered). No
// cookie is set and no address or agent is stored; known bots (by User-Agent) are not
// counted at all.
//
// Thread-safety: record() from any thread; a background thread flushes.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_set>

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

  void record(int64_t article_id, std::string_view user_agent, std::string_view client_address);
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
  std::array<unsigned char, 16> key_{};                      // of the hash below; in memory only
  int64_t seen_hour_ = -1;
  std::unordered_set<uint64_t> seen_;                        // hash(address, article) this hour
  static constexpr size_t max_seen = 1'000'000;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace qalam::site
