// The newsroom's page machinery (sessions, CSRF, rendering, headers) and the pages
// anyone may reach: sign-in, password reset, the language switch, shared previews.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/time_format.h"
#include "core/language.h"
#include "http/error_response.h"
#include "newsroom/ui/newsroom_ui.h"
#include "newsroom/secrets.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

constexpr std::string_view session_cookie = "qalam_session";
constexpr std::string_view sign_in_cookie = "qalam_sign_in";
constexpr std::string_view language_cookie = "qalam_lang";

bool safe_return_path(std::string_view p) {
  return p.starts_with("/newsroom/") && !p.starts_with("//") && p.find_first_of("\r\n\\") == std::string_view::npos;
}

}  // namespace

void add_newsroom_headers(http::Response& r) {
  r.set_header("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Cache-Control", "no-store");
}

NewsroomUi::NewsroomUi(const site::Theme& ui, const Clock& clock, Accounts& accounts, Editorial& editorial,
                       Curation& curation, Administration& administration, MediaLibrary& media,
                       Monitoring& monitoring, const site::PublicSite& public_site, NewsroomOptions options)
    : ui_(ui),
      clock_(clock),
      accounts_(accounts),
      editorial_(editorial),
      curation_(curation),
      administration_(administration),
      media_(media),
      monitoring_(monitoring),
      public_site_(public_site),
      options_(std::move(options)) {}

std::string NewsroomUi::ui_language(const http::Request& r, const std::optional<Principal>& who) const {
  if (auto c = r.cookie(language_cookie); c && is_site_language(*c)) return *c;
  if (who && is_site_language(who->user.language)) return who->user.language;
  return std::string(negotiate_language(r.header("Accept-Language"), "az"));
}

http::Handler NewsroomUi::signed_in(Page page) {
  return [this, page](const http::Request& r) {
    std::optional<Principal> who;
    Status unreadable;
    if (auto token = r.cookie(session_cookie)) {
      auto found = accounts_.session(*token);
      if (found.ok()) who = std::move(found).value();
      else if (found.status().code() != StatusCode::unauthenticated) unreadable = found.status();
    }
    Visit v{r, who, ui_language(r, who), {}};
    if (!unreadable.ok()) {
      // The session could not be read: not "signed out", which would lose a form.
      spdlog::error("newsroom: reading a session: {}", unreadable.to_string());
      http::Response out = message(v, 503, text(v, "unavailable"));
      out.set_header("Retry-After", "5");
      return out;
    }
    if (!who) {
      if (r.method != "GET" && r.method != "HEAD") return message(v, 401, text(v, "session_ended"));
      std::string back = r.target;
      return see_other("/newsroom/sign-in" + (safe_return_path(back) ? "?next=" + back : std::string()));
    }
    if (r.method == "POST") {
      auto form = http::parse_form(r);
      if (!form.ok()) return message(v, 400, form.status().message());
      v.form = std::move(form).value();
      auto csrf = v.form.get("csrf");
      if (!csrf || !equal_in_constant_time(*csrf, who->csrf_token)) {
        spdlog::warn("newsroom: CSRF check failed for {} {} from {}", r.method, r.path, r.remote_address);
        return message(v, 403, text(v, "csrf_failed"));
      }
    }
    http::Response out = (this->*page)(v);
    add_newsroom_headers(out);
    return out;
  };
}

http::Handler NewsroomUi::open(Page page) {
  return [this, page](const http::Request& r) {
    Visit v{r, std::nullopt, ui_language(r, std::nullopt), {}};
    if (r.method == "POST") {
      // Before sign-in a form is small: refused unread past 16 KB or 1,000 fields.
      auto form = http::parse_form(r, {.max_bytes = 16 * 1024, .max_fields = 1000});
      if (!form.ok()) return message(v, http::http_status_for(form.status().code()), form.status().message());
      v.form = std::move(form).value();
    }
    http::Response out = (this->*page)(v);
    add_newsroom_headers(out);
    return out;
  };
}

