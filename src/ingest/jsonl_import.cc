#include "ingest/jsonl_import.h"

#include "core/link_rule.h"

#include <boost/json.hpp>
#include <set>

#include "core/language.h"
#include "core/collation.h"
#include "core/organisations.h"
#include "core/text.h"
#include "core/time_format.h"

namespace qalam::ingest {
namespace json = boost::json;
namespace {

constexpr size_t max_errors = 50;

// Reads the fields of one record, remembering the problems.
class Fields {
 public:
  Fields(const json::object& o, std::vector<FieldProblem>& problems) : o_(o), problems_(problems) {}

  void problem(std::string_view field, std::string_view text, std::string_view code = "invalid",
               std::vector<std::pair<std::string, std::string>> args = {}) {
    problems_.push_back({std::string(field), std::string(code), std::string(text), std::move(args)});
  }

  std::string text(const char* field, bool required, size_t max_len = 10'000) {
    used_.insert(field);
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) {
      if (required) problem(field, "is required", "required");
      return {};
    }
    if (!v->is_string()) {
      problem(field, "must be a string", "type");
      return {};
    }
    std::string s(v->get_string());
    if (required && trimmed_empty(s)) problem(field, "must not be empty", "required");
    if (s.size() > max_len) {
      problem(field, "is longer than " + std::to_string(max_len) + " bytes", "too_long", {{"limit", std::to_string(max_len)}});
    }
    return s;
  }

  std::string slug(const char* field, bool required) {
    std::string s = text(field, required, ArticleLimits::slug);
    if (!s.empty() && !is_valid_slug(s)) problem(field, "'" + s + "' is not a slug (lower-case a-z, 0-9 and single '-')", "slug");
    return s;
  }

  std::string url(const char* field, bool required) {
    std::string s = text(field, required, 2000);
    if (!s.empty() && !is_allowed_link(s)) problem(field, std::string(allowed_link_rule), "link");
    return s;
  }

  std::string language(const char* field, bool site_only) {
    std::string s = text(field, true, 20);
    if (s.empty()) return s;
    if (site_only && !is_site_language(s)) problem(field, "'" + s + "' is not one of az, en, ru", "language");
    if (!site_only && (s.size() < 2 || s.size() > 8)) problem(field, "'" + s + "' is not a language code");
    return s;
  }

  TimePoint time(const char* field, bool required) {
    std::string s = text(field, required, 40);
    if (s.empty()) return {};
    auto t = parse_timestamp(s);
    if (!t.ok()) {
      problem(field, t.status().message(), "time", {{"value", s}});
      return {};
    }
    return *t;
  }

  bool boolean(const char* field) {
    used_.insert(field);
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return false;
    if (!v->is_bool()) problem(field, "must be true or false", "type");
    return v->is_bool() && v->get_bool();
  }

  int integer(const char* field) {
    used_.insert(field);
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return 0;
    if (!v->is_int64() || v->get_int64() < -1'000'000 || v->get_int64() > 1'000'000) {
      problem(field, "must be a whole number", "whole_number", {{"value", json::serialize(*v)}});
      return 0;
    }
    return static_cast<int>(v->get_int64());
  }

  Translations translations(const char* field, bool required) {
    used_.insert(field);
    Translations t;
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) {
      if (required) problem(field, "is required", "required");
      return t;
    }
    if (!v->is_object()) {
      problem(field, "must be an object of texts by language, like {\"en\": \"…\", \"az\": \"…\"}");
      return t;
    }
    for (const auto& [lang, text] : v->get_object()) {
      if (!is_site_language(lang)) {
        problem(std::string(field) + "." + std::string(lang), "is not one of az, en, ru");
      } else if (!text.is_string()) {
        problem(std::string(field) + "." + std::string(lang), "must be a string");
      } else {
        t[std::string(lang)] = std::string(text.get_string());
      }
    }
    if (required && in_language(t, "en").empty()) problem(field, "needs a text in at least one language", "required");
    return t;
  }

