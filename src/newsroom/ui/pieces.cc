// The newsroom's pages about pieces: the dashboard, the list with filters, the editor
// (with its live preview, translations, workflow buttons and preview links), and
// revisions with their diffs.
#include <boost/json.hpp>

#include "core/language.h"
#include "core/number_format.h"
#include "core/text.h"
#include "core/text_diff.h"

#include <map>
#include "core/time_format.h"
#include "http/error_response.h"
#include "newsroom/ui/newsroom_ui.h"
#include "render/bar_chart.h"
#include "render/markdown.h"
#include "site/links.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

// A datetime-local value in UTC, to the second.

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::optional<int64_t> id_of(const http::Request& r) {
  auto id = parse_int(r.param("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

// A piece's id, or 0 for "new" (a piece not created yet).
std::optional<int64_t> id_or_new(const http::Request& r) {
  if (r.param("id") == "new") return int64_t{0};
  return id_of(r);
}

}  // namespace

ArticleInput NewsroomUi::input_from_form(const http::Form& f) const {
  ArticleInput in;
  in.lang = f.get("lang");
  in.title = f.get("title");
  in.lead = f.get("lead");
  in.body = f.get("body");
  in.slug = f.get("slug");
  in.section = f.get("section");
  in.image = f.get("image");
  in.image_alt = f.get("image_alt");
  in.published_at = f.get("published_at");
  // The field is in the site's time zone; the service takes RFC 3339. What does not
  // parse goes on as typed, for the service to name.
  if (in.published_at && !in.published_at->empty()) {
    if (auto t = parse_local_datetime(*in.published_at, options_.time_zone)) in.published_at = rfc3339(*t);
  }
  if (auto tags = f.get("tags")) in.tags = split_list(*tags);
  if (f.get("authors_present")) {
    // The byline in the order the form lists it, then any added by slug.
    std::vector<std::string> authors = f.all("authors");
    for (std::string& slug : split_list(f.get("authors_add").value_or(""))) {
      if (std::find(authors.begin(), authors.end(), slug) == authors.end()) authors.push_back(std::move(slug));
    }
    in.authors = std::move(authors);
  }
  if (f.get("featured_present")) in.featured = f.get("featured").has_value();
  // Windows browsers send CRLF in textareas; the text keeps LF.
  if (in.body) {
    std::string lf;
    for (char c : *in.body) if (c != '\r') lf += c;
    in.body = std::move(lf);
  }
  return in;
}

// Reads per day over the last 30 days (UTC), from the privacy-preserving hourly counts.
std::string NewsroomUi::reads_chart(const Visit& v) const {
  using days = std::chrono::duration<int64_t, std::ratio<86400>>;
  const TimePoint today = std::chrono::floor<days>(clock_.now());
  const TimePoint first = today - days(29);
  auto counts = editorial_.reads_per_day(first);
  if (!counts.ok()) return {};
  std::vector<render::Bar> bars;
  int64_t total = 0;
  for (TimePoint day = first; day <= today; day += days(1)) {
    int64_t n = 0;
    for (const auto& [d, reads] : *counts) {
      if (d == day) n = reads;
    }
    total += n;
    std::string date = long_date(day, v.lang, "UTC");
    bars.push_back({rfc3339(day).substr(8, 2) + "." + rfc3339(day).substr(5, 2),
                    ui_.text(v.lang, "reads_on_day", {{"date", date}, {"n", count_text(n, v.lang)}}), n});
  }
  return render::bar_chart_svg(bars, text(v, "reads_per_day"),
                               ui_.text(v.lang, "reads_chart_description", {{"n", count_text(total, v.lang)}}));
}

http::Response NewsroomUi::dashboard(Visit& v) {
  auto list = [&](std::optional<ArticleStatus> status, int64_t owner, int limit) -> json::array {
    store::EditorialFilter f;
    f.status = status;
    f.owner_id = owner;
    f.limit = limit;
    json::array out;
    auto items = editorial_.list(*v.who, f);
    if (!items.ok()) return out;
    for (const auto& a : *items) {
      out.push_back(json::object{{"id", a.id},
                                 {"title", a.title},
                                 {"lang", a.lang},
                                 {"url", "/newsroom/pieces/" + std::to_string(a.id)},
                                 {"status", text(v, "status_" + std::string(article_status_name(a.status)))},
                                 {"when", moment(v, a.status == ArticleStatus::scheduled ? a.published_at : a.updated_at)}});
    }
    return out;
  };
  json::object view{{"my_drafts", list(ArticleStatus::draft, v.who->user.id, 10)},
                    {"in_review", list(ArticleStatus::review, 0, 10)},
                    {"scheduled", list(ArticleStatus::scheduled, 0, 10)},
                    {"published", list(ArticleStatus::published, 0, 10)},
                    {"reads_chart", reads_chart(v)}};
  if (may(v.who->user.role, Permission::curate_content)) {
    auto waiting = monitoring_.waiting(*v.who);
    if (waiting.ok() && *waiting > 0) {
      view["inbox_waiting"] = ui_.text(v.lang, "inbox_waiting", {{"count", std::to_string(*waiting)}});
    }
  }
  return render(v, "dashboard", text(v, "dashboard"), std::move(view));
}

http::Response NewsroomUi::pieces(Visit& v) {
  store::EditorialFilter f;
  std::string status = v.request.query_param("status").value_or("");
  if (!status.empty()) {
    f.status = parse_article_status(status);
    if (!f.status) return message(v, 400, "status: " + status);
  }
  f.lang = v.request.query_param("lang").value_or("");
  if (!f.lang.empty() && !is_site_language(f.lang)) return message(v, 400, "lang: " + f.lang);
  f.text = v.request.query_param("q").value_or("");
  bool mine = v.request.query_param("mine") == "1";
  if (mine) f.owner_id = v.who->user.id;
  int page = 1;
  if (auto p = v.request.query_param("page")) {
    auto n = parse_int(*p);
    if (!n || *n < 1 || *n > 100000) return message(v, 400, "page: " + *p);
    page = static_cast<int>(*n);
  }
  f.limit = 30;
  f.offset = (page - 1) * f.limit;
  auto items = editorial_.list(*v.who, f);
  auto total = editorial_.count(*v.who, f);
  if (!items.ok()) return refusal(v, items.status());
  if (!total.ok()) return refusal(v, total.status());
  json::array rows;
  for (const auto& a : *items) {
    rows.push_back(json::object{{"id", a.id},
                                {"title", a.title},
                                {"lang", a.lang},
                                {"url", "/newsroom/pieces/" + std::to_string(a.id)},
                                {"status", text(v, "status_" + std::string(article_status_name(a.status)))},
                                {"status_code", article_status_name(a.status)},
                                {"updated", moment(v, a.updated_at)}});
  }
  json::array statuses;
  for (auto s : {ArticleStatus::draft, ArticleStatus::review, ArticleStatus::scheduled, ArticleStatus::published,
                 ArticleStatus::unpublished}) {
    std::string code(article_status_name(s));
    statuses.push_back(json::object{{"code", code}, {"name", text(v, "status_" + code)}, {"selected", code == status}});
  }
  json::array langs;
  for (std::string_view l : site_languages) langs.push_back(json::object{{"code", l}, {"selected", l == f.lang}});
  // The filters as the reader sent them (still encoded: a title word with & in it stays one).
  std::string filters = v.request.query_without("page");
  std::string base = filters.empty() ? "/newsroom/pieces" : "/newsroom/pieces?" + filters;
  json::object view{{"rows", std::move(rows)}, {"statuses", std::move(statuses)}, {"langs", std::move(langs)},
                    {"q", f.text}, {"mine", mine}, {"total", *total}};
  if (page > 1) view["prev"] = site::query_page_path(base, page - 1);
  if (static_cast<int64_t>(page) * f.limit < *total) view["next"] = site::query_page_path(base, page + 1);
  return render(v, "pieces", text(v, "pieces"), std::move(view));
}

http::Response NewsroomUi::editor(Visit& v, const Article& a, const std::vector<FieldProblem>& problems,
                                  std::string_view notice, int status, const AutosavedDraft* offer) {
  json::object piece{{"id", a.id ? json::value(a.id) : json::value(nullptr)},  // 0 would be truthy
                     {"version", a.version},
                     {"lang", a.lang},
                     {"title", a.title},
                     {"lead", a.lead},
                     {"body", a.body},
                     {"slug", a.slug},
                     {"image", a.image},
                     {"image_alt", a.image_alt},
                     {"featured", a.featured},
                     {"published_at", local_datetime_field(a.published_at, options_.time_zone)},
                     {"status", text(v, "status_" + std::string(article_status_name(a.status)))},
                     {"status_code", article_status_name(a.status)},
                     {"action", a.id ? "/newsroom/pieces/" + std::to_string(a.id) : std::string("/newsroom/pieces")}};
  // A new translation carries the original's id (kept in translation_group until saved).
  if (a.id == 0 && !a.translation_group.empty()) piece["translation_of"] = a.translation_group;
  json::object errors;
  json::array problem_list;
  for (const auto& p : problems) {
    std::string said = problem_text(v, p);
    errors[p.field] = said;
    problem_list.push_back(json::object{{"field", p.field}, {"field_name", field_name(v, p.field)}, {"message", said}});
  }
  // Sections, authors, tags to choose from.
  auto catalog = editorial_.catalog();
  if (!catalog.ok()) return refusal(v, catalog.status());
  json::array sections{json::object{{"slug", ""}, {"name", "—"}, {"selected", a.section_id == 0}}};
  for (const auto& s : catalog->sections) {
    sections.push_back(json::object{{"slug", s.slug}, {"name", in_language(s.name, v.lang)}, {"selected", s.id == a.section_id}});
  }
  // The byline in its order, and every author to add from.
  json::array authors, chosen_authors;
  for (int64_t id : a.author_ids) {
    for (const auto& au : catalog->authors) {
      if (au.id == id) chosen_authors.push_back(json::object{{"slug", au.slug}, {"name", in_language(au.name, v.lang)}});
    }
  }
  for (const auto& au : catalog->authors) authors.push_back(json::object{{"slug", au.slug}, {"name", in_language(au.name, v.lang)}});
  json::array tag_options;
  std::vector<std::string> chosen_tags;
  for (const auto& t : catalog->tags) {
    tag_options.push_back(json::object{{"slug", t.slug}, {"name", in_language(t.name, v.lang)}});
    if (std::find(a.tag_ids.begin(), a.tag_ids.end(), t.id) != a.tag_ids.end()) chosen_tags.push_back(t.slug);
  }
  piece["tags"] = join(chosen_tags);
  json::array langs;
  for (std::string_view l : site_languages) {
    langs.push_back(json::object{{"code", l}, {"name", ui_.text(l, "language_name")}, {"selected", l == a.lang}});
  }
  // Translations: the group's other pieces, and the languages still missing.
  json::array translations, missing;
  if (a.id) {
    auto group = editorial_.translations(*v.who, a);
    std::vector<std::string> have{a.lang};
    if (group.ok()) {
      for (const auto& t : *group) {
        have.push_back(t.lang);
        translations.push_back(json::object{{"lang", t.lang}, {"title", t.title}, {"url", "/newsroom/pieces/" + std::to_string(t.id)},
                                            {"status", text(v, "status_" + std::string(article_status_name(t.status)))}});
      }
    }
    for (std::string_view l : site_languages) {
      if (std::find(have.begin(), have.end(), l) != have.end()) continue;
      missing.push_back(json::object{{"lang", l}, {"name", ui_.text(l, "language_name")},
                                     {"url", "/newsroom/pieces/new?translation_of=" + std::to_string(a.id) + "&lang=" + std::string(l)}});
    }
  }
  // The buttons this account may press now.
  const PieceActions allowed = editorial_.actions(*v.who, a);
  json::object can{{"save", allowed.save},           {"submit", allowed.submit},
                   {"publish", allowed.publish},     {"schedule", allowed.schedule},
                   {"unpublish", allowed.unpublish}, {"to_draft", allowed.to_draft},
                   {"delete", allowed.remove}};
  json::object view{{"piece", std::move(piece)},
                    {"errors", std::move(errors)},
                    {"problems", std::move(problem_list)},
                    {"sections", std::move(sections)},
                    {"authors", std::move(authors)},
                    {"chosen_authors", std::move(chosen_authors)},
                    {"tag_options", std::move(tag_options)},
                    {"langs", std::move(langs)},
                    {"translations", std::move(translations)},
                    {"missing_translations", std::move(missing)},
                    {"can", std::move(can)},
                    {"preview_html", render::markdown_to_html(a.body)},
                    {"time_help", ui_.text(v.lang, "time_help",
                                           {{"zone", options_.time_zone},
                                            {"offset", utc_offset_label(a.published_at == TimePoint{} ? clock_.now()
                                                                                                      : a.published_at,
                                                                        options_.time_zone)}})}};
  if (!notice.empty()) view["notice"] = notice;
  if (a.status == ArticleStatus::published) view["public_url"] = "/" + a.lang + "/articles/" + a.slug;
  // A translation: its source beside the form (open while translating a new one),
  // and a flag when the source's text changed since the translation was made.
  auto source_view = [&](const Article& src, bool open) {
    return json::object{{"heading", ui_.text(v.lang, "source_heading", {{"lang", ui_.text(src.lang, "language_name")},
                                                                          {"version", std::to_string(src.version)}})},
                        {"lang", src.lang}, {"title", src.title}, {"lead", src.lead},
                        {"body_html", render::markdown_to_html(src.body)}, {"open", open}};
  };
  if (a.id != 0) {
    if (auto state = editorial_.translation_state(*v.who, a.id); state.ok() && state->has_value()) {
      const TranslationState& t = **state;
      json::object src = source_view(t.source, t.source_changed);
      if (t.source_changed) {
        src["changed"] = json::object{
            {"text", ui_.text(v.lang, "source_changed", {{"lang", ui_.text(t.source.lang, "language_name")},
                                                          {"from", std::to_string(t.made_from_version)},
                                                          {"to", std::to_string(t.source.version)}})},
            {"compare_url", "/newsroom/pieces/" + std::to_string(t.source.id) + "/revisions?from=" +
                                std::to_string(t.made_from_version) + "&to=" + std::to_string(t.source.version)},
            {"mark_action", "/newsroom/pieces/" + std::to_string(a.id) + "/translation-current"}};
      }
      view["source"] = std::move(src);
    }
  } else if (auto of = parse_int(a.translation_group); of && *of > 0) {
    if (auto src = editorial_.piece(*v.who, *of); src.ok()) view["source"] = source_view(*src, true);
  }
  // Autosave: where the form sends what is typed, and an earlier unsaved text to offer back.
  std::string piece_path = "/newsroom/pieces/" + (a.id ? std::to_string(a.id) : std::string("new"));
  view["autosave_url"] = piece_path + "/autosave";
  if (offer != nullptr) {
    std::string back = a.id ? piece_path : "/newsroom/pieces/new";
    view["autosave_offer"] = json::object{
        {"text", ui_.text(v.lang, "autosave_found", {{"when", long_datetime(offer->saved_at, v.lang, options_.time_zone)}})},
        {"restore_url", back + "?restore=autosave"},
        {"discard_action", piece_path + "/autosave/discard"}};
  }
  return render(v, "editor", a.id ? a.title : text(v, "new_piece"), std::move(view), status);
}

http::Response NewsroomUi::new_piece(Visit& v) {
  Article a;
  a.lang = v.request.query_param("lang").value_or(v.lang);
  if (!is_site_language(a.lang)) a.lang = v.lang;
  if (auto of = v.request.query_param("translation_of")) {
    auto id = parse_int(*of);
    Result<Article> original = id ? editorial_.piece(*v.who, *id) : Result<Article>(Status::not_found("no piece"));
    if (!original.ok()) return message(v, 404, text(v, "no_such_piece"));
    // A translation starts from the original's metadata.
    a.translation_group = std::to_string(*id);
    a.section_id = original->section_id;
    a.author_ids = original->author_ids;
    a.tag_ids = original->tag_ids;
    a.image = original->image;
    a.image_alt = original->image_alt;
  }
  if (a.author_ids.empty() && v.who->user.author_id) a.author_ids.push_back(v.who->user.author_id);
  auto kept = editorial_.autosaved(*v.who, 0);
  if (!kept.ok()) return refusal(v, kept.status());
  if (*kept && v.request.query_param("restore") == "autosave") {
    const AutosavedDraft& d = **kept;
    Article restored = editorial_.with_input(*v.who, a, d.input, true);
    restored.translation_group = d.input.translation_of ? std::to_string(*d.input.translation_of) : std::string();
    return editor(v, restored, {}, text(v, "autosave_restored"));
  }
  return editor(v, a, {}, {}, 200, *kept ? &**kept : nullptr);
}

http::Response NewsroomUi::create_piece(Visit& v) {
  ArticleInput in = input_from_form(v.form);
  if (auto of = v.form.get("translation_of"); of && !of->empty()) in.translation_of = parse_int(*of).value_or(-1);
  std::string action = v.form.get("action").value_or("save");
  auto shown = [&](const std::vector<FieldProblem>& problems, int status) {
    Article a = editorial_.with_input(*v.who, Article{}, in, true);
    // Unsaved, the form carries the original's id (editor() reads it from here).
    a.translation_group = in.translation_of ? std::to_string(*in.translation_of) : std::string();
    return editor(v, a, problems, {}, status);
  };
  if (action == "preview") return shown({}, 200);
  auto transition = parse_transition(action);
  if (action != "save" && !transition) return message(v, 400, "action: " + action);
  auto made = editorial_.create(*v.who, in, transition, in.published_at);
  if (!made.ok()) {
    if (made.status().code() == StatusCode::permission_denied) return refusal(v, made.status());
    return shown(problems_of(made.status()), http::http_status_for(made.status().code()));
  }
  return see_other("/newsroom/pieces/" + std::to_string(made->id) + "?done=" + action);
}

http::Response NewsroomUi::piece(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto a = editorial_.piece(*v.who, *id);
  if (!a.ok()) return a.status().code() == StatusCode::not_found ? message(v, 404, text(v, "no_such_piece")) : refusal(v, a.status());
  std::string notice;
  if (auto done = v.request.query_param("done")) notice = text(v, "done_" + *done);
  auto kept = editorial_.autosaved(*v.who, *id);
  if (!kept.ok()) return refusal(v, kept.status());
  if (*kept && v.request.query_param("restore") == "autosave") {
    // The form as it was typed, at the version it was opened at: when someone saved
    // since, saving it is refused as a clash and nothing of theirs is lost.
    Article restored = editorial_.with_input(*v.who, *a, (*kept)->input, false);
    restored.version = (*kept)->base_version;
    return editor(v, restored, {}, text(v, "autosave_restored"));
  }
  return editor(v, *a, {}, notice, 200, *kept ? &**kept : nullptr);
}

http::Response NewsroomUi::save_piece(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto current = editorial_.piece(*v.who, *id);
  if (!current.ok()) return refusal(v, current.status());
  std::string action = v.form.get("action").value_or("save");
  auto version = parse_int(v.form.get("version").value_or(""));
  if (!version) return message(v, 400, "version");
  ArticleInput in = input_from_form(v.form);
  // What the editor typed, shown again whatever happens: every field, section, tags,
  // authors and time included.
  auto typed = [&] {
    Article a = editorial_.with_input(*v.who, *current, in, false);
    a.version = *version;
    return a;
  };
  auto refused = [&](const Status& r) {
    if (r.code() == StatusCode::permission_denied && r.problems().empty()) return refusal(v, r);
    return editor(v, typed(), problems_of(r), {}, http::http_status_for(r.code()));
  };
  if (action == "preview") return editor(v, typed(), {}, {});
  if (action == "delete") {
    if (Status r = editorial_.remove(*v.who, *id, *version); !r.ok()) return refused(r);
    return see_other("/newsroom/pieces?deleted=1");
  }
  auto transition = parse_transition(action);
  if (action != "save" && !transition) return message(v, 400, "action: " + action);
  // The text and the button pressed, in one transaction: refused, nothing is saved
  // and the form comes back as typed, saying so.
  auto saved = editorial_.save_and_move(*v.who, *id, *version, in, transition, in.published_at);
  if (!saved.ok()) {
    const Status& r = saved.status();
    if (r.code() == StatusCode::permission_denied && r.problems().empty()) return refusal(v, r);
    return editor(v, typed(), problems_of(r), transition ? text(v, "nothing_saved") : "", http::http_status_for(r.code()));
  }
  return see_other("/newsroom/pieces/" + std::to_string(*id) + "?done=" + action);
}

// The translator says the translation follows its source again.
http::Response NewsroomUi::mark_translation_current(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto version = parse_int(v.form.get("version").value_or(""));
  if (!version) return message(v, 400, text(v, "version_missing"));
  auto done = editorial_.mark_translation_current(*v.who, *id, *version);
  if (!done.ok()) return refusal(v, done.status());
  return see_other("/newsroom/pieces/" + std::to_string(*id) + "?done=translation_current");
}

// The editor's script sends the form here a few seconds after typing stops.
http::Response NewsroomUi::autosave_piece(Visit& v) {
  auto id = id_or_new(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  ArticleInput in = input_from_form(v.form);
  if (auto of = v.form.get("translation_of"); of && !of->empty()) in.translation_of = parse_int(*of).value_or(-1);
  int64_t version = parse_int(v.form.get("version").value_or("0")).value_or(0);
  if (Status s = editorial_.autosave(*v.who, *id, version, in); !s.ok()) return refusal(v, s);
  json::object answer{{"saved", ui_.text(v.lang, "autosaved_at", {{"when", long_datetime(clock_.now(), v.lang,
                                                                                          options_.time_zone)}})}};
  return http::Response::content(200, "application/json", json::serialize(answer));
}

http::Response NewsroomUi::discard_autosave(Visit& v) {
  auto id = id_or_new(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  if (Status s = editorial_.discard_autosave(*v.who, *id); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/pieces/" + (*id ? std::to_string(*id) : std::string("new")));
}

http::Response NewsroomUi::piece_preview(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto a = editorial_.piece(*v.who, *id);
  if (!a.ok()) return refusal(v, a.status());
  http::Response r = public_site_.preview(v.request, *a);
  r.set_header("X-Robots-Tag", "noindex, nofollow");
  return r;
}

http::Response NewsroomUi::revisions(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto pick = [&](const char* name) { return parse_int(v.request.query_param(name).value_or("")); };
  auto h = editorial_.history(*v.who, *id, pick("from"), pick("to"));
  if (!h.ok()) return refusal(v, h.status());
  const Article* a = &h->piece;
  const auto* list = &h->revisions;
  const int64_t from = h->from, to = h->to;
  // Who saved each revision, by name (the email only when the account is gone).
  std::map<int64_t, std::string> names;
  if (auto known = administration_.names(); known.ok()) names = std::move(*known);
  json::array rows;
  for (const auto& r : *list) {
    auto name = names.find(r.user_id);
    rows.push_back(json::object{{"version", r.version},
                                {"actor", name != names.end() ? name->second : r.actor},
                                {"at", moment(v, r.saved_at)},
                                {"status", text(v, "status_" + std::string(article_status_name(r.status)))},
                                {"from", r.version == from}, {"to", r.version == to},
                                {"current", r.version == a->version}});
  }
  json::object view{{"piece", json::object{{"id", a->id}, {"title", a->title}, {"version", a->version}}},
                    {"rows", std::move(rows)}, {"from", from}, {"to", to}};
  if (h->older && h->newer) {
    const Article &x = *h->older, &y = *h->newer;
    // Each field that changed, its changed paragraphs word by word; the rest counted.
    json::array fields;
    auto field = [&](const char* name, const std::string& before, const std::string& after) {
      if (before == after) return;
      json::array blocks;
      for (const DiffBlock& b : compact_diff(before, after)) {
        if (b.runs.empty()) {
          blocks.push_back(json::object{{"gap", ui_.text(v.lang, "unchanged_paragraphs", {{"n", std::to_string(b.skipped)}})}});
          continue;
        }
        json::array runs;
        for (const DiffLine& r : b.runs) {
          runs.push_back(json::object{{"text", r.text}, {"same", r.kind == DiffKind::same},
                                      {"removed", r.kind == DiffKind::removed}, {"added", r.kind == DiffKind::added}});
        }
        blocks.push_back(json::object{{"runs", std::move(runs)}});
      }
      fields.push_back(json::object{{"name", field_name(v, name)}, {"blocks", std::move(blocks)}});
    };
    field("title", x.title, y.title);
    field("lead", x.lead, y.lead);
    field("body", x.body, y.body);
    field("slug", x.slug, y.slug);
    field("image", x.image, y.image);
    field("image_alt", x.image_alt, y.image_alt);
    view["diff"] = std::move(fields);
    view["no_changes"] = view["diff"].as_array().empty();
  }
  return render(v, "revisions", text(v, "revisions"), std::move(view));
}

http::Response NewsroomUi::restore(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto version = parse_int(v.form.get("version").value_or(""));
  auto revision = parse_int(v.form.get("revision").value_or(""));
  if (!version || !revision) return message(v, 400, "version, revision");
  auto done = editorial_.restore(*v.who, *id, *version, *revision);
  if (!done.ok()) return refusal(v, done.status());
  return see_other("/newsroom/pieces/" + std::to_string(*id) + "?done=restore");
}

http::Response NewsroomUi::create_preview_link(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  auto link = editorial_.create_preview_link(*v.who, *id);
  if (!link.ok()) return refusal(v, link.status());
  auto a = editorial_.piece(*v.who, *id);
  if (!a.ok()) return refusal(v, a.status());
  std::string url = options_.base_url + "/preview/" + *link;
  return editor(v, *a, {}, ui_.text(v.lang, "preview_link_made", {{"url", url}}));
}

http::Response NewsroomUi::revoke_preview_links(Visit& v) {
  auto id = id_of(v.request);
  if (!id) return message(v, 404, text(v, "no_such_piece"));
  if (Status r = editorial_.revoke_preview_links(*v.who, *id); !r.ok()) return refusal(v, r);
  return see_other("/newsroom/pieces/" + std::to_string(*id) + "?done=revoke_links");
}

// The live preview's fragment: the same Markdown rendering readers get.
http::Response NewsroomUi::markdown_preview(Visit& v) {
  std::string body = v.form.get("body").value_or("");
  if (body.size() > 1'000'000) return message(v, 413, "body");
  return http::Response::content(200, "text/html; charset=utf-8", render::markdown_to_html(body));
}

}  // namespace qalam::newsroom
