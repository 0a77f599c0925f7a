#include "ingest/jsonl_records.h"

#include <boost/json.hpp>

#include "core/time_format.h"
#include "site/translations_json.h"

namespace qalam::ingest {
namespace json = boost::json;
using site::translations_json;

namespace {

json::array links_json(const std::vector<SocialLink>& links) {
  json::array out;
  for (const auto& l : links) {
    json::object o{{"network", l.network}, {"url", l.url}};
    if (!l.handle.empty()) o["handle"] = l.handle;
    if (!l.feed.empty()) o["feed"] = l.feed;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

json::object section_record(const Section& s) {
  return {{"type", "section"}, {"slug", s.slug}, {"name", translations_json(s.name)},
          {"kind", section_kind_name(s.kind)}, {"position", s.position}};
}

json::object tag_record(const Tag& t) {
  return {{"type", "tag"}, {"slug", t.slug}, {"name", translations_json(t.name)}};
}

json::object author_record(const Author& a) {
  return {{"type", "author"}, {"slug", a.slug}, {"name", translations_json(a.name)},
          {"bio", translations_json(a.bio)}, {"photo", a.photo}, {"social", links_json(a.social)}};
}

json::object press_item_record(const PressItem& p) {
  json::object o{{"type", "press_item"}, {"outlet", p.outlet_name}, {"outlet_url", p.outlet_url},
                 {"url", p.original_url}, {"lang", p.original_lang}, {"date", iso_date(p.published_on)},
                 {"title", p.title}, {"summary", p.summary}, {"translated_title", p.translated_title}};
  if (!p.review_title.empty()) o["review_title"] = translations_json(p.review_title);
  if (!p.review.empty()) o["review"] = translations_json(p.review);
  return o;
}

json::object project_record(const Project& p) {
  json::object o{{"type", "project"}, {"slug", p.slug}, {"title", translations_json(p.title)},
                 {"intro", translations_json(p.intro)}, {"body", translations_json(p.body)}, {"new", p.is_new},
                 {"directory", p.has_directory}, {"position", p.position}};
  if (p.updated_at != TimePoint{}) o["updated_at"] = rfc3339(p.updated_at);
  return o;
}

json::object mission_record(const Mission& m, std::string_view project_slug) {
  json::object o{{"type", "mission"}, {"project", project_slug}, {"country", m.country}, {"city", m.city},
                 {"city_names", translations_json(m.city_names)}, {"kind", mission_kind_name(m.kind)},
                 {"website", m.website}, {"accounts", links_json(m.accounts)}};
  if (!m.organisation.empty()) o["organisation"] = m.organisation;
  return o;
}

}  // namespace qalam::ingest