  std::vector<int> integers(const char* field) {
    used_.insert(field);
    std::vector<int> out;
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) {
      problem(field, "must be a list of whole numbers");
      return out;
    }
    for (const json::value& item : v->get_array()) {
      if (!item.is_int64() || item.get_int64() < 0 || item.get_int64() > 100'000) {
        problem(field, "must be a list of whole numbers");
        return {};
      }
      out.push_back(static_cast<int>(item.get_int64()));
    }
    return out;
  }

  std::vector<std::string> slugs(const char* field) {
    used_.insert(field);
    std::vector<std::string> out;
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) {
      problem(field, "must be a list of slugs");
      return out;
    }
    for (const json::value& item : v->get_array()) {
      if (!item.is_string() || !is_valid_slug(item.get_string())) {
        problem(field, "must be a list of slugs");
        return {};
      }
      out.emplace_back(item.get_string());
    }
    return out;
  }

  std::vector<SocialLink> links(const char* field) {
    used_.insert(field);
    std::vector<SocialLink> out;
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) {
      problem(field, "must be a list of {\"network\", \"url\", \"handle\"}");
      return out;
    }
    for (size_t i = 0; i < v->get_array().size(); ++i) {
      const json::object* o = v->get_array()[i].if_object();
      std::string where = std::string(field) + "[" + std::to_string(i) + "]";
      if (o == nullptr) {
        problem(where, "must be an object");
        continue;
      }
      std::vector<FieldProblem> inner;
      Fields f(*o, inner);
      SocialLink link{f.text("network", true, 40), f.url("url", true), f.text("handle", false, 200),
                      f.url("feed", false)};
      f.reject_unknown();
      for (FieldProblem p : inner) {
        p.field = where + "." + p.field;  // "social[0].url"
        problems_.push_back(std::move(p));
      }
      if (inner.empty()) out.push_back(std::move(link));
    }
    return out;
  }

  void reject_unknown() {
    for (const auto& [key, value] : o_) {
      if (!used_.contains(std::string(key))) problem(key, "is not a known field", "unknown_field");
    }
  }

 private:
  static bool trimmed_empty(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }
  const json::object& o_;
  std::vector<FieldProblem>& problems_;
  std::set<std::string> used_{"type"};
};

class Parser {
 public:
  Parser(std::string_view origin, store::Store* store) : origin_(origin), store_(store) {}

  Result<store::ContentBatch> run_one(const json::object& record) {
    fields(record, origin_, 0);
    check_references();
    return finish();
  }

  Result<store::ContentBatch> run(std::string_view text) {
    size_t line_no = 0, start = 0;
    while (start < text.size() && errors_.size() < max_errors) {
      size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(start, nl - start);
      start = nl + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      record(line, line_no);
    }
    check_references();
    return finish();
  }

 private:
  Result<store::ContentBatch> finish() {
    if (!errors_.empty()) {
      std::string message;
      std::vector<FieldProblem> problems;
      for (size_t i = 0; i < errors_.size() && i < max_errors; ++i) {
        const auto& [at, p] = errors_[i];
        message += (i ? "\n" : "") + at + ": " + (p.field.empty() ? "" : p.field + ": ") + p.message;
        problems.push_back(p);
      }
      if (errors_.size() > max_errors) message += "\n… and more";
      return Status::invalid(std::move(message), std::move(problems));
    }
    return std::move(batch_);
  }

  std::string where(size_t line) const { return origin_ + ":" + std::to_string(line); }

  // A problem of the record at `at` (FILE:LINE); its line travels as an argument.
  void error(const std::string& at, size_t line_no, FieldProblem p) {
    if (line_no > 0) p.args.emplace_back("line", std::to_string(line_no));
    errors_.emplace_back(at, std::move(p));
  }

