#include "store/store.h"

namespace qalam::store {

std::string_view feed_item_state_name(FeedItemState state) {
  switch (state) {
    case FeedItemState::fresh: return "new";
    case FeedItemState::kept: return "kept";
    case FeedItemState::dismissed: return "dismissed";
    case FeedItemState::used: return "used";
  }
  return "new";
}

std::optional<FeedItemState> parse_feed_item_state(std::string_view text) {
  for (FeedItemState s : {FeedItemState::fresh, FeedItemState::kept, FeedItemState::dismissed, FeedItemState::used}) {
    if (feed_item_state_name(s) == text) return s;
  }
  return std::nullopt;
}

Status check_schema_current(Store& store) {
  auto v = store.schema_version();
  if (!v.ok()) return v.status();
  return check_schema_version(*v);
}

Status check_schema_version(const SchemaVersion& version) {
  const SchemaVersion* v = &version;
  if (v->current < v->latest) {
    return Status::unavailable("the database is at schema version " + std::to_string(v->current) +
                               " but this qalam needs version " + std::to_string(v->latest) +
                               "; run `qalam migrate` first");
  }
  if (v->current > v->latest) {
    return Status::unavailable("the database is at schema version " + std::to_string(v->current) +
                               ", newer than this qalam knows (" + std::to_string(v->latest) +
                               "); upgrade qalam instead of using an older binary");
  }
  return Status::ok_status();
}

}  // namespace qalam::store
