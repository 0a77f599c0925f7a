#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"
#include "app/site_media.h"
#include "ingest/corpus_generator.h"
#include "ingest/jsonl_import.h"
#include "core/files.h"
#include "ingest/wordpress_import.h"
#include "core/clock.h"
#include "core/link_rule.h"
#include "newsroom/accounts.h"
#include "newsroom/media_library.h"

namespace qalam::app {

std::function<void(size_t, size_t)> progress_printer(std::string label, std::string unit) {
  bool tty = ::isatty(STDERR_FILENO) != 0;
  return [label = std::move(label), unit = std::move(unit), tty, last = size_t{101}](size_t done, size_t total) mutable {
    size_t percent = total == 0 ? 100 : done * 100 / total;
    if (tty) {
      fmt::print(stderr, "\r{}: {}/{} {} ({}%){}", label, done, total, unit, percent, done == total ? "\n" : "");
    } else if (percent / 25 != last / 25 || done == total) {
      fmt::print(stderr, "{}: {}/{} {} ({}%)\n", label, done, total, unit, percent);
    }
    last = percent;
  };
}

int import_text(store::Store& store, std::string_view text, const std::string& origin, const MediaCopy* media) {
  // Media records bring their files from the folder beside the file; copied before the
  // records are written, removed again when the write fails.
  std::vector<std::filesystem::path> copied;
  auto bring_media = [&](const store::ContentBatch& batch) -> Status {
    if (batch.media.empty()) return Status::ok_status();
    if (media == nullptr) return Status::invalid(origin + ": media records need their files; import the file with qalam import");
    Files& files = media->files;
    QALAM_RETURN_IF_ERROR(files.make_directories(media->to));
    for (const auto& r : batch.media) {
      for (const std::string& name : store::media_file_names(r.value)) {
        std::filesystem::path target = media->to / name;
        if (files.read(target).ok()) continue;  // the library has it (an import run again)
        auto bytes = real_files().read(media->from / name);
        if (!bytes.ok()) return Status::invalid(r.origin + ": the image file " + (media->from / name).string() + " is missing");
        QALAM_RETURN_IF_ERROR(files.write(target, *bytes));
        copied.push_back(target);
      }
    }
    return Status::ok_status();
  };
  auto report = ingest::import_jsonl(store, text, origin, progress_printer("importing " + origin, "steps"), bring_media);
  if (!report.ok()) {
    for (const auto& path : copied) media->files.remove(path);
    fmt::print(stderr, "{}\nqalam: nothing was imported\n", report.status().message());
    return report.status().code() == StatusCode::invalid_argument || report.status().code() == StatusCode::conflict
               ? exit_bad_input
               : exit_failure;
  }
  std::string parts;
  for (const auto& [type, n] : report->records) {
    if (n > 0) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, type);
  }
  fmt::print("imported {} records from {} ({})\n", report->total, origin, parts);
  return exit_ok;
}

namespace {

// WordPress's images go into the media library as an upload would (cleaned of
// metadata, variants made), described with their alt text and caption.
class LibraryImages final : public ingest::ImageSink {
 public:
  LibraryImages(store::Store& store, SiteMedia& media) : store_(store), media_(media) {
    importer_.user.email = "qalam import";
    importer_.user.role = Role::admin;
  }

  Result<std::string> add(const std::filesystem::path& file, std::string_view name, std::string_view alt,
                          std::string_view caption) override {
    auto known = store_.media().by_name(name);
    if (!known.ok()) return known.status();
    if (known->has_value()) return "/media/" + (*known)->name + "." + (*known)->extension;
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::invalid("cannot read the file");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    newsroom::MediaLibrary& media = library();
    auto item = media.upload(importer_, bytes, alt, name);
    if (!item.ok()) return item.status();
    if (!caption.empty()) QALAM_RETURN_IF_ERROR(media.describe(importer_, item->name, alt, caption, ""));
    return "/media/" + item->name + "." + item->extension;
  }

  bool has(std::string_view path) override {
    std::string name = media_name(path);
    if (name.empty()) return false;
    auto item = store_.media().by_name(name);
    return item.ok() && item->has_value();
  }

 private:
  // Made for the first image: an import without images never starts libvips.
  newsroom::MediaLibrary& library() {
    if (!library_) {
      accounts_ = std::make_unique<newsroom::Accounts>(store_, clock_);
      newsroom::MediaOptions o;
      o.dir = media_.dir();
      o.files = &media_.files();
      o.job_wait = std::chrono::minutes(10);  // one import, one image at a time: never refused for being busy
      library_ = std::make_unique<newsroom::MediaLibrary>(store_, clock_, *accounts_, o);
    }
    return *library_;
  }