void NewsroomUi::add_routes(http::Router& router) {
  router.add("GET", "/newsroom", [this](const http::Request&) { return see_other("/newsroom/"); });
  router.add("GET", "/newsroom/", signed_in(&NewsroomUi::dashboard));
  router.add("GET", "/newsroom/sign-in", open(&NewsroomUi::sign_in_form));
  router.add("POST", "/newsroom/sign-in", open(&NewsroomUi::sign_in));
  router.add("POST", "/newsroom/sign-out", signed_in(&NewsroomUi::sign_out));
  router.add("POST", "/newsroom/sign-out-everywhere", signed_in(&NewsroomUi::sign_out_everywhere));
  router.add("GET", "/newsroom/reset", open(&NewsroomUi::reset_form));
  router.add("POST", "/newsroom/reset", open(&NewsroomUi::reset));
  router.add("GET", "/newsroom/language", open(&NewsroomUi::language));
  router.add("GET", "/preview/{token}", open(&NewsroomUi::shared_preview));

  router.add("GET", "/newsroom/pieces", signed_in(&NewsroomUi::pieces));
  router.add("GET", "/newsroom/pieces/new", signed_in(&NewsroomUi::new_piece));
  router.add("POST", "/newsroom/pieces", signed_in(&NewsroomUi::create_piece));
  router.add("GET", "/newsroom/pieces/{id}", signed_in(&NewsroomUi::piece));
  router.add("POST", "/newsroom/pieces/{id}", signed_in(&NewsroomUi::save_piece));
  router.add("GET", "/newsroom/pieces/{id}/preview", signed_in(&NewsroomUi::piece_preview));
  router.add("POST", "/newsroom/pieces/{id}/autosave", signed_in(&NewsroomUi::autosave_piece));
  router.add("POST", "/newsroom/pieces/{id}/translation-current", signed_in(&NewsroomUi::mark_translation_current));
  router.add("POST", "/newsroom/pieces/{id}/autosave/discard", signed_in(&NewsroomUi::discard_autosave));
  router.add("GET", "/newsroom/pieces/{id}/revisions", signed_in(&NewsroomUi::revisions));
  router.add("POST", "/newsroom/pieces/{id}/restore", signed_in(&NewsroomUi::restore));
  router.add("POST", "/newsroom/pieces/{id}/preview-links", signed_in(&NewsroomUi::create_preview_link));
  router.add("POST", "/newsroom/pieces/{id}/preview-links/revoke", signed_in(&NewsroomUi::revoke_preview_links));
  router.add("POST", "/newsroom/markdown", signed_in(&NewsroomUi::markdown_preview));

  router.add("GET", "/newsroom/content", signed_in(&NewsroomUi::content_index));
  router.add("GET", "/newsroom/content/{kind}", signed_in(&NewsroomUi::content));
  router.add("POST", "/newsroom/content/{kind}", signed_in(&NewsroomUi::save_content));
  router.add("GET", "/newsroom/media", signed_in(&NewsroomUi::media_page));
  router.add("POST", "/newsroom/media", signed_in(&NewsroomUi::upload));
  router.add("POST", "/newsroom/media/{name}/alt", signed_in(&NewsroomUi::set_alt));
  router.add("GET", "/newsroom/media/library.json", signed_in(&NewsroomUi::media_library_json));
  router.add("GET", "/newsroom/media/{name}", signed_in(&NewsroomUi::media_item));
  router.add("POST", "/newsroom/media/{name}/details", signed_in(&NewsroomUi::describe_media));
  router.add("POST", "/newsroom/media/{name}/delete", signed_in(&NewsroomUi::delete_media));
  router.add("GET", "/newsroom/users", signed_in(&NewsroomUi::users));
  router.add("POST", "/newsroom/users", signed_in(&NewsroomUi::add_user));
  router.add("POST", "/newsroom/users/{id}", signed_in(&NewsroomUi::change_user));
  router.add("POST", "/newsroom/tokens", signed_in(&NewsroomUi::create_token));
  router.add("POST", "/newsroom/tokens/{id}/revoke", signed_in(&NewsroomUi::revoke_token));
  router.add("GET", "/newsroom/inbox", signed_in(&NewsroomUi::inbox));
  router.add("POST", "/newsroom/inbox/state", signed_in(&NewsroomUi::set_inbox_state));
  router.add("GET", "/newsroom/inbox/{id}", signed_in(&NewsroomUi::press_from_item));
  router.add("POST", "/newsroom/inbox/{id}/press", signed_in(&NewsroomUi::make_press_item));
  router.add("GET", "/newsroom/sources", signed_in(&NewsroomUi::sources_page));
  router.add("POST", "/newsroom/sources", signed_in(&NewsroomUi::add_source));
  router.add("POST", "/newsroom/sources/{id}/remove", signed_in(&NewsroomUi::remove_source));
  router.add("GET", "/newsroom/topics", signed_in(&NewsroomUi::topics_page));
  router.add("POST", "/newsroom/topics", signed_in(&NewsroomUi::save_topic));
  router.add("POST", "/newsroom/topics/{id}/remove", signed_in(&NewsroomUi::remove_topic));
  router.add("GET", "/newsroom/audit", signed_in(&NewsroomUi::audit_log));
  router.add("GET", "/newsroom/settings", signed_in(&NewsroomUi::settings));
  router.add("POST", "/newsroom/settings", signed_in(&NewsroomUi::save_settings));
}