  void record(std::string_view line, size_t line_no) {
    std::string at = where(line_no);
    if (!is_valid_utf8(line)) {
      error(at, line_no, {"", "not_utf8", "the line is not valid UTF-8"});
      return;
    }
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec) {
      error(at, line_no, {"", "json", "not valid JSON (" + ec.message() + ")"});
      return;
    }
    if (!v.is_object()) {
      error(at, line_no, {"", "json", "a record must be a JSON object"});
      return;
    }
    fields(v.get_object(), at, line_no);
  }

  // One record of the import format, from a file's line or from elsewhere (a form).
  void fields(const json::object& o, const std::string& at, size_t line_no) {
    const json::value* type = o.if_contains("type");
    if (type == nullptr || !type->is_string()) {
      error(at, line_no, {"type", "required", "is required (section, tag, author, article, press_item, project, mission, setting, media)"});
      return;
    }
    std::vector<FieldProblem> problems;
    Fields f(o, problems);
    std::string_view t = type->get_string();
    if (t == "section") {
      section(f, at);
    } else if (t == "tag") {
      tag(f, at);
    } else if (t == "author") {
      author(f, at);
    } else if (t == "article") {
      article(f, at);
    } else if (t == "press_item") {
      press_item(f, at);
    } else if (t == "project") {
      project(f, at);
    } else if (t == "mission") {
      mission(f, at);
    } else if (t == "setting") {
      setting(f);
    } else if (t == "media") {
      media(f, at);
    } else {
      f.problem("type", "'" + std::string(t) +
                            "' is not one of section, tag, author, article, press_item, project, mission, setting, media");
    }
    f.reject_unknown();
    for (FieldProblem& p : problems) error(at, line_no, std::move(p));
  }

  void unique(std::set<std::string>& seen, const std::string& key, Fields& f, const char* field) {
    if (!key.empty() && !seen.insert(key).second) {
      f.problem(field, "'" + key + "' appears twice in this file", "duplicate", {{"value", key}});
    }
  }

  void section(Fields& f, const std::string& at) {
    Section s;
    s.slug = f.slug("slug", true);
    std::string kind = f.text("kind", false, 40);
    if (kind.empty()) kind = "articles";
    if (auto k = parse_section_kind(kind)) {
      s.kind = *k;
    } else {
      f.problem("kind", "'" + kind + "' is not one of articles, press_review, projects");
    }
    s.name = f.translations("name", true);
    s.position = f.integer("position");
    unique(section_slugs_, s.slug, f, "slug");
    batch_.sections.push_back({std::move(s), at});
  }

  void tag(Fields& f, const std::string& at) {
    Tag t;
    t.name = f.translations("name", true);
    t.slug = f.slug("slug", false);
    if (t.slug.empty()) t.slug = slugify(in_language(t.name, "en"));
    unique(tag_slugs_, t.slug, f, "slug");
    batch_.tags.push_back({std::move(t), at});
  }

  void author(Fields& f, const std::string& at) {
    Author a;
    a.name = f.translations("name", true);
    a.slug = f.slug("slug", false);
    if (a.slug.empty()) a.slug = slugify(in_language(a.name, "en"));
    a.bio = f.translations("bio", false);
    a.photo = f.url("photo", false);
    a.social = f.links("social");
    unique(author_slugs_, a.slug, f, "slug");
    batch_.authors.push_back({std::move(a), at});
  }

  void article(Fields& f, const std::string& at) {
    store::ArticleRecord r;
    Article& a = r.article;
    a.lang = f.language("lang", true);
    a.title = f.text("title", true, ArticleLimits::title);
    a.slug = f.slug("slug", false);
    if (a.slug.empty()) a.slug = slugify(a.title);
    if (a.slug.empty() && !a.title.empty()) f.problem("slug", "cannot be made from the title; give one", "no_slug");
    a.translation_group = f.text("translation_group", false, 200);
    if (a.translation_group.empty()) a.translation_group = a.lang + ":" + a.slug;
    a.lead = f.text("lead", false, ArticleLimits::lead);
    a.body = f.text("body", false, ArticleLimits::body);
    std::string status = f.text("status", false, 20);
    if (status.empty()) {
      a.status = ArticleStatus::published;
    } else if (auto parsed = parse_article_status(status)) {
      a.status = *parsed;
    } else {
      f.problem("status", "'" + status + "' is not one of published, draft, review, scheduled, unpublished");
    }
    bool public_or_due = a.status == ArticleStatus::published || a.status == ArticleStatus::scheduled;
    a.published_at = f.time("published_at", public_or_due);
    a.updated_at = f.time("updated_at", false);
    if (a.updated_at == TimePoint{}) a.updated_at = a.published_at;
    a.image = f.url("image", false);
    a.image_alt = f.text("image_alt", false, ArticleLimits::image_alt);
    if (!a.image.empty() && a.image_alt.empty()) f.problem("image_alt", "is required with an image", "alt_missing");
    a.featured = f.boolean("featured");
    r.authors = f.slugs("authors");
    if (r.authors.empty() && public_or_due) f.problem("authors", "needs at least one author", "required");
    r.section = f.slug("section", false);
    r.tags = f.slugs("tags");
    unique(article_keys_, a.lang + "/" + a.slug, f, "slug");
    unique(group_keys_, a.lang + "/" + a.translation_group, f, "translation_group");
    r.origin = at;
    batch_.articles.push_back(std::move(r));
  }

  void press_item(Fields& f, const std::string& at) {
    PressItem p;
    p.outlet_name = f.text("outlet", true, 200);
    p.outlet_url = f.url("outlet_url", false);
    p.original_url = f.url("url", true);
    p.original_lang = f.language("lang", false);
    p.published_on = f.time("date", true);
    p.title = f.text("title", true, 500);
    p.summary = f.text("summary", false, 5000);
    p.translated_title = f.text("translated_title", false, 500);
    p.review_title = f.translations("review_title", false);
    p.review = f.translations("review", false);
    for (const auto& [lang, text] : p.review) {
      auto title = p.review_title.find(lang);
      if (!text.empty() && (title == p.review_title.end() || title->second.empty())) {
        f.problem("review_title." + lang, "is required with a review in " + lang, "required");
      }
    }
    unique(press_urls_, p.original_url, f, "url");
    batch_.press_items.push_back({std::move(p), at});
  }

  void project(Fields& f, const std::string& at) {
    Project p;
    p.title = f.translations("title", true);
    p.slug = f.slug("slug", false);
    if (p.slug.empty()) p.slug = slugify(in_language(p.title, "en"));
    p.intro = f.translations("intro", false);
    p.body = f.translations("body", false);
    p.is_new = f.boolean("new");
    p.has_directory = f.boolean("directory");
    p.position = f.integer("position");
    p.updated_at = f.time("updated_at", false);
    unique(project_slugs_, p.slug, f, "slug");
    batch_.projects.push_back({std::move(p), at});
  }

  void mission(Fields& f, const std::string& at) {
    store::MissionRecord r;
    r.project = f.slug("project", true);
    Mission& m = r.mission;
    std::string organisation = f.text("organisation", false, 200);
    m.country = f.text("country", organisation.empty(), 200);
    m.city = f.text("city", false, 200);
    // A country field naming an organisation ("United Nations") is read as one.
    const Organisation* o = nullptr;
    if (organisation.empty() && !m.country.empty() && !is_country_code(m.country)) {
      if ((o = find_organisation(m.country))) m.country.clear();
    } else if (!organisation.empty()) {
      o = find_organisation(organisation);
      if (!o) {
        f.problem("organisation", "'" + organisation + "' is not an organisation Qalam knows (" + organisation_codes() + ")",
                  "organisation", {{"value", organisation}});
      }
    }
    if (o) {
      m.organisation = std::string(o->code);
      if (m.country.empty()) m.country = seat_country(*o, m.city);
      if (m.country.empty()) {
        f.problem("country", "is required for a mission to " + std::string(o->en) + " in " +
                                 (m.city.empty() ? std::string("no city") : "'" + m.city + "'") +
                                 " (its seats are known; other cities need the host country)",
                  "required");
      }
    }
    if (!m.country.empty() && !is_country_code(m.country)) {
      f.problem("country", "'" + m.country + "' is not an ISO 3166 country code like DE or TR, nor an organisation (" +
                               organisation_codes() + ")",
                "country", {{"value", m.country}});
    }
    m.city_names = f.translations("city_names", false);
    std::string kind = f.text("kind", true, 40);
    if (auto k = parse_mission_kind(kind)) {
      m.kind = *k;
    } else if (!kind.empty()) {
      f.problem("kind", "'" + kind + "' is not one of embassy, consulate, permanent_mission");
    }
    m.website = f.url("website", false);
    m.accounts = f.links("accounts");
    r.origin = at;
    batch_.missions.push_back(std::move(r));
  }

  void setting(Fields& f) {
    std::string key = f.text("key", true, 200);
    std::string value = f.text("value", false, 100'000);
    if (!key.empty() && batch_.settings.contains(key)) f.problem("key", "'" + key + "' appears twice in this file", "duplicate");
    batch_.settings[key] = value;
  }

  // An image of the media library; its files come from the folder beside the file.
  void media(Fields& f, const std::string& at) {
    store::MediaItem m;
    m.name = f.text("name", true, 100);
    for (char c : m.name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
        f.problem("name", "may hold only letters, digits, '-' and '_'");
        break;
      }
    }
    m.extension = f.text("extension", true, 10);
    m.mime = std::string(store::media_mime(m.extension));  // by the extension, never taken from the file
    if (m.mime.empty() && !m.extension.empty()) f.problem("extension", "'" + m.extension + "' is not one of jpg, png, webp, gif");
    // Exports written before 2026-12-02 name the type too: read, and held to the extension.
    if (std::string named = f.text("mime", false, 40); !named.empty() && !m.mime.empty() && named != m.mime) {
      f.problem("mime", "'" + named + "' is not the type of a ." + m.extension + " file (" + m.mime + ")");
    }
    m.width = f.integer("width");
    m.height = f.integer("height");
    m.bytes = f.integer("bytes");
    m.variants = f.integers("variants");
    m.alt = f.text("alt", false, 2000);
    m.caption = f.text("caption", false, 2000);
    m.credit = f.text("credit", false, 500);
    m.created_at = f.time("created_at", false);
    unique(media_names_, m.name, f, "name");
    batch_.media.push_back({std::move(m), at});
  }

  // A reference must name a record of this file or one already in the database.
  template <typename Lookup>
  void check(const std::string& slug, const std::set<std::string>& in_file, const std::string& at,
             const char* field, const char* what, Lookup lookup) {
    if (slug.empty() || in_file.contains(slug)) return;
    if (store_ != nullptr) {
      auto found = lookup(slug);
      if (found.ok() && found->has_value()) return;
    }
    errors_.emplace_back(at, FieldProblem{field, "not_found", "no " + std::string(what) + " '" + slug + "' in this file or the site",
                                          {{"value", slug}}});
  }

  void check_references() {
    for (const auto& r : batch_.articles) {
      for (const auto& s : r.authors) check(s, author_slugs_, r.origin, "authors", "author", [&](const std::string& x) { return store_->authors().by_slug(x); });
      check(r.section, section_slugs_, r.origin, "section", "section", [&](const std::string& x) { return store_->sections().by_slug(x); });
      for (const auto& s : r.tags) check(s, tag_slugs_, r.origin, "tags", "tag", [&](const std::string& x) { return store_->tags().by_slug(x); });
    }
    for (const auto& m : batch_.missions) {
      check(m.project, project_slugs_, m.origin, "project", "project", [&](const std::string& x) { return store_->projects().by_slug(x); });
    }
  }

  std::string origin_;
  store::Store* store_;
  store::ContentBatch batch_;
  std::vector<std::pair<std::string, FieldProblem>> errors_;  // (FILE:LINE, problem)
  std::set<std::string> section_slugs_, tag_slugs_, author_slugs_, project_slugs_, article_keys_, group_keys_, press_urls_,
      media_names_;
};

}  // namespace

