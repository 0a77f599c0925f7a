// Config: a site's qalam.toml, with every key overridable by an environment variable
// QALAM_<SECTION>_<KEY>. One table of settings (config.cc) drives parsing, validation,
// the environment overrides and the commented file `qalam init` writes, so the four
// cannot drift apart. Errors read "file:line: message" (or name the variable).
//
// Thread-safety: a Config is a value, loaded once at start-up.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <functional>
#include <optional>
#include <string>

#include "core/status.h"

namespace qalam::app {

struct Config {
  std::filesystem::path site_dir;
  std::filesystem::path file;  // site_dir / "qalam.toml"

  struct Site {
    std::string url;  // no trailing slash; empty: unset (public_url() stands in)
    std::string theme;
    std::string time_zone;
    std::string default_language;
    int page_size = 20;
  } site;

  struct Server {
    std::string host;
    uint16_t port = 0;
    int threads = 0;
    int workers = 0;
    int64_t queue_limit = 0;
    std::chrono::milliseconds queue_timeout{};
    int64_t max_connections = 0;
    int64_t max_connections_per_address = 0;
    int64_t header_limit_bytes = 0;
    int64_t body_limit_bytes = 0;
    std::chrono::milliseconds header_timeout{};
    std::chrono::milliseconds idle_timeout{};
    std::chrono::milliseconds shutdown_timeout{};
    std::string trusted_proxies;  // addresses and ranges whose forwarding headers name the client
  } server;

  struct Database {
    std::string url;             // PostgreSQL; empty: the SQLite file at `path`
    std::string read_url;        // a replica of `url` for public reads; empty: none
    std::filesystem::path path;  // resolved against site_dir
    int busy_timeout_ms = 0;
    std::string synchronous;  // "full" or "normal"
    int cache_mb = 0;         // SQLite: each connection's page cache, MiB
  } database;

  struct Analytics {
    bool count_views = true;
    std::chrono::milliseconds flush_interval{};
  } analytics;

  struct Monitoring {
    bool poll = true;  // qalam serve polls the feeds the desk follows
    std::chrono::seconds timeout{};
    int64_t max_feed_bytes = 0;
    int max_redirects = 0;
  } monitoring;

  struct Newsroom {
    std::chrono::seconds session_idle{};
    std::chrono::seconds session_absolute{};
    std::chrono::milliseconds scheduler_interval{};
    std::chrono::seconds audit_retention{};
    int64_t audit_max_entries = 0;
  } newsroom;

  struct Media {
    std::filesystem::path dir;  // resolved against site_dir
    int64_t upload_limit_bytes = 0;
    // A site on PostgreSQL keeps its files in the database; a node its copies here.
    std::filesystem::path cache_dir;  // resolved against site_dir
    int64_t cache_limit_bytes = 0;
  } media;

  struct Api {
    std::string content_key;
  } api;

  struct Cache {
    bool enabled = true;
    int64_t max_bytes = 0;
    std::chrono::seconds shared_max_age{};
    std::chrono::seconds stale_while_revalidate{};
    std::string purge_url;  // empty: no webhook
  } cache;

  struct Metrics {
    std::string allow;  // comma-separated client addresses; empty: /metrics is off
    std::string token;  // when set, also required as a Bearer token
  } metrics;

  struct Log {
    std::string level;
    bool access = true;
  } log;

  std::filesystem::path theme_dir() const;
  // The address the server listens on as a URL ("http://127.0.0.1:8080"; a wildcard
  // host reads as 127.0.0.1, IPv6 in brackets).
  std::string listen_url() const;
  // site.url, or while it is unset listen_url().
  std::string public_url() const { return site.url.empty() ? listen_url() : site.url; }
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

// Reads site_dir/qalam.toml and the environment; invalid_argument on any bad setting.
Result<Config> load_config(const std::filesystem::path& site_dir, const EnvLookup& env);

// The file `qalam init` writes: every setting, its default and a comment.
// `values` replaces the defaults of the settings it names ("database.url").
std::string default_config_text(const std::map<std::string, std::string>& values = {});

// Splits "HOST:PORT" or "[IPv6]:PORT".
Status parse_listen(std::string_view text, std::string& host, uint16_t& port);

}  // namespace qalam::app
