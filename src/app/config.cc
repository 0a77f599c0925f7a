#include "app/config.h"

#include "core/language.h"
#include "core/time_format.h"
#include "http/client_address.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>
#include <cstdlib>
#include <toml++/toml.h>
#include <variant>
#include <vector>

#ifndef QALAM_THEMES_DIR
#define QALAM_THEMES_DIR "themes"
#endif

namespace qalam::app {
namespace {

using Value = std::variant<std::string, int64_t, bool>;

struct Setting {
  const char* section;
  const char* key;
  const char* help;
  Value fallback;
  // Validates and stores the value; returns a problem ("must be …") or "".
  std::string (*apply)(Config&, const Value&);
  // For settings unset by default: the value qalam.toml shows, commented out.
  const char* example = nullptr;
};

// A postgresql:// URI or a libpq connection string ("host=… dbname=…").
bool is_postgres_url(const std::string& s) {
  return s.starts_with("postgresql://") || s.starts_with("postgres://") || s.find('=') != std::string::npos;
}
constexpr const char* kNotAPostgresUrl = "must be a postgresql:// URI or a libpq connection string (host=… dbname=…)";

std::string in_range(int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) return fmt::format("must be between {} and {}", lo, hi);
  return {};
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = {
      {"site", "url", "The public address readers use (https://news.example.org): every canonical link,\n"
                      "feed, sitemap and password reset link starts with it, and an https:// address\n"
                      "makes session cookies Secure. While unset, links follow the address `qalam serve`\n"
                      "listens on; set it before the site goes public.",
       std::string(),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (s.empty()) return {};  // unset: serve takes its listening address
         if (!s.starts_with("http://") && !s.starts_with("https://")) return "must start with http:// or https://";
         c.site.url = s;
         while (c.site.url.ends_with('/')) c.site.url.pop_back();
         return {};
       },
       "https://news.example.org"},
      {"site", "theme", "A theme's name (looked up in SITE/themes, then the bundled themes) or a path.",
       std::string("default"),
       [](Config& c, const Value& v) -> std::string {
         c.site.theme = std::get<std::string>(v);
         return c.site.theme.empty() ? "must not be empty" : "";
       }},
      {"site", "time_zone", "Time zone for the times readers see (IANA name).", std::string("Asia/Baku"),
       [](Config& c, const Value& v) -> std::string {
         c.site.time_zone = std::get<std::string>(v);
         return is_valid_time_zone(c.site.time_zone) ? "" : "must be a time zone such as Asia/Baku or UTC";
       }},
      {"site", "default_language", "The language / redirects to when the reader's Accept-Language names none of az, en, ru.",
       std::string("az"),
       [](Config& c, const Value& v) -> std::string {
         c.site.default_language = std::get<std::string>(v);
         return is_site_language(c.site.default_language) ? "" : "must be one of az, en, ru";
       }},
      {"site", "page_size", "Pieces per page on author, section and tag archives.", int64_t{20},
       [](Config& c, const Value& v) {
         c.site.page_size = static_cast<int>(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 200);
       }},
      {"server", "listen", "Address and port to serve on: \"HOST:PORT\" or \"[IPv6]:PORT\".",
       std::string("127.0.0.1:8080"),
       [](Config& c, const Value& v) -> std::string {
         Status s = parse_listen(std::get<std::string>(v), c.server.host, c.server.port);
         return s.ok() ? "" : s.message();
       }},
      {"server", "threads", "Threads that serve requests (and reader connections to the database).",
       int64_t{2},
       [](Config& c, const Value& v) {
         c.server.threads = static_cast<int>(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 256);
       }},
      {"server", "workers",
       "Threads that run handlers which may wait (database, search, uploads, password hashes); 0 runs them on the "
       "threads that read requests.",
       int64_t{4},
       [](Config& c, const Value& v) {
         c.server.workers = static_cast<int>(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 0, 256);
       }},
      {"server", "queue_limit", "Requests waiting for a worker beyond this are answered 503 with Retry-After.",
       int64_t{512},
       [](Config& c, const Value& v) {
         c.server.queue_limit = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1, 1'000'000);
       }},
      {"server", "queue_timeout_ms", "A request that waited this long for a worker is answered 503 instead of run.",
       int64_t{10000},
       [](Config& c, const Value& v) {
         c.server.queue_timeout = std::chrono::milliseconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 10, 600'000);
       }},
      {"server", "max_connections", "Open connections beyond this are answered 503 and closed.",
       int64_t{10000},
       [](Config& c, const Value& v) {
         c.server.max_connections = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1, 1'000'000);
       }},
      {"server", "max_connections_per_address", "Open connections from one client address beyond this get 503.",
       int64_t{256},
       [](Config& c, const Value& v) {
         c.server.max_connections_per_address = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1, 1'000'000);
       }},
      {"server", "header_limit_bytes", "Largest request line plus headers; larger requests get 431.",
       int64_t{16384},
       [](Config& c, const Value& v) {
         c.server.header_limit_bytes = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1024, 1 << 20);
       }},
      {"server", "body_limit_bytes", "Largest request body; larger requests get 413.", int64_t{1048576},
       [](Config& c, const Value& v) {
         c.server.body_limit_bytes = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 0, int64_t{1} << 32);
       }},
      {"server", "header_timeout_ms", "A client must send its whole request head within this time.",
       int64_t{10000},
       [](Config& c, const Value& v) {
         c.server.header_timeout = std::chrono::milliseconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 100, 600'000);
       }},
      {"server", "idle_timeout_ms", "A kept-alive connection with no request for this long is closed.",
       int64_t{60000},
       [](Config& c, const Value& v) {
         c.server.idle_timeout = std::chrono::milliseconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 100, 3'600'000);
       }},
      {"server", "shutdown_timeout_ms", "On SIGTERM, requests in flight get this long to finish.",
       int64_t{5000},
       [](Config& c, const Value& v) {
         c.server.shutdown_timeout = std::chrono::milliseconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 0, 600'000);
       }},
      {"server", "trusted_proxies",
       "Reverse proxies (addresses or ranges, comma-separated) whose X-Forwarded-For or Forwarded\n"
       "header names the client: throttling, the audit log, view counts and [metrics] allow then\n"
       "see the client, not the proxy. Empty: every client is its TCP peer. Behind nginx on this\n"
       "machine: \"127.0.0.1, ::1\".",
       std::string(""),
       [](Config& c, const Value& v) -> std::string {
         auto parsed = http::TrustedProxies::parse(std::get<std::string>(v));
         if (!parsed.ok()) return parsed.status().message();
         c.server.trusted_proxies = std::get<std::string>(v);
         return {};
       }},
      {"database", "url",
       "A PostgreSQL database for the site instead of the SQLite file below: several qalam\n"
       "nodes may then serve one site (docs/deploy.md). A postgresql:// URI or a libpq\n"
       "connection string; QALAM_DATABASE_URL keeps the password out of this file.",
       std::string(""),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (!s.empty() && !is_postgres_url(s)) return kNotAPostgresUrl;
         c.database.url = s;
         return {};
       },
       "postgresql://qalam:password@127.0.0.1:5432/qalam"},
      {"database", "read_url",
       "A streaming replica of the PostgreSQL database above: public pages and search read\n"
       "there, while the newsroom, the APIs and every write use url. Empty: all on url.",
       std::string(""),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (s.empty()) return {};
         if (c.database.url.empty()) return "needs [database] url: a replica is PostgreSQL's";
         if (!is_postgres_url(s)) return kNotAPostgresUrl;
         c.database.read_url = s;
         return {};
       },
       "postgresql://qalam:password@replica.internal:5432/qalam"},
      {"database", "path", "The SQLite database file, relative to the site folder (when url is empty).",
       std::string("qalam.db"),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (s.empty()) return "must not be empty";
         c.database.path = c.site_dir / s;
         return {};
       }},
      {"database", "busy_timeout_ms", "How long a write waits for a lock before giving up.", int64_t{5000},
       [](Config& c, const Value& v) {
         c.database.busy_timeout_ms = static_cast<int>(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 0, 600'000);
       }},
      {"database", "synchronous",
       "\"full\": every acknowledged write survives a power cut (an fsync per commit).\n"
       "\"normal\": faster commits; a power cut (not a crash) can lose the last few.",
       std::string("full"),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (s != "full" && s != "normal") return "must be \"full\" or \"normal\"";
         c.database.synchronous = s;
         return {};
       }},
      {"database", "cache_mb",
       "SQLite: each connection's page cache at most, in MiB (serve opens a reader per\n"
       "server thread or worker, whichever are more, two more, and the writer). Filled\n"
       "only as pages are read.",
       int64_t{64},
       [](Config& c, const Value& v) {
         c.database.cache_mb = static_cast<int>(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 65'536);
       }},
      {"analytics", "count_views",
       "Count article reads for the most-read blocks: per article and hour only, no cookie,\n"
       "no address, known bots excluded.",
       true,
       [](Config& c, const Value& v) -> std::string {
         c.analytics.count_views = std::get<bool>(v);
         return {};
       }},
      {"analytics", "flush_interval_ms", "How often counted reads are written to the database.", int64_t{10000},
       [](Config& c, const Value& v) {
         c.analytics.flush_interval = std::chrono::milliseconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 100, 3'600'000);
       }},
      {"monitoring", "poll",
       "Poll the feeds the desk follows (qalam sources; docs/monitoring.md) while serving. With\n"
       "several nodes on one database, one node polls at a time.",
       true,
       [](Config& c, const Value& v) -> std::string {
         c.monitoring.poll = std::get<bool>(v);
         return {};
       }},
      {"monitoring", "timeout_seconds", "How long one feed's whole answer may take.", int64_t{30},
       [](Config& c, const Value& v) {
         c.monitoring.timeout = std::chrono::seconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 300);
       }},
      {"monitoring", "max_feed_bytes", "The largest feed read (after decompression); a larger one fails.",
       int64_t{8 * 1024 * 1024},
       [](Config& c, const Value& v) {
         c.monitoring.max_feed_bytes = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 64 * 1024, 256 * 1024 * 1024);
       }},
      {"monitoring", "max_redirects", "Redirects followed for one feed.", int64_t{5},
       [](Config& c, const Value& v) {
         c.monitoring.max_redirects = static_cast<int>(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 0, 20);
       }},
      {"newsroom", "session_idle_minutes", "A newsroom session unused this long ends.", int64_t{720},
       [](Config& c, const Value& v) {
         c.newsroom.session_idle = std::chrono::minutes(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 60 * 24 * 30);
       }},
      {"newsroom", "session_absolute_days", "A newsroom session ends this long after sign-in, however busy.",
       int64_t{14},
       [](Config& c, const Value& v) {
         c.newsroom.session_absolute = std::chrono::hours(24 * std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 365);
       }},
      {"newsroom", "scheduler_interval_ms", "How often the server publishes scheduled pieces whose time has come.",
       int64_t{5000},
       [](Config& c, const Value& v) {
         c.newsroom.scheduler_interval = std::chrono::milliseconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 100, 3'600'000);
       }},
      {"newsroom", "audit_retention_days", "Audit log entries older than this are removed (hourly).", int64_t{400},
       [](Config& c, const Value& v) {
         c.newsroom.audit_retention = std::chrono::hours(24 * std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 1, 36500);
       }},
      {"newsroom", "audit_max_entries",
       "The audit log keeps at most this many entries (each at most ~2.5 KB), the oldest going first.",
       int64_t{1000000},
       [](Config& c, const Value& v) {
         c.newsroom.audit_max_entries = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1000, 1'000'000'000);
       }},
      {"media", "dir", "Where uploaded images and their variants are kept, relative to the site folder.",
       std::string("media"),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (s.empty()) return "must not be empty";
         c.media.dir = c.site_dir / s;
         return {};
       }},
      {"media", "upload_limit_bytes", "Largest image upload; larger ones get 413.", int64_t{20971520},
       [](Config& c, const Value& v) {
         c.media.upload_limit_bytes = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1024, int64_t{1} << 30);
       }},
      {"media", "cache_dir",
       "A site on PostgreSQL keeps its images in the database: each node keeps copies of those\n"
       "it served here (emptied when it starts), relative to the site folder.",
       std::string("media-cache"),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         if (s.empty()) return "must not be empty";
         c.media.cache_dir = c.site_dir / s;
         return {};
       }},
      {"media", "cache_limit_bytes", "How much the copies in cache_dir may take; the least recently served go first.",
       int64_t{1073741824},
       [](Config& c, const Value& v) {
         c.media.cache_limit_bytes = std::get<int64_t>(v);
         return in_range(std::get<int64_t>(v), 1024 * 1024, int64_t{1} << 50);
       }},
      {"api", "content_key",
       "When set, the Content API answers only requests carrying it (?key= or X-Qalam-Key);\n"
       "empty: the Content API is public.",
       std::string(""),
       [](Config& c, const Value& v) -> std::string {
         c.api.content_key = std::get<std::string>(v);
         return !c.api.content_key.empty() && c.api.content_key.size() < 16 ? "use at least 16 characters" : "";
       }},
      {"cache", "enabled", "Keep public pages, feeds and sitemaps in memory after their first render.", true,
       [](Config& c, const Value& v) -> std::string {
         c.cache.enabled = std::get<bool>(v);
         return {};
       }},
      {"cache", "max_megabytes", "Memory for cached responses (every encoding); least recently used go first.",
       int64_t{64},
       [](Config& c, const Value& v) {
         c.cache.max_bytes = std::get<int64_t>(v) * 1024 * 1024;
         return in_range(std::get<int64_t>(v), 1, 65536);
       }},
      {"cache", "shared_max_age_seconds", "s-maxage for proxies and CDNs in front (purged by Surrogate-Key).",
       int64_t{60},
       [](Config& c, const Value& v) {
         c.cache.shared_max_age = std::chrono::seconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 0, 31'536'000);
       }},
      {"cache", "stale_while_revalidate_seconds", "How long a proxy may serve a stale page while it fetches a new one.",
       int64_t{30},
       [](Config& c, const Value& v) {
         c.cache.stale_while_revalidate = std::chrono::seconds(std::get<int64_t>(v));
         return in_range(std::get<int64_t>(v), 0, 31'536'000);
       }},
      {"cache", "purge_url",
       "When set (http://…), evicted keys are POSTed there as {\"keys\": [...]} for a cache in front.",
       std::string(""),
       [](Config& c, const Value& v) -> std::string {
         c.cache.purge_url = std::get<std::string>(v);
         return c.cache.purge_url.empty() || c.cache.purge_url.starts_with("http://") ? "" : "must be an http:// address";
       }},
      {"metrics", "allow", "Client addresses that may read /metrics, comma-separated; empty turns /metrics off.",
       std::string("127.0.0.1,::1"),
       [](Config& c, const Value& v) -> std::string {
         c.metrics.allow = std::get<std::string>(v);
         return {};
       }},
      {"metrics", "token", "When set, /metrics also needs Authorization: Bearer TOKEN.", std::string(""),
       [](Config& c, const Value& v) -> std::string {
         c.metrics.token = std::get<std::string>(v);
         return {};
       }},
      {"log", "level", "Least severe message logged: trace, debug, info, warn, error or off.",
       std::string("info"),
       [](Config& c, const Value& v) -> std::string {
         const auto& s = std::get<std::string>(v);
         for (const char* ok : {"trace", "debug", "info", "warn", "error", "off"}) {
           if (s == ok) {
             c.log.level = s;
             return {};
           }
         }
         return "must be one of trace, debug, info, warn, error, off";
       }},
      {"log", "access", "Write one line per request: method, target, status, bytes, microseconds.",
       true,
       [](Config& c, const Value& v) -> std::string {
         c.log.access = std::get<bool>(v);
         return {};
       }},
  };
  return table;
}

