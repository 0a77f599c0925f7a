#include <fmt/format.h>
#include <atomic>
#include <thread>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/config.h"
#include "app/job_lease.h"
#include "app/metrics_page.h"
#include "core/periodic.h"
#include "ingest/feed_poller.h"
#include "http/error_response.h"
#include "http/free_port.h"
#include "core/time_format.h"
#include "core/text.h"
#include "core/work_pool.h"
#include "http/metrics.h"
#include "http/purge_notifier.h"
#include "http/response_cache.h"
#include "api/admin_api.h"
#include "api/content_api.h"
#include "app/feed_polling.h"
#include "app/site_context.h"
#include "app/site_media.h"
#include "http/security_headers.h"
#include "http/server.h"
#include "http/static_files.h"
#include "store/change_keys.h"
#include "site/public_site.h"
#include "newsroom/accounts.h"
#include "newsroom/editorial.h"
#include "newsroom/media_library.h"
#include "newsroom/ui/newsroom_ui.h"
#include "newsroom/scheduler.h"
#include "site/theme.h"

namespace qalam::app {
namespace {

// /healthz: the process runs. /readyz: the database answers too (and the replica
// public pages read from, when there is one).
void add_health_routes(http::Router& router, store::Store& store, store::Store* replica) {
  router.add(
      "GET", "/healthz",
      [](const http::Request&) {
        http::Response r = http::Response::content(200, "text/plain; charset=utf-8", "ok\n");
        r.set_header("Cache-Control", "no-store");
        return r;
      },
      http::Pace::immediate);
  router.add("GET", "/readyz", [&store, replica](const http::Request&) {
    Status s = store.ping();
    if (s.ok() && replica != nullptr) s = replica->ping().with_context("the replica");
    http::Response r = s.ok() ? http::Response::content(200, "text/plain; charset=utf-8", "ready\n")
                              : http::Response::content(503, "text/plain; charset=utf-8",
                                                        "not ready: " + s.message() + "\n");
    r.set_header("Cache-Control", "no-store");
    return r;
  });
}

}  // namespace

int run_serve(const ServeOptions& options) {
  auto loaded = load_config(options.site_dir, process_environment());
  if (!loaded.ok()) {
    fmt::print(stderr, "qalam: {}\n", loaded.status().message());
    return exit_bad_input;
  }
  Config config = std::move(loaded).value();
  if (options.listen) {
    Status s = parse_listen(*options.listen, config.server.host, config.server.port);
    if (!s.ok()) {
      fmt::print(stderr, "qalam: --listen {}: {}\n", *options.listen, s.message());
      return exit_bad_input;
    }
  }
  // Links name the site's public address: site.url, or while it is unset the address
  // served here (a free port chosen now when --listen asks for any, so that links can
  // name it).
  if (config.server.port == 0) {
    auto port = http::free_port(config.server.host);
    if (!port.ok()) {
      fmt::print(stderr, "qalam: {}\n", port.status().message());
      return exit_failure;
    }
    config.server.port = *port;
  }
  if (config.site.url.empty()) {
    config.site.url = config.public_url();
    fmt::print(stderr, "qalam: site.url is not set in {}: links use {} (set it to the address readers use)\n",
               config.file.string(), config.site.url);
  } else if (config.listen_url() != config.site.url) {
    fmt::print(stderr, "qalam: links use site.url {}; serving on {}:{}\n", config.site.url, config.server.host,
               config.server.port);
  }
  if (options.threads) {
    if (*options.threads < 1 || *options.threads > 256) {
      fmt::print(stderr, "qalam: --threads must be between 1 and 256\n");
      return exit_bad_input;
    }
    config.server.threads = *options.threads;
  }
  setup_logging(config.log.level);

  // A reader connection for every thread that may read: the workers, and the
  // periodic tasks (scheduler, view counter) beside them.
  auto store = open_site_store(config, std::max(config.server.workers, config.server.threads) + 2);
  if (!store) return exit_failure;
  if (Status s = store::check_schema_current(*store); !s.ok()) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    return exit_failure;
  }
  // Public pages and search read from the replica when there is one; everything else
  // (the newsroom, the APIs, every write) from the site's database.
  auto replica = open_replica_store(config, std::max(config.server.workers, config.server.threads) + 2);
  if (!replica.ok()) {
    fmt::print(stderr, "qalam: {}\n", replica.status().message());
    return exit_failure;
  }
  store::Store& public_reads = *replica ? **replica : *store;
  auto theme = site::load_theme(config.theme_dir());
  if (!theme.ok()) {
    fmt::print(stderr, "qalam: {}\n", theme.status().message());
    return exit_bad_input;
  }

