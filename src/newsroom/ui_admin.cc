// The newsroom's media library and its administration pages: accounts and API tokens,
// the audit log and the site's settings (admins only, by the permission table).
#include <boost/json.hpp>

#include "core/text.h"
#include "core/time_format.h"
#include "http/error_response.h"
#include "newsroom/newsroom_ui.h"
#include "site/cache_keys.h"
#include "site/links.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

// The settings admins edit here, with their length limits.
struct SettingField {
  const char* key;
  size_t max;
};
constexpr SettingField setting_fields[] = {{"site.title", 200}, {"site.tagline", 400}};

}  // namespace

http::Response NewsroomUi::media_page(Visit& v) {
  auto items = store_.media().list(60, 0);
  if (!items.ok()) return refusal(v, items.status());
  json::array rows;
  for (const auto& m : *items) {
    rows.push_back(json::object{{"name", m.name},
                                {"url", MediaLibrary::original_path(m)},
                                {"thumb", m.variants.empty() ? MediaLibrary::original_path(m)
                                                             : MediaLibrary::variant_path(m, m.variants.front())},
                                {"width", m.width},
                                {"height", m.height},
                                {"alt", m.alt},
                                {"missing_alt", m.alt.empty()},
                                {"alt_action", "/newsroom/media/" + m.name + "/alt"}});
  }
  json::object view{{"rows", std::move(rows)},
                    {"limit_mb", media_.options().max_bytes / 1024 / 1024}};
  if (auto n = v.request.query_param("uploaded")) view["notice"] = ui_.text(v.lang, "uploaded", {{"url", *n}});
  return render(v, "media", text(v, "media"), std::move(view));
}

http::Response NewsroomUi::upload(Visit& v) {
  const http::FormField* file = v.form.file("file");
  if (!file) return message(v, 400, text(v, "choose_a_file"));
  auto item = media_.upload(*v.who, file->value, v.form.get("alt").value_or(""));
  if (!item.ok()) return refusal(v, item.status());
  return see_other("/newsroom/media?uploaded=" + MediaLibrary::original_path(*item));
}

http::Response NewsroomUi::set_alt(Visit& v) {
  if (Status r = media_.set_alt(*v.who, v.request.param("name"), v.form.get("alt").value_or("")); !r.ok()) {
    return refusal(v, r);
  }
  return see_other("/newsroom/media");
}

http::Response NewsroomUi::users(Visit& v) {
  if (!may(v.who->user.role, Permission::manage_users)) return message(v, 403, text(v, "admins_only"));
  auto list = store_.accounts().users();
  auto tokens = store_.accounts().tokens(0);
  if (!list.ok()) return refusal(v, list.status());
  if (!tokens.ok()) return refusal(v, tokens.status());
  json::array rows, token_rows;
  std::map<int64_t, std::string> emails;
  for (const auto& u : *list) {
    emails[u.id] = u.email;
    json::array roles;
    for (Role r : {Role::contributor, Role::author, Role::editor, Role::admin}) {
      std::string code(role_name(r));
      roles.push_back(json::object{{"code", code}, {"name", text(v, "role_" + code)}, {"selected", r == u.role}});
    }
    rows.push_back(json::object{{"id", u.id}, {"email", u.email}, {"name", u.name}, {"roles", std::move(roles)},
                                {"disabled", u.disabled}, {"action", "/newsroom/users/" + std::to_string(u.id)}});
  }
  for (const auto& t : *tokens) {
    token_rows.push_back(json::object{{"id", t.id}, {"email", emails[t.user_id]}, {"name", t.name},
                                      {"created", moment(v, t.created_at)},
                                      {"last_used", t.last_used == TimePoint{} ? json::value(nullptr) : json::value(moment(v, t.last_used))},
                                      {"revoked", t.revoked},
                                      {"action", "/newsroom/tokens/" + std::to_string(t.id) + "/revoke"}});
  }
  json::object view{{"rows", std::move(rows)}, {"tokens", std::move(token_rows)}};
  if (auto n = v.request.query_param("notice")) view["notice"] = text(v, "done_" + *n);
  return render(v, "users", text(v, "users"), std::move(view));
}

http::Response NewsroomUi::add_user(Visit& v) {
  if (!may(v.who->user.role, Permission::manage_users)) return message(v, 403, text(v, "admins_only"));
  auto role = parse_role(v.form.get("role").value_or(""));
  if (!role) return message(v, 400, "role");
  store::User u;
  u.email = v.form.get("email").value_or("");
  u.name = v.form.get("name").value_or("");
  u.role = *role;
  auto id = accounts_.add_user(u, v.form.get("password").value_or(""), v.who->actor());
  if (!id.ok()) return refusal(v, id.status());
  return see_other("/newsroom/users?notice=user_added");
}

