// Accounts: who may enter the newsroom and as whom. Sign-in with throttling, sessions
// (idle and absolute expiry), API tokens, password resets, account administration,
// and the audit entries each of these leaves. The CLI, the editors' UI and the Admin
// API all go through here, so the rules are the same whichever door is used.
//
// Throttling: failed sign-ins are counted per account and per client address over a
// window (one counter row per key, so a guessing attack grows nothing). Past its
// threshold an address waits 2^(failures - threshold) seconds (capped) after its last
// failure before any attempt, right password or not. Past the account's threshold the
// same wait applies to every address that has failed recently, but an address with no
// recent failures may still try: the owner signs in from elsewhere while an attacker
// hammers the account. When the counters cannot be read or written, sign-in is
// refused (unavailable), never waved through. An unknown email costs the same
// hashing time as a known one; text that is not an email (over 254 bytes, say) is
// refused before anything about it is stored.
//
// The audit log: fields are capped in length; failed and throttled sign-ins of one
// email from one address fold into one entry per window; entries older than the
// retention or beyond the entry cap are pruned (every 1,000 appends and by
// prune_audit(), which the server runs hourly).
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <mutex>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace qalam::newsroom {

struct AccountPolicy {
  std::chrono::seconds session_idle{12 * 3600};
  std::chrono::seconds session_absolute{14 * 24 * 3600};
  std::chrono::seconds failure_window{15 * 60};
  int account_threshold = 5;   // failures per account before delays start
  int address_threshold = 20;  // failures per client address before delays start
  std::chrono::seconds max_delay{15 * 60};
  std::chrono::seconds reset_validity{3600};
  size_t min_password_length = 10;
  std::chrono::seconds audit_retention{400 * 24 * 3600};
  int64_t audit_max_entries = 1'000'000;
};

// The account behind a request, and how it proved itself.
struct Principal {
  store::User user;
  std::string session_hash;  // empty when signed in by API token
  std::string csrf_token;    // the session's; empty for tokens
  int64_t token_id = 0;      // the API token's id; 0 for sessions
  // What the audit log calls them.
  std::string actor() const;
};

struct SignInResult {
  Status status;                       // ok, unauthenticated, rate_limited
  std::chrono::seconds retry_after{};  // set with rate_limited
  std::string token;                   // the new session's cookie value
  std::optional<Principal> principal;
};

class Accounts {
 public:
  Accounts(store::Store& store, const Clock& clock, AccountPolicy policy = {});

  SignInResult sign_in(std::string_view email, std::string_view password, std::string_view address);
  // The session's principal; unauthenticated when unknown, expired (idle or absolute)
  // or its account is disabled. Refreshes the idle timer at most once a minute.
  // Whether `token` names a live session, read only (the response cache asks this
  // on the threads that serve readers: nothing is written, a failed read is "no").
  bool has_session(std::string_view token);
  Result<Principal> session(std::string_view token);
  // The principal of an Admin API bearer token.
  Result<Principal> bearer(std::string_view token);
  Status sign_out(const Principal& who, std::string_view address);
  Status sign_out_everywhere(const Principal& who, std::string_view address);
  // Forgets sessions that can no longer be used (the server runs this now and then).
  Result<int64_t> end_expired_sessions();

  // Account administration. `by` names who acts in the audit log ("cli" or an email).
  Result<int64_t> add_user(store::User user, std::string_view password, std::string_view by);
  Status set_role(std::string_view email, Role role, std::string_view by);
  // Links the account to an author profile (0: none): bylines, and a contributor's
  // new pieces start with it.
  Status set_author(std::string_view email, int64_t author_id, std::string_view by);
  Status set_disabled(std::string_view email, bool disabled, std::string_view by);
  Status set_password(int64_t user_id, std::string_view password, std::string_view by);
  // A one-time token for a password reset, valid for policy.reset_validity.
  Result<std::string> create_reset(std::string_view email, std::string_view by);
  Status reset_password(std::string_view reset_token, std::string_view password, std::string_view address);
  // An Admin API token (printed once; only its hash is kept).
  Result<std::string> create_token(std::string_view email, std::string_view name, std::string_view by);
  Status revoke_token(int64_t token_id, std::string_view by);

  Result<store::User> user(std::string_view email);
  Status check_password_rules(std::string_view password) const;

  // Appends to the audit log; failures to log are reported but never block the action.
  void audit(int64_t user_id, std::string_view actor, std::string_view action, std::string_view subject,
             std::string_view detail = {}, std::string_view address = {});

  // Like audit(), but a repeat of the same action by the same actor from the same
  // address within the failure window only counts into the existing entry.
  void audit_repeated(int64_t user_id, std::string_view actor, std::string_view action, std::string_view detail,
                      std::string_view address);
  // Applies the audit retention and entry cap; how many entries went.
  Result<int64_t> prune_audit();

  const AccountPolicy& policy() const { return policy_; }

  // An audit entry stamped now, its fields capped: for services that append it in
  // the transaction of the change it records.
  store::AuditEntry audit_entry(int64_t user_id, std::string_view actor, std::string_view action,
                                std::string_view subject, std::string_view detail,
                                std::string_view address = {}) const;

  // Makes the hash unknown emails are checked against now, so the first sign-in takes
  // as long as any other (a server calls it at start).
  void prepare_sign_in() const { (void)dummy_hash(); }

 private:
  // How long a key with these failures must still wait.
  std::chrono::seconds wait_after(const store::SignInFailures& failures, int threshold) const;
  void count_append();

  store::Store& store_;
  const Clock& clock_;
  AccountPolicy policy_;
  // Verified against for unknown emails; made at the first sign-in (an Argon2id hash
  // takes 64 MiB and a good part of a second: commands that only audit never pay it).
  const std::string& dummy_hash() const;
  mutable std::once_flag dummy_once_;
  mutable std::string dummy_hash_;
  std::atomic<int64_t> appends_{0};
};

}  // namespace qalam::newsroom
