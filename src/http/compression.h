// Compression of response bodies: gzip (libdeflate) and brotli, done once per cached
// response, and the choice among them from a request's Accept-Encoding.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace qalam::http {

std::string gzip_compress(std::string_view data);
// Quality 9 for what is compressed once and kept; lower (5) for a body compressed on
// every request. A body of up to 64 KiB (any page) is compressed with a 64 KiB window;
// a larger one (sitemaps, big feeds) with brotli's default window and at most
// quality 6. With the default window, quality 9 allocates a 32 MiB hash table at every
// call: 55-75 ms of page faults for a 17-45 KB page, which every uncached page paid
// in the response cache; the small window gives the same size in about 1 ms
// (bench/RESULTS.md, "Brotli").
std::string brotli_compress(std::string_view data, int quality = 9);

enum class Encoding { identity, gzip, brotli };
// The best encoding the client accepts (RFC 9110 §12.5.3: q=0 refuses one; "*"
// stands for the unnamed ones). Brotli over gzip over identity.
Encoding choose_encoding(std::string_view accept_encoding);

}  // namespace qalam::http
