// `qalam media strip`: cleans a site's media library in place. Images uploaded before
// uploads were cleaned kept their EXIF (GPS position, camera serial, author), XMP,
// IPTC and comments; this re-encodes every original and its variants the way an
// upload is now (newsroom/image_processing.h), under the same names.
#include <fmt/format.h>

#include "app/commands.h"
#include "app/site_context.h"
#include "app/site_media.h"
#include "core/clock.h"
#include "newsroom/accounts.h"
#include "newsroom/media_library.h"

namespace qalam::app {

int run_media_strip(const std::filesystem::path& site_dir) {
  int status = exit_ok;
  auto site = open_site(site_dir, 1, true, status);
  if (!site) return status;
  SystemClock clock;
  newsroom::Accounts accounts(*site->store, clock);
  auto site_media = SiteMedia::open(site->config, *site->store);
  if (!site_media.ok()) {
    fmt::print(stderr, "qalam: {}\n", site_media.status().message());
    return exit_failure;
  }
  newsroom::MediaOptions options;
  options.dir = (*site_media)->dir();
  options.files = &(*site_media)->files();
  newsroom::MediaLibrary media(*site->store, clock, accounts, options);
  auto print = progress_printer("cleaning media", "images");
  auto report = media.strip_all([&print](const newsroom::MediaStripProgress& p) {
    print(static_cast<size_t>(p.done), static_cast<size_t>(p.total));
  });
  if (!report.ok()) {
    fmt::print(stderr, "qalam: {}\n", report.status().message());
    return exit_failure;
  }
  const std::string where = (*site_media)->in_database() ? "the database" : options.dir.string();
  for (const auto& problem : report->problems) fmt::print(stderr, "qalam: {}: {}\n", where, problem);
  fmt::print("cleaned {} of {} images in {}{}\n", report->cleaned, report->total, where,
             report->problems.empty() ? "" : fmt::format(" ({} could not be cleaned, listed above)", report->problems.size()));
  accounts.audit(0, "cli", "media.strip", "", fmt::format("{} of {} images cleaned", report->cleaned, report->total));
  return report->problems.empty() ? exit_ok : exit_failure;
}

}  // namespace qalam::app