http::Response NewsroomUi::render(Visit& v, std::string_view template_name, std::string_view title,
                                  json::object view, int status) const {
  view["lang"] = v.lang;
  view["title"] = title;
  json::array languages;
  for (std::string_view l : site_languages) {
    languages.push_back(json::object{{"code", l}, {"name", ui_.text(l, "language_name")}, {"current", l == v.lang},
                                     {"url", "/newsroom/language?to=" + std::string(l) +
                                                 (safe_return_path(v.request.target) ? "&next=" + v.request.target : "")}});
  }
  view["languages"] = std::move(languages);
  if (v.who) {
    const store::User& u = v.who->user;
    view["me"] = json::object{{"name", u.name},
                              {"email", u.email},
                              {"role", ui_.text(v.lang, "role_" + std::string(role_name(u.role)))},
                              {"admin", may(u.role, Permission::manage_users)},
                              {"curator", may(u.role, Permission::curate_content)}};
    view["csrf"] = v.who->csrf_token;
    view["zone_note"] = ui_.text(v.lang, "times_in_zone", {{"zone", options_.time_zone},
                                                           {"offset", utc_offset_label(clock_.now(), options_.time_zone)}});
  }
  std::string body;
  const json::value data(std::move(view));  // moved: passing the object would copy it
  if (Status s = ui_.templates.render_to(template_name, data, body, &ui_.page_context(v.lang)); !s.ok()) {
    spdlog::error("newsroom: rendering {} failed: {}", template_name, s.to_string());
    return http::error_response(500, "", false);
  }
  http::Response r = http::Response::content(status, "text/html; charset=utf-8", std::move(body));
  r.set_header("Content-Language", v.lang);
  return r;
}

http::Response NewsroomUi::message(Visit& v, int status, std::string_view text_) const {
  http::Response r = render(v, "message", http::reason_phrase(status), json::object{{"message", text_}, {"status", status}}, status);
  add_newsroom_headers(r);
  return r;
}

http::Response NewsroomUi::see_other(std::string location) const {
  http::Response r = http::Response::redirect(303, std::move(location));
  add_newsroom_headers(r);
  return r;
}

