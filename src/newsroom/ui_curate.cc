// The editors of everything around the pieces: sections, tags, authors' profiles,
// Foreign press items, projects and the missions directory. One form per record,
// described by a table of fields per kind; a saved form becomes one record of the
// import format (docs/import.md) and goes through the importer, so the newsroom and
// `qalam import` share every rule and match records the same way (by slug, by URL,
// missions by project, country, city and kind).
#include <boost/json.hpp>

#include "core/language.h"
#include "core/text.h"
#include "core/time_format.h"
#include "ingest/jsonl_import.h"
#include "newsroom/newsroom_ui.h"
#include "site/cache_keys.h"
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
        {"summary", FieldKind::long_text}, {"translated_title", FieldKind::text}}},
      {"projects", "project",
       {{"slug", FieldKind::text}, {"title", FieldKind::texts}, {"intro", FieldKind::long_texts},
        {"body", FieldKind::long_texts}, {"new", FieldKind::boolean}, {"directory", FieldKind::boolean},
        {"position", FieldKind::integer}}},
      {"missions", "mission",
       {{"project", FieldKind::text}, {"country", FieldKind::text}, {"city", FieldKind::text},
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

// Links as the form shows them: one a line, "network url handle".
std::string links_text(const std::vector<SocialLink>& links) {
  std::string out;
  for (const auto& l : links) out += l.network + " " + l.url + (l.handle.empty() ? "" : " " + l.handle) + "\n";
  return out;
}

// Every stored record of a kind, as import-format objects (what the forms show).
Result<std::vector<json::object>> records(store::Store& store, const KindSpec& k) {
  std::vector<json::object> out;
  std::string_view kind = k.kind;
  if (kind == "sections") {
    auto all = store.sections().all();
    if (!all.ok()) return all.status();
    for (const auto& s : *all) {
      out.push_back({{"slug", s.slug}, {"name", site::translations_json(s.name)}, {"kind", section_kind_name(s.kind)}, {"position", s.position}});
    }
  } else if (kind == "tags") {
    auto all = store.tags().all();
    if (!all.ok()) return all.status();
    for (const auto& t : *all) out.push_back({{"slug", t.slug}, {"name", site::translations_json(t.name)}});
  } else if (kind == "authors") {
    auto all = store.authors().all();
    if (!all.ok()) return all.status();
    for (const auto& a : *all) {
      out.push_back({{"slug", a.slug}, {"name", site::translations_json(a.name)}, {"bio", site::translations_json(a.bio)}, {"photo", a.photo},
                     {"social", links_text(a.social)}});
    }
  } else if (kind == "press-items") {
    auto all = store.press_items().list(100, 0);
    if (!all.ok()) return all.status();
    for (const auto& p : *all) {
      out.push_back({{"outlet", p.outlet_name}, {"outlet_url", p.outlet_url}, {"url", p.original_url},
                     {"lang", p.original_lang}, {"date", iso_date(p.published_on)}, {"title", p.title},
                     {"summary", p.summary}, {"translated_title", p.translated_title}});
    }
  } else if (kind == "projects") {
    auto all = store.projects().all();
    if (!all.ok()) return all.status();
    for (const auto& p : *all) {
      out.push_back({{"slug", p.slug}, {"title", site::translations_json(p.title)}, {"intro", site::translations_json(p.intro)},
                     {"body", site::translations_json(p.body)}, {"new", p.is_new}, {"directory", p.has_directory},
                     {"position", p.position}});
    }
  } else if (kind == "missions") {
    auto projects = store.projects().all();
    if (!projects.ok()) return projects.status();
    for (const auto& p : *projects) {
      auto missions = store.projects().missions(p.id);
      if (!missions.ok()) return missions.status();
      for (const auto& m : *missions) {
        out.push_back({{"project", p.slug}, {"country", m.country}, {"city", m.city}, {"kind", mission_kind_name(m.kind)},
                       {"website", m.website}, {"accounts", links_text(m.accounts)}});
      }
    }
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
      case FieldKind::links:
        field[f.kind == FieldKind::text ? "text" : "long_text"] = true;
        field["value"] = v && v->is_string() ? v->as_string() : json::string();
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
json::object record_from_form(const KindSpec& k, const http::Form& form, json::object& problems) {
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
        else problems[name] = "'" + v + "' is not a whole number";
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
          for (size_t at = 0; at < line.size();) {
            size_t space = line.find(' ', at);
            if (space != at) parts.push_back(line.substr(at, space == std::string::npos ? std::string::npos : space - at));
            at = space == std::string::npos ? line.size() : space + 1;
          }
          if (parts.size() < 2 || parts.size() > 3) {
            problems[name] = "line " + std::to_string(line_no) + ": write 'network address handle' (the handle may be left out)";
            continue;
          }
          json::object link{{"network", parts[0]}, {"url", parts[1]}};
          if (parts.size() == 3) link["handle"] = parts[2];
          links.push_back(std::move(link));
        }
        if (!links.empty()) o[name] = std::move(links);
        break;
      }
    }
  }
  return o;
}

