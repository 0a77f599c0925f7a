#include "api/admin_api.h"

#include <boost/json.hpp>

#include "api/content_api.h"
#include "api/json_views.h"
#include "core/time_format.h"
#include "core/language.h"
#include "core/text.h"
#include "http/error_response.h"
#include "http/multipart.h"

namespace qalam::api {
namespace json = boost::json;
namespace {

http::Response refusal_response(const Status& s) { return http::error_response(s, true); }

http::Response invalid(std::vector<FieldProblem> errors) {
  std::string detail = errors.size() == 1 ? errors[0].field + ": " + errors[0].message : "The request has problems.";
  return http::problem_response(400, detail, errors);
}

// The request body as a JSON object; a message when it is not one.
std::variant<json::object, http::Response> json_body(const http::Request& r) {
  std::string_view type = r.header("Content-Type");
  if (type.substr(0, type.find(';')) != "application/json") {
    return http::error_response(415, "Send the body as application/json.", true);
  }
  std::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec) return http::error_response(400, "The body is not valid JSON: " + ec.message() + ".", true);
  if (!v.is_object()) return http::error_response(400, "The body must be a JSON object.", true);
  return std::move(v.as_object());
}

// An ArticleInput from a JSON object; wrong types are field errors.
newsroom::ArticleInput article_input(const json::object& o, std::vector<FieldProblem>& errors) {
  newsroom::ArticleInput in;
  static const char* known[] = {"lang", "slug", "title", "lead", "body", "section", "image", "image_alt",
                                "published_at", "authors", "tags", "featured", "translation_of", "version"};
  for (const auto& [key, value] : o) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) errors.push_back({std::string(key), "unknown_field", "is not a field of an article"});
  }
  auto text = [&](const char* key, std::optional<std::string>& out) {
    const json::value* v = o.if_contains(key);
    if (!v) return;
    if (v->is_null()) out = "";
    else if (v->is_string()) out = std::string(v->as_string());
    else errors.push_back({key, "type", "must be a string"});
  };
  text("lang", in.lang);
  text("slug", in.slug);
  text("title", in.title);
  text("lead", in.lead);
  text("body", in.body);
  text("section", in.section);
  text("image", in.image);
  text("image_alt", in.image_alt);
  text("published_at", in.published_at);
  auto list = [&](const char* key, std::optional<std::vector<std::string>>& out) {
    const json::value* v = o.if_contains(key);
    if (!v) return;
    if (!v->is_array()) {
      errors.push_back({key, "type", "must be an array of slugs"});
      return;
    }
    out.emplace();
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) {
        errors.push_back({key, "type", "must be an array of slugs"});
        return;
      }
      out->emplace_back(item.as_string());
    }
  };
  list("authors", in.authors);
  list("tags", in.tags);
  if (const json::value* v = o.if_contains("featured")) {
    if (v->is_bool()) in.featured = v->as_bool();
    else errors.push_back({"featured", "type", "must be true or false"});
  }
  if (const json::value* v = o.if_contains("translation_of")) {
    if (v->is_int64()) in.translation_of = v->as_int64();
    else errors.push_back({"translation_of", "type", "must be an article id"});
  }
  return in;
}

// The version the client saw: "version" in the body, else If-Match ("3" or 3).
std::optional<int64_t> client_version(const http::Request& r, const json::object* body) {
  if (body) {
    if (const json::value* v = body->if_contains("version"); v && v->is_int64()) return v->as_int64();
  }
  std::string_view m = r.header("If-Match");
  if (m.size() >= 2 && m.front() == '"' && m.back() == '"') m = m.substr(1, m.size() - 2);
  if (!m.empty()) return parse_int(m);
  if (auto q = r.query_param("version")) return parse_int(*q);
  return std::nullopt;
}

http::Response version_required() {
  return invalid({{"version", "required", "give the version you last read (in the body, If-Match or ?version=) so "
                              "that nobody's save is overwritten"}});
}

