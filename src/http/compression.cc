#include "http/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <optional>

#include "http/message.h"

namespace qalam::http {
namespace {

constexpr int kSmallBrotliWindow = 16;
constexpr size_t kSmallBrotliInput = size_t{1} << kSmallBrotliWindow;

}  // namespace

std::string gzip_compress(std::string_view data) {
  z_stream z{};
  // 31: a gzip wrapper around the deflate stream.
  if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string brotli_compress(std::string_view data, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  // Quality 9 by default: most of 11's gain at a fraction of its time, paid once per
  // page. The window decides the encoder's tables (compression.h): small for a page,
  // brotli's default with a lower quality past 64 KiB.
  int window = BROTLI_DEFAULT_WINDOW;
  if (data.size() <= kSmallBrotliInput) {
    window = kSmallBrotliWindow;
  } else {
    quality = std::min(quality, 6);
  }
  if (!BrotliEncoderCompress(quality, window, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return {};
  }
  out.resize(size);
  return out;
}

Encoding choose_encoding(std::string_view header) {
  std::optional<double> br, gz, star;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      size_t at = params.find("q=");
      if (at != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(at + 2)));
        } catch (...) {
          q = 0;
        }
      }
    }
    if (iequals(name, "br")) br = q;
    else if (iequals(name, "gzip") || iequals(name, "x-gzip")) gz = q;
    else if (name == "*") star = q;
  }
  auto accepted = [&](const std::optional<double>& named) { return named ? *named > 0 : star && *star > 0; };
  if (accepted(br)) return Encoding::brotli;
  if (accepted(gz)) return Encoding::gzip;
  return Encoding::identity;
}

}  // namespace qalam::http
