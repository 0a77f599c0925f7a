#include "newsroom/editorial.h"

#include "core/link_rule.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/language.h"
#include "core/text.h"
#include "core/time_format.h"
#include "newsroom/secrets.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

// RFC 3339, or what a datetime-local field sends ("2026-11-28T12:30" or with
// seconds), taken as UTC.
std::optional<TimePoint> parse_time(std::string_view text) {
  auto t = parse_timestamp(text);
  if (t.ok()) return *t;
  if ((text.size() == 16 || text.size() == 19) && text[10] == 'T') {
    auto local = parse_timestamp(std::string(text) + (text.size() == 16 ? ":00Z" : "Z"));
    if (local.ok()) return *local;
  }
  return std::nullopt;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string action_name(Transition t) { return "article." + std::string(transition_name(t)); }

// Fields longer than a piece may hold, or not UTF-8.
std::vector<FieldProblem> size_problems(const ArticleInput& in) {
  std::vector<FieldProblem> problems;
  auto limit = [&](const char* field, const std::optional<std::string>& v, size_t max) {
    if (v && v->size() > max) {
      problems.push_back({field, "too_long", "at most " + std::to_string(max) + " bytes", {{"limit", std::to_string(max)}}});
    }
    if (v && !is_valid_utf8(*v)) problems.push_back({field, "not_utf8", "is not valid UTF-8"});
  };
  limit("title", in.title, ArticleLimits::title);
  limit("lead", in.lead, ArticleLimits::lead);
  limit("body", in.body, ArticleLimits::body);
  limit("image", in.image, ArticleLimits::image);
  limit("image_alt", in.image_alt, ArticleLimits::image_alt);
  limit("slug", in.slug, ArticleLimits::slug);
  limit("published_at", in.published_at, 40);
  limit("lang", in.lang, 8);
  limit("section", in.section, ArticleLimits::slug);
  for (const auto* list : {&in.authors, &in.tags}) {
    if (*list && (*list)->size() > 100) problems.push_back({list == &in.authors ? "authors" : "tags", "too_many", "at most 100"});
    if (*list) {
      for (const auto& slug : **list) limit(list == &in.authors ? "authors" : "tags", slug, ArticleLimits::slug);
    }
  }
  return problems;
}

// An ArticleInput as the autosave keeps it, and back.
std::string encode_input(const ArticleInput& in) {
  json::object o;
  auto text = [&](const char* key, const std::optional<std::string>& v) {
    if (v) o[key] = *v;
  };
  auto list = [&](const char* key, const std::optional<std::vector<std::string>>& v) {
    if (!v) return;
    json::array a;
    for (const auto& x : *v) a.push_back(json::value(x));
    o[key] = std::move(a);
  };
  text("lang", in.lang), text("slug", in.slug), text("title", in.title), text("lead", in.lead);
  text("body", in.body), text("section", in.section), text("image", in.image), text("image_alt", in.image_alt);
  text("published_at", in.published_at);
  list("authors", in.authors), list("tags", in.tags);
  if (in.featured) o["featured"] = *in.featured;
  if (in.translation_of) o["translation_of"] = *in.translation_of;
  return json::serialize(o);
}

ArticleInput decode_input(std::string_view fields) {
  ArticleInput in;
  std::error_code ec;
  json::value v = json::parse(fields, ec);
  if (ec || !v.is_object()) return in;
  const json::object& o = v.as_object();
  auto text = [&](const char* key, std::optional<std::string>& out) {
    if (const json::value* x = o.if_contains(key); x && x->is_string()) out = std::string(x->as_string());
  };
  auto list = [&](const char* key, std::optional<std::vector<std::string>>& out) {
    const json::value* x = o.if_contains(key);
    if (!x || !x->is_array()) return;
    out.emplace();
    for (const auto& item : x->as_array()) {
      if (item.is_string()) out->emplace_back(item.as_string());
    }
  };
  text("lang", in.lang), text("slug", in.slug), text("title", in.title), text("lead", in.lead);
  text("body", in.body), text("section", in.section), text("image", in.image), text("image_alt", in.image_alt);
  text("published_at", in.published_at);
  list("authors", in.authors), list("tags", in.tags);
  if (const json::value* x = o.if_contains("featured"); x && x->is_bool()) in.featured = x->as_bool();
  if (const json::value* x = o.if_contains("translation_of"); x && x->is_int64()) in.translation_of = x->as_int64();
  return in;
}

}  // namespace

