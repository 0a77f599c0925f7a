#include "newsroom/administration.h"

#include "core/link_rule.h"
#include "core/roles.h"
#include "core/text.h"

namespace qalam::newsroom {
namespace {

Status may_do(const Principal& who, Permission p) {
  if (may(who.user.role, p)) return Status::ok_status();
  return Status::permission_denied("Only admins may do this.");
}

}  // namespace

Administration::Administration(store::Store& store, Accounts& accounts) : store_(store), accounts_(accounts) {}

Result<store::User> Administration::user(int64_t id) {
  auto u = store_.accounts().user_by_id(id);
  if (!u.ok()) return u.status();
  if (!u->has_value()) return Status::not_found("There is no account " + std::to_string(id) + ".");
  return **u;
}

Result<AccountsOverview> Administration::accounts(const Principal& who) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  auto users = store_.accounts().users();
  if (!users.ok()) return users.status();
  auto tokens = store_.accounts().tokens(0);
  if (!tokens.ok()) return tokens.status();
  auto authors = store_.authors().all();
  if (!authors.ok()) return authors.status();
  return AccountsOverview{std::move(*users), std::move(*tokens), std::move(*authors)};
}

Result<int64_t> Administration::add_user(const Principal& who, store::User user, std::string_view password) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  return accounts_.add_user(std::move(user), password, who.actor());
}

Status Administration::set_role(const Principal& who, int64_t user_id, Role role) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  auto u = user(user_id);
  if (!u.ok()) return u.status();
  return accounts_.set_role(u->email, role, who.actor());
}

Status Administration::set_disabled(const Principal& who, int64_t user_id, bool disabled) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  auto u = user(user_id);
  if (!u.ok()) return u.status();
  return accounts_.set_disabled(u->email, disabled, who.actor());
}

Status Administration::link_author(const Principal& who, int64_t user_id, std::string_view author_slug) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  auto u = user(user_id);
  if (!u.ok()) return u.status();
  int64_t author_id = 0;
  if (!author_slug.empty()) {
    auto profile = store_.authors().by_slug(author_slug);
    if (!profile.ok()) return profile.status();
    if (!profile->has_value()) {
      return Status::invalid_fields({{"author", "not_found", "no author '" + std::string(author_slug) + "'",
                                      {{"value", std::string(author_slug)}}}});
    }
    author_id = (*profile)->id;
  }
  return accounts_.set_author(u->email, author_id, who.actor());
}

Result<Administration::ResetLink> Administration::create_reset(const Principal& who, int64_t user_id) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  auto u = user(user_id);
  if (!u.ok()) return u.status();
  auto secret = accounts_.create_reset(u->email, who.actor());
  if (!secret.ok()) return secret.status();
  return ResetLink{std::move(*secret), u->email};
}

Result<std::string> Administration::create_token(const Principal& who, std::string_view email, std::string_view name) {
  if (email != who.user.email) QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  return accounts_.create_token(email, name, who.actor());
}

Status Administration::revoke_token(const Principal& who, int64_t token_id) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_users));
  return accounts_.revoke_token(token_id, who.actor());
}

Result<AuditPage> Administration::audit(const Principal& who, int page, int per_page) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::read_audit_log));
  if (page < 1 || page > 100'000) return Status::invalid_fields({{"page", "invalid", "a page from 1 to 100,000"}});
  auto entries = store_.audit().list(per_page, (page - 1) * per_page);
  if (!entries.ok()) return entries.status();
  auto total = store_.audit().count();
  if (!total.ok()) return total.status();
  return AuditPage{std::move(*entries), *total};
}

Result<std::map<std::string, std::string>> Administration::settings(const Principal& who) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_settings));
  auto all = store_.settings().all();
  if (!all.ok()) return all.status();
  std::map<std::string, std::string> out;
  for (const auto& f : editable_settings) {
    auto it = all->find(f.key);
    out[f.key] = it == all->end() ? std::string() : it->second;
  }
  return out;
}

Status Administration::save_settings(const Principal& who, const std::map<std::string, std::string>& values) {
  QALAM_RETURN_IF_ERROR(may_do(who, Permission::manage_settings));
  std::vector<FieldProblem> problems;
  std::map<std::string, std::string> kept;
  for (const auto& [key, value] : values) {
    const SettingField* field = nullptr;
    for (const auto& f : editable_settings) {
      if (key == f.key) field = &f;
    }
    if (field == nullptr) {
      problems.push_back({key, "unknown_field", "is not a setting the newsroom edits"});
    } else if (value.size() > field->max) {
      problems.push_back({key, "too_long", "at most " + std::to_string(field->max) + " bytes",
                          {{"limit", std::to_string(field->max)}}});
    } else if (!is_valid_utf8(value)) {
      problems.push_back({key, "not_utf8", "is not valid UTF-8"});
    } else if (field->link && !value.empty() && !is_allowed_link(value)) {
      problems.push_back({key, "link", std::string(allowed_link_rule)});
    } else {
      kept[key] = value;
    }
  }
  if (!problems.empty()) return Status::invalid_fields(std::move(problems));
  QALAM_RETURN_IF_ERROR(store_.settings().put_all(kept));
  accounts_.audit(who.user.id, who.actor(), "settings.save", "settings");
  return Status::ok_status();
}

Result<std::map<int64_t, std::string>> Administration::names() {
  auto users = store_.accounts().users();
  if (!users.ok()) return users.status();
  std::map<int64_t, std::string> out;
  for (const auto& u : *users) out[u.id] = u.name.empty() ? u.email : u.name;
  return out;
}

}  // namespace qalam::newsroom
