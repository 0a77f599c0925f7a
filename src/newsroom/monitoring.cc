#include "newsroom/monitoring.h"

#include <boost/url/parse.hpp>

#include <cctype>

#include "core/roles.h"
#include "core/text.h"

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

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

Monitoring::Monitoring(store::Store& store, const Clock& clock, Accounts& accounts)
    : store_(store), clock_(clock), accounts_(accounts) {}

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

}  // namespace qalam::newsroom
