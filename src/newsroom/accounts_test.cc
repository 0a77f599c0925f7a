#include "newsroom/accounts.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "newsroom/secrets.h"
#include "newsroom/service_test_fixture.h"
#include "store/sqlite/migrations.h"

namespace qalam::newsroom {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class AccountsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_id_ = add("admin@example.org", Role::admin);
  }
  int64_t add(const char* email, Role role) { return principal(email, role).user.id; }

  int64_t admin_id_ = 0;
};

TEST(Secrets, TokensAreLongRandomAndHashedStably) {
  std::string a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_EQ(token_hash(a).size(), 64u);
}

TEST(Secrets, PasswordsAreArgon2id) {
  auto h = hash_password("s3cret-pass");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*h, "s3cret-pass"));
  EXPECT_FALSE(verify_password(*h, "s3cret-pasS"));
  EXPECT_FALSE(verify_password("", "x"));
}

TEST_F(AccountsTest, SignInOpensASessionThatExpiresWhenIdleAndAbsolutely) {
  auto in = accounts_->sign_in("ADMIN@example.org", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(in.status.ok()) << in.status.to_string();
  ASSERT_TRUE(in.principal.has_value());
  EXPECT_EQ(in.principal->user.role, Role::admin);
  EXPECT_FALSE(in.principal->csrf_token.empty());
  // The cookie value is not what the database keeps.
  EXPECT_FALSE(store_->accounts().session(in.token)->has_value());
  EXPECT_TRUE(accounts_->session(in.token).ok());

  clock_.advance(hours(11));
  EXPECT_TRUE(accounts_->session(in.token).ok());  // refreshes the idle timer
  clock_.advance(hours(11));
  EXPECT_TRUE(accounts_->session(in.token).ok());
  clock_.advance(hours(12) + seconds(1));
  EXPECT_EQ(accounts_->session(in.token).status().code(), StatusCode::unauthenticated);

  // Absolute expiry: active all the time, still over after 14 days.
  auto again = accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(again.status.ok());
  for (int i = 0; i < 14 * 2 + 1; ++i) {  // 29 × 11:59 h > 14 days
    clock_.advance(hours(12) - minutes(1));
    (void)accounts_->session(again.token);
  }
  EXPECT_EQ(accounts_->session(again.token).status().code(), StatusCode::unauthenticated);
}

TEST_F(AccountsTest, ExpiredSessionsAreForgotten) {
  auto idle = accounts_->sign_in("admin@example.org", "correct horse battery", "1.1.1.1");
  clock_.advance(hours(11));
  auto busy = accounts_->sign_in("admin@example.org", "correct horse battery", "1.1.1.1");
  clock_.advance(hours(2));
  EXPECT_EQ(accounts_->end_expired_sessions().value(), 1);
  EXPECT_FALSE(store_->accounts().session(token_hash(idle.token))->has_value());
  EXPECT_TRUE(store_->accounts().session(token_hash(busy.token))->has_value());
}

TEST_F(AccountsTest, WrongPasswordsAndUnknownEmailsGetTheSameAnswer) {
  auto wrong = accounts_->sign_in("admin@example.org", "nope", "10.0.0.1");
  auto unknown = accounts_->sign_in("nobody@example.org", "nope", "10.0.0.1");
  EXPECT_EQ(wrong.status.code(), StatusCode::unauthenticated);
  EXPECT_EQ(unknown.status.code(), StatusCode::unauthenticated);
  EXPECT_EQ(wrong.status.message(), unknown.status.message());
}

TEST_F(AccountsTest, FailuresPerAccountGrowTheDelayForTheGuessingAddressEvenWithTheRightPassword) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(accounts_->sign_in("admin@example.org", "bad", "10.0.0.1").status.ok());
  auto throttled = accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.1");
  EXPECT_EQ(throttled.status.code(), StatusCode::rate_limited);
  EXPECT_EQ(throttled.retry_after, seconds(1));
  clock_.advance(seconds(1));
  EXPECT_FALSE(accounts_->sign_in("admin@example.org", "bad", "10.0.0.1").status.ok());
  EXPECT_EQ(accounts_->sign_in("admin@example.org", "bad", "10.0.0.1").retry_after, seconds(2));
  clock_.advance(seconds(2));
  EXPECT_FALSE(accounts_->sign_in("admin@example.org", "bad", "10.0.0.1").status.ok());
  EXPECT_EQ(accounts_->sign_in("admin@example.org", "bad", "10.0.0.1").retry_after, seconds(4));
  // The window passes: the right password works again and clears the count.
  clock_.advance(minutes(16));
  EXPECT_TRUE(accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.1").status.ok());
  EXPECT_TRUE(accounts_->sign_in("admin@example.org", "bad", "10.0.0.1").retry_after == seconds(0));
}

TEST_F(AccountsTest, TheOwnerSignsInFromElsewhereWhileTheAccountIsUnderAttack) {
  for (int i = 0; i < 12; ++i) (void)accounts_->sign_in("admin@example.org", "bad", "203.0.113.66");
  EXPECT_EQ(accounts_->sign_in("admin@example.org", "correct horse battery", "203.0.113.66").status.code(),
            StatusCode::rate_limited);
  // An address with no recent failures may try, and the right password passes.
  EXPECT_TRUE(accounts_->sign_in("admin@example.org", "correct horse battery", "198.51.100.7").status.ok());
  // A wrong guess from a fresh address counts, and that address waits next time.
  for (int i = 0; i < 6; ++i) (void)accounts_->sign_in("admin@example.org", "bad", "203.0.113.66");
  EXPECT_EQ(accounts_->sign_in("admin@example.org", "bad", "192.0.2.1").status.code(), StatusCode::unauthenticated);
  EXPECT_EQ(accounts_->sign_in("admin@example.org", "correct horse battery", "192.0.2.1").status.code(),
            StatusCode::rate_limited);
}

TEST_F(AccountsTest, TextThatIsNotAnEmailIsRefusedAndNeverStored) {
  std::string huge(1'000'000, 'a');
  huge += "@example.org";
  for (const std::string& typed : {huge, std::string("no at sign"), std::string(300, 'x') + "@example.org"}) {
    auto r = accounts_->sign_in(typed, "whatever", "10.0.0.3");
    EXPECT_EQ(r.status.code(), StatusCode::unauthenticated);
  }
  auto entries = store_->audit().list(100, 0);
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries) {
    EXPECT_LE(e.actor.size(), 260u);
    EXPECT_EQ(e.actor.find("aaaa"), std::string::npos);
  }
  // The address still counts them: a flood of junk is throttled like guesses.
  for (int i = 0; i < 20; ++i) (void)accounts_->sign_in(huge, "whatever", "10.0.0.3");
  EXPECT_EQ(accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.3").status.code(),
            StatusCode::rate_limited);
}

