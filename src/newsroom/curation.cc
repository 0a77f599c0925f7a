#include "newsroom/curation.h"

#include <boost/json.hpp>

#include "core/roles.h"
#include "core/time_format.h"
#include "ingest/jsonl_import.h"
#include "ingest/jsonl_records.h"

namespace qalam::newsroom {
namespace json = boost::json;
namespace {

constexpr std::string_view kinds[] = {"section", "tag", "author", "press_item", "project", "mission"};

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
  if (type == "section") {
    auto all = store_.sections().all();
    if (!all.ok()) return all.status();
    for (const auto& s : *all) out.push_back(ingest::section_record(s));
  } else if (type == "tag") {
    auto all = store_.tags().all();
    if (!all.ok()) return all.status();
    for (const auto& t : *all) out.push_back(ingest::tag_record(t));
  } else if (type == "author") {
    auto all = store_.authors().all();
    if (!all.ok()) return all.status();
    for (const auto& a : *all) out.push_back(ingest::author_record(a));
  } else if (type == "press_item") {
    auto all = store_.press_items().list(100, 0);
    if (!all.ok()) return all.status();
    for (const auto& p : *all) out.push_back(ingest::press_item_record(p));
  } else if (type == "project") {
    auto all = store_.projects().all();
    if (!all.ok()) return all.status();
    for (const auto& p : *all) out.push_back(ingest::project_record(p));
  } else if (type == "mission") {
    auto projects = store_.projects().all();
    if (!projects.ok()) return projects.status();
    for (const auto& p : *projects) {
      auto missions = store_.projects().missions(p.id);
      if (!missions.ok()) return missions.status();
      for (const auto& m : *missions) out.push_back(ingest::mission_record(m, p.slug));
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
