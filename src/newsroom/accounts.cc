#include "newsroom/accounts.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "newsroom/secrets.h"

namespace qalam::newsroom {
namespace {

using std::chrono::seconds;

// Keys of a fixed length whatever was typed: the email's hash, lower-cased.
std::string account_key(std::string_view email) {
  std::string folded;
  for (char c : email) folded += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return "account:" + token_hash(folded);
}
std::string address_key(std::string_view address) { return "ip:" + std::string(address.substr(0, 64)); }

// At most `limit` bytes, cut on a UTF-8 boundary, marked when cut.
std::string capped(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

bool plausible_email(std::string_view email) {
  auto at = email.find('@');
  return email.size() <= 254 && at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
         email.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

const Status& wrong_credentials() {
  static const Status s = Status::unauthenticated("The email or the password is wrong.");
  return s;
}

}  // namespace

std::string Principal::actor() const {
  return token_id ? user.email + " (token " + std::to_string(token_id) + ")" : user.email;
}

Accounts::Accounts(store::Store& store, const Clock& clock, AccountPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {}

const std::string& Accounts::dummy_hash() const {
  std::call_once(dummy_once_, [this] { dummy_hash_ = hash_password(random_token()).value(); });
  return dummy_hash_;
}

store::AuditEntry Accounts::audit_entry(int64_t user_id, std::string_view actor, std::string_view action,
                                        std::string_view subject, std::string_view detail,
                                        std::string_view address) const {
  return {0,
          clock_.now(),
          user_id,
          capped(actor, 254),
          std::string(action),
          capped(subject, 200),
          capped(detail, 2000),
          capped(address, 64)};
}

void Accounts::audit(int64_t user_id, std::string_view actor, std::string_view action, std::string_view subject,
                     std::string_view detail, std::string_view address) {
  if (Status s = store_.audit().append(audit_entry(user_id, actor, action, subject, detail, address)); !s.ok()) {
    spdlog::error("audit log: {}", s.to_string());
  }
  count_append();
}

void Accounts::audit_repeated(int64_t user_id, std::string_view actor, std::string_view action,
                              std::string_view detail, std::string_view address) {
  store::AuditEntry e = audit_entry(user_id, actor, action, "", detail, address);
  if (Status s = store_.audit().append_folded(e, e.at - policy_.failure_window); !s.ok()) {
    spdlog::error("audit log: {}", s.to_string());
  }
  count_append();
}

void Accounts::count_append() {
  if (++appends_ % 1000 == 0) (void)prune_audit();
}

Result<int64_t> Accounts::prune_audit() {
  auto removed = store_.audit().prune(clock_.now() - policy_.audit_retention, policy_.audit_max_entries);
  if (!removed.ok()) spdlog::error("audit log: pruning: {}", removed.status().to_string());
  return removed;
}

seconds Accounts::wait_after(const store::SignInFailures& failures, int threshold) const {
  if (failures.count < threshold) return seconds{0};
  int64_t over = failures.count - threshold;
  seconds delay = over >= 20 ? policy_.max_delay : std::min(policy_.max_delay, seconds{int64_t{1} << over});
  TimePoint free_at = failures.last + delay;
  TimePoint now = clock_.now();
  if (free_at <= now) return seconds{0};
  return std::chrono::ceil<seconds>(free_at - now);
}

SignInResult Accounts::sign_in(std::string_view email, std::string_view password, std::string_view address) {
  SignInResult out;
  // Counters that cannot be read or written refuse sign-in: throttling fails closed.
  auto unavailable = [&out] {
    out.status = Status::unavailable("Signing in is not possible right now. Try again in a minute.");
    return out;
  };
  auto refuse_for = [&](seconds wait, std::string_view actor) {
    audit_repeated(0, actor, "sign_in_throttled", "retry after " + std::to_string(wait.count()) + " s", address);
    out.status = Status::rate_limited("Too many failed sign-ins. Try again in " + std::to_string(wait.count()) +
                                      " seconds.");
    out.retry_after = wait;
    return out;
  };
  std::string ikey = address_key(address);
  auto here = store_.accounts().sign_in_failures(ikey, clock_.now(), policy_.failure_window);
  if (!here.ok()) return unavailable();
  bool is_email = plausible_email(email);
  // What is not an email is never stored, whatever its size: only that it came.
  std::string_view actor = is_email ? email : std::string_view("(not an email)");
  if (seconds wait = wait_after(*here, policy_.address_threshold); wait.count() > 0) return refuse_for(wait, actor);
  if (!is_email) {
    if (!store_.accounts().add_sign_in_failure(ikey, clock_.now(), policy_.failure_window).ok()) return unavailable();
    audit_repeated(0, actor, "sign_in_failed", "", address);
    out.status = wrong_credentials();
    return out;
  }
  std::string akey = account_key(email);
  auto account = store_.accounts().sign_in_failures(akey, clock_.now(), policy_.failure_window);
  if (!account.ok()) return unavailable();
  // An account under attack: addresses that failed recently wait; one that has not
  // may try (its owner, elsewhere).
  if (seconds wait = wait_after(*account, policy_.account_threshold); wait.count() > 0 && here->count > 0) {
    return refuse_for(wait, actor);
  }
  auto found = store_.accounts().user_by_email(email);
  if (!found.ok()) {
    out.status = found.status();
    return out;
  }
  bool good = false;
  if (found->has_value()) {
    auto hash = store_.accounts().password_hash((*found)->id);
    good = hash.ok() && verify_password(*hash, password) && !(*found)->disabled;
  } else {
    (void)verify_password(dummy_hash(), password);  // the same time as a known email
  }
  TimePoint now = clock_.now();
  if (!good) {
    Status a = store_.accounts().add_sign_in_failure(akey, now, policy_.failure_window);
    Status i = store_.accounts().add_sign_in_failure(ikey, now, policy_.failure_window);
    audit_repeated(found->has_value() ? (*found)->id : 0, email, "sign_in_failed", "", address);
    if (!a.ok() || !i.ok()) return unavailable();
    out.status = wrong_credentials();
    return out;
  }
  const store::User& user = **found;
  (void)store_.accounts().clear_sign_in_failures(akey);
  store::Session session{"", user.id, random_token(), now, now, now + policy_.session_absolute};
  out.token = random_token();
  session.token_hash = token_hash(out.token);
  if (Status s = store_.accounts().add_session(session); !s.ok()) {
    out.status = s;
    return out;
  }
  audit(user.id, user.email, "sign_in", "user:" + std::to_string(user.id), "", address);
  out.principal = Principal{user, session.token_hash, session.csrf_token, 0};
  return out;
}

bool Accounts::has_session(std::string_view token) {
  if (token.empty() || token.size() > 128) return false;
  auto found = store_.accounts().session(token_hash(token));
  if (!found.ok() || !found->has_value()) return false;
  TimePoint now = clock_.now();
  return now < (*found)->expires_at && now < (*found)->last_seen + policy_.session_idle;
}

Result<Principal> Accounts::session(std::string_view token) {
  static const Status expired = Status::unauthenticated("Your session has ended. Please sign in again.");
  if (token.empty() || token.size() > 128) return expired;
  std::string hash = token_hash(token);
  auto found = store_.accounts().session(hash);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return expired;
  const store::Session& s = **found;
  TimePoint now = clock_.now();
  if (now >= s.expires_at || now >= s.last_seen + policy_.session_idle) {
    (void)store_.accounts().end_session(hash);
    return expired;
  }
  auto user = store_.accounts().user_by_id(s.user_id);
  if (!user.ok()) return user.status();
  if (!user->has_value() || (*user)->disabled) return expired;
  if (now - s.last_seen >= std::chrono::minutes(1)) (void)store_.accounts().touch_session(hash, now);
  return Principal{**user, hash, s.csrf_token, 0};
}

Result<Principal> Accounts::bearer(std::string_view token) {
  static const Status bad = Status::unauthenticated("The API token is unknown or revoked.");
  if (token.empty() || token.size() > 128) return bad;
  auto found = store_.accounts().token(token_hash(token));
  if (!found.ok()) return found.status();
  if (!found->has_value() || (*found)->revoked) return bad;
  auto user = store_.accounts().user_by_id((*found)->user_id);
  if (!user.ok()) return user.status();
  if (!user->has_value() || (*user)->disabled) return bad;
  TimePoint now = clock_.now();
  if (now - (*found)->last_used >= std::chrono::minutes(1)) (void)store_.accounts().touch_token((*found)->id, now);
  return Principal{**user, "", "", (*found)->id};
}

Status Accounts::sign_out(const Principal& who, std::string_view address) {
  QALAM_RETURN_IF_ERROR(store_.accounts().end_session(who.session_hash));
  audit(who.user.id, who.user.email, "sign_out", "user:" + std::to_string(who.user.id), "", address);
  return Status::ok_status();
}

Status Accounts::sign_out_everywhere(const Principal& who, std::string_view address) {
  QALAM_RETURN_IF_ERROR(store_.accounts().end_sessions(who.user.id));
  audit(who.user.id, who.user.email, "sign_out_everywhere", "user:" + std::to_string(who.user.id), "", address);
  return Status::ok_status();
}

Result<int64_t> Accounts::end_expired_sessions() {
  TimePoint now = clock_.now();
  return store_.accounts().end_expired_sessions(now, now - policy_.session_idle);
}

Status Accounts::check_password_rules(std::string_view password) const {
  if (password.size() < policy_.min_password_length) {
    return Status::invalid("the password must be at least " + std::to_string(policy_.min_password_length) +
                           " characters long");
  }
  if (password.size() > 1024) return Status::invalid("the password is longer than 1024 characters");
  return Status::ok_status();
}

Result<store::User> Accounts::user(std::string_view email) {
  auto found = store_.accounts().user_by_email(email);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::not_found("no account with the email " + std::string(email));
  return **found;
}

Result<int64_t> Accounts::add_user(store::User user, std::string_view password, std::string_view by) {
  if (!plausible_email(user.email)) return Status::invalid("email: '" + user.email + "' is not an email address");
  if (user.name.empty() || user.name.size() > 200) return Status::invalid("name: give a name of 1 to 200 characters");
  QALAM_RETURN_IF_ERROR(check_password_rules(password).with_context("password"));
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  user.created_at = clock_.now();
  auto id = store_.accounts().add_user(user, *hash);
  if (!id.ok()) {
    if (id.status().code() == StatusCode::conflict) return Status::conflict("email: " + user.email + " already has an account");
    return id.status();
  }
  audit(0, by, "user.add", "user:" + std::to_string(*id), user.email + " as " + std::string(role_name(user.role)));
  return id;
}

Status Accounts::set_role(std::string_view email, Role role, std::string_view by) {
  auto u = user(email);
  if (!u.ok()) return u.status();
  if (u->role == Role::admin && role != Role::admin && !u->disabled) {
    auto admins = store_.accounts().count_admins();
    if (!admins.ok()) return admins.status();
    if (*admins <= 1) return Status::conflict("this is the last admin; make another admin first");
  }
  std::string before(role_name(u->role));
  u->role = role;
  QALAM_RETURN_IF_ERROR(store_.accounts().update_user(*u));
  audit(0, by, "user.role", "user:" + std::to_string(u->id), u->email + ": " + before + " → " + std::string(role_name(role)));
  return Status::ok_status();
}

Status Accounts::set_author(std::string_view email, int64_t author_id, std::string_view by) {
  auto u = user(email);
  if (!u.ok()) return u.status();
  u->author_id = author_id;
  QALAM_RETURN_IF_ERROR(store_.accounts().update_user(*u));
  audit(0, by, "user.author", "user:" + std::to_string(u->id), u->email + " → author:" + std::to_string(author_id));
  return Status::ok_status();
}

Status Accounts::set_disabled(std::string_view email, bool disabled, std::string_view by) {
  auto u = user(email);
  if (!u.ok()) return u.status();
  if (disabled && u->role == Role::admin && !u->disabled) {
    auto admins = store_.accounts().count_admins();
    if (!admins.ok()) return admins.status();
    if (*admins <= 1) return Status::conflict("this is the last admin; make another admin first");
  }
  u->disabled = disabled;
  QALAM_RETURN_IF_ERROR(store_.accounts().update_user(*u));
  audit(0, by, disabled ? "user.disable" : "user.enable", "user:" + std::to_string(u->id), u->email);
  return Status::ok_status();
}

Status Accounts::set_password(int64_t user_id, std::string_view password, std::string_view by) {
  QALAM_RETURN_IF_ERROR(check_password_rules(password).with_context("password"));
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  QALAM_RETURN_IF_ERROR(store_.accounts().set_password_hash(user_id, *hash));
  audit(user_id, by, "user.password", "user:" + std::to_string(user_id));
  return Status::ok_status();
}

Result<std::string> Accounts::create_reset(std::string_view email, std::string_view by) {
  auto u = user(email);
  if (!u.ok()) return u.status();
  std::string token = random_token();
  QALAM_RETURN_IF_ERROR(
      store_.accounts().add_password_reset(token_hash(token), u->id, clock_.now() + policy_.reset_validity));
  audit(0, by, "user.reset_link", "user:" + std::to_string(u->id), u->email);
  return token;
}

Status Accounts::reset_password(std::string_view reset_token, std::string_view password, std::string_view address) {
  QALAM_RETURN_IF_ERROR(check_password_rules(password).with_context("password"));
  auto user_id = store_.accounts().take_password_reset(token_hash(reset_token), clock_.now());
  if (!user_id.ok()) return user_id.status();
  if (!user_id->has_value()) return Status::not_found("This reset link is unknown, used or expired. Ask an admin for a new one.");
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  QALAM_RETURN_IF_ERROR(store_.accounts().set_password_hash(**user_id, *hash));
  audit(**user_id, "reset link", "user.password", "user:" + std::to_string(**user_id), "", address);
  return Status::ok_status();
}

Result<std::string> Accounts::create_token(std::string_view email, std::string_view name, std::string_view by) {
  auto u = user(email);
  if (!u.ok()) return u.status();
  if (u->disabled) return Status::conflict(u->email + " is disabled");
  if (name.size() > 200) return Status::invalid("name: at most 200 characters");
  std::string token = "qlm_" + random_token();
  store::ApiToken t{0, token_hash(token), u->id, std::string(name), clock_.now(), {}, false};
  auto id = store_.accounts().add_token(t);
  if (!id.ok()) return id.status();
  audit(0, by, "token.create", "token:" + std::to_string(*id), u->email + (name.empty() ? "" : " — " + std::string(name)));
  return token;
}

Status Accounts::revoke_token(int64_t token_id, std::string_view by) {
  QALAM_RETURN_IF_ERROR(store_.accounts().revoke_token(token_id));
  audit(0, by, "token.revoke", "token:" + std::to_string(token_id));
  return Status::ok_status();
}

}  // namespace qalam::newsroom
