// The editors of everything around the pieces: sections, tags, authors' profiles,
// Foreign press items, projects and the missions directory. One form per record,
// described by a table of fields per kind; a saved form becomes one record of the
// import format (docs/import.md), which the Curation service checks and saves.
#include <boost/json.hpp>

#include "core/language.h"
#include "core/text.h"
#include "core/time_format.h"
#include "http/error_response.h"
#include "newsroom/ui/newsroom_ui.h"
#include "site/translations_json.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

enum class FieldKind { text, long_text, texts, long_texts, boolean, integer, choice, links };

struct FieldSpec {
  const char* name;  // the import format's field
  FieldKind kind;
  std::vector<const char*> choices = {};
};

struct KindSpec {
  const char* kind;  // the URL segment and the import format's type
  const char* type;
  std::vector<FieldSpec> fields;
};

const std::vector<KindSpec>& kinds() {
  static const std::vector<KindSpec> all = {
      {"sections", "section",
       {{"slug", FieldKind::text}, {"name", FieldKind::texts},
        {"kind", FieldKind::choice, {"articles", "press_review", "projects"}}, {"position", FieldKind::integer}}},
      {"tags", "tag", {{"slug", FieldKind::text}, {"name", FieldKind::texts}}},
      {"authors", "author",
       {{"slug", FieldKind::text}, {"name", FieldKind::texts}, {"bio", FieldKind::long_texts},
        {"photo", FieldKind::text}, {"social", FieldKind::links}}},
      {"press-items", "press_item",
       {{"outlet", FieldKind::text}, {"outlet_url", FieldKind::text}, {"url", FieldKind::text},
        {"lang", FieldKind::text}, {"date", FieldKind::text}, {"title", FieldKind::text},
        {"summary", FieldKind::long_text}, {"translated_title", FieldKind::text},
        {"review_title", FieldKind::texts}, {"review", FieldKind::long_texts}}},
      {"projects", "project",
       {{"slug", FieldKind::text}, {"title", FieldKind::texts}, {"intro", FieldKind::long_texts},
        {"body", FieldKind::long_texts}, {"new", FieldKind::boolean}, {"directory", FieldKind::boolean},
        {"position", FieldKind::integer}}},
      {"missions", "mission",
       {{"project", FieldKind::text}, {"country", FieldKind::text}, {"organisation", FieldKind::text},
        {"city", FieldKind::text},
        {"city_names", FieldKind::texts},
        {"kind", FieldKind::choice, {"embassy", "consulate", "permanent_mission"}}, {"website", FieldKind::text},
        {"accounts", FieldKind::links}}},
  };
  return all;
}