std::optional<Transition> parse_transition(std::string_view text) {
  for (Transition t : {Transition::submit, Transition::schedule, Transition::publish, Transition::unpublish,
                       Transition::to_draft}) {
    if (transition_name(t) == text) return t;
  }
  return std::nullopt;
}

std::string_view transition_name(Transition t) {
  switch (t) {
    case Transition::submit: return "submit";
    case Transition::schedule: return "schedule";
    case Transition::publish: return "publish";
    case Transition::unpublish: return "unpublish";
    case Transition::to_draft: return "to_draft";
  }
  return "";
}

Editorial::Editorial(store::Store& store, const Clock& clock, Accounts& accounts)
    : store_(store), clock_(clock), accounts_(accounts) {}

std::vector<FieldProblem> Editorial::publish_problems(const Article& a) {
  std::vector<FieldProblem> out;
  if (blank(a.title)) out.push_back({"title", "required_to_publish", "a published piece needs a title"});
  if (blank(a.body)) out.push_back({"body", "required_to_publish", "a published piece needs a text"});
  if (!a.image.empty() && blank(a.image_alt)) {
    out.push_back({"image_alt", "alt_missing", "describe the featured image for readers who cannot see it"});
  }
  // Markdown images: ![alt](src). Each needs its alt text.
  int without_alt = 0;
  for (size_t at = a.body.find("!["); at != std::string::npos; at = a.body.find("![", at + 2)) {
    size_t close = a.body.find("](", at + 2);
    if (close == std::string::npos) break;
    if (blank(std::string_view(a.body).substr(at + 2, close - at - 2))) ++without_alt;
  }
  if (without_alt > 0) {
    out.push_back({"body", "images_without_alt",
                   std::to_string(without_alt) + " image(s) in the text have no alt text: write ![what it shows](…)",
                   {{"count", std::to_string(without_alt)}}});
  }
  return out;
}

Status Editorial::check(const Principal& who, Permission p, const Article& a) const {
  bool own = a.owner_id == who.user.id;
  if (may(who.user.role, p, own, a.status)) return Status::ok_status();
  std::string what(permission_name(p));
  for (char& c : what) if (c == '_') c = ' ';
  return (Status::permission_denied("As " + std::string(role_name(who.user.role)) + " you may not " + what +
                                           (own ? "" : " of someone else's piece") + " while it is " +
                                           std::string(article_status_name(a.status)) + "."));
}

PieceActions Editorial::actions(const Principal& who, const Article& a) const {
  const Role role = who.user.role;
  const bool stored = a.id != 0, own = !stored || a.owner_id == who.user.id;
  const ArticleStatus s = a.status;
  PieceActions out;
  out.save = !stored || may(role, Permission::edit_article, own, s);
  out.submit = stored && s == ArticleStatus::draft && may(role, Permission::submit_article, own, s);
  out.publish = s != ArticleStatus::published && may(role, Permission::publish_article, own, s);
  out.schedule = out.publish;
  out.unpublish = s == ArticleStatus::published && may(role, Permission::unpublish_article, own, s);
  out.to_draft = stored && (s == ArticleStatus::review || s == ArticleStatus::unpublished ||
                            (s == ArticleStatus::scheduled && may(role, Permission::publish_article, own, s)));
  out.remove = stored && may(role, Permission::delete_article, own, s);
  return out;
}

Status Editorial::permitted(const Principal& who, const Article& a, Transition t) const {
  switch (t) {
    case Transition::submit: return check(who, Permission::submit_article, a);
    case Transition::schedule:
    case Transition::publish: return check(who, Permission::publish_article, a);
    case Transition::unpublish: return check(who, Permission::unpublish_article, a);
    case Transition::to_draft: return check(who, Permission::edit_article, a);
  }
  return Status::ok_status();
}

