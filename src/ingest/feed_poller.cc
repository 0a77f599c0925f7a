#include "ingest/feed_poller.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <functional>

#include "core/text.h"
#include "ingest/feed_item_keys.h"
#include "ingest/feed_reader.h"
#include "ingest/wordpress_content.h"

namespace qalam::ingest {
namespace {

constexpr size_t content_cap = 20'000;  // characters of the original's text kept

store::MonitoredItem keep(const FeedItem& f, const store::FeedSource& source, TimePoint now) {
  store::MonitoredItem m;
  m.source_id = source.id;
  m.link = f.link;
  m.canonical_link = f.link.empty() ? std::string() : canonical_link(f.link);
  m.title = f.title;
  m.title_key = title_key(f.title);
  m.summary = f.summary;
  m.content = std::string(utf8_prefix(html_to_text(f.content_html), content_cap));
  m.author = f.author;
  m.language = f.language.empty() ? source.language : f.language;
  m.image = f.image;
  TimePoint when = f.published.value_or(f.updated.value_or(now));
  m.published_at = when > now + std::chrono::hours(1) ? now : when;
  m.fetched_at = now;
  // The feed's id; else the link; else the words (a feed with neither still dedupes).
  m.guid = !f.id.empty() ? f.id : !f.link.empty() ? f.link
                                                  : "text:" + std::to_string(std::hash<std::string>{}(m.title_key + "\n" + f.summary));
  return m;
}

}  // namespace

std::vector<CompiledTopic> compile_topics(const std::vector<store::WatchTopic>& topics) {
  std::vector<CompiledTopic> out;
  for (const auto& t : topics) {
    CompiledTopic c{t.id, t.name, {}};
    for (const auto& term : t.terms) c.terms.push_back(compile_watch_term(term));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<store::TopicMatch> match_topics(const std::vector<CompiledTopic>& topics, const store::MonitoredItem& item) {
  std::vector<store::TopicMatch> out;
  for (const auto& t : topics) {
    std::vector<bool> hit(t.terms.size(), false);
    for (std::string_view text : {std::string_view(item.title), std::string_view(item.summary), std::string_view(item.content)}) {
      for (const TermMatch& m : match_watch_terms(text, t.terms)) hit[m.term] = true;
    }
    store::TopicMatch match{t.id, t.name, {}};
    for (size_t i = 0; i < hit.size(); ++i) {
      if (hit[i]) match.terms.push_back(t.terms[i].text);
    }
    if (!match.terms.empty()) out.push_back(std::move(match));
  }
  return out;
}

FeedPoller::FeedPoller(store::MonitoringRepository& repository, FeedFetcher& fetcher, const Clock& clock,
                       PollerOptions options)
    : repository_(repository), fetcher_(fetcher), clock_(clock), options_(options) {}

PollReport FeedPoller::poll(const store::FeedSource& source) { return poll_each({source}, 1).front(); }

PollReport FeedPoller::poll_with(const store::FeedSource& source, const std::vector<CompiledTopic>& compiled) {
  PollReport report;
  report.source_id = source.id;
  report.name = source.name;
  report.url = source.url;
  TimePoint now = clock_.now();
  store::FeedSource outcome = source;
  outcome.last_polled_at = now;
  auto interval = std::chrono::minutes(std::max(1, source.interval_minutes));
  std::vector<store::MonitoredItem> items;

  auto fail = [&](std::string why) {
    report.ok = false;
    report.error = std::move(why);
    outcome.failures = source.failures + 1;
    outcome.last_error = report.error;
    auto wait = std::chrono::duration_cast<std::chrono::seconds>(interval) * (int64_t{1} << std::min(outcome.failures - 1, 20));
    outcome.next_poll_at = now + std::min(wait, options_.max_backoff);
  };

  FetchRequest request{source.url, source.etag, source.last_modified};
  auto fetched = fetcher_.fetch(request);
  if (!fetched.ok()) {
    fail(fetched.status().message());
  } else if (fetched->not_modified) {
    report.ok = report.not_modified = true;
  } else {
    FeedReadOptions read;
    read.url = fetched->final_url;
    read.http_charset = fetched->charset;
    read.max_items = options_.max_items;
    auto feed = read_feed(fetched->body, read);
    if (!feed.ok()) {
      fail(feed.status().message());
    } else {
      report.ok = true;
      report.format = feed->format;
      report.warnings = feed->warnings;
      report.items_read = feed->items.size();
      size_t undated = 0;
      for (const FeedItem& f : feed->items) {
        if (!f.published && !f.updated && !f.problems.empty()) ++undated;
        items.push_back(keep(f, source, now));
        if (source.mission_id == 0) items.back().topics = match_topics(compiled, items.back());  // the desk's only
      }
      if (undated > 0) {
        report.warnings.push_back(std::to_string(undated) + " items' dates could not be read (first: " +
                                  [&] {
                                    for (const FeedItem& f : feed->items) {
                                      if (!f.problems.empty()) return f.problems.front();
                                    }
                                    return std::string();
                                  }() +
                                  "); they are dated when first read");
      }
      outcome.items_found = static_cast<int64_t>(feed->items.size());
      outcome.etag = fetched->etag;
      outcome.last_modified = fetched->last_modified;
    }
  }
  if (report.ok) {
    outcome.failures = 0;
    outcome.last_error.clear();
    outcome.last_success_at = now;
    outcome.next_poll_at = now + interval;
  }
  report.next_poll_at = outcome.next_poll_at;
  auto recorded = repository_.record_poll(outcome, items, options_.title_window);
  if (!recorded.ok()) {
    report.ok = false;
    report.error = "could not be saved: " + recorded.status().message();
    return report;
  }
  report.added = *recorded;
  return report;
}

Result<std::vector<PollReport>> FeedPoller::poll_due(size_t limit, size_t concurrency) {
  auto due = repository_.due_sources(clock_.now());
  if (!due.ok()) return due.status();
  if (due->size() > limit) due->resize(limit);
  return poll_each(*due, concurrency);
}

std::vector<PollReport> FeedPoller::poll_each(const std::vector<store::FeedSource>& sources, size_t concurrency) {
  std::vector<PollReport> reports(sources.size());
  // The watch lists once a pass, not once a source.
  auto topics = repository_.topics();
  if (!topics.ok()) {
    for (size_t i = 0; i < sources.size(); ++i) {
      reports[i].source_id = sources[i].id;
      reports[i].name = sources[i].name;
      reports[i].url = sources[i].url;
      reports[i].error = "could not read the watch lists: " + topics.status().message();
    }
    return reports;
  }
  const std::vector<CompiledTopic> compiled = compile_topics(*topics);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < sources.size(); i = next++) reports[i] = poll_with(sources[i], compiled);
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < std::min(std::max<size_t>(concurrency, 1), sources.size()); ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return reports;
}

std::string describe(const PollReport& r) {
  std::string out = r.name + ": ";
  if (!r.ok) return out + "failed: " + r.error;
  if (r.not_modified) return out + "not modified since the last poll";
  out += std::to_string(r.items_read) + " items, " + std::to_string(r.added.added) + " new";
  if (r.added.matched > 0) out += ", " + std::to_string(r.added.matched) + " on the watch lists";
  size_t known = r.added.same_guid + r.added.same_link + r.added.same_title;
  if (known > 0) {
    out += " (" + std::to_string(r.added.same_guid) + " seen before";
    if (r.added.same_link > 0) out += ", " + std::to_string(r.added.same_link) + " carried by another feed";
    if (r.added.same_title > 0) out += ", " + std::to_string(r.added.same_title) + " with a near-identical title";
    out += ")";
  }
  if (!r.format.empty()) out += " [" + r.format + "]";
  return out;
}

}  // namespace qalam::ingest