  http::Router router;
  add_health_routes(router, *store, replica->get());
  http::StaticFiles assets(theme->assets_dir());
  // The default theme's fonts are made at build time (cmake/theme_fonts.cmake): served
  // from there unless the theme carries its own.
  http::StaticFiles built_fonts(QALAM_FONTS_DIR);
  router.add("GET", "/assets/{path...}", [&assets, &built_fonts](const http::Request& r) {
    std::string_view path = r.param("path");
    http::Response found = assets.serve(r, path);
    if (found.status == 404 && path.starts_with("fonts/")) return built_fonts.serve(r, path.substr(6));
    return found;
  });
  // Tests may move the server's time on (--test-clock); a served site never does.
  AdjustableClock clock;
  if (options.test_clock) {
    spdlog::warn("test clock on: POST /testing/clock?advance=SECONDS from loopback moves this server's time");
    router.add("POST", "/testing/clock", [&clock](const http::Request& r) {
      if (r.peer_address != "127.0.0.1" && r.peer_address != "::1") {
        return http::error_response(403, "the test clock answers loopback only", r);
      }
      auto seconds = parse_int(r.query_param("advance").value_or(""));
      if (!seconds || *seconds < 0 || *seconds > 10LL * 366 * 24 * 3600) {
        return http::error_response(400, "advance=SECONDS, from 0 to ten years", r);
      }
      clock.advance(std::chrono::seconds(*seconds));
      return http::Response::content(200, "text/plain; charset=utf-8", rfc3339(clock.now()) + "\n");
    });
  }
  // The response cache, told of every change before the change is acknowledged.
  http::CacheOptions cache_options;
  cache_options.enabled = config.cache.enabled;
  cache_options.max_bytes = static_cast<size_t>(config.cache.max_bytes);
  cache_options.shared_max_age = config.cache.shared_max_age;
  cache_options.stale_while_revalidate = config.cache.stale_while_revalidate;
  // The parameters public pages and the Content API read; others stay out of the key.
  cache_options.key_params = {"page", "q", "sort", "section", "author", "tag", "from", "to", "lang", "all",
                              "prefix", "limit", "cursor", "featured", "country", "network", "key", "status"};
  // Only a live session skips the cache: a made-up cookie is an anonymous reader.
  newsroom::Accounts* session_check = nullptr;
  cache_options.session_valid = [&session_check](std::string_view token) {
    return session_check != nullptr && session_check->has_session(token);
  };
  http::ResponseCache cache(cache_options, clock);
  std::unique_ptr<http::PurgeNotifier> purges;
  if (!config.cache.purge_url.empty()) {
    auto made = http::PurgeNotifier::create(config.cache.purge_url);
    if (!made.ok()) {
      fmt::print(stderr, "qalam: {}\n", made.status().message());
      return exit_bad_input;
    }
    purges = std::move(made).value();
    cache.set_eviction_listener([&purges](const std::vector<std::string>& keys) { purges->notify(keys); });
  }
  std::unique_ptr<site::ViewCounter> views;
  if (config.analytics.count_views) {
    views = std::make_unique<site::ViewCounter>(store->views(), clock, config.analytics.flush_interval);
  }
  site::PublicSite public_site(*theme, public_reads, clock,
                               {config.site.url, config.site.time_zone, config.site.default_language,
                                config.site.page_size},
                               views.get());
  public_site.add_routes(router);

