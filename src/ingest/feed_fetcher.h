// Fetching a feed: the one way press monitoring asks other servers for something,
// behind an interface tests can replace. make_curl_fetcher() is the real client
// (libcurl): http and https only, conditional GET (ETag, Last-Modified), gzip, deflate
// and brotli, a connect timeout, a whole-exchange timeout, a floor on speed (a feed
// that trickles is cut off), a cap on the answer's size after decompression (a
// compression bomb stops at the cap), and at most N redirects.
//
// Thread-safety: fetch() may be called from any number of threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/status.h"

namespace qalam::ingest {

struct FetchLimits {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{30'000};  // the whole exchange
  size_t max_bytes = 8 * 1024 * 1024;         // of the body, decompressed
  int max_redirects = 5;
  std::string user_agent = "Qalam feed reader";
};

struct FetchRequest {
  std::string url;
  std::string etag;           // from the last answer, for If-None-Match
  std::string last_modified;  // for If-Modified-Since
};

struct FetchResponse {
  int status = 0;
  bool not_modified = false;  // 304: nothing new since etag/last_modified
  std::string body;
  std::string content_type;
  std::string charset;  // the Content-Type's charset parameter
  std::string etag, last_modified;
  std::string final_url;  // after redirects
};

class FeedFetcher {
 public:
  virtual ~FeedFetcher() = default;
  // A 2xx or 304 answer; otherwise Unavailable with the reason in words ("HTTP 500
  // Internal Server Error", "no answer within 30 s", "the answer passed 8 MB",
  // "more than 5 redirects", "could not connect to …"), or InvalidArgument for an
  // address that is not http(s).
  virtual Result<FetchResponse> fetch(const FetchRequest& request) = 0;
};

std::unique_ptr<FeedFetcher> make_curl_fetcher(const FetchLimits& limits);

}  // namespace qalam::ingest