TEST_F(AccountsTest, RepeatedFailuresFoldIntoOneAuditEntryPerWindow) {
  for (int i = 0; i < 40; ++i) {
    (void)accounts_->sign_in("admin@example.org", "bad", "10.0.0.4");
    clock_.advance(seconds(1));
  }
  auto entries = store_->audit().list(100, 0);
  ASSERT_TRUE(entries.ok());
  int64_t failed = 0, throttled = 0, rows = 0;
  for (const auto& e : *entries) {
    if (e.action == "sign_in_failed") failed += e.repeats, ++rows;
    if (e.action == "sign_in_throttled") throttled += e.repeats, ++rows;
  }
  EXPECT_EQ(failed + throttled, 40);
  EXPECT_EQ(rows, 2);  // one entry each, counting
  // A new window opens a new entry.
  clock_.advance(minutes(20));
  (void)accounts_->sign_in("admin@example.org", "bad", "10.0.0.4");
  EXPECT_EQ(store_->audit().count().value(), static_cast<int64_t>(entries->size()) + 1);
}

TEST_F(AccountsTest, TheAuditLogKeepsItsRetentionAndItsCap) {
  AccountPolicy policy;
  policy.audit_retention = hours(24 * 30);
  policy.audit_max_entries = 10;
  Accounts capped(*store_, clock_, policy);
  for (int i = 0; i < 5; ++i) capped.audit(0, "cli", "old.event", "", "");
  clock_.advance(hours(24 * 31));
  for (int i = 0; i < 12; ++i) capped.audit(0, "cli", "new.event", "", std::string(5000, 'd'));
  auto removed = capped.prune_audit();
  ASSERT_TRUE(removed.ok());
  auto entries = store_->audit().list(100, 0).value();
  ASSERT_EQ(entries.size(), 10u);
  for (const auto& e : entries) {
    EXPECT_EQ(e.action, "new.event");
    EXPECT_LE(e.detail.size(), 2003u);  // capped, marked with "…"
  }
}

