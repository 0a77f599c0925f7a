#include "newsroom/monitoring.h"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

#include "core/roles.h"
#include "ingest/feed_poller.h"
#include "core/text.h"
#include "core/watch_terms.h"

namespace qalam::newsroom {
namespace {

Status may_manage(const Principal& who) {
  if (may(who.user.role, Permission::curate_content)) return Status::ok_status();
  return Status::permission_denied("Only editors and admins manage the feeds the desk follows.");
}

// "en", "de-CH", "az-Latn": letters, digits and hyphens, a 2–3 letter language first.
bool is_language_tag(std::string_view tag) {
  size_t first = tag.find('-');
  std::string_view lang = tag.substr(0, first);
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  if (tag.size() > 35) return false;
  for (char c : tag) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return tag.back() != '-';
}

std::string trimmed(std::string_view s) { return std::string(trim_space(s)); }

}  // namespace

Monitoring::Monitoring(store::Store& store, const Clock& clock, Accounts& accounts, Curation& curation)
    : store_(store), clock_(clock), accounts_(accounts), curation_(curation) {}

Result<SourceInput> Monitoring::checked(const SourceInput& raw) {
  SourceInput in = raw;
  in.url = trimmed(in.url);
  in.name = trimmed(in.name);
  in.language = trimmed(in.language);
  in.outlet = trimmed(in.outlet);
  std::vector<FieldProblem> problems;
  std::string host;
  if (in.url.empty()) {
    problems.push_back({"url", "required", "the feed's address is required"});
  } else {
    auto u = boost::urls::parse_absolute_uri(in.url);
    std::string scheme = u ? std::string(u->scheme()) : "";
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!u || (scheme != "http" && scheme != "https") || u->encoded_host().empty()) {
      problems.push_back({"url", "invalid", "'" + in.url + "' is not an http:// or https:// address",
                          {{"value", in.url}}});
    } else if (in.url.size() > 2000) {
      problems.push_back({"url", "too_long", "at most 2000 bytes", {{"limit", "2000"}}});
    } else {
      host = std::string(u->encoded_host());
    }
  }
  if (in.name.empty()) in.name = host;
  if (in.name.size() > 200) problems.push_back({"name", "too_long", "at most 200 bytes", {{"limit", "200"}}});
  if (in.outlet.size() > 200) problems.push_back({"outlet", "too_long", "at most 200 bytes", {{"limit", "200"}}});
  if (!is_valid_utf8(in.name) || !is_valid_utf8(in.outlet)) {
    problems.push_back({"name", "invalid", "names must be UTF-8 text"});
  }
  if (!in.language.empty() && !is_language_tag(in.language)) {
    problems.push_back({"language", "invalid", "'" + in.language + "' is not a language tag such as en or de-CH",
                        {{"value", in.language}}});
  }
  if (in.interval_minutes < min_interval_minutes || in.interval_minutes > max_interval_minutes) {
    problems.push_back({"interval_minutes", "invalid",
                        "the interval is " + std::to_string(min_interval_minutes) + " to " +
                            std::to_string(max_interval_minutes) + " minutes",
                        {{"min", std::to_string(min_interval_minutes)}, {"max", std::to_string(max_interval_minutes)}}});
  }
  if (!problems.empty()) {
    std::string message = problems.front().message;
    return Status::invalid(message, std::move(problems));
  }
  return in;
}

Result<int64_t> Monitoring::add_source(const Principal& who, const SourceInput& input) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  auto in = checked(input);
  if (!in.ok()) return in.status();
  store::FeedSource s;
  s.url = in->url;
  s.name = in->name;
  s.language = in->language;
  s.outlet = in->outlet;
  s.interval_minutes = in->interval_minutes;
  s.enabled = in->enabled;
  s.created_at = clock_.now();
  s.next_poll_at = s.created_at;  // due at once
  auto id = store_.monitoring().add_source(s);
  if (!id.ok()) return id.status();
  accounts_.audit(who.user.id, who.actor(), "source.add", s.url, s.name);
  return id;
}

