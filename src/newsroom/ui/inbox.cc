// The newsroom's press-monitoring pages: the inbox (items the watch lists matched,
// filtered, kept or dismissed one by one or in bulk, with keyboard shortcuts), the
// sources with their health, and the watch lists.
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "core/language.h"
#include "core/text.h"
#include "core/watch_terms.h"
#include "core/time_format.h"
#include "newsroom/ui/newsroom_ui.h"
#include "site/links.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

constexpr int per_page = 50;

// The text cut into parts, the watch terms' matches marked: the template escapes each.
json::array marked(std::string_view text, const std::vector<WatchTerm>& terms) {
  json::array parts;
  size_t at = 0;
  for (const TermMatch& m : match_watch_terms(text, terms)) {
    if (m.begin > at) parts.push_back(json::object{{"text", text.substr(at, m.begin - at)}});
    parts.push_back(json::object{{"text", text.substr(m.begin, m.end - m.begin)}, {"mark", true}});
    at = m.end;
  }
  if (at < text.size()) parts.push_back(json::object{{"text", text.substr(at)}});
  return parts;
}

std::optional<int64_t> id_param(const http::Request& r, const char* name) {
  auto p = r.query_param(name);
  if (!p || p->empty()) return int64_t{0};
  auto n = parse_int(*p);
  if (!n || *n < 0) return std::nullopt;
  return *n;
}

}  // namespace

