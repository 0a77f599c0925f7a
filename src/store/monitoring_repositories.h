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
};

enum class FeedItemState { fresh, kept, dismissed, used };
std::string_view feed_item_state_name(FeedItemState state);  // "new", "kept", "dismissed", "used"
std::optional<FeedItemState> parse_feed_item_state(std::string_view text);

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
};

// What a poll's items did: new ones kept, and those already known, by how.
struct ItemsAdded {
  size_t added = 0;
  size_t same_guid = 0;   // this feed had it
  size_t same_link = 0;   // some feed had its canonical link
  size_t same_title = 0;  // some feed had a near-identical title within the window
};

struct MonitoredItemFilter {
  int64_t source_id = 0;                   // 0: every source
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
  // Newest first.
  virtual Result<std::vector<MonitoredItem>> items(const MonitoredItemFilter& filter) = 0;
  virtual Result<int64_t> count_items(const MonitoredItemFilter& filter) = 0;
};

}  // namespace qalam::store
