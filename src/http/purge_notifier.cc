#include "http/purge_notifier.h"

#include <spdlog/spdlog.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

namespace qalam::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

Result<std::unique_ptr<PurgeNotifier>> PurgeNotifier::create(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
    return Status::invalid("cache.purge_url must be an http:// address, not '" + url + "'");
  }
  std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  std::string target = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  return std::unique_ptr<PurgeNotifier>(new PurgeNotifier(std::string(parsed->host()), port, target));
}

PurgeNotifier::PurgeNotifier(std::string host, std::string port, std::string target)
    : host_(std::move(host)), port_(std::move(port)), target_(std::move(target)), thread_([this] { run(); }) {}

PurgeNotifier::~PurgeNotifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PurgeNotifier::notify(const std::vector<std::string>& keys) {
  {
    std::lock_guard lock(mutex_);
    // A burst of saves becomes fewer requests: join onto the newest waiting batch.
    if (!queue_.empty() && queue_.back().size() < 500) {
      queue_.back().insert(queue_.back().end(), keys.begin(), keys.end());
    } else {
      queue_.push_back(keys);
    }
  }
  wake_.notify_one();
}

uint64_t PurgeNotifier::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

uint64_t PurgeNotifier::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void PurgeNotifier::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<std::string> keys = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Status s = send(keys);
    if (!s.ok()) spdlog::warn("cache purge webhook http://{}:{}{}: {}", host_, port_, target_, s.message());
    lock.lock();
    ++(s.ok() ? sent_ : failed_);
  }
}

Status PurgeNotifier::send(const std::vector<std::string>& keys) {
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(resolver.resolve(host_, port_));
    boost::json::array list;
    for (const auto& k : keys) list.emplace_back(k);
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target_, 11};
    req.set(bhttp::field::host, host_);
    req.set(bhttp::field::content_type, "application/json");
    req.set(bhttp::field::user_agent, "qalam");
    req.body() = boost::json::serialize(boost::json::object{{"keys", std::move(list)}});
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    if (res.result_int() >= 300) return Status::unavailable("answered " + std::to_string(res.result_int()));
    return Status::ok_status();
  } catch (const std::exception& e) {
    return Status::unavailable(e.what());
  }
}

}  // namespace qalam::http
