// Press monitoring's repository: the feeds the desk follows (with their polling state
// and health) and the items read from them, kept once however many feeds carry them.
// All methods are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace qalam::store {

struct FeedSource {
  int64_t id = 0;
  std::string url;
  std::string name;
  std::string language;  // the items' language when they name none; may be empty
  std::string outlet;    // the outlet a press item names; the name when empty
  int interval_minutes = 30;
  bool enabled = true;
  // Polling state and health.
  std::string etag, last_modified;
  TimePoint next_poll_at{};
  TimePoint last_polled_at{};
  TimePoint last_success_at{};
  std::string last_error;  // in words; empty when the last poll succeeded
  int failures = 0;        // in a row
  int64_t items_found = 0;
  TimePoint created_at{};
  // A mission's account (the missions' timelines): made and removed with the mission
  // record; its posts go to the project page, not the inbox. 0 for the desk's sources.
  int64_t mission_id = 0;
  std::string network;
};

// A post of a mission's account, for the project page's timeline.
struct MissionPost {
  int64_t mission_id = 0;
  std::string network;
  std::string title;
  std::string summary;
  std::string link;
  TimePoint published_at{};
};

enum class FeedItemState { fresh, kept, dismissed, used };
std::string_view feed_item_state_name(FeedItemState state);  // "new", "kept", "dismissed", "used"
std::optional<FeedItemState> parse_feed_item_state(std::string_view text);

// A watch list: the terms of one topic the desk follows (core/watch_terms.h).
struct WatchTopic {
  int64_t id = 0;
  std::string name;
  std::vector<std::string> terms;
  TimePoint created_at{};
};

// A topic an item matched, and by which of its terms.
struct TopicMatch {
  int64_t topic_id = 0;
  std::string topic;               // the topic's name (when read)
  std::vector<std::string> terms;
};

struct MonitoredItem {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string guid;
  std::string link;
  std::string canonical_link;
  std::string title;
  std::string title_key;
  std::string summary;
  std::string content;
  std::string author;
  std::string language;
  std::string image;
  TimePoint published_at{};
  TimePoint fetched_at{};
  FeedItemState state = FeedItemState::fresh;
  int64_t press_item_id = 0;
  std::vector<TopicMatch> topics;  // saved with the item; read back with it
  std::string source_name;         // when read
};

// What a poll's items did: new ones kept, and those already known, by how.
struct ItemsAdded {
  size_t added = 0;
  size_t same_guid = 0;   // this feed had it
  size_t same_link = 0;   // some feed had its canonical link
  size_t same_title = 0;  // some feed had a near-identical title within the window
  size_t matched = 0;     // of the added, how many some topic matched
};

struct MonitoredItemFilter {
  int64_t source_id = 0;                   // 0: every source
  int64_t topic_id = 0;                    // 0: any topic (see matched_only)
  bool matched_only = false;               // only items some topic matched
  std::optional<FeedItemState> state;      // nullopt: every state
  std::string language;                    // empty: every language
  int limit = 50;
  int offset = 0;
};

class MonitoringRepository {
 public:
  virtual ~MonitoringRepository() = default;
  // Conflict (field "url", "taken") when a source has the address already.
  virtual Result<int64_t> add_source(const FeedSource& source) = 0;
  virtual Result<std::vector<FeedSource>> sources() = 0;  // by name
  virtual Result<std::optional<FeedSource>> source(int64_t id) = 0;
  virtual Result<std::optional<FeedSource>> source_by_url(std::string_view url) = 0;
  // Removes the source and its items; a source some press item was made from is
  // disabled instead and keeps those items (where the press item came from).
  virtual Status remove_source(int64_t id) = 0;
  // Name, language, outlet, interval and enabled; NotFound for an unknown id.
  virtual Status update_source(const FeedSource& source) = 0;
  // Enabled sources whose next poll is due at `now`, the longest waiting first.
  virtual Result<std::vector<FeedSource>> due_sources(TimePoint now) = 0;
  // The poll's outcome (etag, last_modified, next_poll_at, last_polled_at,
  // last_success_at, last_error, failures, items_found) and its new items, in one
  // transaction. An item is not added when its source has its guid, when any source
  // has its canonical link, or when any source has its title_key published within
  // `title_window` of it.
  virtual Result<ItemsAdded> record_poll(const FeedSource& outcome, const std::vector<MonitoredItem>& items,
                                         std::chrono::seconds title_window) = 0;
  // The latest posts of a project's missions' accounts, newest first.
  virtual Result<std::vector<MissionPost>> mission_posts(int64_t project_id, int limit) = 0;
  static constexpr int posts_kept_per_account = 20;

  // Newest first, with their topics and their source's name (the desk's sources only).
  virtual Result<std::vector<MonitoredItem>> items(const MonitoredItemFilter& filter) = 0;
  virtual Result<int64_t> count_items(const MonitoredItemFilter& filter) = 0;
  virtual Result<std::optional<MonitoredItem>> item(int64_t id) = 0;
  // Moves items to `state` (never out of "used": that one is for a press item made);
  // how many changed.
  virtual Result<int64_t> set_state(const std::vector<int64_t>& ids, FeedItemState state) = 0;
  // The item is used: the press item `press_item_id` was made from it.
  virtual Status mark_used(int64_t id, int64_t press_item_id) = 0;

  // Conflict (field "name", "taken") when another topic has the name.
  virtual Result<int64_t> save_topic(const WatchTopic& topic) = 0;  // id 0: a new one
  virtual Status remove_topic(int64_t id) = 0;
  virtual Result<std::vector<WatchTopic>> topics() = 0;  // by name
  // Replaces what the topic matched among the items fetched since `since` with
  // `matches` (item id → terms): after a topic's terms change.
  virtual Status rematch_topic(int64_t topic_id, TimePoint since,
                               const std::vector<std::pair<int64_t, std::vector<std::string>>>& matches) = 0;
};

}  // namespace qalam::store
