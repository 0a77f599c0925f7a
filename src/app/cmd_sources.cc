// `qalam sources …`: the feeds the desk follows (docs/monitoring.md), from the shell.
#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/commands.h"
#include "app/feed_polling.h"
#include "app/site_context.h"
#include "core/time_format.h"
#include "ingest/feed_poller.h"
#include "newsroom/accounts.h"
#include "newsroom/monitoring.h"

namespace qalam::app {
namespace {

newsroom::Principal cli_principal() {
  newsroom::Principal cli;
  cli.user.email = "cli";
  cli.user.role = Role::admin;
  return cli;
}

std::string when(TimePoint t) { return to_unix(t) == 0 ? "never" : rfc3339(t); }

std::string health(const store::FeedSource& s) {
  if (!s.enabled) return "disabled";
  if (!s.last_error.empty()) return fmt::format("failing ({} in a row): {}", s.failures, s.last_error);
  if (to_unix(s.last_success_at) == 0) return "not polled yet";
  return fmt::format("ok, {} items at {}", s.items_found, when(s.last_success_at));
}

}  // namespace

ingest::FetchLimits fetch_limits(const Config& config) {
  ingest::FetchLimits limits;
  limits.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.monitoring.timeout);
  limits.connect_timeout = std::min(limits.timeout, std::chrono::milliseconds(10'000));
  limits.max_bytes = static_cast<size_t>(config.monitoring.max_feed_bytes);
  limits.max_redirects = config.monitoring.max_redirects;
  limits.user_agent = "Qalam/" QALAM_VERSION " feed reader (+" + config.public_url() + ")";
  return limits;
}

int run_sources(const SourcesOptions& options) {
  int status = exit_ok;
  auto site = open_site(options.site_dir, 4, true, status);
  if (!site) return status;
  SystemClock clock;
  newsroom::Accounts accounts(*site->store, clock);
  newsroom::Curation curation(*site->store, accounts);
  newsroom::Monitoring monitoring(*site->store, clock, accounts, curation);
  newsroom::Principal cli = cli_principal();

  if (options.action == "add") {
    newsroom::SourceInput in{options.url, options.name, options.language, options.outlet, options.interval_minutes,
                             true};
    auto id = monitoring.add_source(cli, in);
    if (!id.ok()) return report_failure(id.status());
    auto added = monitoring.find_source(cli, std::to_string(*id));
    fmt::print("added source {}: {} ({}), polled every {} minutes\n", *id, added.ok() ? added->name : in.name,
               in.url, in.interval_minutes);
    return exit_ok;
  }
  if (options.action == "list") {
    auto all = monitoring.sources(cli);
    if (!all.ok()) return report_failure(all.status());
    if (all->empty()) fmt::print("no sources yet: qalam sources add URL\n");
    for (const auto& s : *all) {
      fmt::print("{:>4}  {}  {}\n      language: {}  outlet: {}  every {} min  next: {}\n      {}\n", s.id, s.name, s.url,
                 s.language.empty() ? "(the items')" : s.language, s.outlet.empty() ? s.name : s.outlet,
                 s.interval_minutes, s.enabled ? when(s.next_poll_at) : "-", health(s));
    }
    return exit_ok;
  }
  if (options.action == "remove") {
    auto s = monitoring.find_source(cli, options.target);
    if (!s.ok()) return report_failure(s.status());
    Status removed = monitoring.remove_source(cli, s->id);
    if (!removed.ok()) return report_failure(removed);
    fmt::print("removed source {}: {}\n", s->id, s->name);
    return exit_ok;
  }
  if (options.action == "poll") {
    std::vector<store::FeedSource> chosen;
    if (!options.target.empty()) {
      auto s = monitoring.find_source(cli, options.target);
      if (!s.ok()) return report_failure(s.status());
      chosen.push_back(*s);
    } else {
      auto all = monitoring.sources(cli);
      if (!all.ok()) return report_failure(all.status());
      for (const auto& s : *all) {
        if (s.enabled) chosen.push_back(s);
      }
    }
    if (chosen.empty()) {
      fmt::print("no enabled sources to poll\n");
      return exit_ok;
    }
    auto fetcher = ingest::make_curl_fetcher(fetch_limits(site->config));
    ingest::FeedPoller poller(site->store->monitoring(), *fetcher, clock);
    size_t failed = 0, added = 0;
    // Four at a time, as the server polls; reported in the list's order.
    for (const ingest::PollReport& r : poller.poll_each(chosen, 4)) {
      fmt::print("{}\n", ingest::describe(r));
      for (const auto& w : r.warnings) fmt::print("  warning: {}\n", w);
      if (!r.ok) ++failed;
      added += r.added.added;
    }
    fmt::print("polled {} sources: {} new items{}\n", chosen.size(), added,
               failed == 0 ? "" : fmt::format(", {} failed", failed));
    return failed == 0 ? exit_ok : exit_failure;
  }
  if (options.action == "items") {
    store::MonitoredItemFilter filter;
    filter.limit = options.limit;
    if (!options.target.empty()) {
      auto s = monitoring.find_source(cli, options.target);
      if (!s.ok()) return report_failure(s.status());
      filter.source_id = s->id;
    }
    auto items = site->store->monitoring().items(filter);
    if (!items.ok()) return report_failure(items.status());
    // One JSON object a line, newest first: for scripts.
    for (const auto& m : *items) {
      boost::json::object o{{"id", m.id},
                            {"source", m.source_id},
                            {"title", m.title},
                            {"link", m.link},
                            {"published", rfc3339(m.published_at)},
                            {"language", m.language},
                            {"author", m.author},
                            {"summary", m.summary},
                            {"image", m.image},
                            {"state", std::string(store::feed_item_state_name(m.state))}};
      fmt::print("{}\n", boost::json::serialize(o));
    }
    return exit_ok;
  }
  fmt::print(stderr, "qalam: sources: unknown action '{}'\n", options.action);
  return exit_bad_input;
}

}  // namespace qalam::app