const char* type_name(const Value& v) {
  if (std::holds_alternative<std::string>(v)) return "a string";
  if (std::holds_alternative<int64_t>(v)) return "an integer";
  return "true or false";
}

std::string env_name(const Setting& s) {
  std::string n = std::string("QALAM_") + s.section + "_" + s.key;
  for (char& ch : n) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return n;
}

std::optional<Value> from_toml(const toml::node& node, const Value& like) {
  if (std::holds_alternative<std::string>(like)) {
    if (auto s = node.value_exact<std::string>()) return Value(*s);
  } else if (std::holds_alternative<int64_t>(like)) {
    if (auto i = node.value_exact<int64_t>()) return Value(*i);
  } else if (auto b = node.value_exact<bool>()) {
    return Value(*b);
  }
  return std::nullopt;
}

std::optional<Value> from_env(const std::string& text, const Value& like) {
  if (std::holds_alternative<std::string>(like)) return Value(text);
  if (std::holds_alternative<int64_t>(like)) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
    return Value(n);
  }
  if (text == "true" || text == "1") return Value(true);
  if (text == "false" || text == "0") return Value(false);
  return std::nullopt;
}

std::string toml_literal(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::ostringstream out;
    out << toml::value<std::string>(*s);
    return out.str();
  }
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return std::get<bool>(v) ? "true" : "false";
}

}  // namespace

