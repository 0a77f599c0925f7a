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
#include "newsroom/accounts.h"
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

class Monitoring {
 public:
  static constexpr int min_interval_minutes = 5;
  static constexpr int max_interval_minutes = 7 * 24 * 60;

  Monitoring(store::Store& store, const Clock& clock, Accounts& accounts);

  Result<int64_t> add_source(const Principal& who, const SourceInput& input);
  Status update_source(const Principal& who, int64_t id, const SourceInput& input);
  Status remove_source(const Principal& who, int64_t id);
  Result<std::vector<store::FeedSource>> sources(const Principal& who);
  // By id ("12") or by address; NotFound names what was asked.
  Result<store::FeedSource> find_source(const Principal& who, std::string_view id_or_url);

 private:
  Result<SourceInput> checked(const SourceInput& input);

  store::Store& store_;
  const Clock& clock_;
  Accounts& accounts_;
};

}  // namespace qalam::newsroom
