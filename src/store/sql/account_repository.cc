// Accounts (users, sessions, API tokens, password resets, sign-in failures) and the
// audit log, in SQLite.
#include "core/time_format.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {
namespace {

const char* user_columns = "id, email, name, role, disabled, coalesce(author_id, 0), language, created_at";

User read_user(const Query& q) {
  User u;
  u.id = q.integer(0);
  u.email = q.text(1);
  u.name = q.text(2);
  u.role = parse_role(q.text(3)).value_or(Role::contributor);
  u.disabled = q.integer(4) != 0;
  u.author_id = q.integer(5);
  u.language = q.text(6);
  u.created_at = from_unix(q.integer(7));
  return u;
}

Result<std::optional<User>> one_user(Database& db, const std::string& where, auto bind) {
  return db.read([&](Connection& c) -> Result<std::optional<User>> {
    auto q = c.query(std::string("SELECT ") + user_columns + " FROM users WHERE " + where);
    bind(q);
    if (q.next()) return std::optional<User>(read_user(q));
    if (!q.status().ok()) return q.status();
    return std::optional<User>();
  });
}

ApiToken read_token(const Query& q) {
  return ApiToken{q.integer(0), q.text(1), q.integer(2), q.text(3), from_unix(q.integer(4)), from_unix(q.integer(5)),
                  q.integer(6) != 0};
}
const char* token_columns = "id, token_hash, user_id, name, created_at, last_used, revoked";

}  // namespace

Result<int64_t> SqlAccounts::add_user(const User& u, std::string_view password_hash) {
  int64_t id = 0;
  Status s = db_.write([&](Connection& c) -> Status {
    auto taken = c.query("SELECT 1 FROM users WHERE email = ?");
    taken.bind(1, u.email);
    if (taken.next()) return Status::conflict_on({"email", "taken", u.email + " already has an account", {{"value", u.email}}});
    QALAM_RETURN_IF_ERROR(taken.status());
    auto q = c.query(
        "INSERT INTO users (email, name, role, password_hash, disabled, author_id, language, created_at)"
        " VALUES (?, ?, ?, ?, ?, nullif(?, 0), ?, ?) RETURNING id");
    q.bind(1, u.email).bind(2, u.name).bind(3, role_name(u.role)).bind(4, password_hash)
        .bind(5, int64_t{u.disabled}).bind(6, u.author_id).bind(7, u.language).bind(8, to_unix(u.created_at));
    if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
    id = q.integer(0);
    return q.run();
  });
  if (!s.ok()) return s;
  return id;
}

Result<std::optional<User>> SqlAccounts::user_by_email(std::string_view email) {
  return one_user(db_, "email = ?", [&](Query& q) { q.bind(1, email); });
}

Result<std::optional<User>> SqlAccounts::user_by_id(int64_t id) {
  return one_user(db_, "id = ?", [&](Query& q) { q.bind(1, id); });
}

