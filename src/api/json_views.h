// The JSON shapes of the API: one function per kind of thing, shared by the Content
// API (published things) and the Admin API (every status, with workflow fields).
//
// Thread-safety: pure functions; Names is read-only once built.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "core/content.h"
#include "store/store.h"

namespace qalam::api {

// Authors, sections and tags by id, to name them in articles.
struct Names {
  std::map<int64_t, Author> authors;
  std::map<int64_t, Section> sections;
  std::map<int64_t, Tag> tags;
};
// Loads what `articles` refer to.
Result<Names> names_for(store::Store& store, const std::vector<Article>& articles);

struct ArticleView {
  bool body = false;      // include body (Markdown) and body_html
  bool workflow = false;  // include status, version, owner, created_at (Admin API)
};
boost::json::object article_json(const Article& a, const Names& names, const std::string& base_url, ArticleView view);
boost::json::object author_json(const Author& a, const std::string& lang, const std::string& base_url);
boost::json::object section_json(const Section& s, const std::string& lang, const std::string& base_url);
boost::json::object tag_json(const Tag& t, const std::string& lang, const std::string& base_url);
boost::json::object press_json(const PressItem& p);
boost::json::object project_json(const Project& p, const std::string& lang, const std::string& base_url, bool body);
boost::json::object mission_json(const Mission& m);

}  // namespace qalam::api