http::Response NewsroomUi::refusal(Visit& v, const Status& r) const {
  int status = http::http_status_for(r.code());
  if (status >= 500) return message(v, status, status == 503 ? text(v, "unavailable") : text(v, "server_error"));
  if (r.code() == StatusCode::permission_denied) {
    return message(v, status, ui_.text(v.lang, "not_permitted", {{"role", text(v, "role_" + std::string(role_name(v.who->user.role)))}}));
  }
  if (r.problems().empty()) return message(v, status, r.message());
  std::string said;
  for (const FieldProblem& p : r.problems()) {
    if (!said.empty()) said += " ";
    said += field_name(v, p.field) + ": " + problem_text(v, p) + ".";
  }
  return message(v, status, said);
}

std::string NewsroomUi::problem_text(const Visit& v, const FieldProblem& p) const {
  // A field's own wording first ("problem_slug_taken"), then the code's.
  for (const std::string& key : {"problem_" + p.field + "_" + p.code, "problem_" + p.code}) {
    if (!ui_.has_text(v.lang, key)) continue;
    std::string out = ui_.text(v.lang, key);
    for (const auto& [name, raw] : p.args) {
      // A workflow status reads as the desk names it.
      std::string value = name == "status" && ui_.has_text(v.lang, "status_" + raw) ? text(v, "status_" + raw) : raw;
      site::fill_placeholder(out, name, value);
    }
    return out;
  }
  return p.message;
}

json::object NewsroomUi::moment(const Visit& v, TimePoint t) const {
  return {{"iso", rfc3339(t)}, {"text", long_datetime(t, v.lang, options_.time_zone)}};
}

std::string NewsroomUi::field_name(const Visit& v, std::string_view field) const {
  std::string key = "field_" + std::string(field);
  return ui_.has_text(v.lang, key) ? ui_.text(v.lang, key) : std::string(field);
}

std::vector<FieldProblem> NewsroomUi::problems_of(const Status& s) {
  if (!s.problems().empty()) return s.problems();
  return {{"action", "refused", s.message()}};
}

// Sign-in. The form carries a random value that must also come back in a cookie
// (double submit): another site cannot sign a browser in under its own account.
http::Response NewsroomUi::sign_in_form(Visit& v) {
  std::string nonce = random_token();
  std::string next = v.request.query_param("next").value_or("/newsroom/");
  json::object view{{"nonce", nonce}, {"next", safe_return_path(next) ? next : "/newsroom/"}};
  if (v.request.query_param("reset") == "done") view["notice"] = text(v, "password_changed");
  http::Response r = render(v, "sign_in", text(v, "sign_in"), std::move(view));
  r.add_header("Set-Cookie", std::string(sign_in_cookie) + "=" + nonce + "; Path=/newsroom/; HttpOnly; SameSite=Strict" +
                                 (options_.base_url.starts_with("https://") ? "; Secure" : ""));
  return r;
}