Article Editorial::with_input(const Principal& who, Article base, const ArticleInput& input, bool creating) {
  (void)apply(input, base, creating, who);  // the problems are the caller's to show
  return base;
}

Status Editorial::apply(const ArticleInput& in, Article& a, bool creating, const Principal& who) {
  std::vector<FieldProblem> problems = size_problems(in);

  if (in.lang) {
    if (!is_site_language(*in.lang)) problems.push_back({"lang", "language", "choose az, en or ru"});
    else if (!creating && *in.lang != a.lang) problems.push_back({"lang", "language_fixed", "a saved piece keeps its language; create a translation instead"});
    else a.lang = *in.lang;
  }
  if (creating && a.lang.empty()) problems.push_back({"lang", "language", "choose az, en or ru"});
  if (in.title) a.title = *in.title;
  if (blank(a.title)) problems.push_back({"title", "required", "write a title"});
  if (in.lead) a.lead = *in.lead;
  if (in.body) a.body = *in.body;
  if (in.image) a.image = *in.image;
  if (in.image_alt) a.image_alt = *in.image_alt;
  if (in.featured) a.featured = *in.featured;
  if (!a.image.empty() && !is_allowed_link(a.image)) problems.push_back({"image", "link", std::string(allowed_link_rule)});
  if (in.slug) {
    if (in.slug->empty()) a.slug.clear();
    else if (!is_valid_slug(*in.slug)) problems.push_back({"slug", "slug", "use lower-case latin letters, digits and single hyphens"});
    else a.slug = *in.slug;
  }
  if (a.slug.empty() && !blank(a.title)) a.slug = slugify(a.title);
  if (a.slug.empty() && !blank(a.title)) problems.push_back({"slug", "no_slug", "the title gives no slug; write one"});
  if (in.published_at) {
    if (in.published_at->empty()) {
      if (a.status != ArticleStatus::published) a.published_at = {};
    } else if (auto t = parse_time(*in.published_at)) {
      a.published_at = *t;
    } else {
      problems.push_back({"published_at", "time", "'" + *in.published_at + "' is not a time like 2026-11-28T14:30:00Z",
                          {{"value", *in.published_at}}});
    }
  }
  if (in.section) {
    if (in.section->empty()) {
      a.section_id = 0;
    } else {
      auto s = store_.sections().by_slug(*in.section);
      if (!s.ok()) return (s.status());
      if (!s->has_value()) problems.push_back({"section", "not_found", "no section '" + *in.section + "'", {{"value", *in.section}}});
      else a.section_id = (*s)->id;
    }
  }
  if (in.tags) {
    a.tag_ids.clear();
    for (const auto& slug : *in.tags) {
      auto t = store_.tags().by_slug(slug);
      if (!t.ok()) return (t.status());
      if (!t->has_value()) problems.push_back({"tags", "not_found", "no tag '" + slug + "'", {{"value", slug}}});
      else a.tag_ids.push_back((*t)->id);
    }
  }
  if (in.authors) {
    a.author_ids.clear();
    for (const auto& slug : *in.authors) {
      auto au = store_.authors().by_slug(slug);
      if (!au.ok()) return (au.status());
      if (!au->has_value()) problems.push_back({"authors", "not_found", "no author '" + slug + "'", {{"value", slug}}});
      else a.author_ids.push_back((*au)->id);
    }
  }
  if (creating && a.author_ids.empty() && who.user.author_id) a.author_ids.push_back(who.user.author_id);
  if (in.translation_of) {
    if (!creating) {
      problems.push_back({"translation_of", "invalid", "only a new piece can be made a translation"});
    } else {
      auto other = store_.editorial().by_id(*in.translation_of);
      if (!other.ok()) return (other.status());
      if (!other->has_value()) problems.push_back({"translation_of", "not_found", "no piece " + std::to_string(*in.translation_of),
                            {{"value", std::to_string(*in.translation_of)}}});
      else if ((*other)->lang == a.lang) problems.push_back({"translation_of", "same_language", "a translation is in another language"});
      else {
        a.translation_group = (*other)->translation_group;
        a.source_id = (*other)->id;
        a.source_version = (*other)->version;
      }
    }
  }
  if (!problems.empty()) return Status::invalid_fields(std::move(problems));
  return Status::ok_status();
}