const KindSpec* find_kind(std::string_view kind) {
  for (const auto& k : kinds()) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

// Links as the form shows them: one a line, "network url handle feed=URL" (handle and
// feed optional).
std::string links_text(const json::value* links) {
  std::string out;
  if (!links || !links->is_array()) return out;
  for (const json::value& l : links->as_array()) {
    const json::object& o = l.as_object();
    auto part = [&](const char* key) {
      const json::value* x = o.if_contains(key);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    out += part("network") + " " + part("url") + (part("handle").empty() ? "" : " " + part("handle")) +
           (part("feed").empty() ? "" : " feed=" + part("feed")) + "\n";
  }
  return out;
}

// A form's fields for the template, filled from `values` (an import-format object).
json::array form_fields(const KindSpec& k, const json::object& values, const json::object& errors,
                        const std::function<std::string(std::string_view)>& label) {
  json::array out;
  for (const FieldSpec& f : k.fields) {
    json::object field{{"name", f.name}, {"label", label(std::string("field_") + f.name)}};
    const json::value* v = values.if_contains(f.name);
    if (const json::value* e = errors.if_contains(f.name)) field["field_error"] = *e;
    switch (f.kind) {
      case FieldKind::text:
      case FieldKind::long_text:
        field[f.kind == FieldKind::text ? "text" : "long_text"] = true;
        field["value"] = v && v->is_string() ? v->as_string() : json::string();
        break;
      case FieldKind::links:
        // Stored links are a list; a refused form comes back as it was typed.
        field["long_text"] = true;
        field["value"] = v && v->is_string() ? std::string(v->as_string()) : links_text(v);
        break;
      case FieldKind::integer:
        field["text"] = true;
        field["value"] = v && v->is_int64() ? std::to_string(v->as_int64()) : v && v->is_string() ? std::string(v->as_string()) : "";
        break;
      case FieldKind::boolean:
        field["boolean"] = true;
        field["checked"] = v && v->is_bool() && v->as_bool();
        break;
      case FieldKind::choice: {
        json::array choices;
        std::string current = v && v->is_string() ? std::string(v->as_string()) : "";
        for (const char* c : f.choices) choices.push_back(json::object{{"value", c}, {"selected", current == c}});
        field["choice"] = true;
        field["choices"] = std::move(choices);
        break;
      }
      case FieldKind::texts:
      case FieldKind::long_texts: {
        json::array langs;
        for (std::string_view l : site_languages) {
          const json::value* t = v && v->is_object() ? v->as_object().if_contains(l) : nullptr;
          langs.push_back(json::object{{"lang", l}, {"value", t && t->is_string() ? t->as_string() : json::string()}});
        }
        field[f.kind == FieldKind::texts ? "texts" : "long_texts"] = true;
        field["langs"] = std::move(langs);
        break;
      }
    }
    out.push_back(std::move(field));
  }
  return out;
}

// The import-format object a submitted form describes; problems it cannot even
// express (a position that is not a number) go to `problems`.
json::object record_from_form(const KindSpec& k, const http::Form& form, std::vector<FieldProblem>& problems) {
  json::object o{{"type", k.type}};
  for (const FieldSpec& f : k.fields) {
    std::string name = f.name;
    switch (f.kind) {
      case FieldKind::text:
      case FieldKind::long_text:
      case FieldKind::choice: {
        std::string v = form.get(name).value_or("");
        if (!v.empty()) o[name] = v;
        break;
      }
      case FieldKind::integer: {
        std::string v = form.get(name).value_or("");
        if (v.empty()) break;
        if (auto n = parse_int(v)) o[name] = *n;
        else problems.push_back({name, "whole_number", "'" + v + "' is not a whole number", {{"value", v}}});
        break;
      }
      case FieldKind::boolean:
        o[name] = form.get(name).has_value();
        break;
      case FieldKind::texts:
      case FieldKind::long_texts: {
        json::object t;
        for (std::string_view l : site_languages) {
          std::string v = form.get(name + "." + std::string(l)).value_or("");
          if (!v.empty()) t[l] = v;
        }
        if (!t.empty()) o[name] = std::move(t);
        break;
      }
      case FieldKind::links: {
        json::array links;
        std::string text = form.get(name).value_or("");
        size_t line_no = 0;
        for (size_t start = 0; start < text.size();) {
          size_t end = text.find('\n', start);
          std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
          start = end == std::string::npos ? text.size() : end + 1;
          ++line_no;
          while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
          if (line.empty()) continue;
          std::vector<std::string> parts;
          std::string feed;
          for (size_t at = 0; at < line.size();) {
            size_t space = line.find(' ', at);
            std::string part = line.substr(at, space == std::string::npos ? std::string::npos : space - at);
            if (part.rfind("feed=", 0) == 0) {
              feed = part.substr(5);
            } else if (!part.empty()) {
              parts.push_back(part);
            }
            at = space == std::string::npos ? line.size() : space + 1;
          }
          if (parts.size() < 2 || parts.size() > 3) {
            problems.push_back({name, "links_line",
                                "line " + std::to_string(line_no) + ": write 'network address handle' (the handle may be left out)",
                                {{"line", std::to_string(line_no)}}});
            continue;
          }
          json::object link{{"network", parts[0]}, {"url", parts[1]}};
          if (parts.size() == 3) link["handle"] = parts[2];
          if (!feed.empty()) link["feed"] = feed;
          links.push_back(std::move(link));
        }
        if (!links.empty()) o[name] = std::move(links);
        break;
      }
    }
  }
  return o;
}

}  // namespace

http::Response NewsroomUi::content_index(Visit& v) {
  json::array list;
  for (const auto& k : kinds()) {
    list.push_back(json::object{{"url", "/newsroom/content/" + std::string(k.kind)}, {"name", text(v, std::string("content_") + k.type)}});
  }
  return render(v, "content", text(v, "content"), json::object{{"kinds", std::move(list)}});
}

http::Response NewsroomUi::content_page(Visit& v, const json::object* submitted, const Status& refused) {
  const KindSpec* k = find_kind(v.request.param("kind"));
  if (!k) return message(v, 404, text(v, "nothing_here"));
  auto all = curation_.records(*v.who, k->type);
  if (!all.ok()) return refusal(v, all.status());
  // Each problem beside its field ("name.en", "social[0].url" beside theirs); one about the whole
  // record above the form.
  json::object problems;
  for (const FieldProblem& p : refused.problems()) {
    std::string field = p.field.substr(0, p.field.find_first_of(".["));
    bool known = false;
    for (const FieldSpec& f : k->fields) known = known || field == f.name;
    std::string said = problem_text(v, p);
    json::value& slot = problems[known ? field : "record"];
    slot = slot.is_string() ? std::string(slot.as_string()) + "; " + said : said;
  }
  if (!refused.ok() && refused.problems().empty()) problems["record"] = refused.message();
  auto label = [&](std::string_view key) { return text(v, key); };
  static const json::object no_errors;
  json::array forms;
  // The first form makes a new record, or shows the refused one again.
  forms.push_back(json::object{{"fields", form_fields(*k, submitted ? *submitted : json::object{}, problems, label)},
                               {"new", true},
                               {"open", true}});
  if (const json::value* e = problems.if_contains("record")) forms.back().as_object()["error"] = *e;
  for (const json::object& r : *all) {
    std::string title;
    for (const char* key : {"name", "title", "outlet", "country"}) {
      const json::value* x = r.if_contains(key);
      if (!x || !title.empty()) continue;
      if (x->is_string()) title = std::string(x->as_string());
      if (x->is_object()) {
        // in_language answers a reference into the map: keep the map alive.
        Translations texts;
        for (const auto& [l, s] : x->as_object()) texts[std::string(l)] = std::string(s.as_string());
        title = in_language(texts, v.lang);
      }
    }
    if (const json::value* extra = r.if_contains("city"); extra && extra->is_string() && !extra->as_string().empty()) {
      title += ", " + std::string(extra->as_string());
    }
    forms.push_back(json::object{{"fields", form_fields(*k, r, no_errors, label)}, {"title", title}});
  }
  json::object view{{"forms", std::move(forms)}, {"action", "/newsroom/content/" + std::string(k->kind)},
                    {"kind_help", text(v, std::string("content_help_") + k->type)}};
  if (v.request.query_param("saved")) view["notice"] = text(v, "done_save");
  int status = refused.ok() ? 200 : http::http_status_for(refused.code());
  return render(v, "curate", text(v, std::string("content_") + k->type), std::move(view), status);
}

http::Response NewsroomUi::content(Visit& v) {
  return content_page(v, nullptr, Status::ok_status());
}

http::Response NewsroomUi::save_content(Visit& v) {
  const KindSpec* k = find_kind(v.request.param("kind"));
  if (!k) return message(v, 404, text(v, "nothing_here"));
  std::vector<FieldProblem> form_problems;
  json::object record = record_from_form(*k, v.form, form_problems);
  Status saved = form_problems.empty() ? curation_.save(*v.who, record) : Status::invalid_fields(form_problems);
  if (saved.ok()) return see_other("/newsroom/content/" + std::string(k->kind) + "?saved=1");
  if (saved.code() != StatusCode::invalid_argument && saved.code() != StatusCode::conflict) return refusal(v, saved);
  // The form again, as it was typed, with each problem beside its field.
  for (const FieldSpec& f : k->fields) {
    if ((f.kind == FieldKind::links || f.kind == FieldKind::integer)) record[f.name] = v.form.get(f.name).value_or("");
  }
  return content_page(v, &record, saved);
}

}  // namespace qalam::newsroom
