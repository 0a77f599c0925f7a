// Records of the import format (docs/import.md) made from what the site holds: what
// `qalam export` writes and what the newsroom's curation forms show and send back.
// Every field is there, empty ones included, so a form has a place for each; an
// import reads an empty field as absent.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/content.h"

namespace qalam::ingest {

boost::json::object section_record(const Section& s);
boost::json::object tag_record(const Tag& t);
boost::json::object author_record(const Author& a);
boost::json::object press_item_record(const PressItem& p);
boost::json::object project_record(const Project& p);
boost::json::object mission_record(const Mission& m, std::string_view project_slug);

}  // namespace qalam::ingest