Result<Article> Editorial::save(const Principal& who, Article& a, std::string_view action, const Article* before) {
  // A published piece is "updated" for readers only when what they read changed:
  // new tags or a moved section leave its time alone.
  bool kept_public = before != nullptr && before->status == ArticleStatus::published &&
                     a.status == ArticleStatus::published;
  bool same_text = before != nullptr && before->title == a.title && before->lead == a.lead &&
                   before->body == a.body && before->image == a.image;
  if (!(kept_public && same_text)) a.updated_at = clock_.now();
  // A slug another piece of the language has is not a refusal: the first free one
  // (-2, -3, …) is taken, and the editor sees it in the form.
  if (before == nullptr || before->slug != a.slug || before->lang != a.lang) {
    auto free = store_.editorial().free_slug(a.lang, a.slug, a.id);
    if (!free.ok()) return free.status();
    a.slug = *free;
  }
  // The version this save makes: one past the one it starts from (1 for a new piece).
  std::string detail = a.lang + " " + a.slug + " v" + std::to_string(a.version + 1) + " " +
                       std::string(article_status_name(a.status));
  store::AuditEntry entry = accounts_.audit_entry(who.user.id, who.actor(), action, "", detail);
  Status s = store_.editorial().save(a, store::Actor{who.user.id, who.actor()}, &entry);
  if (!s.ok()) return s;
  return a;
}

Result<Article> Editorial::create(const Principal& who, const ArticleInput& input, std::optional<Transition> t,
                                  const std::optional<std::string>& at) {
  Article a;
  a.status = ArticleStatus::draft;
  a.owner_id = who.user.id;
  a.created_at = clock_.now();
  if (Status r = check(who, Permission::create_article, a); !r.ok()) return r;
  if (Status r = apply(input, a, true, who); !r.ok()) return r;
  if (a.translation_group.empty()) a.translation_group = random_token().substr(0, 22);
  if (t) {
    if (Status r = move(who, a, *t, at); !r.ok()) return r;
  }
  return save(who, a, "article.create", nullptr);
}

Result<Article> Editorial::linked_piece(int64_t id) {
  auto a = store_.editorial().by_id(id);
  if (!a.ok()) return a.status();
  if (!a->has_value()) return Status::not_found("There is no piece " + std::to_string(id) + ".");
  return **a;
}

Result<Article> Editorial::piece(const Principal& who, int64_t id) {
  auto a = linked_piece(id);
  if (a.ok() && !may_read(who, *a)) {
    return Status::not_found("There is no piece " + std::to_string(id) + ".");
  }
  return a;
}

bool Editorial::may_read(const Principal& who, const Article& a) const {
  bool mine = a.owner_id == who.user.id ||
              (who.user.author_id != 0 &&
               std::find(a.author_ids.begin(), a.author_ids.end(), who.user.author_id) != a.author_ids.end());
  return may(who.user.role, Permission::read_article, mine, a.status);
}

void Editorial::readable_only(const Principal& who, store::EditorialFilter& filter) const {
  if (may(who.user.role, Permission::read_article, false, ArticleStatus::draft)) return;  // editors: everything
  filter.reader_id = who.user.id;
  filter.reader_author_id = who.user.author_id;
}

Result<std::vector<Article>> Editorial::list(const Principal& who, store::EditorialFilter filter) {
  readable_only(who, filter);
  return store_.editorial().list(filter);
}

Result<int64_t> Editorial::count(const Principal& who, store::EditorialFilter filter) {
  readable_only(who, filter);
  return store_.editorial().count(filter);
}

Result<std::vector<Article>> Editorial::translations(const Principal& who, const Article& a) {
  auto group = store_.editorial().group(a.translation_group);
  if (!group.ok()) return group.status();
  std::vector<Article> out;
  for (Article& t : *group) {
    if (t.id != a.id && may_read(who, t)) out.push_back(std::move(t));
  }
  return out;
}