std::string Config::listen_url() const {
  std::string host = server.host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(server.port);
}

std::filesystem::path Config::theme_dir() const {
  std::filesystem::path t(site.theme);
  if (t.is_absolute() || site.theme.find('/') != std::string::npos) return site_dir / t;
  if (std::filesystem::is_directory(site_dir / "themes" / t)) return site_dir / "themes" / t;
  return std::filesystem::path(QALAM_THEMES_DIR) / t;
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Status parse_listen(std::string_view text, std::string& host, uint16_t& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return Status::invalid("must be HOST:PORT");
  std::string_view h = text.substr(0, colon), p = text.substr(colon + 1);
  if (h.starts_with('[') && h.ends_with(']')) h = h.substr(1, h.size() - 2);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (p.empty() || ec != std::errc() || end != p.data() + p.size() || value > 65535) {
    return Status::invalid("must end in a port number from 0 to 65535");
  }
  host = std::string(h);
  port = static_cast<uint16_t>(value);
  return Status::ok_status();
}

Result<Config> load_config(const std::filesystem::path& site_dir, const EnvLookup& env) {
  Config config;
  config.site_dir = site_dir;
  config.file = site_dir / "qalam.toml";
  const std::string file = config.file.string();

  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    if (!std::filesystem::exists(config.file)) {
      return Status::invalid(file + ": no such file (is " + site_dir.string() +
                             " a site? create one with `qalam init`)");
    }
    return Status::invalid(fmt::format("{}:{}:{}: {}", file, e.source().begin.line,
                                       e.source().begin.column, e.description()));
  }

  // Unknown sections and keys are mistakes (a typo would otherwise be ignored).
  for (const auto& [section, node] : doc) {
    const toml::table* table = node.as_table();
    bool known_section = false;
    for (const Setting& s : settings()) known_section |= section.str() == s.section;
    if (!known_section || table == nullptr) {
      return Status::invalid(fmt::format("{}:{}: unknown section [{}]", file, node.source().begin.line,
                                         section.str()));
    }
    for (const auto& [key, value] : *table) {
      bool known = false;
      for (const Setting& s : settings()) known |= section.str() == s.section && key.str() == s.key;
      if (!known) {
        return Status::invalid(fmt::format("{}:{}: unknown key '{}' in [{}]", file,
                                           value.source().begin.line, key.str(), section.str()));
      }
    }
  }

  for (const Setting& s : settings()) {
    Value value = s.fallback;
    std::string where = file;
    if (const toml::node* node = doc[s.section][s.key].node()) {
      auto v = from_toml(*node, s.fallback);
      where = fmt::format("{}:{}", file, node->source().begin.line);
      if (!v) return Status::invalid(fmt::format("{}: {}.{} must be {}", where, s.section, s.key, type_name(s.fallback)));
      value = *v;
    }
    std::string var = env_name(s);
    if (auto text = env(var)) {
      auto v = from_env(*text, s.fallback);
      where = "environment " + var;
      if (!v) return Status::invalid(fmt::format("{}: must be {}, not '{}'", where, type_name(s.fallback), *text));
      value = *v;
    }
    std::string problem = s.apply(config, value);
    if (!problem.empty()) return Status::invalid(fmt::format("{}: {}.{} {}", where, s.section, s.key, problem));
  }
  return config;
}

