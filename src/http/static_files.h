// StaticFiles: serves a theme's assets folder under a route like `/assets/{path...}`.
// Answers with Content-Type from the extension, a strong ETag and Last-Modified, 304
// for If-None-Match / If-Modified-Since, and never leaves its root: `..`, encoded
// slashes or dots, NUL bytes and hidden files get 400 or 404, and symbolic links
// are not followed.
//
// Text files (CSS, JavaScript, SVG, JSON …) go out compressed when the client takes it
// (brotli, else gzip), each encoding with its own ETag and Vary: Accept-Encoding; the
// compressed copies are made once per file version and kept in memory (files up to
// 1 MB).
//
// Thread-safety: serve() may run on any thread; a mutex guards the compressed copies.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/message.h"

namespace qalam::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // `relative` is the raw (percent-encoded) path below the root.
  Response serve(const Request& request, std::string_view relative) const;

 private:
  struct Compressed {
    std::string version;  // the identity ETag the copies were made from
    std::string gzip, brotli;
  };
  std::filesystem::path root_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const Compressed>> compressed_;  // by path
};

std::string_view content_type_for(std::string_view extension);
// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::time_t t);
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace qalam::http