Result<RevisionHistory> Editorial::history(const Principal& who, int64_t id, std::optional<int64_t> from,
                                            std::optional<int64_t> to) {
  auto found = piece(who, id);
  if (!found.ok()) return found.status();
  RevisionHistory h{std::move(*found), {}, 0, 0, std::nullopt, std::nullopt};
  auto list = store_.editorial().revisions(id);
  if (!list.ok()) return list.status();
  h.revisions = std::move(*list);
  int64_t newest = h.revisions.empty() ? 0 : h.revisions.front().version;
  h.to = to.value_or(newest);
  h.from = from.value_or(h.revisions.size() > 1 ? h.revisions[1].version : newest);
  auto older = store_.editorial().revision(id, h.from);
  if (!older.ok()) return older.status();
  auto newer = store_.editorial().revision(id, h.to);
  if (!newer.ok()) return newer.status();
  h.older = std::move(*older);
  h.newer = std::move(*newer);
  return h;
}

Result<Catalog> Editorial::catalog() {
  Catalog c;
  auto sections = store_.sections().all();
  if (!sections.ok()) return sections.status();
  for (Section& s : *sections) {
    if (s.kind == SectionKind::articles) c.sections.push_back(std::move(s));
  }
  auto tags = store_.tags().all();
  if (!tags.ok()) return tags.status();
  c.tags = std::move(*tags);
  auto authors = store_.authors().all();
  if (!authors.ok()) return authors.status();
  c.authors = std::move(*authors);
  return c;
}

Result<Article> Editorial::shared_piece(std::string_view secret) {
  auto id = store_.editorial().preview_link(token_hash(secret));
  if (!id.ok()) return id.status();
  if (!id->has_value()) return Status::not_found("This preview link was revoked or never existed.");
  return linked_piece(**id);
}

Result<std::vector<std::pair<TimePoint, int64_t>>> Editorial::reads_per_day(TimePoint since) {
  return store_.views().per_day(since);
}

Result<Article> Editorial::update(const Principal& who, int64_t id, int64_t version, const ArticleInput& input) {
  return change(who, id, version, &input, std::nullopt, std::nullopt);
}

Result<Article> Editorial::transition(const Principal& who, int64_t id, int64_t version, Transition t,
                                      const std::optional<std::string>& at) {
  return change(who, id, version, nullptr, t, at);
}

Result<Article> Editorial::save_and_move(const Principal& who, int64_t id, int64_t version, const ArticleInput& input,
                                         std::optional<Transition> t, const std::optional<std::string>& at) {
  return change(who, id, version, &input, t, at);
}

Result<Article> Editorial::change(const Principal& who, int64_t id, int64_t version, const ArticleInput* input,
                                  std::optional<Transition> t, const std::optional<std::string>& at) {
  auto found = piece(who, id);
  if (!found.ok()) return found;
  Article a = *found;
  a.version = version;
  if (input != nullptr) {
    // The text goes with the transition when this account may edit it; a bare
    // transition otherwise (a contributor submitting never needs more).
    Status may_edit = check(who, Permission::edit_article, a);
    if (!may_edit.ok() && !t) return may_edit;
    if (may_edit.ok()) {
      if (Status r = apply(*input, a, false, who); !r.ok()) return r;
    }
  }
  if (t) {
    if (Status r = move(who, a, *t, at); !r.ok()) return r;
  } else if (a.status == ArticleStatus::published || a.status == ArticleStatus::scheduled) {
    // A published piece stays publishable: its edits must meet the same rules.
    if (auto p = publish_problems(a); !p.empty()) return Status::invalid_fields(std::move(p));
  }
  return save(who, a, t ? action_name(*t) : "article.update", &*found);
}