  newsroom::AccountPolicy policy;
  policy.session_idle = config.newsroom.session_idle;
  policy.session_absolute = config.newsroom.session_absolute;
  policy.audit_retention = config.newsroom.audit_retention;
  policy.audit_max_entries = config.newsroom.audit_max_entries;
  newsroom::Accounts accounts(*store, clock, policy);
  accounts.prepare_sign_in();
  session_check = &accounts;
  // The change feed decides what the cache forgets: every write names its keys in the
  // store, this process's before the write returns, other processes' (qalam import,
  // another node) as this one reads the change log, about every half second.
  // With a replica, a page is evicted twice: when the write commits (a page rendered
  // before the replica has the write may be cached again) and when the replica's own
  // change log names it, after which every render reads the write.
  auto evict = [&cache](const std::vector<std::string>& keys) {
    if (std::find(keys.begin(), keys.end(), store::change_keys::everything) != keys.end()) {
      cache.clear();
      spdlog::info("lost track of the database's changes: the response cache starts afresh");
      return;
    }
    cache.evict(keys);
  };
  std::vector<store::Store*> followed{store.get()};
  if (*replica) followed.push_back(replica->get());
  for (store::Store* s : followed) {
    s->on_change(evict);
    if (Status f = s->follow_changes(); !f.ok()) spdlog::warn("change log: {}", f.to_string());  // marks the start
  }
  newsroom::Editorial editorial(*store, clock, accounts);
  auto site_media = SiteMedia::open(config, *store, true);
  if (!site_media.ok()) {
    fmt::print(stderr, "qalam: the media library: {}\n", site_media.status().message());
    return exit_failure;
  }
  if (newsroom::DatabaseMediaFiles* shared = (*site_media)->in_database()) {
    // Another node's change to a file drops this node's copy of it.
    store->on_change([shared](const std::vector<std::string>& keys) { shared->changed(keys); });
  }
  // Other processes' writes (after every listener above is in place, and stopped
  // before any of them goes): read from the change log as soon as the database says a
  // write committed (PostgreSQL), at least every half second.
  std::atomic<bool> watching{true};
  std::thread change_watch([&store, &followed, &watching] {
    while (watching) {
      store->wait_for_changes(std::chrono::milliseconds(500));
      if (!watching) break;
      for (store::Store* s : followed) {
        if (Status f = s->follow_changes(); !f.ok()) spdlog::warn("change log: {}", f.to_string());
      }
    }
  });
  struct StopWatching {
    std::atomic<bool>& watching;
    std::thread& thread;
    ~StopWatching() {
      watching = false;
      thread.join();
    }
  } stop_watching{watching, change_watch};
  newsroom::MediaOptions media_options;
  media_options.dir = (*site_media)->dir();
  media_options.files = &(*site_media)->files();
  media_options.max_bytes = config.media.upload_limit_bytes;
  // Half the cores decode images at most; the rest stay for readers.
  media_options.concurrent_jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2));
  // Uploads waiting for them hold worker threads: at most half of those wait.
  media_options.waiting_jobs = std::max(1, config.server.workers / 2);
  newsroom::MediaLibrary media(*store, clock, accounts, media_options);
  http::StaticFiles media_files((*site_media)->dir());
  router.add("GET", "/media/{path...}", [&media_files, shared = (*site_media)->in_database()](const http::Request& r) {
    // On PostgreSQL the file comes from the database into this node's copies first (a
    // name that is not a file's is left to the folder's own checks).
    auto name = shared != nullptr ? http::percent_decode(r.param("path")) : std::nullopt;
    bool copied = false;
    if (name && newsroom::is_media_file_name(*name)) {
      auto fetched = shared->fetch(*name);
      if (!fetched.ok()) {
        spdlog::warn("media {}: {}", *name, fetched.status().to_string());
        return http::error_response(fetched.status(), r);
      }
      copied = *fetched;
    }
    http::Response out = media_files.serve(r, r.param("path"));
    if (out.status == 404 && copied) {
      // Another node sharing the folder removed the copy (its start, its limit): read
      // it from the database once more. A file the database lacks is not asked twice.
      shared->forget(*name);
      if (auto fetched = shared->fetch(*name); fetched.ok() && *fetched) out = media_files.serve(r, r.param("path"));
    }
    // Generated names never change their bytes.
    if (out.status == 200) out.set_header("Cache-Control", "public, max-age=31536000, immutable");
    return out;
  });
  api::ContentApi content_api(*store, {config.site.url, config.api.content_key});
  content_api.add_routes(router);
  api::AdminApi admin_api(*store, accounts, editorial, media, config.site.url);
  admin_api.add_routes(router);
  auto ui = site::load_theme(QALAM_NEWSROOM_UI_DIR, newsroom::newsroom_templates);
  if (!ui.ok()) {
    fmt::print(stderr, "qalam: the newsroom interface: {}\n", ui.status().message());
    return exit_failure;
  }
  http::StaticFiles ui_assets(ui->assets_dir());
  router.add("GET", "/newsroom/assets/{path...}", [&ui_assets](const http::Request& r) {
    http::Response out = ui_assets.serve(r, r.param("path"));
    out.set_header("X-Content-Type-Options", "nosniff");
    return out;
  });
  newsroom::Curation curation(*store, accounts);
  newsroom::Administration administration(*store, accounts);
  newsroom::Monitoring monitoring(*store, clock, accounts, curation);
  newsroom::NewsroomUi newsroom_ui(*ui, clock, accounts, editorial, curation, administration, media, monitoring,
                                   public_site,
                                   {config.site.url, config.site.time_zone});
  newsroom_ui.add_routes(router);
  // With several nodes on one database, one publishes at a time (the lease outlives
  // a few runs, so a killed holder's work passes on within about ten seconds).
  const auto lease_ttl = std::max(std::chrono::seconds(10), std::chrono::ceil<std::chrono::seconds>(
                                                                 3 * config.newsroom.scheduler_interval));
  JobLease scheduler_lease(store->leases(), "scheduler", lease_ttl);
  newsroom::Scheduler scheduler(editorial, config.newsroom.scheduler_interval,
                                [&scheduler_lease] { return scheduler_lease.held(); });
  Periodic session_sweep(std::chrono::minutes(10), [&accounts] {
    auto removed = accounts.end_expired_sessions();
    if (removed.ok() && *removed > 0) spdlog::info("forgot {} expired newsroom session(s)", *removed);
  });
  // Press monitoring: due feeds are polled on this thread, four at a time, never on
  // the I/O threads or the request workers.
  std::unique_ptr<ingest::FeedFetcher> feed_fetcher;
  std::unique_ptr<ingest::FeedPoller> feed_poller;
  std::unique_ptr<Periodic> feed_polling;
  // One node polls at a time (a lease, as the scheduler's).
  JobLease feeds_lease(store->leases(), "feed polling", std::chrono::seconds(10));
  if (config.monitoring.poll) {
    feed_fetcher = ingest::make_curl_fetcher(fetch_limits(config));
    feed_poller = std::make_unique<ingest::FeedPoller>(store->monitoring(), *feed_fetcher, clock);
    feed_polling = std::make_unique<Periodic>(std::chrono::seconds(2), [&feed_poller, &feeds_lease] {
      if (!feeds_lease.held()) return;
      auto reports = feed_poller->poll_due(100, 4);
      if (!reports.ok()) {
        spdlog::warn("feed polling: {}", reports.status().to_string());
        return;
      }
      for (const auto& r : *reports) {
        if (!r.ok) spdlog::warn("feed {}", ingest::describe(r));
        else if (r.added.added > 0) spdlog::info("feed {}", ingest::describe(r));
      }
    });
  }
  Periodic audit_prune(std::chrono::hours(1), [&accounts] {
    auto removed = accounts.prune_audit();
    if (removed.ok() && *removed > 0) spdlog::info("audit log: removed {} entries past retention or the cap", *removed);
  });

  http::ServerOptions server_options;
  server_options.host = config.server.host;
  server_options.port = config.server.port;
  server_options.threads = config.server.threads;
  server_options.limits.header_bytes = static_cast<size_t>(config.server.header_limit_bytes);
  server_options.limits.body_bytes = static_cast<size_t>(config.server.body_limit_bytes);
  // Uploads need room for the image and the form around it.
  server_options.limits.upload_paths = {"/api/v1/admin/media", "/newsroom/media"};
  server_options.limits.upload_body_bytes = static_cast<size_t>(config.media.upload_limit_bytes + 64 * 1024);
  server_options.limits.header_timeout = config.server.header_timeout;
  server_options.limits.idle_timeout = config.server.idle_timeout;
  server_options.limits.shutdown_timeout = config.server.shutdown_timeout;
  server_options.limits.max_connections = static_cast<size_t>(config.server.max_connections);
  server_options.limits.max_connections_per_address = static_cast<size_t>(config.server.max_connections_per_address);
  server_options.trusted_proxies = http::TrustedProxies::parse(config.server.trusted_proxies).value();  // checked by load_config
  if (config.log.access) server_options.access_log = make_access_log();
  http::Metrics metrics;
  server_options.observer = [&metrics](const http::Request& r, const http::Response& out, double seconds) {
    metrics.observe(r, out, seconds);
  };
  // server.workers = 0 runs handlers on the I/O threads (the design before the pool;
  // bench/floods.py measures both).
  WorkPool pool({.threads = std::max(1, config.server.workers),
                 .max_queued = static_cast<size_t>(config.server.queue_limit),
                 .queue_deadline = config.server.queue_timeout});
  http::Server* running = nullptr;
  add_metrics_page(router, config.metrics,
                   {metrics, cache, *store, [&running] { return running ? running->open_connections() : 0; },
                    purges.get(), &pool});

  // Applied before the cache keeps a response, so cached answers carry them too.
  http::SecurityHeaders security(theme->script_src);
  server_options.pool = config.server.workers > 0 ? &pool : nullptr;
  server_options.quick = [&cache, &router, &security](http::Request& r) -> std::optional<http::Response> {
    if (auto hit = cache.lookup(r)) return hit;
    std::optional<http::Response> out = router.dispatch_immediate(r);
    if (out) security.apply(*out);
    return out;
  };
  http::Server server(server_options, [&cache, &router, &security](http::Request& r) {
    return cache.serve(r, [&router, &security](http::Request& request) {
      http::Response out = router.dispatch(request);
      security.apply(out);
      return out;
    });
  });
  running = &server;
  Status s = server.run([&](std::string_view address) {
    spdlog::info("qalam {} serving {} at http://{} with {} threads and {} workers", QALAM_VERSION,
                 config.site_dir.string(), address, config.server.threads, config.server.workers);
  });
  if (server_options.access_log) server_options.access_log->flush();
  if (!s.ok()) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace qalam::app
