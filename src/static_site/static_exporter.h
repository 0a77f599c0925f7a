// StaticExporter: the public site written out as files for a CDN, object storage or
// plain nginx (qalam export-static, docs/deploy.md). Pages are rendered by the same
// handlers that serve them (a Router holding the public routes), found by crawling
// from a few roots and every published record, and written beside their precompressed
// .gz and .br. Theme assets and media are linked in; `extras` (the language choice at
// /, search indexes, redirect maps) are written as given.
//
// Incremental: the manifest (manifest.h) of the previous run names each page's hash
// and change keys; the next run renders only the pages whose keys the change log
// (Store::changes_since) names since then, the pages not exported yet, and whatever
// those link to that is new; every other page is kept as it was (the same file, not
// rewritten). Pages that answer 404 now are left out, so they disappear.
//
// Atomic: the run builds a new tree beside OUT (unchanged files hard-linked from the
// old one) and swaps it in with one rename (Files::exchange); a run that fails leaves
// OUT as it was.
//
// Thread-safety: run() renders on `jobs` threads; one run at a time per exporter.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/files.h"
#include "core/status.h"
#include "http/router.h"
#include "static_site/manifest.h"
#include "store/store.h"

namespace qalam::static_site {

struct ExportOptions {
  std::filesystem::path out;
  std::string base_url;  // the site's public address, no trailing slash
  int jobs = 2;
  bool full = false;      // render every page even when the manifest would allow fewer
  bool compress = true;   // .gz and .br beside each text file
  // What shapes every page besides its content (qalam's version, the theme, the
  // options): a manifest of another fingerprint means a full run.
  std::string fingerprint;
  // Addresses to start the crawl from besides every published record's.
  std::vector<std::string> roots;
  // Folders copied (hard-linked) under a name in OUT: {"assets", theme/assets}.
  std::vector<std::pair<std::string, std::filesystem::path>> folders;
  // Files written as given: {"index.html", bytes}.
  std::map<std::string, std::string> extras;
  // Pages fetched only to be written under another name: {"404.html", "/az/404"} (the
  // address answers 404 and the page is still wanted).
  std::map<std::string, std::string> error_pages;
};

struct ExportReport {
  bool full = false;        // every page rendered
  std::string why_full;     // what made the run a full one
  size_t pages = 0;         // pages in the export
  size_t rendered = 0;      // pages rendered this run
  size_t written = 0;       // files written this run (precompressed copies included)
  size_t kept = 0;          // files kept unchanged from the previous run
  size_t removed = 0;       // pages and files of the previous run that are gone
  uint64_t bytes_written = 0;
  // Links on exported pages to addresses of the site that answer no page: "PAGE → LINK (STATUS)".
  std::vector<std::string> broken_links;
};

class StaticExporter {
 public:
  // `clock` tells when pages with a time to live are due again (PageEntry::expires).
  StaticExporter(const http::Router& public_routes, store::Store& store, Files& files, const Clock& clock);

  // `on_progress` hears (pages done, pages found so far).
  Result<ExportReport> run(const ExportOptions& options, const std::function<void(size_t, size_t)>& on_progress);

 private:
  class Run;
  const http::Router& router_;
  store::Store& store_;
  Files& files_;
  const Clock& clock_;
};

}  // namespace qalam::static_site