Status Editorial::move(const Principal& who, Article& a, Transition t, const std::optional<std::string>& at) {
  // A button the piece's place in the workflow does not allow: a clash on "action".
  auto wrong_state = [&](std::string_view want) {
    std::string status(article_status_name(a.status)), move(transition_name(t));
    return Status::conflict_on({"action", "wrong_state",
                                "The piece is " + status + "; \"" + move + "\" works only on a piece that is " +
                                    std::string(want) + ".",
                                {{"status", status}, {"transition", move}}});
  };
  TimePoint now = clock_.now();
  switch (t) {
    case Transition::submit:
      if (Status r = check(who, Permission::submit_article, a); !r.ok()) return r;
      if (a.status != ArticleStatus::draft) return wrong_state("a draft");
      a.status = ArticleStatus::review;
      break;
    case Transition::to_draft:
      if (Status r = check(who, Permission::edit_article, a); !r.ok()) return r;
      if (a.status != ArticleStatus::review && a.status != ArticleStatus::scheduled &&
          a.status != ArticleStatus::unpublished) {
        return wrong_state("in review, scheduled or unpublished");
      }
      if (a.status == ArticleStatus::scheduled && !may(who.user.role, Permission::publish_article, a.owner_id == who.user.id)) {
        return check(who, Permission::publish_article, a);
      }
      a.status = ArticleStatus::draft;
      break;
    case Transition::schedule:
    case Transition::publish: {
      if (Status r = check(who, Permission::publish_article, a); !r.ok()) return r;
      if (a.status == ArticleStatus::published) return wrong_state("not yet published");
      if (auto p = publish_problems(a); !p.empty()) return Status::invalid_fields(std::move(p));
      if (t == Transition::publish) {
        a.status = ArticleStatus::published;
        a.published_at = now;
      } else {
        std::optional<TimePoint> when = at && !at->empty() ? parse_time(*at) : std::optional<TimePoint>(a.published_at);
        if (!when) {
          return Status::invalid_fields(
              {{"published_at", "time", "'" + *at + "' is not a time like 2026-11-28T14:30:00Z", {{"value", *at}}}});
        }
        if (*when <= now) {
          return Status::invalid_fields({{"published_at", "in_the_past", "choose a time in the future, or publish now"}});
        }
        a.status = ArticleStatus::scheduled;
        a.published_at = *when;
      }
      break;
    }
    case Transition::unpublish:
      if (Status r = check(who, Permission::unpublish_article, a); !r.ok()) return r;
      if (a.status != ArticleStatus::published) return wrong_state("published");
      a.status = ArticleStatus::unpublished;
      break;
  }
  return Status::ok_status();
}

Status Editorial::remove(const Principal& who, int64_t id, int64_t version) {
  auto found = piece(who, id);
  if (!found.ok()) return found.status();
  if (Status r = check(who, Permission::delete_article, *found); !r.ok()) return r;
  store::AuditEntry entry = accounts_.audit_entry(who.user.id, who.actor(), "article.delete", "",
                                                  found->lang + " " + found->slug);
  return store_.editorial().remove(id, version, &entry);
}

Result<Article> Editorial::restore(const Principal& who, int64_t id, int64_t version, int64_t revision) {
  auto found = piece(who, id);
  if (!found.ok()) return found;
  if (Status r = check(who, Permission::edit_article, *found); !r.ok()) return r;
  auto old = store_.editorial().revision(id, revision);
  if (!old.ok()) return old.status();
  if (!old->has_value()) return Status::not_found("The piece has no version " + std::to_string(revision) + ".");
  Article a = **old;
  // The text and metadata come back; where the piece stands in the workflow does not.
  a.status = found->status;
  if (a.status == ArticleStatus::published) a.published_at = found->published_at;
  a.version = version;
  if (a.status == ArticleStatus::published || a.status == ArticleStatus::scheduled) {
    if (auto p = publish_problems(a); !p.empty()) return Status::invalid_fields(std::move(p));
  }
  return save(who, a, "article.restore", &*found);
}

Result<std::string> Editorial::create_preview_link(const Principal& who, int64_t id) {
  auto found = piece(who, id);
  if (!found.ok()) return found.status();
  if (Status r = check(who, Permission::edit_article, *found); !r.ok()) return r;
  std::string token = random_token();
  if (Status s = store_.editorial().add_preview_link(token_hash(token), id, who.user.id, clock_.now()); !s.ok()) {
    return s;
  }
  accounts_.audit(who.user.id, who.actor(), "article.preview_link", "article:" + std::to_string(id));
  return token;
}

