#include "http/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <fmt/format.h>

#include "http/compression.h"
#include "http/error_response.h"

namespace qalam::http {

std::string_view content_type_for(std::string_view ext) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry table[] = {
      {".css", "text/css; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".json", "application/json"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},
      {".jpg", "image/jpeg"},                {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},               {".gif", "image/gif"},
      {".ico", "image/x-icon"},              {".avif", "image/avif"},
      {".woff2", "font/woff2"},              {".woff", "font/woff"},
      {".ttf", "font/ttf"},                  {".txt", "text/plain; charset=utf-8"},
      {".xml", "application/xml"},           {".html", "text/html; charset=utf-8"},
      {".map", "application/json"},          {".webmanifest", "application/manifest+json"},
  };
  for (const Entry& e : table) {
    if (iequals(e.ext, ext)) return e.type;
  }
  return "application/octet-stream";
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  std::string s(text);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

namespace {
bool compressible(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/javascript") ||
         type.starts_with("application/json") || type.starts_with("image/svg+xml") ||
         type.starts_with("application/xml") || type.starts_with("application/manifest+json");
}
}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) {
  std::error_code ec;
  root_ = std::filesystem::canonical(root, ec);
  if (ec) root_ = root;
}

Response StaticFiles::serve(const Request& request, std::string_view relative) const {
  // Check every segment after decoding it on its own, so "%2f" cannot forge a separator.
  std::filesystem::path path = root_;
  size_t start = 0;
  while (start <= relative.size()) {
    size_t slash = relative.find('/', start);
    if (slash == std::string_view::npos) slash = relative.size();
    auto segment = percent_decode(relative.substr(start, slash - start));
    start = slash + 1;
    if (!segment) return error_response(400, "Malformed percent-encoding in the path", request);
    if (segment->empty() || *segment == "." || *segment == ".." ||
        segment->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return error_response(400, "The asset path is not allowed", request);
    }
    if (segment->front() == '.') return error_response(404, "No such asset", request);
    path /= *segment;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) {
      return error_response(404, "No such asset", request);
    }
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return error_response(404, "No such asset", request);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return error_response(404, "No such asset", request);
  }
  std::string etag = fmt::format("\"{:x}-{:x}{:09x}\"", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  std::string last_modified = http_date(st.st_mtim.tv_sec);

  const std::string content_type(content_type_for(path.extension().string()));
  constexpr off_t compress_limit = 1024 * 1024;
  const bool text = compressible(content_type) && st.st_size >= 256 && st.st_size <= compress_limit;
  const Encoding encoding = text ? choose_encoding(request.header("Accept-Encoding")) : Encoding::identity;
  // Each encoding is its own representation: its own validator.
  if (encoding != Encoding::identity) {
    etag.insert(etag.size() - 1, encoding == Encoding::brotli ? "-br" : "-gz");
  }

  Response r;
  r.set_header("ETag", etag);
  r.set_header("Last-Modified", last_modified);
  if (text) r.set_header("Vary", "Accept-Encoding");
  r.set_header("Cache-Control", "public, max-age=3600");
  std::string_view inm = request.header("If-None-Match");
  bool not_modified = false;
  if (!inm.empty()) {
    not_modified = inm == "*" || inm.find(etag) != std::string_view::npos;
  } else if (auto since = parse_http_date(request.header("If-Modified-Since"))) {
    not_modified = st.st_mtim.tv_sec <= *since;
  }
  if (not_modified) {
    ::close(fd);
    r.status = 304;
    return r;
  }
  r.body.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < r.body.size()) {
    ssize_t n = ::read(fd, r.body.data() + done, r.body.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  r.body.resize(done);
  r.set_header("Content-Type", content_type);
  if (encoding == Encoding::identity) return r;
  const std::string version = etag.substr(0, etag.size() - 4) + "\"";
  std::shared_ptr<const Compressed> copies;
  {
    std::lock_guard lock(mutex_);
    if (auto it = compressed_.find(path.string()); it != compressed_.end() && it->second->version == version) {
      copies = it->second;
    }
  }
  if (!copies) {
    copies = std::make_shared<const Compressed>(Compressed{version, gzip_compress(r.body), brotli_compress(r.body)});
    std::lock_guard lock(mutex_);
    compressed_[path.string()] = copies;
  }
  r.body = encoding == Encoding::brotli ? copies->brotli : copies->gzip;
  r.set_header("Content-Encoding", encoding == Encoding::brotli ? "br" : "gzip");
  return r;
}

}  // namespace qalam::http
