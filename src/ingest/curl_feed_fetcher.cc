// The feed fetcher over libcurl (one easy handle per fetch).
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "core/text.h"
#include "ingest/feed_fetcher.h"

namespace qalam::ingest {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trimmed(std::string_view s) { return std::string(trim_space(s)); }

std::string megabytes(size_t bytes) {
  size_t mb = bytes / (1024 * 1024);
  return mb > 0 ? std::to_string(mb) + " MB" : std::to_string(bytes / 1024) + " KB";
}

std::string seconds(std::chrono::milliseconds ms) {
  return std::to_string((ms.count() + 999) / 1000) + " s";
}

struct Exchange {
  size_t max_bytes = 0;
  bool too_large = false;
  FetchResponse response;
  std::string reason;  // the status line's reason phrase, of the last answer
};

size_t on_body(char* data, size_t size, size_t count, void* context) {
  auto* x = static_cast<Exchange*>(context);
  size_t n = size * count;
  if (x->response.body.size() + n > x->max_bytes) {
    x->too_large = true;
    return 0;  // stops the transfer (CURLE_WRITE_ERROR)
  }
  x->response.body.append(data, n);
  return n;
}

// Each answer's headers, a redirect's included: what the last one says counts.
size_t on_header(char* data, size_t size, size_t count, void* context) {
  auto* x = static_cast<Exchange*>(context);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    x->response.etag.clear();
    x->response.last_modified.clear();
    x->response.content_type.clear();
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    x->reason = sp2 == std::string_view::npos ? "" : trimmed(line.substr(sp2 + 1));
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = lower(std::string(line.substr(0, colon)));
  std::string value = trimmed(line.substr(colon + 1));
  if (name == "etag") x->response.etag = value;
  if (name == "last-modified") x->response.last_modified = value;
  if (name == "content-type") x->response.content_type = value;
  return n;
}

std::string charset_of(const std::string& content_type) {
  std::string lowered = lower(content_type);
  size_t at = lowered.find("charset=");
  if (at == std::string::npos) return {};
  std::string v = content_type.substr(at + 8);
  v = v.substr(0, v.find(';'));
  v = trimmed(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
  return v;
}

class CurlFetcher final : public FeedFetcher {
 public:
  explicit CurlFetcher(FetchLimits limits) : limits_(std::move(limits)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<FetchResponse> fetch(const FetchRequest& request) override {
    std::string scheme = lower(request.url.substr(0, request.url.find(':')));
    if (scheme != "http" && scheme != "https") {
      return Status::invalid("'" + request.url + "' is not an http:// or https:// address");
    }
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return Status::internal("cannot start libcurl");
    Exchange x;
    x.max_bytes = limits_.max_bytes;
    char error[CURL_ERROR_SIZE] = {0};
    struct curl_slist* headers = nullptr;
    headers = curl_slist_append(headers,
                                "Accept: application/rss+xml, application/atom+xml, application/feed+json, "
                                "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
    if (!request.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + request.etag).c_str());
    if (!request.last_modified.empty()) {
      headers = curl_slist_append(headers, ("If-Modified-Since: " + request.last_modified).c_str());
    }
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, curl_slist_free_all);
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(limits_.max_redirects));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(limits_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits_.max_bytes));
    curl_easy_setopt(c, CURLOPT_USERAGENT, limits_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) return Status::unavailable(failure(rc, error, x));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    char* final_url = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final_url);
    x.response.status = static_cast<int>(status);
    x.response.final_url = final_url ? final_url : request.url;
    x.response.charset = charset_of(x.response.content_type);
    if (status == 304) {
      x.response.not_modified = true;
      x.response.body.clear();
      return std::move(x.response);
    }
    if (status >= 300 && status < 400) {
      return Status::unavailable("HTTP " + std::to_string(status) + " redirect with no usable Location");
    }
    if (status < 200 || status >= 300) {
      return Status::unavailable("HTTP " + std::to_string(status) + (x.reason.empty() ? "" : " " + x.reason));
    }
    return std::move(x.response);
  }

 private:
  std::string failure(CURLcode rc, const char* error, const Exchange& x) const {
    switch (rc) {
      case CURLE_WRITE_ERROR:
      case CURLE_FILESIZE_EXCEEDED:
        if (x.too_large || rc == CURLE_FILESIZE_EXCEEDED) return "the answer passed " + megabytes(limits_.max_bytes);
        break;
      case CURLE_OPERATION_TIMEDOUT:
        return "no whole answer within " + seconds(limits_.timeout);
      case CURLE_TOO_MANY_REDIRECTS:
        return "more than " + std::to_string(limits_.max_redirects) + " redirects";
      case CURLE_COULDNT_RESOLVE_HOST:
        return "the host name does not resolve";
      case CURLE_COULDNT_CONNECT:
        return std::string("could not connect") + (*error ? ": " + std::string(error) : "");
      case CURLE_UNSUPPORTED_PROTOCOL:
        return "a redirect led to an address that is not http:// or https://";
      case CURLE_BAD_CONTENT_ENCODING:
        return "the answer's compression is damaged";
      case CURLE_PEER_FAILED_VERIFICATION:
        return std::string("the server's TLS certificate is not trusted") + (*error ? ": " + std::string(error) : "");
      case CURLE_GOT_NOTHING:
        return "the server closed the connection without answering";
      default:
        break;
    }
    return *error ? std::string(error) : std::string(curl_easy_strerror(rc));
  }

  FetchLimits limits_;
};

}  // namespace

std::unique_ptr<FeedFetcher> make_curl_fetcher(const FetchLimits& limits) {
  return std::make_unique<CurlFetcher>(limits);
}

}  // namespace qalam::ingest
