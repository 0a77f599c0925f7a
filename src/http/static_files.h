// StaticFiles: serves a theme's assets folder under a route like `/assets/{path...}`.
// Answers with Content-Type from the extension, a strong ETag and Last-Modified, 304
// for If-None-Match / If-Modified-Since, and never leaves its root: `..`, encoded
// slashes or dots, NUL bytes and hidden files get 400 or 404, and symbolic links
// are not followed.
//
// Thread-safety: immutable after construction; serve() may run on any thread.
#pragma once

#include <filesystem>
#include <string>

#include "http/message.h"

namespace qalam::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // `relative` is the raw (percent-encoded) path below the root.
  Response serve(const Request& request, std::string_view relative) const;

 private:
  std::filesystem::path root_;
};

std::string_view content_type_for(std::string_view extension);
// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::time_t t);
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace qalam::http
