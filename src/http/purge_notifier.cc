#include "http/purge_notifier.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

namespace qalam::http {

Result<std::unique_ptr<PurgeNotifier>> PurgeNotifier::create(const std::string& url, std::unique_ptr<Outbound> outbound) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
    return Status::invalid("cache.purge_url must be an http:// address, not '" + url + "'");
  }
  std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  std::string target = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  if (!outbound) outbound = make_outbound();
  return std::unique_ptr<PurgeNotifier>(
      new PurgeNotifier(std::string(parsed->host()), port, target, std::move(outbound)));
}

PurgeNotifier::PurgeNotifier(std::string host, std::string port, std::string target, std::unique_ptr<Outbound> outbound)
    : host_(std::move(host)), port_(std::move(port)), target_(std::move(target)), outbound_(std::move(outbound)),
      thread_([this] { run(); }) {}

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
  boost::json::array list;
  for (const auto& k : keys) list.emplace_back(k);
  OutboundRequest req;
  req.host = host_;
  req.port = port_;
  req.target = target_;
  req.headers = {{"Content-Type", "application/json"}};
  req.body = boost::json::serialize(boost::json::object{{"keys", std::move(list)}});
  auto answer = outbound_->send(req);
  if (!answer.ok()) return answer.status();
  if (answer->status >= 300) return Status::unavailable("answered " + std::to_string(answer->status));
  return Status::ok_status();
}

}  // namespace qalam::http