Status Monitoring::update_source(const Principal& who, int64_t id, const SourceInput& input) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  auto in = checked(input);
  if (!in.ok()) return in.status();
  auto current = store_.monitoring().source(id);
  if (!current.ok()) return current.status();
  if (!*current) return Status::not_found("no feed source has id " + std::to_string(id));
  if ((*current)->url != in->url) {
    return Status::invalid("a source's address does not change; remove it and add the new one",
                           {{"url", "fixed", "a source's address does not change"}});
  }
  store::FeedSource s = **current;
  s.name = in->name;
  s.language = in->language;
  s.outlet = in->outlet;
  s.interval_minutes = in->interval_minutes;
  s.enabled = in->enabled;
  QALAM_RETURN_IF_ERROR(store_.monitoring().update_source(s));
  accounts_.audit(who.user.id, who.actor(), "source.update", s.url, s.name);
  return Status::ok_status();
}

Status Monitoring::remove_source(const Principal& who, int64_t id) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  auto current = store_.monitoring().source(id);
  if (!current.ok()) return current.status();
  if (!*current) return Status::not_found("no feed source has id " + std::to_string(id));
  QALAM_RETURN_IF_ERROR(store_.monitoring().remove_source(id));
  accounts_.audit(who.user.id, who.actor(), "source.remove", (*current)->url, (*current)->name);
  return Status::ok_status();
}

Result<std::vector<store::FeedSource>> Monitoring::sources(const Principal& who) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  return store_.monitoring().sources();
}

Result<store::FeedSource> Monitoring::find_source(const Principal& who, std::string_view id_or_url) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  Result<std::optional<store::FeedSource>> found = std::optional<store::FeedSource>();
  if (auto id = parse_int(id_or_url)) {
    found = store_.monitoring().source(*id);
  } else {
    found = store_.monitoring().source_by_url(trimmed(id_or_url));
  }
  if (!found.ok()) return found.status();
  if (!*found) return Status::not_found("no feed source is " + std::string(id_or_url) + " (see qalam sources list)");
  return **found;
}

Result<int64_t> Monitoring::save_topic(const Principal& who, int64_t id, std::string_view name,
                                       std::string_view terms_text) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  store::WatchTopic t;
  t.id = id;
  t.name = trimmed(name);
  t.created_at = clock_.now();
  size_t start = 0;
  while (start <= terms_text.size()) {
    size_t end = terms_text.find('\n', start);
    std::string term = trimmed(terms_text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!term.empty() && std::find(t.terms.begin(), t.terms.end(), term) == t.terms.end()) t.terms.push_back(term);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::vector<FieldProblem> problems;
  if (t.name.empty()) problems.push_back({"name", "required", "the topic needs a name"});
  if (t.name.size() > 100) problems.push_back({"name", "too_long", "at most 100 bytes", {{"limit", "100"}}});
  if (t.terms.empty()) problems.push_back({"terms", "required", "the topic needs at least one term"});
  if (t.terms.size() > max_terms) {
    problems.push_back({"terms", "too_long", "at most " + std::to_string(max_terms) + " terms",
                        {{"limit", std::to_string(max_terms)}}});
  }
  for (const auto& term : t.terms) {
    if (term.size() > 200 || !is_valid_utf8(term) || compile_watch_term(term).spellings.empty()) {
      problems.push_back({"terms", "invalid", "'" + term + "' is not a term: words of at most 200 bytes",
                          {{"value", term}}});
      break;
    }
  }
  if (!problems.empty()) {
    std::string message = problems.front().message;
    return Status::invalid(message, std::move(problems));
  }
  auto saved = store_.monitoring().save_topic(t);
  if (!saved.ok()) return saved.status();
  t.id = *saved;
  // What the topic matches now, among the recent items.
  TimePoint since = clock_.now() - std::chrono::hours(24 * rematch_days);
  auto compiled = ingest::compile_topics({t});
  std::vector<std::pair<int64_t, std::vector<std::string>>> matches;
  store::MonitoredItemFilter page;
  page.limit = 500;
  for (;; page.offset += page.limit) {
    auto items = store_.monitoring().items(page);
    if (!items.ok()) return items.status();
    bool older = false;
    for (const auto& m : *items) {
      if (m.fetched_at < since) {
        older = true;
        continue;
      }
      auto found = ingest::match_topics(compiled, m);
      if (!found.empty()) matches.emplace_back(m.id, found.front().terms);
    }
    if (items->size() < static_cast<size_t>(page.limit) || older) break;
  }
  QALAM_RETURN_IF_ERROR(store_.monitoring().rematch_topic(t.id, since, matches));
  accounts_.audit(who.user.id, who.actor(), id == 0 ? "topic.add" : "topic.update", t.name,
                  std::to_string(t.terms.size()) + " terms, " + std::to_string(matches.size()) + " recent items");
  return t.id;
}