http::Response NewsroomUi::inbox(Visit& v) {
  store::MonitoredItemFilter f;
  f.limit = per_page;
  f.matched_only = v.request.query_param("all").value_or("") != "1";
  std::string state = v.request.query_param("state").value_or("new");
  if (state != "any") {
    f.state = store::parse_feed_item_state(state);
    if (!f.state) return refusal(v, Status::invalid_fields({{"state", "invalid", "new, kept, dismissed, used or any"}}));
  }
  auto source = id_param(v.request, "source");
  auto topic = id_param(v.request, "topic");
  auto page = id_param(v.request, "page");
  if (!source || !topic || !page) return refusal(v, Status::invalid_fields({{"filter", "invalid", "a number"}}));
  f.source_id = *source;
  f.topic_id = *topic;
  int page_number = static_cast<int>(std::clamp<int64_t>(*page, 1, 100'000));
  f.offset = (page_number - 1) * per_page;
  f.language = v.request.query_param("lang").value_or("");
  // A language tag: letters, digits and hyphens (no LIKE wildcards reach the store).
  if (f.language.size() > 35 || !std::all_of(f.language.begin(), f.language.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
      })) {
    return refusal(v, Status::invalid_fields({{"lang", "invalid", "a language tag"}}));
  }

  auto result = monitoring_.inbox(*v.who, f);
  if (!result.ok()) return refusal(v, result.status());
  auto topics = monitoring_.topics(*v.who);
  if (!topics.ok()) return refusal(v, topics.status());
  auto sources = monitoring_.sources(*v.who);
  if (!sources.ok()) return refusal(v, sources.status());
  std::vector<WatchTerm> terms;
  for (const auto& t : *topics) {
    for (const auto& term : t.terms) terms.push_back(compile_watch_term(term));
  }

  json::array items;
  for (const auto& m : result->items) {
    json::array chips;
    for (const auto& t : m.topics) {
      std::string matched;
      for (const auto& term : t.terms) matched += (matched.empty() ? "" : "; ") + term;
      chips.push_back(json::object{{"name", t.topic}, {"terms", matched}});
    }
    json::object row{{"id", m.id},
                     {"title", marked(m.title.empty() ? m.link : m.title, terms)},
                     {"summary", marked(m.summary, terms)},
                     {"link", m.link},
                     {"source", m.source_name},
                     {"lang", m.language},
                     {"author", m.author},
                     {"when", moment(v, m.published_at)},
                     {"state", text(v, "inbox_state_" + std::string(store::feed_item_state_name(m.state)))},
                     {"topics", std::move(chips)},
                     {"press_url", "/newsroom/inbox/" + std::to_string(m.id)}};
    if (m.state != store::FeedItemState::used) row["open"] = true;
    if (m.state == store::FeedItemState::dismissed) row["dismissed"] = true;
    items.push_back(std::move(row));
  }
  json::array state_options;
  for (std::string s : {"new", "kept", "dismissed", "used", "any"}) {
    state_options.push_back(json::object{{"value", s}, {"label", text(v, "inbox_state_" + s)}, {"selected", s == state}});
  }
  json::array source_options;
  for (const auto& s : *sources) {
    source_options.push_back(json::object{{"value", s.id}, {"label", s.name}, {"selected", s.id == f.source_id}});
  }
  json::array topic_options;
  for (const auto& t : *topics) {
    topic_options.push_back(json::object{{"value", t.id}, {"label", t.name}, {"selected", t.id == f.topic_id}});
  }
  // The filters again, for the pager and the forms that come back here.
  std::string query = "state=" + state;
  if (f.source_id) query += "&source=" + std::to_string(f.source_id);
  if (f.topic_id) query += "&topic=" + std::to_string(f.topic_id);
  if (!f.language.empty()) query += "&lang=" + percent_encode(f.language);
  if (!f.matched_only) query += "&all=1";
  json::object view{{"items", std::move(items)},
                    {"total", result->total},
                    {"counts", json::object{{"new", result->fresh}, {"kept", result->kept},
                                            {"dismissed", result->dismissed}, {"used", result->used}}},
                    {"states", std::move(state_options)},
                    {"sources", std::move(source_options)},
                    {"topics", std::move(topic_options)},
                    {"lang_filter", f.language},
                    {"all", !f.matched_only},
                    {"back", "/newsroom/inbox?" + query + (page_number > 1 ? "&page=" + std::to_string(page_number) : "")},
                    {"no_topics", topics->empty()},
                    {"no_sources", sources->empty()}};
  if (page_number > 1) view["prev"] = "/newsroom/inbox?" + query + "&page=" + std::to_string(page_number - 1);
  if (static_cast<int64_t>(page_number) * per_page < result->total) {
    view["next"] = "/newsroom/inbox?" + query + "&page=" + std::to_string(page_number + 1);
  }
  if (auto done = v.request.query_param("changed")) view["notice"] = ui_.text(v.lang, "inbox_changed", {{"count", *done}});
  if (v.request.query_param("made")) view["notice"] = text(v, "press_item_made");
  return render(v, "inbox", text(v, "inbox"), std::move(view));
}

http::Response NewsroomUi::set_inbox_state(Visit& v) {
  std::vector<int64_t> ids;
  std::string state_name = v.form.get("state").value_or("");
  if (auto one = v.form.get("one")) {
    // One item's own button: "ID STATE"; the selection does not count.
    size_t space = one->find(' ');
    auto id = parse_int(one->substr(0, space));
    if (!id || space == std::string::npos) return refusal(v, Status::invalid_fields({{"items", "invalid", "item ids are numbers"}}));
    ids.push_back(*id);
    state_name = one->substr(space + 1);
  } else {
    for (const std::string& raw : v.form.all("item")) {
      auto id = parse_int(raw);
      if (!id) return refusal(v, Status::invalid_fields({{"items", "invalid", "item ids are numbers"}}));
      ids.push_back(*id);
    }
  }
  auto state = store::parse_feed_item_state(state_name);
  if (!state) return refusal(v, Status::invalid_fields({{"state", "invalid", "new, kept or dismissed"}}));
  auto changed = monitoring_.set_state(*v.who, ids, *state);
  if (!changed.ok()) return refusal(v, changed.status());
  std::string back = v.form.get("back").value_or("/newsroom/inbox");
  if (back.rfind("/newsroom/inbox", 0) != 0 || back.find("//") != std::string::npos) back = "/newsroom/inbox";
  return see_other(back + (back.find('?') == std::string::npos ? "?" : "&") + "changed=" + std::to_string(*changed));
}

http::Response NewsroomUi::sources_page(Visit& v) {
  auto sources = monitoring_.sources(*v.who);
  if (!sources.ok()) return refusal(v, sources.status());
  json::array rows;
  for (const auto& s : *sources) {
    json::object row{{"id", s.id},
                     {"name", s.name},
                     {"url", s.url},
                     {"lang", s.language},
                     {"outlet", s.outlet.empty() ? s.name : s.outlet},
                     {"interval", s.interval_minutes},
                     {"items_found", s.items_found},
                     {"enabled", s.enabled}};
    if (to_unix(s.last_success_at) != 0) row["last_success"] = moment(v, s.last_success_at);
    if (!s.last_error.empty()) row["error"] = s.last_error, row["failures"] = s.failures;
    if (s.enabled) row["next"] = moment(v, s.next_poll_at);
    rows.push_back(std::move(row));
  }
  json::object view{{"sources", std::move(rows)}};
  if (v.request.query_param("saved")) view["notice"] = text(v, "done_save");
  return render(v, "sources", text(v, "sources"), std::move(view));
}

http::Response NewsroomUi::add_source(Visit& v) {
  SourceInput in;
  in.url = v.form.get("url").value_or("");
  in.name = v.form.get("name").value_or("");
  in.language = v.form.get("lang").value_or("");
  in.outlet = v.form.get("outlet").value_or("");
  auto interval = parse_int(v.form.get("interval").value_or("30"));
  in.interval_minutes = interval ? static_cast<int>(std::clamp<int64_t>(*interval, -1, 1'000'000)) : -1;
  auto id = monitoring_.add_source(*v.who, in);
  if (!id.ok()) return refusal(v, id.status());
  return see_other("/newsroom/sources?saved=1");
}

http::Response NewsroomUi::remove_source(Visit& v) {
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, text(v, "not_found"));
  if (Status s = monitoring_.remove_source(*v.who, *id); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/sources?saved=1");
}

http::Response NewsroomUi::topics_page(Visit& v) {
  auto topics = monitoring_.topics(*v.who);
  if (!topics.ok()) return refusal(v, topics.status());
  json::array rows;
  for (const auto& t : *topics) {
    std::string terms;
    for (const auto& term : t.terms) terms += term + "\n";
    rows.push_back(json::object{{"id", t.id}, {"name", t.name}, {"terms", terms}, {"count", t.terms.size()}});
  }
  json::object view{{"topics", std::move(rows)}};
  if (v.request.query_param("saved")) view["notice"] = text(v, "done_save");
  return render(v, "topics", text(v, "watch_lists"), std::move(view));
}

http::Response NewsroomUi::save_topic(Visit& v) {
  auto id = parse_int(v.form.get("id").value_or("0"));
  if (!id) return refusal(v, Status::invalid_fields({{"id", "invalid", "a number"}}));
  auto saved = monitoring_.save_topic(*v.who, *id, v.form.get("name").value_or(""), v.form.get("terms").value_or(""));
  if (!saved.ok()) return refusal(v, saved.status());
  return see_other("/newsroom/topics?saved=1");
}

http::Response NewsroomUi::remove_topic(Visit& v) {
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, text(v, "not_found"));
  if (Status s = monitoring_.remove_topic(*v.who, *id); !s.ok()) return refusal(v, s);
  return see_other("/newsroom/topics?saved=1");
}

}  // namespace qalam::newsroom

