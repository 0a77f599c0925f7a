// Press monitoring as the newsroom manages it: the feeds the desk follows. Who may
// manage them is decided here (editors and admins: Permission::curate_content), each
// input is checked field by field (a refusal names the fields at fault), and each
// change leaves an audit entry. Polling itself is ingest::FeedPoller's.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include <boost/json/object.hpp>

#include "newsroom/accounts.h"
#include "newsroom/curation.h"
#include "store/store.h"

namespace qalam::newsroom {

struct SourceInput {
  std::string url;
  std::string name;      // empty: the address's host
  std::string language;  // BCP 47 ("en", "de-CH"); empty: what each item says
  std::string outlet;    // empty: the name
  int interval_minutes = 30;
  bool enabled = true;
};

// The inbox as the desk sees it: one page of items, the total, and the counts by state.
struct InboxPage {
  std::vector<store::MonitoredItem> items;
  int64_t total = 0;
  int64_t fresh = 0, kept = 0, dismissed = 0, used = 0;  // of the matched items, whatever the other filters
};

class Monitoring {
 public:
  static constexpr int min_interval_minutes = 5;
  static constexpr int max_interval_minutes = 7 * 24 * 60;

  Monitoring(store::Store& store, const Clock& clock, Accounts& accounts, Curation& curation);

  Result<int64_t> add_source(const Principal& who, const SourceInput& input);
  Status update_source(const Principal& who, int64_t id, const SourceInput& input);
  Status remove_source(const Principal& who, int64_t id);
  Result<std::vector<store::FeedSource>> sources(const Principal& who);
  // By id ("12") or by address; NotFound names what was asked.
  Result<store::FeedSource> find_source(const Principal& who, std::string_view id_or_url);

  // Watch lists: a topic's terms, one a line in `terms` (spellings comma-separated).
  // Saving matches the items of the last `rematch_days` again. id 0: a new topic.
  Result<int64_t> save_topic(const Principal& who, int64_t id, std::string_view name, std::string_view terms);
  Status remove_topic(const Principal& who, int64_t id);
  Result<std::vector<store::WatchTopic>> topics(const Principal& who);

  // The inbox: matched items (or every item with filter.matched_only false), newest first.
  Result<InboxPage> inbox(const Principal& who, const store::MonitoredItemFilter& filter);
  Result<store::MonitoredItem> item(const Principal& who, int64_t id);
  // How many matched items are new (the dashboard's count): one query.
  Result<int64_t> waiting(const Principal& who);
  // Keep, dismiss or bring back items (never a used one); how many changed.
  Result<int64_t> set_state(const Principal& who, const std::vector<int64_t>& ids, store::FeedItemState state);

  // Makes a Foreign press item from an inbox item: `record` is a press_item of the
  // import format (the desk's review per language in review_title and review); its
  // url is the item's link whatever the record says. Curation checks and saves it
  // (saving again the same link updates it); the item is then used and names it.
  // Returns the press item's id. Conflict when the item was used already.
  Result<int64_t> make_press_item(const Principal& who, int64_t item_id, boost::json::object record);

  static constexpr int rematch_days = 30;
  static constexpr size_t max_terms = 200;

 private:
  Result<SourceInput> checked(const SourceInput& input);

  store::Store& store_;
  const Clock& clock_;
  Accounts& accounts_;
  Curation& curation_;
};

}  // namespace qalam::newsroom
