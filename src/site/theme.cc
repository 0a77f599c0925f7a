#include "site/theme.h"

namespace qalam::site {

Result<Theme> load_theme(const std::filesystem::path& dir) {
  auto templates = render::mustache::load_template_dir(dir / "templates");
  if (!templates.ok()) return templates.status().with_context("theme " + dir.string());
  for (const char* required : {"layout", "home", "error"}) {
    if (!templates->contains(required)) {
      return Status::invalid("theme " + dir.string() + ": templates/" + required + ".mustache is missing");
    }
  }
  return Theme{dir, std::move(templates).value()};
}

}  // namespace qalam::site
