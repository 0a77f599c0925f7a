// NewsroomUi: the editors' pages at /newsroom/. Server-rendered forms that work
// without JavaScript (a small script adds the live preview and tag suggestions), in
// Azerbaijani, English and Russian, from the interface files in newsroom/ (templates,
// locales, assets; loaded like a theme).
//
// Security: sessions ride in an HttpOnly, SameSite=Lax cookie (Secure when the site
// is https); every POST carries the session's CSRF token (the sign-in form a
// double-submit cookie); every answer has a strict CSP without inline script,
// frame-ancestors 'none', no-referrer, nosniff and no-store.
//
// The handlers are spread by family: ui_session.cc (sign-in, reset, page machinery),
// ui_pieces.cc (dashboard, list, editor, revisions, previews), ui_curate.cc
// (sections, tags, authors, press items, projects, missions), ui_inbox.cc (press
// monitoring: the inbox, sources, watch lists), ui_admin.cc (media, users and tokens,
// audit log, settings).
//
// Thread-safety: handlers run concurrently; NewsroomUi holds no mutable state.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "http/multipart.h"
#include "http/router.h"
#include "newsroom/accounts.h"
#include "newsroom/administration.h"
#include "newsroom/curation.h"
#include "newsroom/editorial.h"
#include "newsroom/media_library.h"
#include "newsroom/monitoring.h"
#include "site/public_site.h"
#include "site/theme.h"

namespace qalam::newsroom {

inline constexpr std::string_view newsroom_templates[] = {"layout", "sign_in", "reset", "dashboard", "pieces",
                                                          "editor", "revisions", "media", "users", "audit",
                                                          "settings", "message", "content", "curate", "media_item",
                                                          "inbox", "sources", "topics", "press_from_item"};

struct NewsroomOptions {
  std::string base_url;  // the public site's; https makes cookies Secure
  std::string time_zone = "UTC";  // every time the newsroom shows and takes
};

class NewsroomUi {
 public:
  NewsroomUi(const site::Theme& ui, const Clock& clock, Accounts& accounts, Editorial& editorial,
             Curation& curation, Administration& administration, MediaLibrary& media, Monitoring& monitoring,
             const site::PublicSite& public_site, NewsroomOptions options);
  void add_routes(http::Router& router);

 private:
  // One request's context: who (when signed in), the interface language, the form.
  struct Visit {
    const http::Request& request;
    std::optional<Principal> who;
    std::string lang;
    http::Form form;
  };
  using Page = http::Response (NewsroomUi::*)(Visit&);
  // Signed-in pages: others are sent to sign in; POSTs need the CSRF token.
  http::Handler signed_in(Page page);
  // Pages for anyone (sign-in, reset, shared previews).
  http::Handler open(Page page);

  // ui_session.cc
  http::Response sign_in_form(Visit& v);
  http::Response sign_in(Visit& v);
  http::Response sign_out(Visit& v);
  http::Response sign_out_everywhere(Visit& v);
  http::Response reset_form(Visit& v);
  http::Response reset(Visit& v);
  http::Response language(Visit& v);
  http::Response shared_preview(Visit& v);
  http::Response render(Visit& v, std::string_view template_name, std::string_view title, boost::json::object view,
                        int status = 200) const;
  http::Response message(Visit& v, int status, std::string_view text) const;
  http::Response see_other(std::string location) const;
  // A refused action as a page: its field problems in the desk's language.
  http::Response refusal(Visit& v, const Status& r) const;
  // A field problem in the desk's language (locale "problem_<code>"), or its message.
  std::string problem_text(const Visit& v, const FieldProblem& p) const;
  // A time for a template: {iso, text} ("28 noyabr 2026, 14:30" in the site's zone).
  boost::json::object moment(const Visit& v, TimePoint t) const;
  // A field's human name (locale "field_<name>"), or the field itself.
  std::string field_name(const Visit& v, std::string_view field) const;
  // A refusal's problems, or one on "action" saying what was refused.
  static std::vector<FieldProblem> problems_of(const Status& s);
  std::string ui_language(const http::Request& r, const std::optional<Principal>& who) const;
  std::string text(const Visit& v, std::string_view key) const { return ui_.text(v.lang, key); }

  // ui_pieces.cc
  http::Response dashboard(Visit& v);
  std::string reads_chart(const Visit& v) const;
  http::Response pieces(Visit& v);
  http::Response new_piece(Visit& v);
  http::Response create_piece(Visit& v);
  http::Response piece(Visit& v);
  http::Response save_piece(Visit& v);
  http::Response piece_preview(Visit& v);
  http::Response revisions(Visit& v);
  http::Response restore(Visit& v);
  http::Response create_preview_link(Visit& v);
  http::Response revoke_preview_links(Visit& v);
  http::Response markdown_preview(Visit& v);
  // `offer`: an autosave of `who` newer than the piece, offered back.
  http::Response editor(Visit& v, const Article& a, const std::vector<FieldProblem>& problems,
                        std::string_view notice, int status = 200, const AutosavedDraft* offer = nullptr);
  http::Response autosave_piece(Visit& v);
  http::Response mark_translation_current(Visit& v);
  http::Response discard_autosave(Visit& v);
  ArticleInput input_from_form(const http::Form& form) const;

  // ui_curate.cc
  http::Response content_index(Visit& v);
  http::Response content(Visit& v);
  http::Response save_content(Visit& v);
  // The forms of a kind; `submitted` (a refused record) shown again with `refused`'s problems.
  http::Response content_page(Visit& v, const boost::json::object* submitted, const Status& refused);

  // ui_inbox.cc
  http::Response inbox(Visit& v);
  http::Response set_inbox_state(Visit& v);
  http::Response sources_page(Visit& v);
  http::Response add_source(Visit& v);
  http::Response remove_source(Visit& v);
  http::Response topics_page(Visit& v);
  http::Response save_topic(Visit& v);
  http::Response remove_topic(Visit& v);
  http::Response press_from_item(Visit& v);
  http::Response make_press_item(Visit& v);
  // The press-item form beside the original; `values` as the form names them.
  http::Response press_form(Visit& v, const store::MonitoredItem& item, const boost::json::object& values,
                            const std::vector<FieldProblem>& problems, int status = 200);

  // ui_admin.cc
  http::Response media_page(Visit& v);
  http::Response upload(Visit& v);
  http::Response set_alt(Visit& v);
  http::Response media_item(Visit& v);
  http::Response describe_media(Visit& v);
  http::Response delete_media(Visit& v);
  http::Response media_library_json(Visit& v);
  // An image as the pages and the editor's script see it.
  boost::json::object media_view(const store::MediaItem& m) const;
  http::Response users(Visit& v);
  http::Response add_user(Visit& v);
  http::Response change_user(Visit& v);
  http::Response create_token(Visit& v);
  http::Response revoke_token(Visit& v);
  http::Response audit_log(Visit& v);
  http::Response settings(Visit& v);
  http::Response save_settings(Visit& v);

  const site::Theme& ui_;
  const Clock& clock_;
  Accounts& accounts_;
  Editorial& editorial_;
  Curation& curation_;
  Administration& administration_;
  MediaLibrary& media_;
  Monitoring& monitoring_;
  const site::PublicSite& public_site_;
  NewsroomOptions options_;
};

// The security headers every newsroom answer carries.
void add_newsroom_headers(http::Response& r);

}  // namespace qalam::newsroom