http::Response NewsroomUi::change_user(Visit& v) {
  if (!may(v.who->user.role, Permission::manage_users)) return message(v, 403, text(v, "admins_only"));
  auto id = parse_int(v.request.param("id"));
  auto user = id ? store_.accounts().user_by_id(*id) : Result<std::optional<store::User>>(std::nullopt);
  if (!user.ok()) return refusal(v, user.status());
  if (!user->has_value()) return message(v, 404, "user");
  const std::string email = (*user)->email;
  std::string action = v.form.get("action").value_or("");
  Status s;
  std::string notice = action;
  if (action == "role") {
    auto role = parse_role(v.form.get("role").value_or(""));
    if (!role) return message(v, 400, "role");
    s = accounts_.set_role(email, *role, v.who->actor());
  } else if (action == "disable" || action == "enable") {
    s = accounts_.set_disabled(email, action == "disable", v.who->actor());
  } else if (action == "reset") {
    auto token = accounts_.create_reset(email, v.who->actor());
    if (!token.ok()) return refusal(v, token.status());
    return message(v, 200, ui_.text(v.lang, "reset_link_made",
                                    {{"url", options_.base_url + "/newsroom/reset?token=" + *token}, {"email", email}}));
  } else {
    return message(v, 400, "action: " + action);
  }
  if (!s.ok()) return refusal(v, s);
  return see_other("/newsroom/users?notice=" + notice);
}

http::Response NewsroomUi::create_token(Visit& v) {
  // Everyone may make tokens for themselves; admins for anyone.
  std::string email = v.form.get("email").value_or(v.who->user.email);
  if (email != v.who->user.email && !may(v.who->user.role, Permission::manage_users)) {
    return message(v, 403, text(v, "admins_only"));
  }
  auto token = accounts_.create_token(email, v.form.get("name").value_or(""), v.who->actor());
  if (!token.ok()) return refusal(v, token.status());
  return message(v, 200, ui_.text(v.lang, "token_made", {{"token", *token}, {"email", email}}));
}

http::Response NewsroomUi::revoke_token(Visit& v) {
  if (!may(v.who->user.role, Permission::manage_users)) return message(v, 403, text(v, "admins_only"));
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, "token");
  if (Status s = accounts_.revoke_token(*id, v.who->actor()); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/users?notice=token_revoked");
}

http::Response NewsroomUi::audit_log(Visit& v) {
  if (!may(v.who->user.role, Permission::read_audit_log)) return message(v, 403, text(v, "admins_only"));
  int page = 1;
  if (auto p = v.request.query_param("page")) {
    auto n = parse_int(*p);
    if (!n || *n < 1 || *n > 100000) return message(v, 400, "page");
    page = static_cast<int>(*n);
  }
  constexpr int per_page = 100;
  auto entries = store_.audit().list(per_page, (page - 1) * per_page);
  auto total = store_.audit().count();
  if (!entries.ok()) return refusal(v, entries.status());
  if (!total.ok()) return refusal(v, total.status());
  json::array rows;
  for (const auto& e : *entries) {
    json::object row{{"at", moment(v, e.at)}, {"actor", e.actor}, {"action", e.action},
                     {"subject", e.subject}, {"detail", e.detail}, {"address", e.address}};
    if (e.repeats > 1) row["repeats"] = e.repeats;
    rows.push_back(std::move(row));
  }
  json::object view{{"rows", std::move(rows)}, {"total", *total}};
  if (page > 1) view["prev"] = site::page_path("/newsroom/audit", page - 1);
  if (static_cast<int64_t>(page) * per_page < *total) view["next"] = site::page_path("/newsroom/audit", page + 1);
  return render(v, "audit", text(v, "audit"), std::move(view));
}

http::Response NewsroomUi::settings(Visit& v) {
  if (!may(v.who->user.role, Permission::manage_settings)) return message(v, 403, text(v, "admins_only"));
  auto all = store_.settings().all();
  if (!all.ok()) return refusal(v, all.status());
  json::object view;
  for (const auto& f : setting_fields) {
    auto it = all->find(f.key);
    std::string name = f.key;
    std::replace(name.begin(), name.end(), '.', '_');
    view[name] = it == all->end() ? std::string() : it->second;
  }
  if (v.request.query_param("saved")) view["notice"] = text(v, "done_save");
  return render(v, "settings", text(v, "settings"), std::move(view));
}

http::Response NewsroomUi::save_settings(Visit& v) {
  if (!may(v.who->user.role, Permission::manage_settings)) return message(v, 403, text(v, "admins_only"));
  // Check everything before writing anything.
  for (const auto& f : setting_fields) {
    std::string name = f.key;
    std::replace(name.begin(), name.end(), '.', '_');
    auto value = v.form.get(name);
    if (value && (value->size() > f.max || !is_valid_utf8(*value))) {
      return message(v, 400, name + ": at most " + std::to_string(f.max) + " bytes of text");
    }
  }
  for (const auto& f : setting_fields) {
    std::string name = f.key;
    std::replace(name.begin(), name.end(), '.', '_');
    if (auto value = v.form.get(name)) {
      if (Status s = store_.settings().put(f.key, *value); !s.ok()) return refusal(v, s);
    }
  }
  accounts_.audit(v.who->user.id, v.who->actor(), "settings.save", "settings");
  if (options_.evict) options_.evict({site::cache_keys::settings});
  return see_other("/newsroom/settings?saved=1");
}

}  // namespace qalam::newsroom
