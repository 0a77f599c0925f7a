#include "site/theme.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "core/language.h"

namespace qalam::site {

const boost::json::value& Theme::page_context(std::string_view lang) const {
  auto it = locales.find(lang);
  if (it != locales.end()) return it->second;
  static const boost::json::value empty = boost::json::object{{"t", boost::json::object{}}};
  return locales.empty() ? empty : locales.begin()->second;
}

const boost::json::object& Theme::strings(std::string_view lang) const {
  return page_context(lang).get_object().at("t").get_object();
}

void fill_placeholder(std::string& text, std::string_view name, std::string_view value) {
  std::string marker = "{" + std::string(name) + "}";
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + value.size())) {
    text.replace(at, marker.size(), value);
  }
}

bool Theme::has_text(std::string_view lang, std::string_view key) const {
  const boost::json::value* v = strings(lang).if_contains(key);
  return v && v->is_string();
}

std::string Theme::text(std::string_view lang, std::string_view key,
                        std::initializer_list<std::pair<std::string_view, std::string>> fill) const {
  const boost::json::value* v = strings(lang).if_contains(key);
  std::string out = v && v->is_string() ? std::string(v->get_string()) : std::string(key);
  for (const auto& [name, value] : fill) fill_placeholder(out, name, value);
  return out;
}

Result<Theme> load_theme(const std::filesystem::path& dir, std::span<const std::string_view> required_templates) {
  auto templates = render::mustache::load_template_dir(dir / "templates");
  if (!templates.ok()) return templates.status().with_context("theme " + dir.string());
  for (std::string_view required : required_templates) {
    if (!templates->contains(required)) {
      return Status::invalid("theme " + dir.string() + ": templates/" + std::string(required) + ".mustache is missing");
    }
  }
  Theme theme{dir, std::move(templates).value(), {}, "'none'"};
  for (std::string_view lang : site_languages) {
    std::filesystem::path file = dir / "locales" / (std::string(lang) + ".json");
    std::ifstream in(file);
    if (!in) return Status::invalid("theme " + dir.string() + ": " + file.string() + " is missing");
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    boost::json::value catalog = boost::json::parse(text.str(), ec);
    if (ec || !catalog.is_object()) {
      return Status::invalid(file.string() + ": not a JSON object of strings (" + ec.message() + ")");
    }
    theme.locales.emplace(std::string(lang), boost::json::object{{"t", std::move(catalog)}});
  }
  // theme.json (optional): what the theme asks of the server. Only "script-src" so far.
  std::filesystem::path manifest = dir / "theme.json";
  if (std::ifstream in(manifest); in) {
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(text.str(), ec);
    if (ec || !doc.is_object()) return Status::invalid(manifest.string() + ": not a JSON object (" + ec.message() + ")");
    if (const auto* src = doc.get_object().if_contains("script-src")) {
      if (!src->is_string() || src->get_string().empty() ||
          std::string_view(src->get_string()).find_first_of(";,\r\n") != std::string_view::npos) {
        return Status::invalid(manifest.string() + ": \"script-src\" must be a CSP source list such as \"'self'\"");
      }
      theme.script_src = std::string(src->get_string());
    }
  }
  return theme;
}

}  // namespace qalam::site