http::Response NewsroomUi::sign_in(Visit& v) {
  auto nonce = v.form.get("nonce");
  auto cookie = v.request.cookie(sign_in_cookie);
  if (!nonce || !cookie || nonce->empty() || !equal_in_constant_time(*nonce, *cookie)) {
    return message(v, 403, text(v, "csrf_failed"));
  }
  std::string email = v.form.get("email").value_or("");
  SignInResult result = accounts_.sign_in(email, v.form.get("password").value_or(""), v.request.remote_address);
  if (!result.status.ok()) {
    int status = http::http_status_for(result.status.code());
    std::string nonce2 = random_token();
    json::object view{{"nonce", nonce2}, {"email", email}, {"next", v.form.get("next").value_or("/newsroom/")}};
    view["error"] = result.status.code() == StatusCode::rate_limited
                        ? ui_.text(v.lang, "sign_in_throttled", {{"seconds", std::to_string(result.retry_after.count())}})
                        : result.status.code() == StatusCode::unauthenticated ? text(v, "sign_in_failed")
                                                                              : text(v, "server_error");
    http::Response r = render(v, "sign_in", text(v, "sign_in"), std::move(view), status == 401 ? 401 : status);
    if (result.retry_after.count() > 0) r.set_header("Retry-After", std::to_string(result.retry_after.count()));
    r.add_header("Set-Cookie", std::string(sign_in_cookie) + "=" + nonce2 +
                                   "; Path=/newsroom/; HttpOnly; SameSite=Strict" +
                                   (options_.base_url.starts_with("https://") ? "; Secure" : ""));
    return r;
  }
  std::string next = v.form.get("next").value_or("/newsroom/");
  http::Response r = see_other(safe_return_path(next) ? next : "/newsroom/");
  // No Max-Age: the server ends sessions (idle and absolute limits); the cookie may
  // go with the browser.
  // Scoped to the newsroom: public pages, feeds and media never receive it (only the
  // newsroom reads sessions; the Admin API takes tokens). The cookie of older
  // releases, scoped to the whole site, is removed.
  r.add_header("Set-Cookie", std::string(session_cookie) + "=" + result.token + "; Path=/newsroom; HttpOnly; SameSite=Lax" +
                                 (options_.base_url.starts_with("https://") ? "; Secure" : ""));
  r.add_header("Set-Cookie", std::string(session_cookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  r.add_header("Set-Cookie", std::string(sign_in_cookie) + "=; Path=/newsroom/; Max-Age=0");
  return r;
}

http::Response NewsroomUi::sign_out(Visit& v) {
  (void)accounts_.sign_out(*v.who, v.request.remote_address);
  http::Response r = see_other("/newsroom/sign-in");
  r.add_header("Set-Cookie", std::string(session_cookie) + "=; Path=/newsroom; Max-Age=0; HttpOnly; SameSite=Lax");
  return r;
}

http::Response NewsroomUi::sign_out_everywhere(Visit& v) {
  if (Status s = accounts_.sign_out_everywhere(*v.who, v.request.remote_address); !s.ok()) return refusal(v, s);
  http::Response r = see_other("/newsroom/sign-in");
  r.add_header("Set-Cookie", std::string(session_cookie) + "=; Path=/newsroom; Max-Age=0; HttpOnly; SameSite=Lax");
  return r;
}

http::Response NewsroomUi::reset_form(Visit& v) {
  std::string token = v.request.query_param("token").value_or("");
  return render(v, "reset", text(v, "reset_password"), json::object{{"token", token}});
}

http::Response NewsroomUi::reset(Visit& v) {
  std::string token = v.form.get("token").value_or("");
  std::string password = v.form.get("password").value_or("");
  if (password != v.form.get("password_again").value_or("")) {
    return render(v, "reset", text(v, "reset_password"), json::object{{"token", token}, {"error", text(v, "passwords_differ")}}, 400);
  }
  Status s = accounts_.reset_password(token, password, v.request.remote_address);
  if (!s.ok()) {
    return render(v, "reset", text(v, "reset_password"), json::object{{"token", token}, {"error", s.message()}},
                  http::http_status_for(s.code()));
  }
  return see_other("/newsroom/sign-in?reset=done");
}

http::Response NewsroomUi::language(Visit& v) {
  std::string to = v.request.query_param("to").value_or("");
  std::string next = v.request.query_param("next").value_or("/newsroom/");
  http::Response r = see_other(safe_return_path(next) ? next : "/newsroom/");
  if (is_site_language(to)) {
    r.add_header("Set-Cookie", std::string(language_cookie) + "=" + to + "; Path=/newsroom; Max-Age=31536000; SameSite=Lax");
  }
  return r;
}

// /preview/{token}: a piece as it will look, for whoever holds the link.
http::Response NewsroomUi::shared_preview(Visit& v) {
  auto a = editorial_.shared_piece(v.request.param("token"));
  if (!a.ok() && a.status().code() == StatusCode::not_found) return message(v, 404, text(v, "preview_link_gone"));
  if (!a.ok()) return refusal(v, a.status());
  http::Response r = public_site_.preview(v.request, *a);
  r.set_header("X-Robots-Tag", "noindex, nofollow");
  return r;
}

}  // namespace qalam::newsroom