TEST_F(AccountsTest, FailuresPerAddressAcrossAccountsAreThrottled) {
  for (int i = 0; i < 20; ++i) {
    (void)accounts_->sign_in("user" + std::to_string(i) + "@example.org", "bad", "10.0.0.7");
  }
  auto r = accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.7");
  EXPECT_EQ(r.status.code(), StatusCode::rate_limited);
  EXPECT_TRUE(accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.8").status.ok());
}

TEST_F(AccountsTest, DisabledAccountsLoseSessionsAndTokens) {
  int64_t id = add("writer@example.org", Role::author);
  auto in = accounts_->sign_in("writer@example.org", "correct horse battery", "1.1.1.1");
  ASSERT_TRUE(in.status.ok());
  auto token = accounts_->create_token("writer@example.org", "ci", "cli");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(accounts_->bearer(*token)->user.id, id);
  ASSERT_TRUE(accounts_->set_disabled("writer@example.org", true, "cli").ok());
  EXPECT_FALSE(accounts_->session(in.token).ok());
  EXPECT_EQ(accounts_->bearer(*token).status().code(), StatusCode::unauthenticated);
  EXPECT_EQ(accounts_->sign_in("writer@example.org", "correct horse battery", "1.1.1.1").status.code(),
            StatusCode::unauthenticated);
}

TEST_F(AccountsTest, TheLastAdminStays) {
  EXPECT_EQ(accounts_->set_role("admin@example.org", Role::editor, "cli").code(), StatusCode::conflict);
  EXPECT_EQ(accounts_->set_disabled("admin@example.org", true, "cli").code(), StatusCode::conflict);
  add("second@example.org", Role::admin);
  EXPECT_TRUE(accounts_->set_role("admin@example.org", Role::editor, "cli").ok());
  EXPECT_EQ(accounts_->user("admin@example.org")->role, Role::editor);
}

TEST_F(AccountsTest, BadAccountsAreRefusedWithTheFieldNamed) {
  store::User u;
  u.email = "not-an-email";
  u.name = "X";
  auto r = accounts_->add_user(u, "long enough password", "cli");
  EXPECT_EQ(r.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(r.status().message().find("email"), std::string::npos);
  u.email = "x@example.org";
  r = accounts_->add_user(u, "short", "cli");
  EXPECT_NE(r.status().message().find("password"), std::string::npos);
  u.email = "Admin@Example.org";
  EXPECT_EQ(accounts_->add_user(u, "long enough password", "cli").status().code(), StatusCode::conflict);
}

TEST_F(AccountsTest, ResetLinksWorkOnceAndExpireAfterAnHour) {
  auto link = accounts_->create_reset("admin@example.org", "cli");
  ASSERT_TRUE(link.ok());
  auto in = accounts_->sign_in("admin@example.org", "correct horse battery", "1.1.1.1");
  ASSERT_TRUE(accounts_->reset_password(*link, "a brand new password", "1.1.1.1").ok());
  EXPECT_FALSE(accounts_->session(in.token).ok());  // the old sessions end
  EXPECT_EQ(accounts_->reset_password(*link, "a brand new password", "1.1.1.1").code(), StatusCode::not_found);
  EXPECT_TRUE(accounts_->sign_in("admin@example.org", "a brand new password", "1.1.1.1").status.ok());
  auto late = accounts_->create_reset("admin@example.org", "cli");
  clock_.advance(minutes(61));
  EXPECT_EQ(accounts_->reset_password(*late, "another new password", "1.1.1.1").code(), StatusCode::not_found);
}

TEST_F(AccountsTest, EveryAccountActionIsAudited) {
  (void)accounts_->sign_in("admin@example.org", "bad", "10.0.0.1");
  auto in = accounts_->sign_in("admin@example.org", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(accounts_->sign_out_everywhere(*in.principal, "10.0.0.1").ok());
  auto log = store_->audit().list(20, 0);
  ASSERT_TRUE(log.ok());
  std::vector<std::string> actions;
  for (const auto& e : *log) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"sign_out_everywhere", "sign_in", "sign_in_failed", "user.add"}));
  EXPECT_FALSE(accounts_->session(in.token).ok());
}

TEST(AccountsFailClosed, SignInIsRefusedWhenTheThrottlingCountersCannotBeRead) {
  // The schema of a release, with the throttling table gone: every read or write of a
  // counter fails, as it would on a broken disk.
  qalam::testing::TempDir dir{"qalam_fail_closed"};
  std::vector<store::sqlite::Migration> broken(store::sqlite::migrations().begin(), store::sqlite::migrations().end());
  broken.push_back({static_cast<int>(broken.size()) + 1, "break", "DROP TABLE sign_in_throttle;"});
  auto store = std::move(store::sqlite::open_sqlite_store({(dir / "b.db").string(), 1, 1000, broken})).value();
  ASSERT_TRUE(store->migrate(nullptr).ok());
  FakeClock clock{parse_timestamp("2026-03-01T08:00:00Z").value()};
  Accounts accounts(*store, clock);
  store::User u;
  u.email = "admin@example.org";
  u.name = "Admin";
  u.role = Role::admin;
  ASSERT_TRUE(accounts.add_user(u, "correct horse battery", "cli").ok());
  auto r = accounts.sign_in("admin@example.org", "correct horse battery", "10.0.0.1");
  EXPECT_EQ(r.status.code(), StatusCode::unavailable);  // not waved through
  EXPECT_TRUE(r.token.empty());
  EXPECT_EQ(accounts.sign_in("not an email", "x", "10.0.0.1").status.code(), StatusCode::unavailable);
}

}  // namespace
}  // namespace qalam::newsroom
