// `qalam import --from wordpress`: one or more WordPress exports (WXR 1.0–1.2, plain or
// .gz) brought into the site, streamed (wxr_reader.h) so memory stays flat whatever
// the files' size. docs/import.md has the mapping tables; in short:
//
//   posts            → articles (publish → published, future → scheduled, pending →
//                      in review, draft and private → drafts; trash, auto-drafts and
//                      revisions are skipped; a password-protected post stays a draft)
//   categories       → the top-level ancestor of a post's primary category (Yoast's or
//                      Rank Math's, else its first) is its section; every other
//                      category it has, and its tags, are tags
//   authors          → authors, Co-Authors Plus bylines in their order
//   excerpt          → lead (else the SEO description); sticky → featured
//   Polylang / WPML  → the article's language and its translation group
//   attachments      → images in the media library (from --uploads), featured images
//   content          → Markdown (wordpress_content.h), links to the old site's posts
//                      and images pointed at their new addresses
//   old addresses    → kept (core/legacy_path.h) and answered with a 301
//
// Two passes over the files: the first learns every post's new address, the authors,
// terms and attachments (so links across files of one run are rewritten); the second
// writes, in batches of `batch_size` posts, each its own transaction, which also saves
// how far the import got: `resume` starts after the last batch that committed. A
// second run of the same files updates what the first wrote (matched by translation
// group), never duplicates.
//
// Thread-safety: one import at a time per store.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace qalam::ingest {

// Adds an image file to the media library (the app gives the newsroom's MediaLibrary);
// returns its path ("/media/NAME.jpg"). `name` is the same for one image in every run:
// an image already in the library under that name is returned as it is, so a run
// killed between adding an image and recording it adds no second copy.
class ImageSink {
 public:
  virtual ~ImageSink() = default;
  virtual Result<std::string> add(const std::filesystem::path& file, std::string_view name, std::string_view alt,
                                  std::string_view caption) = 0;
  // Whether an image the library already holds still exists (a path from an earlier run).
  virtual bool has(std::string_view path) = 0;
};

struct WordPressFile {
  std::filesystem::path path;
  std::string origin;  // how errors name it (the path as typed)
};

// What the files are: WordPress exports (WXR), or Ghost exports (JSON, read as the same
// records: ghost_reader.h).
enum class SourceFormat { wordpress, ghost };

struct WordPressOptions {
  SourceFormat format = SourceFormat::wordpress;
  std::vector<WordPressFile> files;
  std::filesystem::path uploads;  // a copy of wp-content/uploads (Ghost: content/images); empty: images stay where they were
  std::string language;           // az, en or ru for posts without a language; empty: the file's <language>
  std::string permalinks;         // the old site's permalink structure ("/%year%/%postname%/"), if not read from links
  bool dry_run = false;
  bool resume = false;
  size_t batch_size = 250;
  // (items read, items in the files) during the second pass; the first counts them.
  std::function<void(size_t, size_t)> on_progress;
};

struct WordPressReport {
  std::map<std::string, size_t> imported;  // "articles (published)", "sections", "images", "old addresses" …
  std::map<std::string, size_t> skipped;   // why → how many
  std::vector<std::string> warnings;       // "FILE:LINE: text", the first 200
  size_t warning_count = 0;
  std::map<std::string, size_t> unknown_shortcodes;
  std::map<std::string, size_t> dropped_elements;
  size_t items = 0;           // <item>s read
  size_t resumed_after = 0;   // items skipped because an earlier run committed them
  size_t repaired_ampersands = 0;
  double seconds = 0;
};

Result<WordPressReport> import_wordpress(store::Store& store, const WordPressOptions& options, ImageSink* images);

// The report as the command prints it.
std::string format_report(const WordPressReport& report, bool dry_run);

}  // namespace qalam::ingest
