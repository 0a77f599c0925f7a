// Polling the feeds the desk follows: fetch (conditionally), read, key and keep the
// new items with the watch-list topics they match, and record each source's health,
// in one transaction per source.
//
// A failure (no answer, an HTTP error, a document that is no feed) is the source's
// last error in words, and its next poll waits twice as long each time in a row
// (interval × 2^(failures-1), at most max_backoff); a success resets it. A 304
// changes nothing but the times. Items with no date take the time they were first
// read; dates far in the future are read as now.
//
// Thread-safety: poll() may run on several threads at once (poll_due does so), each
// for a different source.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/watch_terms.h"
#include "ingest/feed_fetcher.h"
#include "store/monitoring_repositories.h"

namespace qalam::ingest {

struct PollerOptions {
  std::chrono::seconds title_window{48 * 3600};  // near-identical titles this close are one story
  std::chrono::seconds max_backoff{24 * 3600};
  size_t max_items = 500;                        // read from one feed per poll
};

struct PollReport {
  int64_t source_id = 0;
  std::string name, url;
  bool ok = false;
  bool not_modified = false;
  std::string format;  // "RSS 2.0", …
  size_t items_read = 0;
  store::ItemsAdded added;
  std::string error;                  // when !ok
  std::vector<std::string> warnings;  // what was read past
  TimePoint next_poll_at{};
};

// A watch list ready to match (core/watch_terms.h).
struct CompiledTopic {
  int64_t id = 0;
  std::string name;
  std::vector<WatchTerm> terms;
};
class FeedPoller {
 public:
  FeedPoller(store::MonitoringRepository& repository, FeedFetcher& fetcher, const Clock& clock,
             PollerOptions options = {});

  PollReport poll(const store::FeedSource& source);
  // Every source whose time has come (the scheduler), at most `limit`, `concurrency`
  // at a time (a slow feed holds one of them up, not the others). In the order due.
  Result<std::vector<PollReport>> poll_due(size_t limit, size_t concurrency = 1);
  // These sources now, `concurrency` at a time; reports in the sources' order.
  std::vector<PollReport> poll_each(const std::vector<store::FeedSource>& sources, size_t concurrency);

 private:
  PollReport poll_with(const store::FeedSource& source, const std::vector<CompiledTopic>& topics);

  store::MonitoringRepository& repository_;
  FeedFetcher& fetcher_;
  const Clock& clock_;
  PollerOptions options_;
};

std::vector<CompiledTopic> compile_topics(const std::vector<store::WatchTopic>& topics);
// The topics an item's title, summary or text names, with the terms that matched.
std::vector<store::TopicMatch> match_topics(const std::vector<CompiledTopic>& topics, const store::MonitoredItem& item);

// What a poll says in one line: "Reuters: 12 items, 3 new" or "Reuters: failed: HTTP 500".
std::string describe(const PollReport& report);

}  // namespace qalam::ingest
