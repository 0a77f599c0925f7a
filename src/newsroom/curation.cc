#include "newsroom/curation.h"

#include <boost/json.hpp>

#include "core/roles.h"
#include "core/time_format.h"
#include "ingest/jsonl_import.h"
#include "site/translations_json.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

constexpr std::string_view kinds[] = {"section", "tag", "author", "press_item", "project", "mission"};

json::array links_json(const std::vector<SocialLink>& links) {
  json::array out;
  for (const auto& l : links) {
    json::object o{{"network", l.network}, {"url", l.url}};
    if (!l.handle.empty()) o["handle"] = l.handle;
    out.push_back(std::move(o));
  }
  return out;
}

Status may_curate(const Principal& who) {
  if (may(who.user.role, Permission::curate_content)) return Status::ok_status();
  return Status::permission_denied("Only editors and admins curate sections, tags, authors, press items and projects.");
}

}  // namespace

Curation::Curation(store::Store& store, Accounts& accounts) : store_(store), accounts_(accounts) {}

bool Curation::is_kind(std::string_view type) {
  for (std::string_view k : kinds) {
    if (k == type) return true;
  }
  return false;
}

Result<std::vector<json::object>> Curation::records(const Principal& who, std::string_view type) {
  QALAM_RETURN_IF_ERROR(may_curate(who));
  std::vector<json::object> out;
  using site::translations_json;
  if (type == "section") {
    auto all = store_.sections().all();
    if (!all.ok()) return all.status();
    for (const auto& s : *all) {
      out.push_back({{"type", type}, {"slug", s.slug}, {"name", translations_json(s.name)},
                     {"kind", section_kind_name(s.kind)}, {"position", s.position}});
    }
  } else if (type == "tag") {
    auto all = store_.tags().all();
    if (!all.ok()) return all.status();
    for (const auto& t : *all) out.push_back({{"type", type}, {"slug", t.slug}, {"name", translations_json(t.name)}});
  } else if (type == "author") {
    auto all = store_.authors().all();
    if (!all.ok()) return all.status();
    for (const auto& a : *all) {
      out.push_back({{"type", type}, {"slug", a.slug}, {"name", translations_json(a.name)},
                     {"bio", translations_json(a.bio)}, {"photo", a.photo}, {"social", links_json(a.social)}});
    }
  } else if (type == "press_item") {
    auto all = store_.press_items().list(100, 0);
    if (!all.ok()) return all.status();
    for (const auto& p : *all) {
      out.push_back({{"type", type}, {"outlet", p.outlet_name}, {"outlet_url", p.outlet_url}, {"url", p.original_url},
                     {"lang", p.original_lang}, {"date", iso_date(p.published_on)}, {"title", p.title},
                     {"summary", p.summary}, {"translated_title", p.translated_title}});
    }
  } else if (type == "project") {
    auto all = store_.projects().all();
    if (!all.ok()) return all.status();
    for (const auto& p : *all) {
      out.push_back({{"type", type}, {"slug", p.slug}, {"title", translations_json(p.title)},
                     {"intro", translations_json(p.intro)}, {"body", translations_json(p.body)}, {"new", p.is_new},
                     {"directory", p.has_directory}, {"position", p.position}});
    }
  } else if (type == "mission") {
    auto projects = store_.projects().all();
    if (!projects.ok()) return projects.status();
    for (const auto& p : *projects) {
      auto missions = store_.projects().missions(p.id);
      if (!missions.ok()) return missions.status();
      for (const auto& m : *missions) {
        out.push_back({{"type", type}, {"project", p.slug}, {"country", m.country}, {"city", m.city},
                       {"city_names", translations_json(m.city_names)},
                       {"kind", mission_kind_name(m.kind)}, {"website", m.website}, {"accounts", links_json(m.accounts)}});
      }
    }
  } else {
    return Status::not_found("no kind of record '" + std::string(type) + "'");
  }
  return out;
}

Status Curation::save(const Principal& who, const json::object& record) {
  QALAM_RETURN_IF_ERROR(may_curate(who));
  const json::value* type = record.if_contains("type");
  if (!type || !type->is_string() || !is_kind(type->as_string()) ) {
    return Status::invalid_fields({{"type", "invalid", "not a kind of record the newsroom curates"}});
  }
  auto batch = ingest::parse_record(record, "newsroom", &store_);
  if (!batch.ok()) return batch.status();
  QALAM_RETURN_IF_ERROR(store_.import_content(*batch, nullptr));
  std::string kind(type->as_string());
  accounts_.audit(who.user.id, who.actor(), "content." + kind, kind, json::serialize(record).substr(0, 300));
  return Status::ok_status();
}


}  // namespace qalam::newsroom
