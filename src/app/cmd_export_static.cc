// `qalam export-static`: the public site written out as files (static_site/).
#include <fmt/format.h>

#include <chrono>

#include "app/commands.h"
#include "app/site_context.h"
#include "core/clock.h"
#include "core/language.h"
#include "http/router.h"
#include "site/links.h"
#include "site/public_site.h"
#include "site/theme.h"
#include "static_site/manifest.h"
#include "static_site/redirect_maps.h"
#include "static_site/root_page.h"
#include "static_site/search_index.h"
#include "static_site/static_exporter.h"

namespace qalam::app {
namespace {

// What shapes every page besides its content: this qalam, every file of the theme,
// and the options pages are rendered with.
std::string render_fingerprint(const Config& config, const std::string& base_url) {
  std::string all = std::string(QALAM_VERSION) + "\n" + base_url + "\n" + config.site.time_zone + "\n" +
                    config.site.default_language + "\n" + std::to_string(config.site.page_size) + "\n";
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (auto it = std::filesystem::recursive_directory_iterator(config.theme_dir(), ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    auto bytes = real_files().read(p);
    all += p.generic_string() + "\n" + (bytes.ok() ? static_site::content_hash(*bytes) : "?") + "\n";
  }
  return static_site::content_hash(all);
}

// Every media file of the database into `dir` (made afresh).
Status write_media_files(store::MediaFileRepository& files, const std::filesystem::path& dir) {
  QALAM_RETURN_IF_ERROR(real_files().remove_all(dir));
  QALAM_RETURN_IF_ERROR(real_files().make_directories(dir));
  auto names = files.names();
  if (!names.ok()) return names.status();
  auto progress = progress_printer("writing media", "files");
  for (size_t i = 0; i < names->size(); ++i) {
    auto bytes = files.get((*names)[i]);
    if (!bytes.ok()) return bytes.status();
    if (bytes->has_value()) QALAM_RETURN_IF_ERROR(real_files().write(dir / (*names)[i], **bytes));
    progress(i + 1, names->size());
  }
  return Status::ok_status();
}

}  // namespace

int run_export_static(const ExportStaticOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  int status = exit_ok;
  if (options.jobs < 1 || options.jobs > 64) {
    fmt::print(stderr, "qalam: --jobs must be between 1 and 64\n");
    return exit_bad_input;
  }
  // 16 MiB of page cache per connection: the export reads each piece about once. At
  // 100,000 articles the default 64 took 30.3 s and 407 MiB, 16 took 29.4 s and 271 MiB.
  constexpr int export_cache_mb = 16;
  auto site = open_site(options.site_dir, options.jobs + 2, true, status, export_cache_mb);
  if (!site) return status;
  const Config& config = site->config;
  std::string base_url = options.base_url.empty() ? config.site.url : options.base_url;
  while (base_url.ends_with('/')) base_url.pop_back();
  if (base_url.empty()) {
    fmt::print(stderr,
               "qalam: the export needs the site's public address for its canonical links, feeds and sitemaps: "
               "give --base-url https://… or set site.url in {}\n",
               config.file.string());
    return exit_bad_input;
  }
  if (!base_url.starts_with("https://") && !base_url.starts_with("http://")) {
    fmt::print(stderr, "qalam: --base-url {}: an http:// or https:// address, like https://news.example\n", base_url);
    return exit_bad_input;
  }
  auto theme = site::load_theme(config.theme_dir());
  if (!theme.ok()) {
    fmt::print(stderr, "qalam: {}\n", theme.status().message());
    return exit_bad_input;
  }
  store::Store& store = *site->store;
  SystemClock clock;
  site::SiteOptions site_options{base_url, config.site.time_zone, config.site.default_language, config.site.page_size};
  site_options.static_copy = true;
  // Enough for the bodies the feeds share; an article's body is rendered once.
  site_options.markdown_memo_bytes = size_t{4} << 20;
  site::PublicSite public_site(*theme, store, clock, site_options);
  http::Router router;
  public_site.add_routes(router);

  static_site::ExportOptions export_options;
  // "out/" and "out" are the same folder: its tree is built beside it, under its name.
  export_options.out = options.out.lexically_normal();
  if (export_options.out.filename().empty()) export_options.out = export_options.out.parent_path();
  export_options.base_url = base_url;
  export_options.jobs = options.jobs;
  export_options.full = options.full;
  export_options.compress = options.compress;
  export_options.fingerprint = render_fingerprint(config, base_url);
  export_options.roots = {"/robots.txt", "/sitemap.xml"};
  std::vector<static_site::Edition> editions;
  for (std::string_view lang : site_languages) {
    const std::string l(lang);
    export_options.roots.push_back(site::home_path(l));
    export_options.roots.push_back("/" + l + "/search");
    export_options.error_pages[l + "/404.html"] = "/" + l + "/404";
    const auto site = public_site.identity(l);  // the name as the edition's pages show it
    if (site.degraded) {
      fmt::print(stderr, "qalam: the site's settings cannot be read; nothing was exported\n");
      return exit_failure;
    }
    editions.push_back({l, theme->text(l, "language_name"), site.title});
    auto index = static_site::search_index_json(store, l, config.site.time_zone, options.search_limit);
    if (!index.ok()) {
      fmt::print(stderr, "qalam: {}\n", index.status().message());
      return exit_failure;
    }
    export_options.extras[l + "/search-index.json"] = std::move(index).value();
  }
  export_options.error_pages["404.html"] = "/" + config.site.default_language + "/404";
  export_options.extras["index.html"] = static_site::root_page(editions, config.site.default_language, base_url,
                                                              public_site.identity().logo);
  auto redirects = store.redirects().all();
  if (!redirects.ok()) {
    fmt::print(stderr, "qalam: {}\n", redirects.status().message());
    return exit_failure;
  }
  auto pairs = static_site::redirect_pairs(*redirects);
  auto legacy = store.redirects().all_legacy();
  if (!legacy.ok()) {
    fmt::print(stderr, "qalam: {}\n", legacy.status().message());
    return exit_failure;
  }
  for (auto& pair : static_site::legacy_redirect_pairs(*legacy)) pairs.push_back(std::move(pair));
  export_options.extras["nginx-redirects.map"] = static_site::nginx_redirect_map(pairs);
  export_options.extras["_redirects"] = static_site::redirects_file(pairs);
  // A site on PostgreSQL keeps its media files in the database: they are written
  // into a folder beside OUT for the run, and linked from there.
  std::filesystem::path media_dir = config.media.dir;
  struct RemovedAtEnd {
    std::filesystem::path dir;
    ~RemovedAtEnd() {
      if (!dir.empty()) (void)real_files().remove_all(dir);
    }
  } media_from_database;
  if (!config.database.url.empty()) {
    media_dir = options.out.parent_path() / ("." + options.out.filename().string() + ".media");
    media_from_database.dir = media_dir;
    auto written = write_media_files(store.media_files(), media_dir);
    if (!written.ok()) {
      fmt::print(stderr, "qalam: the media files: {}\n", written.message());
      return exit_failure;
    }
  }
  export_options.folders = {{"assets", theme->assets_dir()},
                            {"assets/fonts", QALAM_FONTS_DIR},
                            {"media", media_dir}};

  static_site::StaticExporter exporter(router, store, real_files(), clock);
  auto progress = progress_printer("exporting", "pages");
  auto report = exporter.run(export_options, progress);
  if (!report.ok()) {
    fmt::print(stderr, "qalam: {}\n", report.status().message());
    return report.status().code() == StatusCode::invalid_argument ? exit_bad_input : exit_failure;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const std::string& b : report->broken_links) fmt::print(stderr, "qalam: broken link: {}\n", b);
  fmt::print("exported {} pages to {} in {:.1f} s ({}): {} rendered, {} files written ({:.1f} MB), {} kept, {} removed\n",
             report->pages, options.out.string(), seconds,
             report->full ? "full run: " + report->why_full : "incremental", report->rendered, report->written,
             static_cast<double>(report->bytes_written) / 1e6, report->kept, report->removed);
  return exit_ok;
}

}  // namespace qalam::app
