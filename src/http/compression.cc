#include "http/compression.h"

#include <brotli/encode.h>
#include <libdeflate.h>

#include <algorithm>
#include <memory>
#include <vector>
#include <optional>

#include "http/message.h"

namespace qalam::http {
namespace {

constexpr int kSmallBrotliWindow = 16;
constexpr size_t kSmallBrotliInput = size_t{1} << kSmallBrotliWindow;

// Brotli's encoder asks for its tables (a few blocks, about a MiB at quality 9 with the
// small window) at every call, and zeroes them.
// Freshly allocated, their pages were faulted in each time: the system's share of an
// export's time. Here they come from one arena per thread, kept between calls, so the
// pages stay. Brotli uses it for bodies up to kSmallBrotliInput only: a larger one's
// tables are larger, and rare.
class EncoderArena {
 public:
  void* allocate(size_t size) {
    size = (size + 63) & ~size_t{63};
    if (chunks_.empty() || used_ + size > chunk_size_) {
      chunk_size_ = std::max(size, chunks_.empty() ? size_t{1} << 20 : chunk_size_ * 2);
      chunks_.push_back(std::make_unique<char[]>(chunk_size_));
      used_ = 0;
    }
    void* p = chunks_.back().get() + used_;
    used_ += size;
    total_ += size;
    return p;
  }
  // After a call: everything is free again. One chunk of the largest total seen stays.
  void reset() {
    if (chunks_.size() > 1) {
      chunk_size_ = std::max(chunk_size_, total_);
      chunks_.clear();
      chunks_.push_back(std::make_unique<char[]>(chunk_size_));
    }
    used_ = 0;
    total_ = 0;
  }

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_size_ = 0, used_ = 0, total_ = 0;
};

EncoderArena& thread_arena() {
  thread_local EncoderArena arena;
  return arena;
}

void* arena_allocate(void* arena, size_t size) { return static_cast<EncoderArena*>(arena)->allocate(size); }
void arena_free(void*, void*) {}  // all at once, in reset()

std::string brotli_small(std::string_view data, int quality) {
  EncoderArena& arena = thread_arena();
  BrotliEncoderState* state = BrotliEncoderCreateInstance(arena_allocate, arena_free, &arena);
  if (state == nullptr) return {};
  BrotliEncoderSetParameter(state, BROTLI_PARAM_QUALITY, static_cast<uint32_t>(quality));
  BrotliEncoderSetParameter(state, BROTLI_PARAM_LGWIN, kSmallBrotliWindow);
  BrotliEncoderSetParameter(state, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
  BrotliEncoderSetParameter(state, BROTLI_PARAM_SIZE_HINT, static_cast<uint32_t>(data.size()));
  std::string out(BrotliEncoderMaxCompressedSize(data.size()) + 64, '\0');
  size_t in_left = data.size();
  const uint8_t* in = reinterpret_cast<const uint8_t*>(data.data());
  size_t out_left = out.size();
  uint8_t* next_out = reinterpret_cast<uint8_t*>(out.data());
  bool ok = true;
  while (ok && !BrotliEncoderIsFinished(state)) {
    ok = BrotliEncoderCompressStream(state, BROTLI_OPERATION_FINISH, &in_left, &in, &out_left, &next_out, nullptr) &&
         (out_left > 0 || BrotliEncoderIsFinished(state));  // the bound was not enough: give up
  }
  BrotliEncoderDestroyInstance(state);
  arena.reset();
  if (!ok) return {};
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

std::string gzip_compress(std::string_view data) {
  // libdeflate, level 6 (zlib's default, the same size within a percent): a whole-buffer
  // compressor kept by each thread, where zlib set up and zeroed its stream's tables for
  // every body; a 13 KB page costs a third of zlib's time (bench/RESULTS.md).
  struct Free {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  thread_local std::unique_ptr<libdeflate_compressor, Free> compressor(libdeflate_alloc_compressor(6));
  if (!compressor) return {};
  std::string out(libdeflate_gzip_compress_bound(compressor.get(), data.size()), '\0');
  size_t size = libdeflate_gzip_compress(compressor.get(), data.data(), data.size(), out.data(), out.size());
  if (size == 0) return {};
  out.resize(size);
  return out;
}

std::string brotli_compress(std::string_view data, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  // Quality 9 by default: most of 11's gain at a fraction of its time, paid once per
  // page. The window decides the encoder's tables (compression.h): small for a page,
  // brotli's default with a lower quality past 64 KiB.
  if (data.size() <= kSmallBrotliInput) return brotli_small(data, quality);
  const int window = BROTLI_DEFAULT_WINDOW;
  quality = std::min(quality, 6);
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
