// Theme: a folder with templates/*.mustache (compiled at load, so a syntax error stops
// start-up with file:line:column), locales/{az,en,ru}.json (the interface strings of
// each language), assets/ served under /assets/ and an optional theme.json
// ({"script-src": "'self'"} for a theme that runs scripts of its own).
//
// Thread-safety: immutable after load_theme; render from any thread.
#pragma once

#include <boost/json/value.hpp>
#include <filesystem>
#include <map>
#include <span>
#include <string>

#include "core/status.h"
#include "render/mustache/template.h"

namespace qalam::site {

struct Theme {
  std::filesystem::path dir;
  render::mustache::TemplateSet templates;
  // lang → {"t": the language's catalog}: the context below every page's view
  // (page_context), so templates read "{{t.key}}" with no copy of the catalog per page.
  std::map<std::string, boost::json::value, std::less<>> locales;
  // The Content-Security-Policy's script sources; "'none'" unless theme.json opts in.
  std::string script_src = "'none'";

  std::filesystem::path assets_dir() const { return dir / "assets"; }
  // The catalog of `lang` (each site language has one; load_theme checks).
  const boost::json::object& strings(std::string_view lang) const;
  // {"t": strings(lang)}: the outer context a page of `lang` is rendered in.
  const boost::json::value& page_context(std::string_view lang) const;
  bool has_text(std::string_view lang, std::string_view key) const;
  // A string of the catalog with {name} placeholders filled; the key itself when missing.
  std::string text(std::string_view lang, std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string>> fill = {}) const;
};

// Replaces every "{name}" in `text` with `value` (catalog strings' placeholders).
void fill_placeholder(std::string& text, std::string_view name, std::string_view value);

// The templates a public theme must have.
inline constexpr std::string_view public_theme_templates[] = {"layout",   "home",    "article", "author", "archive",
                                                              "press",    "projects", "project", "search", "error"};

// Loads a theme; `required` names the templates it must have (the public ones unless
// said otherwise: the newsroom's interface loads through here too).
Result<Theme> load_theme(const std::filesystem::path& dir,
                         std::span<const std::string_view> required = public_theme_templates);

}  // namespace qalam::site