namespace qalam::newsroom {
namespace {

// "https://www.faz.net" of "https://www.faz.net/aktuell/x.html"; empty when none.
std::string origin_of(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  size_t path = url.find('/', scheme + 3);
  return url.substr(0, path);
}

// A BCP 47 tag's language ("de" of "de-DE").
std::string primary_language(const std::string& tag) { return tag.substr(0, tag.find('-')); }

}  // namespace

http::Response NewsroomUi::press_from_item(Visit& v) {
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, text(v, "not_found"));
  auto m = monitoring_.item(*v.who, *id);
  if (!m.ok()) return refusal(v, m.status());
  auto source = monitoring_.find_source(*v.who, std::to_string(m->source_id));
  json::object values{{"outlet", source.ok() && !source->outlet.empty() ? source->outlet : m->source_name},
                      {"outlet_url", origin_of(m->link)},
                      {"lang", primary_language(m->language)},
                      {"date", iso_date(m->published_at)},
                      {"title", m->title},
                      {"summary", m->summary},
                      {"translated_title", ""}};
  return press_form(v, *m, values, {});
}

http::Response NewsroomUi::make_press_item(Visit& v) {
  auto id = parse_int(v.request.param("id"));
  if (!id) return message(v, 404, text(v, "not_found"));
  json::object record;
  for (const char* field : {"outlet", "outlet_url", "lang", "date", "title", "summary", "translated_title"}) {
    std::string value = v.form.get(field).value_or("");
    if (!value.empty()) record[field] = value;
  }
  json::object review_title, review;
  for (std::string_view l : site_languages) {
    std::string t = v.form.get("review_title_" + std::string(l)).value_or("");
    std::string s = v.form.get("review_" + std::string(l)).value_or("");
    if (!t.empty()) review_title[l] = t;
    if (!s.empty()) review[l] = s;
  }
  if (!review_title.empty()) record["review_title"] = review_title;
  if (!review.empty()) record["review"] = review;
  auto made = monitoring_.make_press_item(*v.who, *id, record);
  if (made.ok()) return see_other("/newsroom/inbox?made=" + std::to_string(*made));
  auto m = monitoring_.item(*v.who, *id);
  if (!m.ok() || made.status().code() == StatusCode::permission_denied || made.status().problems().empty()) {
    return refusal(v, made.status());
  }
  json::object values = record;
  for (std::string_view l : site_languages) {
    values["review_title_" + std::string(l)] = v.form.get("review_title_" + std::string(l)).value_or("");
    values["review_" + std::string(l)] = v.form.get("review_" + std::string(l)).value_or("");
  }
  return press_form(v, *m, values, made.status().problems(), 422);
}