std::string default_config_text(const std::map<std::string, std::string>& values) {
  std::string out =
      "# Qalam site configuration. Every setting is listed with its default.\n"
      "# Each can be overridden by an environment variable QALAM_<SECTION>_<KEY>,\n"
      "# for example QALAM_SERVER_LISTEN=0.0.0.0:80.\n";
  const char* section = "";
  for (const Setting& s : settings()) {
    if (std::string_view(section) != s.section) {
      section = s.section;
      out += fmt::format("\n[{}]\n", section);
    }
    std::string_view help = s.help;
    size_t start = 0;
    while (start < help.size()) {
      size_t nl = help.find('\n', start);
      if (nl == std::string_view::npos) nl = help.size();
      out += fmt::format("# {}\n", help.substr(start, nl - start));
      start = nl + 1;
    }
    if (auto given = values.find(std::string(s.section) + "." + s.key); given != values.end()) {
      out += fmt::format("{} = {}\n", s.key, toml_literal(given->second));
      continue;
    }
    // A setting without a default is left out, commented, with an example.
    if (const auto* text = std::get_if<std::string>(&s.fallback); text && text->empty() && s.example) {
      out += fmt::format("# {} = {}\n", s.key, toml_literal(std::string(s.example)));
      continue;
    }
    out += fmt::format("{} = {}\n", s.key, toml_literal(s.fallback));
  }
  return out;
}

}  // namespace qalam::app