std::optional<int64_t> id_param(const http::Request& r) {
  auto id = parse_int(r.param("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

}  // namespace

AdminApi::AdminApi(store::Store& store, newsroom::Accounts& accounts, newsroom::Editorial& editorial,
                   newsroom::MediaLibrary& media, std::string base_url)
    : store_(store), accounts_(accounts), editorial_(editorial), media_(media), base_url_(std::move(base_url)) {}

http::Handler AdminApi::authed(Handler handler) {
  return [this, handler](const http::Request& r) {
    std::string_view auth = r.header("Authorization");
    if (auth.size() < 7 || !http::iequals(auth.substr(0, 7), "Bearer ")) {
      http::Response out = http::error_response(401, "Send an Admin API token: Authorization: Bearer TOKEN.", true);
      out.set_header("WWW-Authenticate", "Bearer realm=\"qalam\"");
      return out;
    }
    auto who = accounts_.bearer(auth.substr(7));
    if (!who.ok()) {
      http::Response out = http::error_response(who.status(), r);  // problem+json: an /api/ path
      if (who.status().code() == StatusCode::unauthenticated) out.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return out;
    }
    return (this->*handler)(r, *who);
  };
}

void AdminApi::add_routes(http::Router& router) {
  router.add("GET", "/api/v1/admin/me", authed(&AdminApi::me));
  router.add("GET", "/api/v1/admin/articles", authed(&AdminApi::list));
  router.add("POST", "/api/v1/admin/articles", authed(&AdminApi::create));
  router.add("GET", "/api/v1/admin/articles/{id}", authed(&AdminApi::get));
  router.add("PATCH", "/api/v1/admin/articles/{id}", authed(&AdminApi::update));
  router.add("DELETE", "/api/v1/admin/articles/{id}", authed(&AdminApi::remove));
  router.add("POST", "/api/v1/admin/articles/{id}/submit", authed(&AdminApi::submit));
  router.add("POST", "/api/v1/admin/articles/{id}/schedule", authed(&AdminApi::schedule));
  router.add("POST", "/api/v1/admin/articles/{id}/publish", authed(&AdminApi::publish));
  router.add("POST", "/api/v1/admin/articles/{id}/unpublish", authed(&AdminApi::unpublish));
  router.add("GET", "/api/v1/admin/articles/{id}/revisions", authed(&AdminApi::revisions));
  router.add("POST", "/api/v1/admin/media", authed(&AdminApi::upload));
  router.add("GET", "/api/v1/admin/audit", authed(&AdminApi::audit));
}

http::Response AdminApi::me(const http::Request&, const newsroom::Principal& who) {
  return json_response(200, json::object{{"id", who.user.id},
                                         {"email", who.user.email},
                                         {"name", who.user.name},
                                         {"role", role_name(who.user.role)}});
}

http::Response AdminApi::list(const http::Request& r, const newsroom::Principal& who) {
  store::EditorialFilter f;
  editorial_.readable_only(who, f);
  if (auto s = r.query_param("status")) {
    f.status = parse_article_status(*s);
    if (!f.status) return invalid({{"status", "invalid", "one of draft, review, scheduled, published, unpublished"}});
  }
  f.lang = r.query_param("lang").value_or("");
  if (!f.lang.empty() && !is_site_language(f.lang)) return invalid({{"lang", "invalid", "choose az, en or ru"}});
  f.text = r.query_param("q").value_or("");
  auto limit = list_limit(r, 100);
  if (!limit) return invalid({{"limit", "invalid", "a whole number from 1 to 100"}});
  f.limit = *limit;
  if (auto c = r.query_param("cursor")) {
    auto v = parse_int(*c);
    if (!v || *v < 0) return invalid({{"cursor", "invalid", "not a cursor this API gave out"}});
    f.offset = static_cast<int>(*v);
  }
  auto items = store_.editorial().list(f);
  if (!items.ok()) return http::error_response(items.status(), r);
  auto total = store_.editorial().count(f);
  if (!total.ok()) return http::error_response(total.status(), r);
  auto names = names_for(store_, *items);
  if (!names.ok()) return http::error_response(names.status(), r);
  json::array out;
  for (const auto& a : *items) out.push_back(article_json(a, *names, base_url_, {.workflow = true}));
  json::object body{{"items", std::move(out)}, {"total", *total}};
  bool more = f.offset + static_cast<int64_t>(items->size()) < *total;
  body["next_cursor"] = more ? json::value(std::to_string(f.offset + f.limit)) : json::value(nullptr);
  return json_response(200, body);
}

namespace {
http::Response article_answer(store::Store& store, const Article& a, const std::string& base_url, int status) {
  auto names = names_for(store, {a});
  if (!names.ok()) return http::error_response(500, "", true);
  http::Response out = json_response(status, article_json(a, *names, base_url, {.body = true, .workflow = true}));
  out.set_header("ETag", "\"" + std::to_string(a.version) + "\"");
  return out;
}
}  // namespace

http::Response AdminApi::create(const http::Request& r, const newsroom::Principal& who) {
  auto body = json_body(r);
  if (auto* error = std::get_if<http::Response>(&body)) return *error;
  std::vector<FieldProblem> errors;
  auto input = article_input(std::get<json::object>(body), errors);
  if (!errors.empty()) return invalid(std::move(errors));
  auto made = editorial_.create(who, input);
  if (!made.ok()) return refusal_response(made.status());
  http::Response out = article_answer(store_, *made, base_url_, 201);
  out.set_header("Location", "/api/v1/admin/articles/" + std::to_string(made->id));
  return out;
}

http::Response AdminApi::get(const http::Request& r, const newsroom::Principal& who) {
  auto id = id_param(r);
  if (!id) return http::error_response(404, "no such article", true);
  auto a = editorial_.piece(who, *id);
  if (!a.ok()) return refusal_response(a.status());
  return article_answer(store_, *a, base_url_, 200);
}

http::Response AdminApi::update(const http::Request& r, const newsroom::Principal& who) {
  auto id = id_param(r);
  if (!id) return http::error_response(404, "no such article", true);
  auto body = json_body(r);
  if (auto* error = std::get_if<http::Response>(&body)) return *error;
  const json::object& o = std::get<json::object>(body);
  std::vector<FieldProblem> errors;
  auto input = article_input(o, errors);
  if (!errors.empty()) return invalid(std::move(errors));
  auto version = client_version(r, &o);
  if (!version) return version_required();
  auto saved = editorial_.update(who, *id, *version, input);
  if (!saved.ok()) return refusal_response(saved.status());
  return article_answer(store_, *saved, base_url_, 200);
}

http::Response AdminApi::remove(const http::Request& r, const newsroom::Principal& who) {
  auto id = id_param(r);
  if (!id) return http::error_response(404, "no such article", true);
  auto version = client_version(r, nullptr);
  if (!version) return version_required();
  if (Status refusal = editorial_.remove(who, *id, *version); !refusal.ok()) return refusal_response(refusal);
  http::Response out;
  out.status = 204;
  return out;
}

http::Response AdminApi::move(const http::Request& r, const newsroom::Principal& who, newsroom::Transition t) {
  auto id = id_param(r);
  if (!id) return http::error_response(404, "no such article", true);
  json::object o;
  if (!r.body.empty()) {
    auto body = json_body(r);
    if (auto* error = std::get_if<http::Response>(&body)) return *error;
    o = std::move(std::get<json::object>(body));
  }
  auto version = client_version(r, &o);
  if (!version) return version_required();
  std::optional<std::string> at;
  if (const json::value* v = o.if_contains("published_at")) {
    if (!v->is_string()) return invalid({{"published_at", "invalid", "must be a time like 2026-11-28T14:30:00Z"}});
    at = std::string(v->as_string());
  }
  auto moved = editorial_.transition(who, *id, *version, t, at);
  if (!moved.ok()) return refusal_response(moved.status());
  return article_answer(store_, *moved, base_url_, 200);
}

http::Response AdminApi::submit(const http::Request& r, const newsroom::Principal& who) { return move(r, who, newsroom::Transition::submit); }
http::Response AdminApi::schedule(const http::Request& r, const newsroom::Principal& who) { return move(r, who, newsroom::Transition::schedule); }
http::Response AdminApi::publish(const http::Request& r, const newsroom::Principal& who) { return move(r, who, newsroom::Transition::publish); }
http::Response AdminApi::unpublish(const http::Request& r, const newsroom::Principal& who) { return move(r, who, newsroom::Transition::unpublish); }

http::Response AdminApi::revisions(const http::Request& r, const newsroom::Principal& who) {
  auto id = id_param(r);
  if (!id) return http::error_response(404, "no such article", true);
  if (auto a = editorial_.piece(who, *id); !a.ok()) return refusal_response(a.status());
  auto list = store_.editorial().revisions(*id);
  if (!list.ok()) return http::error_response(list.status(), r);
  if (list->empty()) return http::error_response(404, "no article " + std::to_string(*id), true);
  json::array items;
  for (const auto& v : *list) {
    items.push_back(json::object{{"version", v.version}, {"actor", v.actor}, {"saved_at", rfc3339(v.saved_at)},
                                 {"status", article_status_name(v.status)}});
  }
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response AdminApi::upload(const http::Request& r, const newsroom::Principal& who) {
  // Either the image itself as the body (any image/* type; ?alt= for its alt text) or
  // a multipart form with a `file` part and an `alt` field.
  std::string_view type = r.header("Content-Type");
  std::string alt = r.query_param("alt").value_or("");
  std::string_view bytes = r.body;
  http::Form form;
  if (type.rfind("multipart/form-data", 0) == 0) {
    auto parsed = http::parse_form(r);
    if (!parsed.ok()) return invalid({{"file", "invalid", parsed.status().message()}});
    form = std::move(parsed).value();
    const http::FormField* f = form.file("file");
    if (!f) return invalid({{"file", "required", "attach the image as the form's `file` part"}});
    bytes = f->value;
    alt = form.get("alt").value_or(alt);
  }
  auto item = media_.upload(who, bytes, alt);
  if (!item.ok()) return refusal_response(item.status());
  const store::MediaItem& m = *item;
  json::array variants;
  for (int w : m.variants) variants.push_back(json::object{{"width", w}, {"url", newsroom::MediaLibrary::variant_path(m, w)}});
  http::Response out = json_response(201, json::object{{"name", m.name},
                                                       {"url", newsroom::MediaLibrary::original_path(m)},
                                                       {"mime", m.mime},
                                                       {"width", m.width},
                                                       {"height", m.height},
                                                       {"bytes", m.bytes},
                                                       {"alt", m.alt},
                                                       {"variants", std::move(variants)},
                                                       {"srcset", newsroom::MediaLibrary::srcset(m)}});
  out.set_header("Location", newsroom::MediaLibrary::original_path(m));
  return out;
}

http::Response AdminApi::audit(const http::Request& r, const newsroom::Principal& who) {
  if (!may(who.user.role, Permission::read_audit_log)) {
    return http::error_response(403, "Only admins read the audit log.", true);
  }
  auto limit = list_limit(r, 500);
  if (!limit) return invalid({{"limit", "invalid", "a whole number from 1 to 500"}});
  int64_t offset = 0;
  if (auto c = r.query_param("cursor")) {
    auto v = parse_int(*c);
    if (!v || *v < 0 || *v > INT32_MAX) return invalid({{"cursor", "invalid", "not a cursor this API gave out"}});
    offset = *v;
  }
  auto entries = store_.audit().list(*limit, static_cast<int>(offset));
  if (!entries.ok()) return http::error_response(entries.status(), r);
  // A page stops at about 256 KB of entries, whatever the limit: the log holds what
  // anonymous clients typed, so the size of a page must not be theirs to choose.
  constexpr size_t page_bytes = 256 * 1024;
  json::array items;
  size_t bytes = 0;
  for (const auto& e : *entries) {
    json::object item{{"at", rfc3339(e.at)}, {"actor", e.actor},     {"action", e.action},  {"subject", e.subject},
                      {"detail", e.detail},  {"address", e.address}, {"repeats", e.repeats}};
    size_t size = json::serialize(item).size();
    if (!items.empty() && bytes + size > page_bytes) break;
    bytes += size;
    items.push_back(std::move(item));
  }
  bool more = items.size() < entries->size() || static_cast<int>(entries->size()) == *limit;
  json::object out;
  if (more) out["next_cursor"] = std::to_string(offset + static_cast<int64_t>(items.size()));
  out["items"] = std::move(items);
  return json_response(200, std::move(out));
}

}  // namespace qalam::api
