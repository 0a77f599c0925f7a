// PurgeNotifier: tells a cache in front of qalam (Varnish, nginx with a purge
// handler, a CDN's relay) which keys to purge, by POSTing {"keys": [...]} as JSON to
// a configured http:// address. Evictions are queued and sent by a background thread
// in order; a failed send is logged, never retried into a storm, and never delays
// the save that caused it.
//
// Thread-safety: notify() may be called from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "http/outbound.h"

namespace qalam::http {

class PurgeNotifier {
 public:
  // Fails on an address that is not http://HOST[:PORT]/PATH. `outbound`: how requests
  // go out (null: the real client; tests pass one that fails).
  static Result<std::unique_ptr<PurgeNotifier>> create(const std::string& url,
                                                       std::unique_ptr<Outbound> outbound = nullptr);
  ~PurgeNotifier();

  void notify(const std::vector<std::string>& keys);
  uint64_t sent() const;
  uint64_t failed() const;

 private:
  PurgeNotifier(std::string host, std::string port, std::string target, std::unique_ptr<Outbound> outbound);
  void run();
  Status send(const std::vector<std::string>& keys);

  std::string host_, port_, target_;
  std::unique_ptr<Outbound> outbound_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::vector<std::string>> queue_;
  bool stopping_ = false;
  uint64_t sent_ = 0, failed_ = 0;
  std::thread thread_;
};

}  // namespace qalam::http