http::Response NewsroomUi::press_form(Visit& v, const store::MonitoredItem& m, const json::object& values,
                                      const std::vector<FieldProblem>& problems, int status) {
  auto value = [&](const std::string& key) {
    const json::value* x = values.if_contains(key);
    return x && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  json::array problem_list;
  for (const FieldProblem& p : problems) {
    problem_list.push_back(json::object{{"field", field_name(v, p.field)}, {"text", problem_text(v, p)}});
  }
  json::array fields;
  for (const char* f : {"outlet", "outlet_url", "lang", "date", "title", "translated_title"}) {
    fields.push_back(json::object{{"name", f}, {"label", field_name(v, f)}, {"value", value(f)}});
  }
  json::array reviews;
  for (std::string_view l : site_languages) {
    std::string code(l);
    reviews.push_back(json::object{{"code", code},
                                   {"name", ui_.text(code, "language_name")},
                                   {"title", value("review_title_" + code)},
                                   {"summary", value("review_" + code)}});
  }
  json::object original{{"title", m.title},
                        {"link", m.link},
                        {"source", m.source_name},
                        {"lang", m.language},
                        {"author", m.author},
                        {"when", moment(v, m.published_at)},
                        {"summary", m.summary},
                        {"content", m.content}};
  json::object view{{"item", m.id},
                    {"original", std::move(original)},
                    {"fields", std::move(fields)},
                    {"summary", value("summary")},
                    {"reviews", std::move(reviews)},
                    {"problems", std::move(problem_list)},
                    {"used", m.state == store::FeedItemState::used}};
  return render(v, "press_from_item", text(v, "make_press_item"), std::move(view), status);
}

}  // namespace qalam::newsroom
