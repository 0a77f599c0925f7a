// The purge webhook when the other side fails: sends are counted, never retried into a
// storm, never hold up the save that caused them, and the next eviction goes out.
#include "http/purge_notifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace qalam::http {
namespace {

// An outbound client that fails (or stalls) as told and remembers what it was asked.
class ScriptedOutbound final : public Outbound {
 public:
  struct Script {
    std::mutex mutex;
    std::vector<std::string> bodies;
    std::atomic<int> fail_next{0};
    std::atomic<int> status{200};
    std::atomic<bool> stall{false};
  };
  explicit ScriptedOutbound(std::shared_ptr<Script> script) : script_(std::move(script)) {}
  Result<OutboundResponse> send(const OutboundRequest& request) override {
    while (script_->stall) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    {
      std::lock_guard lock(script_->mutex);
      script_->bodies.push_back(request.body);
    }
    if (script_->fail_next > 0) {
      --script_->fail_next;
      return Status::unavailable("Connection reset by peer");
    }
    return OutboundResponse{script_->status, ""};
  }

 private:
  std::shared_ptr<Script> script_;
};

template <typename F>
bool eventually(F&& done) {
  for (int i = 0; i < 400 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return done();
}

TEST(PurgeNotifierTest, FailuresAreCountedOnceAndTheNextEvictionGoesOut) {
  auto script = std::make_shared<ScriptedOutbound::Script>();
  script->fail_next = 1;
  auto notifier = PurgeNotifier::create("http://purge.example.org:8081/purge", std::make_unique<ScriptedOutbound>(script));
  ASSERT_TRUE(notifier.ok());
  (*notifier)->notify({"article:1", "articles:en"});
  ASSERT_TRUE(eventually([&] { return (*notifier)->failed() == 1; }));
  EXPECT_EQ((*notifier)->sent(), 0u);
  (*notifier)->notify({"settings"});
  ASSERT_TRUE(eventually([&] { return (*notifier)->sent() == 1; }));
  std::lock_guard lock(script->mutex);
  ASSERT_EQ(script->bodies.size(), 2u);  // the failed batch was not sent again
  EXPECT_EQ(script->bodies[0], R"({"keys":["article:1","articles:en"]})");
  EXPECT_EQ(script->bodies[1], R"({"keys":["settings"]})");
}

TEST(PurgeNotifierTest, AnErrorAnswerIsAFailureAndAStalledPeerHoldsUpNobody) {
  auto script = std::make_shared<ScriptedOutbound::Script>();
  script->status = 503;
  auto notifier = PurgeNotifier::create("http://purge.example.org/", std::make_unique<ScriptedOutbound>(script));
  ASSERT_TRUE(notifier.ok());
  (*notifier)->notify({"press"});
  ASSERT_TRUE(eventually([&] { return (*notifier)->failed() == 1; }));
  // The peer stalls: notify() still returns at once, and waiting batches are joined.
  script->stall = true;
  script->status = 200;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) (*notifier)->notify({"article:" + std::to_string(i)});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  script->stall = false;
  ASSERT_TRUE(eventually([&] { return (*notifier)->sent() >= 1 && (*notifier)->sent() + (*notifier)->failed() <= 3; }));
}

TEST(PurgeNotifierTest, OnlyHttpAddressesAreTaken) {
  EXPECT_FALSE(PurgeNotifier::create("https://purge.example.org/").ok());
  EXPECT_FALSE(PurgeNotifier::create("not a url").ok());
}

}  // namespace
}  // namespace qalam::http