Status Editorial::revoke_preview_links(const Principal& who, int64_t id) {
  auto found = piece(who, id);
  if (!found.ok()) return found.status();
  if (Status r = check(who, Permission::edit_article, *found); !r.ok()) return r;
  if (Status s = store_.editorial().revoke_preview_links(id); !s.ok()) return (s);
  accounts_.audit(who.user.id, who.actor(), "article.preview_links_revoked", "article:" + std::to_string(id));
  return Status::ok_status();
}

Result<std::optional<TranslationState>> Editorial::translation_state(const Principal& who, int64_t id) {
  auto found = piece(who, id);
  if (!found.ok()) return found.status();
  auto source = store_.editorial().translation_source(id);
  if (!source.ok()) return source.status();
  if (!source->has_value()) return std::optional<TranslationState>();
  auto original = piece(who, (*source)->source_id);
  if (!original.ok()) {
    // Gone, or not readable by this account: nothing to compare with.
    if (original.status().code() == StatusCode::not_found) return std::optional<TranslationState>();
    return original.status();
  }
  TranslationState state{*original, (*source)->source_version, false};
  if (original->version > state.made_from_version) {
    // Changed means its text changed: a publish or a new tag is no reason to re-translate.
    auto then = store_.editorial().revision(original->id, state.made_from_version);
    if (!then.ok()) return then.status();
    state.source_changed = !then->has_value() || (*then)->title != original->title || (*then)->lead != original->lead ||
                           (*then)->body != original->body;
  }
  return std::optional<TranslationState>(std::move(state));
}

Result<Article> Editorial::mark_translation_current(const Principal& who, int64_t id, int64_t version) {
  auto state = translation_state(who, id);
  if (!state.ok()) return state.status();
  if (!state->has_value()) {
    return Status::invalid_fields({{"translation_of", "invalid", "this piece was not made as a translation here"}});
  }
  auto found = piece(who, id);
  if (!found.ok()) return found.status();
  Article a = *found;
  if (Status r = check(who, Permission::edit_article, a); !r.ok()) return r;
  a.version = version;
  a.source_id = (*state)->source.id;
  a.source_version = (*state)->source.version;
  return save(who, a, "article.translation_current", &*found);
}

Status Editorial::autosave(const Principal& who, int64_t id, int64_t base_version, const ArticleInput& input) {
  if (id == 0) {
    Article blank;
    blank.owner_id = who.user.id;
    QALAM_RETURN_IF_ERROR(check(who, Permission::create_article, blank));
  } else {
    auto found = piece(who, id);
    if (!found.ok()) return found.status();
    QALAM_RETURN_IF_ERROR(check(who, Permission::edit_article, *found));
  }
  if (auto problems = size_problems(input); !problems.empty()) return Status::invalid_fields(std::move(problems));
  return store_.editorial().put_autosave({who.user.id, id, base_version, clock_.now(), encode_input(input)});
}

Result<std::optional<AutosavedDraft>> Editorial::autosaved(const Principal& who, int64_t id) {
  auto kept = store_.editorial().autosave(who.user.id, id);
  if (!kept.ok()) return kept.status();
  if (!kept->has_value()) return std::optional<AutosavedDraft>();
  if (id != 0) {
    // Offered only while the piece is still what it was: a save since has the text.
    auto found = piece(who, id);
    if (!found.ok()) return found.status();
    if (found->updated_at > (*kept)->saved_at) return std::optional<AutosavedDraft>();
  }
  return std::optional<AutosavedDraft>(
      AutosavedDraft{(*kept)->saved_at, (*kept)->base_version, decode_input((*kept)->fields)});
}

Status Editorial::discard_autosave(const Principal& who, int64_t id) {
  return store_.editorial().drop_autosave(who.user.id, id);
}

std::vector<int64_t> Editorial::publish_due() {
  auto ids = store_.editorial().publish_due(clock_.now(), store::Actor{0, "scheduler"});
  if (!ids.ok()) {
    spdlog::error("scheduled publishing: {}", ids.status().to_string());
    return {};
  }
  for (int64_t id : *ids) {
    accounts_.audit(0, "scheduler", "article.publish", "article:" + std::to_string(id), "scheduled time reached");
  }
  return *ids;
}

}  // namespace qalam::newsroom
