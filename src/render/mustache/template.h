// The Mustache template engine: templates are compiled once into a tree and rendered
// many times against a boost::json::value. HTML is escaped by default; partials
// (`{{>name}}`, `{{>*dynamic}}`) and the inheritance module (`{{<parent}}` with
// `{{$block}}` arguments) resolve by name inside one TemplateSet. Lambdas are not
// supported. Implements the official spec in ../shared/spec/mustache.
//
// Thread-safety: a TemplateSet is filled once (add/load) and then only read; render()
// may be called from any number of threads at once.
#pragma once

#include <boost/json/value.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace qalam::render::mustache {

struct CompiledTemplate;

class TemplateSet {
 public:
  TemplateSet();
  ~TemplateSet();
  TemplateSet(TemplateSet&&) noexcept;
  TemplateSet& operator=(TemplateSet&&) noexcept;

  // Compiles `source` under `name`, replacing a template of that name. A syntax error is
  // reported as "origin:line:column: message" (origin defaults to the name).
  Status add(const std::string& name, std::string_view source, std::string_view origin = {});
  bool contains(std::string_view name) const;

  // Renders template `name`, appending to `out`. Unknown partials render as empty
  // text, as the spec requires; an unknown top-level template is not_found. `outer`,
  // when given, is a context below `data` on the stack: names `data` lacks are looked
  // up there (what every page shares, such as the interface strings, without a copy
  // of it in each page's view).
  Status render_to(std::string_view name, const boost::json::value& data, std::string& out,
                   const boost::json::value* outer = nullptr) const;
  Result<std::string> render(std::string_view name, const boost::json::value& data) const;

  // Looks a partial up for the renderer; nullptr when absent.
  const CompiledTemplate* find(std::string_view name) const;

 private:
  std::map<std::string, std::unique_ptr<CompiledTemplate>, std::less<>> templates_;
};

// Loads every `*.mustache` file under `dir` into a TemplateSet, named by its path
// relative to `dir` without the extension ("layout", "partials/header"). Every file is
// compiled here, so a syntax error stops start-up instead of surfacing on a request.
Result<TemplateSet> load_template_dir(const std::filesystem::path& dir);

// HTML-escapes & < > " ' (the renderer's default for {{name}}).
void append_html_escaped(std::string& out, std::string_view text);

}  // namespace qalam::render::mustache