Status Monitoring::remove_topic(const Principal& who, int64_t id) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  QALAM_RETURN_IF_ERROR(store_.monitoring().remove_topic(id));
  accounts_.audit(who.user.id, who.actor(), "topic.remove", std::to_string(id), "");
  return Status::ok_status();
}

Result<std::vector<store::WatchTopic>> Monitoring::topics(const Principal& who) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  return store_.monitoring().topics();
}

Result<InboxPage> Monitoring::inbox(const Principal& who, const store::MonitoredItemFilter& filter) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  InboxPage page;
  auto items = store_.monitoring().items(filter);
  if (!items.ok()) return items.status();
  page.items = std::move(*items);
  auto total = store_.monitoring().count_items(filter);
  if (!total.ok()) return total.status();
  page.total = *total;
  store::MonitoredItemFilter by_state;
  by_state.matched_only = filter.matched_only;
  for (auto [state, count] : {std::pair{store::FeedItemState::fresh, &page.fresh},
                              std::pair{store::FeedItemState::kept, &page.kept},
                              std::pair{store::FeedItemState::dismissed, &page.dismissed},
                              std::pair{store::FeedItemState::used, &page.used}}) {
    by_state.state = state;
    auto n = store_.monitoring().count_items(by_state);
    if (!n.ok()) return n.status();
    *count = *n;
  }
  return page;
}

Result<int64_t> Monitoring::waiting(const Principal& who) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  store::MonitoredItemFilter f;
  f.matched_only = true;
  f.state = store::FeedItemState::fresh;
  return store_.monitoring().count_items(f);
}

Result<store::MonitoredItem> Monitoring::item(const Principal& who, int64_t id) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  auto m = store_.monitoring().item(id);
  if (!m.ok()) return m.status();
  if (!*m) return Status::not_found("no monitored item has id " + std::to_string(id));
  return **m;
}

Result<int64_t> Monitoring::make_press_item(const Principal& who, int64_t item_id, boost::json::object record) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  auto m = item(who, item_id);
  if (!m.ok()) return m.status();
  if (m->state == store::FeedItemState::used) {
    return Status::conflict_on({"item", "used", "a press item was made from this item already"});
  }
  if (m->link.empty()) {
    return Status::invalid("the item has no link to the original", {{"url", "required", "the item has no link to the original"}});
  }
  record["type"] = "press_item";
  record["url"] = m->link;
  QALAM_RETURN_IF_ERROR(curation_.save(who, record));
  auto made = store_.press_items().by_url(m->link);
  if (!made.ok()) return made.status();
  if (!*made) return Status::internal("the press item just saved cannot be read back");
  QALAM_RETURN_IF_ERROR(store_.monitoring().mark_used(item_id, (*made)->id));
  accounts_.audit(who.user.id, who.actor(), "inbox.press_item", m->link, m->title);
  return (*made)->id;
}

Result<int64_t> Monitoring::set_state(const Principal& who, const std::vector<int64_t>& ids,
                                      store::FeedItemState state) {
  QALAM_RETURN_IF_ERROR(may_manage(who));
  if (state == store::FeedItemState::used) {
    return Status::invalid("an item is used when a press item is made from it",
                           {{"state", "invalid", "an item is used when a press item is made from it"}});
  }
  if (ids.empty()) return Status::invalid("no items chosen", {{"items", "required", "no items chosen"}});
  if (ids.size() > 1000) {
    return Status::invalid("at most 1000 items at once", {{"items", "too_long", "at most 1000 items at once", {{"limit", "1000"}}}});
  }
  return store_.monitoring().set_state(ids, state);
}

}  // namespace qalam::newsroom