Result<store::ContentBatch> parse_jsonl(std::string_view text, std::string_view origin, store::Store* store) {
  return Parser(origin, store).run(text);
}

Result<store::ContentBatch> parse_record(const json::object& record, std::string_view origin, store::Store* store) {
  return Parser(origin, store).run_one(record);
}

Result<ImportReport> import_jsonl(store::Store& store, std::string_view text, std::string_view origin,
                                  const std::function<void(size_t, size_t)>& on_progress,
                                  const std::function<Status(const store::ContentBatch&)>& before_write) {
  auto batch = parse_jsonl(text, origin, &store);
  if (!batch.ok()) return batch.status();
  if (before_write) QALAM_RETURN_IF_ERROR(before_write(*batch));
  QALAM_RETURN_IF_ERROR(store.import_content(*batch, on_progress));
  ImportReport report;
  report.records = {{"section", batch->sections.size()}, {"tag", batch->tags.size()},
                    {"author", batch->authors.size()},   {"article", batch->articles.size()},
                    {"press_item", batch->press_items.size()}, {"project", batch->projects.size()},
                    {"mission", batch->missions.size()}, {"setting", batch->settings.size()},
                    {"media", batch->media.size()}};
  report.total = batch->size();
  return report;
}

}  // namespace qalam::ingest