Result<std::vector<User>> SqlAccounts::users() {
  return db_.read([&](Connection& c) -> Result<std::vector<User>> {
    auto q = c.query(std::string("SELECT ") + user_columns + " FROM users ORDER BY name, id");
    std::vector<User> out;
    while (q.next()) out.push_back(read_user(q));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<int64_t> SqlAccounts::count_admins() {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0");
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

Status SqlAccounts::update_user(const User& u) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query(
        "UPDATE users SET name = ?, role = ?, disabled = ?, author_id = nullif(?, 0), language = ? WHERE id = ?"
        " RETURNING id");
    q.bind(1, u.name).bind(2, role_name(u.role)).bind(3, int64_t{u.disabled}).bind(4, u.author_id)
        .bind(5, u.language).bind(6, u.id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no user " + std::to_string(u.id)) : q.status();
    QALAM_RETURN_IF_ERROR(q.run());
    // A disabled account keeps no way in.
    if (u.disabled) QALAM_RETURN_IF_ERROR(c.query("DELETE FROM sessions WHERE user_id = ?").bind(1, u.id).run());
    return Status::ok_status();
  });
}

Result<std::string> SqlAccounts::password_hash(int64_t user_id) {
  return db_.read([&](Connection& c) -> Result<std::string> {
    auto q = c.query("SELECT password_hash FROM users WHERE id = ?");
    q.bind(1, user_id);
    if (q.next()) return q.text(0);
    return q.status().ok() ? Status::not_found("no user " + std::to_string(user_id)) : q.status();
  });
}

Status SqlAccounts::set_password_hash(int64_t user_id, std::string_view hash) {
  return db_.write([&](Connection& c) -> Status {
    QALAM_RETURN_IF_ERROR(c.query("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hash).bind(2, user_id).run());
    // A new password ends every session opened with the old one.
    return c.query("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
  });
}

Status SqlAccounts::add_session(const Session& s) {
  return db_.write([&](Connection& c) {
    return c.query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.csrf_token).bind(4, to_unix(s.created_at))
        .bind(5, to_unix(s.last_seen)).bind(6, to_unix(s.expires_at))
        .run();
  });
}

Result<std::optional<Session>> SqlAccounts::session(std::string_view token_hash) {
  return db_.read([&](Connection& c) -> Result<std::optional<Session>> {
    auto q = c.query("SELECT token_hash, user_id, csrf_token, created_at, last_seen, expires_at FROM sessions"
                     " WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (q.next()) {
      return std::optional<Session>(Session{q.text(0), q.integer(1), q.text(2), from_unix(q.integer(3)),
                                            from_unix(q.integer(4)), from_unix(q.integer(5))});
    }
    if (!q.status().ok()) return q.status();
    return std::optional<Session>();
  });
}

Status SqlAccounts::touch_session(std::string_view token_hash, TimePoint at) {
  return db_.write([&](Connection& c) {
    return c.query("UPDATE sessions SET last_seen = ? WHERE token_hash = ?").bind(1, to_unix(at)).bind(2, token_hash).run();
  });
}

Status SqlAccounts::end_session(std::string_view token_hash) {
  return db_.write([&](Connection& c) { return c.query("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run(); });
}

Result<int64_t> SqlAccounts::end_expired_sessions(TimePoint now, TimePoint idle_since) {
  int64_t removed = 0;
  Status s = db_.write([&](Connection& c) -> Status {
    auto q = c.query("DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ? RETURNING 1");
    q.bind(1, to_unix(now)).bind(2, to_unix(idle_since));
    while (q.next()) ++removed;
    return q.status();
  });
  if (!s.ok()) return s;
  return removed;
}

Status SqlAccounts::end_sessions(int64_t user_id) {
  return db_.write([&](Connection& c) { return c.query("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run(); });
}

Result<int64_t> SqlAccounts::add_token(const ApiToken& t) {
  int64_t id = 0;
  Status s = db_.write([&](Connection& c) -> Status {
    auto q = c.query("INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?) RETURNING id");
    q.bind(1, t.token_hash).bind(2, t.user_id).bind(3, t.name).bind(4, to_unix(t.created_at));
    if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
    id = q.integer(0);
    return q.run();
  });
  if (!s.ok()) return s;
  return id;
}

Result<std::optional<ApiToken>> SqlAccounts::token(std::string_view token_hash) {
  return db_.read([&](Connection& c) -> Result<std::optional<ApiToken>> {
    auto q = c.query(std::string("SELECT ") + token_columns + " FROM api_tokens WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (q.next()) return std::optional<ApiToken>(read_token(q));
    if (!q.status().ok()) return q.status();
    return std::optional<ApiToken>();
  });
}

Result<std::vector<ApiToken>> SqlAccounts::tokens(int64_t user_id) {
  return db_.read([&](Connection& c) -> Result<std::vector<ApiToken>> {
    auto q = c.query(std::string("SELECT ") + token_columns + " FROM api_tokens WHERE ?1 = 0 OR user_id = ?1 ORDER BY id");
    q.bind(1, user_id);
    std::vector<ApiToken> out;
    while (q.next()) out.push_back(read_token(q));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Status SqlAccounts::revoke_token(int64_t id) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query("UPDATE api_tokens SET revoked = 1 WHERE id = ? RETURNING id");
    q.bind(1, id);
    if (!q.next()) return q.status().ok() ? Status::not_found("no token " + std::to_string(id)) : q.status();
    return q.run();
  });
}

Status SqlAccounts::touch_token(int64_t id, TimePoint at) {
  return db_.write([&](Connection& c) { return c.query("UPDATE api_tokens SET last_used = ? WHERE id = ?").bind(1, to_unix(at)).bind(2, id).run(); });
}

Status SqlAccounts::add_password_reset(std::string_view token_hash, int64_t user_id, TimePoint expires_at) {
  return db_.write([&](Connection& c) {
    return c.query("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
        .bind(1, token_hash).bind(2, user_id).bind(3, to_unix(expires_at)).run();
  });
}

Result<std::optional<int64_t>> SqlAccounts::take_password_reset(std::string_view token_hash, TimePoint now) {
  std::optional<int64_t> user;
  Status s = db_.write([&](Connection& c) -> Status {
    auto q = c.query("DELETE FROM password_resets WHERE token_hash = ? RETURNING user_id, expires_at");
    q.bind(1, token_hash);
    if (q.next() && q.integer(1) > to_unix(now)) user = q.integer(0);
    QALAM_RETURN_IF_ERROR(q.run());
    return c.query("DELETE FROM password_resets WHERE expires_at <= ?").bind(1, to_unix(now)).run();
  });
  if (!s.ok()) return s;
  return user;
}

Status SqlAccounts::add_sign_in_failure(std::string_view key, TimePoint at, std::chrono::seconds window) {
  int64_t now = to_unix(at);
  return db_.write([&](Connection& c) -> Status {
    // Keys quiet for a day count for nothing (the window is minutes): the table holds
    // only the keys of the last day, one row each.
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM sign_in_throttle WHERE last_at < ?").bind(1, now - 86400).run());
    return c.query("INSERT INTO sign_in_throttle AS t (key, failures, first_at, last_at) VALUES (?1, 1, ?2, ?2)"
                   " ON CONFLICT (key) DO UPDATE SET"
                   "   failures = CASE WHEN t.last_at < ?2 - ?3 THEN 1 ELSE t.failures + 1 END,"
                   "   first_at = CASE WHEN t.last_at < ?2 - ?3 THEN ?2 ELSE t.first_at END,"
                   "   last_at = CASE WHEN t.last_at > ?2 THEN t.last_at ELSE ?2 END")
        .bind(1, key).bind(2, now).bind(3, static_cast<int64_t>(window.count()))
        .run();
  });
}

Result<SignInFailures> SqlAccounts::sign_in_failures(std::string_view key, TimePoint now, std::chrono::seconds window) {
  return db_.read([&](Connection& c) -> Result<SignInFailures> {
    auto q = c.query("SELECT failures, last_at FROM sign_in_throttle WHERE key = ? AND last_at >= ?");
    q.bind(1, key).bind(2, to_unix(now) - static_cast<int64_t>(window.count()));
    SignInFailures out;
    if (q.next()) out = {q.integer(0), from_unix(q.integer(1))};
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Status SqlAccounts::clear_sign_in_failures(std::string_view key) {
  return db_.write([&](Connection& c) { return c.query("DELETE FROM sign_in_throttle WHERE key = ?").bind(1, key).run(); });
}

Status insert_audit(Connection& c, const AuditEntry& e) {
  return c.query("INSERT INTO audit_log (at, user_id, actor, action, subject, detail, address)"
                 " VALUES (?, nullif(?, 0), ?, ?, ?, ?, ?)")
      .bind(1, to_unix(e.at)).bind(2, e.user_id).bind(3, e.actor).bind(4, e.action).bind(5, e.subject)
      .bind(6, e.detail).bind(7, e.address)
      .run();
}

Status SqlAudit::append(const AuditEntry& e) {
  return db_.write([&](Connection& c) { return insert_audit(c, e); });
}

Status SqlAudit::append_folded(const AuditEntry& e, TimePoint since) {
  return db_.write([&](Connection& c) -> Status {
    auto q = c.query("UPDATE audit_log SET repeats = repeats + 1, at = CASE WHEN at > ?1 THEN at ELSE ?1 END, detail = ?2"
                     " WHERE id = (SELECT id FROM audit_log WHERE action = ?3 AND actor = ?4 AND address = ?5"
                     "             AND subject = ?6 AND at >= ?7 ORDER BY at DESC LIMIT 1) RETURNING id");
    q.bind(1, to_unix(e.at)).bind(2, e.detail).bind(3, e.action).bind(4, e.actor).bind(5, e.address)
        .bind(6, e.subject).bind(7, to_unix(since));
    bool folded = q.next();
    QALAM_RETURN_IF_ERROR(q.run());
    if (folded) return Status::ok_status();
    return c.query("INSERT INTO audit_log (at, user_id, actor, action, subject, detail, address)"
                   " VALUES (?, nullif(?, 0), ?, ?, ?, ?, ?)")
        .bind(1, to_unix(e.at)).bind(2, e.user_id).bind(3, e.actor).bind(4, e.action).bind(5, e.subject)
        .bind(6, e.detail).bind(7, e.address)
        .run();
  });
}

Result<int64_t> SqlAudit::prune(TimePoint before, int64_t keep_at_most) {
  int64_t removed = 0;
  Status s = db_.write([&](Connection& c) -> Status {
    auto old = c.query("DELETE FROM audit_log WHERE at < ?");
    old.bind(1, to_unix(before));
    QALAM_RETURN_IF_ERROR(old.run());
    removed += c.changes();
    auto extra = c.query("DELETE FROM audit_log WHERE id NOT IN"
                         " (SELECT id FROM audit_log ORDER BY at DESC, id DESC LIMIT ?)");
    extra.bind(1, keep_at_most);
    QALAM_RETURN_IF_ERROR(extra.run());
    removed += c.changes();
    return Status::ok_status();
  });
  if (!s.ok()) return s;
  return removed;
}

Result<std::vector<AuditEntry>> SqlAudit::list(int limit, int offset) {
  return db_.read([&](Connection& c) -> Result<std::vector<AuditEntry>> {
    auto q = c.query("SELECT id, at, coalesce(user_id, 0), actor, action, subject, detail, address, repeats"
                     " FROM audit_log ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
    q.bind(1, int64_t{limit}).bind(2, int64_t{offset});
    std::vector<AuditEntry> out;
    while (q.next()) {
      out.push_back({q.integer(0), from_unix(q.integer(1)), q.integer(2), q.text(3), q.text(4), q.text(5), q.text(6),
                     q.text(7), q.integer(8)});
    }
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<int64_t> SqlAudit::count() {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*) FROM audit_log");
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

}  // namespace qalam::store::sql