  store::Store& store_;
  SiteMedia& media_;
  SystemClock clock_;
  std::unique_ptr<newsroom::Accounts> accounts_;
  std::unique_ptr<newsroom::MediaLibrary> library_;
  newsroom::Principal importer_;
};

int run_wordpress_import(const ImportOptions& options) {
  int status = exit_ok;
  auto site = open_site(options.site_dir, 1, true, status);
  if (!site) return status;
  ingest::WordPressOptions w;
  w.format = options.from == "ghost" ? ingest::SourceFormat::ghost : ingest::SourceFormat::wordpress;
  for (const std::string& f : options.files) w.files.push_back({f, f});
  if (!options.uploads.empty()) w.uploads = options.uploads;
  w.language = options.language;
  w.permalinks = options.permalinks;
  w.dry_run = options.dry_run;
  w.resume = options.resume;
  w.on_progress = progress_printer("importing", "items");
  auto site_media = SiteMedia::open(site->config, *site->store);
  if (!site_media.ok()) {
    fmt::print(stderr, "qalam: {}\n", site_media.status().message());
    return exit_failure;
  }
  LibraryImages images(*site->store, **site_media);
  auto report = ingest::import_wordpress(*site->store, w, &images);
  if (!report.ok()) {
    fmt::print(stderr, "qalam: {}\n", report.status().message());
    if (report.status().code() == StatusCode::invalid_argument) {
      fmt::print(stderr, "qalam: batches committed before the error stay; run again with --resume to continue\n");
      return exit_bad_input;
    }
    return exit_failure;
  }
  fmt::print("{}", ingest::format_report(*report, options.dry_run));
  if (!options.dry_run) {
    SystemClock clock;
    newsroom::Accounts accounts(*site->store, clock);
    accounts.audit(0, "cli", "import." + options.from, "", fmt::format("{} items from {}", report->items, fmt::join(options.files, ", ")));
  }
  return exit_ok;
}

}  // namespace

int run_import(const ImportOptions& options) {
  if (options.from == "wordpress" || options.from == "ghost") return run_wordpress_import(options);
  if (options.files.size() != 1) {
    fmt::print(stderr, "qalam: a JSON Lines import takes one file\n");
    return exit_bad_input;
  }
  if (options.dry_run || options.resume || !options.uploads.empty() || !options.permalinks.empty() || !options.language.empty()) {
    fmt::print(stderr, "qalam: --uploads, --lang, --permalinks, --dry-run and --resume go with --from wordpress or ghost\n");
    return exit_bad_input;
  }
  const std::string& file = options.files.front();
  const std::filesystem::path& site_dir = options.site_dir;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "qalam: {}: cannot read the file\n", file);
    return exit_bad_input;
  }
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    fmt::print(stderr, "qalam: {}: the file holds no records; nothing was imported\n", file);
    return exit_bad_input;
  }
  int status = exit_ok;
  auto site = open_site(site_dir, 1, true, status);
  if (!site) return status;
  auto site_media = SiteMedia::open(site->config, *site->store);
  if (!site_media.ok()) {
    fmt::print(stderr, "qalam: {}\n", site_media.status().message());
    return exit_failure;
  }
  MediaCopy media{media_folder_for(file), (*site_media)->dir(), (*site_media)->files()};
  return import_text(*site->store, text.str(), file, &media);
}

int run_generate(const GenerateOptions& options) {
  if (options.articles < 1 || options.articles > 10'000'000) {
    fmt::print(stderr, "qalam: --articles must be between 1 and 10000000\n");
    return exit_bad_input;
  }
  ingest::CorpusOptions corpus{.articles = options.articles, .seed = options.seed};
  if (options.output.empty() || options.output == "-") {
    ingest::generate_corpus(corpus, std::cout);
    return exit_ok;
  }
  std::ofstream out(options.output, std::ios::binary);
  if (!out) {
    fmt::print(stderr, "qalam: {}: cannot write the file\n", options.output);
    return exit_failure;
  }
  ingest::generate_corpus(corpus, out);
  return out ? exit_ok : exit_failure;
}

}  // namespace qalam::app

namespace qalam::app {

int run_reindex(const std::filesystem::path& site_dir) {
  int status = exit_ok;
  auto site = open_site(site_dir, 1, true, status);
  if (!site) return status;
  auto& store = site->store;
  auto started = std::chrono::steady_clock::now();
  Status s = store->search().reindex(progress_printer("reindexing", "steps"));
  if (!s.ok()) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    return exit_failure;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("search index rebuilt in {:.1f} s\n", seconds);
  return exit_ok;
}

}  // namespace qalam::app
