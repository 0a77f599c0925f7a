// The newsroom's media library and its administration pages: accounts and API tokens,
// the audit log and the site's settings (admins only, by the permission table).
#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "core/text.h"
#include "core/time_format.h"
#include "http/error_response.h"
#include "newsroom/ui/newsroom_ui.h"
#include "site/links.h"

namespace qalam::newsroom {
namespace json = boost::json;

json::object NewsroomUi::media_view(const store::MediaItem& m) const {
  std::string page = "/newsroom/media/" + m.name;
  return {{"name", m.name},
          {"url", MediaLibrary::original_path(m)},
          {"thumb", m.variants.empty() ? MediaLibrary::original_path(m) : MediaLibrary::variant_path(m, m.variants.front())},
          {"width", m.width},
          {"height", m.height},
          {"shown_width", std::min(m.width, 480)},
          {"alt", m.alt},
          {"caption", m.caption},
          {"credit", m.credit},
          {"missing_alt", m.alt.empty()},
          {"page", page},
          {"details_action", page + "/details"},
          {"delete_action", page + "/delete"}};
}

http::Response NewsroomUi::media_page(Visit& v) {
  std::string q = v.request.query_param("q").value_or("");
  auto items = media_.find(q, 60);
  if (!items.ok()) return refusal(v, items.status());
  json::array rows;
  for (const auto& m : *items) rows.push_back(media_view(m));
  json::object view{{"rows", std::move(rows)}, {"q", q}, {"limit_mb", media_.options().max_bytes / 1024 / 1024}};
  if (auto n = v.request.query_param("uploaded")) view["notice"] = ui_.text(v.lang, "uploaded", {{"url", *n}});
  if (v.request.query_param("deleted")) view["notice"] = text(v, "done_delete");
  return render(v, "media", text(v, "media"), std::move(view));
}

// The library for the editor's script: the images matching ?q=, newest first.
http::Response NewsroomUi::media_library_json(Visit& v) {
  auto items = media_.find(v.request.query_param("q").value_or(""), 48);
  if (!items.ok()) return http::error_response(items.status(), true);
  json::array out;
  for (const auto& m : *items) out.push_back(media_view(m));
  http::Response r = http::Response::content(200, "application/json", json::serialize(out));
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response NewsroomUi::media_item(Visit& v) {
  auto m = media_.item(v.request.param("name"));
  if (!m.ok()) return m.status().code() == StatusCode::not_found ? message(v, 404, text(v, "nothing_here")) : refusal(v, m.status());
  auto uses = media_.used_in(m->name);
  if (!uses.ok()) return refusal(v, uses.status());
  json::array use_rows;
  for (const auto& u : *uses) {
    use_rows.push_back(json::object{{"title", u.title}, {"lang", u.lang}, {"url", "/newsroom/pieces/" + std::to_string(u.article_id)}});
  }
  json::object view{{"item", media_view(*m)}, {"uses", std::move(use_rows)}};
  if (v.request.query_param("saved")) view["notice"] = text(v, "done_describe");
  return render(v, "media_item", m->name + "." + m->extension, std::move(view));
}

http::Response NewsroomUi::describe_media(Visit& v) {
  std::string name(v.request.param("name"));
  Status s = media_.describe(*v.who, name, v.form.get("alt").value_or(""), v.form.get("caption").value_or(""),
                             v.form.get("credit").value_or(""));
  if (v.request.wants_json()) {
    if (!s.ok()) return http::error_response(s, true);
    auto m = media_.item(name);
    if (!m.ok()) return http::error_response(m.status(), true);
    return http::Response::content(200, "application/json", json::serialize(media_view(*m)));
  }
  if (!s.ok()) return refusal(v, s);
  return see_other("/newsroom/media/" + name + "?saved=1");
}

http::Response NewsroomUi::delete_media(Visit& v) {
  if (Status s = media_.remove(*v.who, v.request.param("name")); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/media?deleted=1");
}

http::Response NewsroomUi::upload(Visit& v) {
  const http::FormField* file = v.form.file("file");
  if (!file) return message(v, 400, text(v, "choose_a_file"));
  auto item = media_.upload(*v.who, file->value, v.form.get("alt").value_or(""));
  // The editor's script (drag and drop, paste) asks for JSON: the image, or the problem.
  if (v.request.wants_json()) {
    if (!item.ok()) return http::error_response(item.status(), true);
    return http::Response::content(201, "application/json", json::serialize(media_view(*item)));
  }
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
  auto overview = administration_.accounts(*v.who);
  if (!overview.ok()) return refusal(v, overview.status());
  const auto& list = overview->users;
  const auto& tokens = overview->tokens;
  json::array rows, token_rows;
  std::map<int64_t, std::string> emails;
  for (const auto& u : list) {
    emails[u.id] = u.email;
    json::array roles;
    for (Role r : {Role::contributor, Role::author, Role::editor, Role::admin}) {
      std::string code(role_name(r));
      roles.push_back(json::object{{"code", code}, {"name", text(v, "role_" + code)}, {"selected", r == u.role}});
    }
    json::array profiles{json::object{{"slug", ""}, {"name", "—"}, {"selected", u.author_id == 0}}};
    for (const auto& a : overview->authors) {
      profiles.push_back(json::object{{"slug", a.slug}, {"name", in_language(a.name, v.lang)}, {"selected", a.id == u.author_id}});
    }
    rows.push_back(json::object{{"id", u.id}, {"email", u.email}, {"name", u.name}, {"roles", std::move(roles)},
                                {"profiles", std::move(profiles)},
                                {"disabled", u.disabled}, {"action", "/newsroom/users/" + std::to_string(u.id)}});
  }
  for (const auto& t : tokens) {
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
  auto role = parse_role(v.form.get("role").value_or(""));
  if (!role) return refusal(v, Status::invalid_fields({{"role", "invalid", "choose a role"}}));
  store::User u;
  u.email = v.form.get("email").value_or("");
  u.name = v.form.get("name").value_or("");
  u.role = *role;
  auto id = administration_.add_user(*v.who, u, v.form.get("password").value_or(""));
  if (!id.ok()) return refusal(v, id.status());
  return see_other("/newsroom/users?notice=user_added");
}

http::Response NewsroomUi::change_user(Visit& v) {
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, text(v, "nothing_here"));
  std::string action = v.form.get("action").value_or("");
  Status s;
  if (action == "role") {
    auto role = parse_role(v.form.get("role").value_or(""));
    if (!role) return refusal(v, Status::invalid_fields({{"role", "invalid", "choose a role"}}));
    s = administration_.set_role(*v.who, *id, *role);
  } else if (action == "author") {
    s = administration_.link_author(*v.who, *id, v.form.get("author").value_or(""));
  } else if (action == "disable" || action == "enable") {
    s = administration_.set_disabled(*v.who, *id, action == "disable");
  } else if (action == "reset") {
    auto link = administration_.create_reset(*v.who, *id);
    if (!link.ok()) return refusal(v, link.status());
    return message(v, 200, ui_.text(v.lang, "reset_link_made",
                                    {{"url", options_.base_url + "/newsroom/reset?token=" + link->secret},
                                     {"email", link->email}}));
  } else {
    return refusal(v, Status::invalid_fields({{"action", "invalid", "not an action on accounts"}}));
  }
  if (!s.ok()) return refusal(v, s);
  return see_other("/newsroom/users?notice=" + action);
}

http::Response NewsroomUi::create_token(Visit& v) {
  std::string email = v.form.get("email").value_or(v.who->user.email);
  auto token = administration_.create_token(*v.who, email, v.form.get("name").value_or(""));
  if (!token.ok()) return refusal(v, token.status());
  return message(v, 200, ui_.text(v.lang, "token_made", {{"token", *token}, {"email", email}}));
}

http::Response NewsroomUi::revoke_token(Visit& v) {
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, text(v, "nothing_here"));
  if (Status s = administration_.revoke_token(*v.who, *id); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/users?notice=token_revoked");
}

http::Response NewsroomUi::audit_log(Visit& v) {
  int page = 1;
  if (auto p = v.request.query_param("page")) {
    auto n = parse_int(*p);
    if (!n) return refusal(v, Status::invalid_fields({{"page", "invalid", "a page number"}}));
    page = static_cast<int>(std::clamp<int64_t>(*n, 0, 1'000'000));
  }
  constexpr int per_page = 100;
  auto log = administration_.audit(*v.who, page, per_page);
  if (!log.ok()) return refusal(v, log.status());
  json::array rows;
  for (const auto& e : log->entries) {
    json::object row{{"at", moment(v, e.at)}, {"actor", e.actor}, {"action", e.action},
                     {"subject", e.subject}, {"detail", e.detail}, {"address", e.address}};
    if (e.repeats > 1) row["repeats"] = e.repeats;
    rows.push_back(std::move(row));
  }
  json::object view{{"rows", std::move(rows)}, {"total", log->total}};
  if (page > 1) view["prev"] = site::query_page_path("/newsroom/audit", page - 1);
  if (static_cast<int64_t>(page) * per_page < log->total) view["next"] = site::query_page_path("/newsroom/audit", page + 1);
  return render(v, "audit", text(v, "audit"), std::move(view));
}

// A setting's form field: "site.title" is "site_title".
static std::string setting_field_name(std::string key) {
  std::replace(key.begin(), key.end(), '.', '_');
  return key;
}

http::Response NewsroomUi::settings(Visit& v) {
  auto all = administration_.settings(*v.who);
  if (!all.ok()) return refusal(v, all.status());
  json::object view;
  for (const auto& [key, value] : *all) view[setting_field_name(key)] = value;
  if (v.request.query_param("saved")) view["notice"] = text(v, "done_save");
  return render(v, "settings", text(v, "settings"), std::move(view));
}

http::Response NewsroomUi::save_settings(Visit& v) {
  std::map<std::string, std::string> values;
  for (const auto& f : editable_settings) {
    if (auto value = v.form.get(setting_field_name(f.key))) values[f.key] = *value;
  }
  if (Status s = administration_.save_settings(*v.who, values); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/settings?saved=1");
}

}  // namespace qalam::newsroom
