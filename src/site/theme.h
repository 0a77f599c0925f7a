// Theme: a folder with templates/*.mustache (compiled at load, so a syntax error stops
// start-up with file:line:column) and assets/ served under /assets/.
//
// Thread-safety: immutable after load_theme; render from any thread.
#pragma once

#include <filesystem>

#include "core/status.h"
#include "render/mustache/template.h"

namespace qalam::site {

struct Theme {
  std::filesystem::path dir;
  render::mustache::TemplateSet templates;

  std::filesystem::path assets_dir() const { return dir / "assets"; }
};

Result<Theme> load_theme(const std::filesystem::path& dir);

}  // namespace qalam::site