// What the public sees differently once `record` (import format) is saved.
std::vector<std::string> changed_keys(store::Store& store, const json::object& record) {
  namespace keys = site::cache_keys;
  std::string type(record.at("type").as_string());
  auto slug = [&](const char* field) {
    const json::value* v = record.if_contains(field);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  if (type == "press_item") return {keys::press};
  std::vector<std::string> out{keys::sitemap};
  if (type == "section") {
    // The navigation of every page, and the section's own feeds.
    out.push_back(keys::sections);
    if (auto s = store.sections().by_slug(slug("slug")); s.ok() && s->has_value()) out.push_back(keys::section((*s)->id));
  } else if (type == "tag") {
    // A tag or author without a slug took one made from its name: forget all of them.
    if (auto t = store.tags().by_slug(slug("slug")); t.ok() && t->has_value()) out.push_back(keys::tag((*t)->id));
    else out.push_back(keys::sections);
  } else if (type == "author") {
    if (auto a = store.authors().by_slug(slug("slug")); a.ok() && a->has_value()) out.push_back(keys::author((*a)->id));
    else out.push_back(keys::sections);
  } else if (type == "project" || type == "mission") {
    out.push_back(keys::projects);
    auto p = store.projects().by_slug(slug(type == "project" ? "slug" : "project"));
    if (p.ok() && p->has_value()) out.push_back(keys::project((*p)->id));
    else out.push_back(keys::sections);
  }
  return out;
}

// "newsroom:1: name: is required" → (name, is required).
void add_import_problems(const std::string& message, json::object& problems) {
  for (size_t start = 0; start < message.size();) {
    size_t end = message.find('\n', start);
    std::string line = message.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? message.size() : end + 1;
    size_t prefix = line.find(": ");
    if (prefix == std::string::npos) continue;
    std::string rest = line.substr(prefix + 2);
    size_t colon = rest.find(": ");
    if (colon == std::string::npos || colon > 40) {
      problems["record"] = rest;
    } else {
      problems[rest.substr(0, colon)] = rest.substr(colon + 2);
    }
  }
}

}  // namespace

http::Response NewsroomUi::content_index(Visit& v) {
  json::array list;
  for (const auto& k : kinds()) {
    list.push_back(json::object{{"url", "/newsroom/content/" + std::string(k.kind)}, {"name", text(v, std::string("content_") + k.type)}});
  }
  return render(v, "content", text(v, "content"), json::object{{"kinds", std::move(list)}});
}

http::Response NewsroomUi::content_page(Visit& v, const json::object* submitted, const json::object& problems,
                                        int status) {
  const KindSpec* k = find_kind(v.request.param("kind"));
  if (!k) return message(v, 404, text(v, "nothing_here"));
  auto all = records(store_, *k);
  if (!all.ok()) return refusal(v, {all.status(), {}});
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
  return render(v, "curate", text(v, std::string("content_") + k->type), std::move(view), status);
}

http::Response NewsroomUi::content(Visit& v) {
  if (!may(v.who->user.role, Permission::curate_content)) return message(v, 403, text(v, "editors_only"));
  static const json::object none;
  return content_page(v, nullptr, none, 200);
}

http::Response NewsroomUi::save_content(Visit& v) {
  if (!may(v.who->user.role, Permission::curate_content)) return message(v, 403, text(v, "editors_only"));
  const KindSpec* k = find_kind(v.request.param("kind"));
  if (!k) return message(v, 404, text(v, "nothing_here"));
  json::object problems;
  json::object record = record_from_form(*k, v.form, problems);
  if (problems.empty()) {
    auto done = ingest::import_jsonl(store_, json::serialize(record), "newsroom", nullptr);
    if (done.ok()) {
      accounts_.audit(v.who->user.id, v.who->actor(), std::string("content.") + k->type, k->type,
                      json::serialize(record).substr(0, 300));
      if (options_.evict) options_.evict(changed_keys(store_, record));
      return see_other("/newsroom/content/" + std::string(k->kind) + "?saved=1");
    }
    if (done.status().code() != StatusCode::invalid_argument && done.status().code() != StatusCode::conflict) {
      return refusal(v, {done.status(), {}});
    }
    add_import_problems(done.status().message(), problems);
  }
  // The form again, as it was typed, with each problem beside its field.
  for (const FieldSpec& f : k->fields) {
    if ((f.kind == FieldKind::links || f.kind == FieldKind::integer)) record[f.name] = v.form.get(f.name).value_or("");
  }
  return content_page(v, &record, problems, 400);
}

}  // namespace qalam::newsroom
