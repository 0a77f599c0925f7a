// Compression of response bodies: gzip (zlib) and brotli, done once per cached
// response, and the choice among them from a request's Accept-Encoding.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace qalam::http {

std::string gzip_compress(std::string_view data);
// Quality 9 for what is compressed once and kept; lower (5) for a body compressed on
// every request.
std::string brotli_compress(std::string_view data, int quality = 9);

enum class Encoding { identity, gzip, brotli };
// The best encoding the client accepts (RFC 9110 §12.5.3: q=0 refuses one; "*"
// stands for the unnamed ones). Brotli over gzip over identity.
Encoding choose_encoding(std::string_view accept_encoding);

}  // namespace qalam::http
