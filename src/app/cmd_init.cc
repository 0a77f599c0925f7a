#include <fmt/format.h>

#include <fstream>

#include "app/commands.h"
#include "app/config.h"
#include "app/demo_content.h"
#include "app/site_media.h"
#include "app/site_context.h"

namespace qalam::app {

int run_init(const InitOptions& options) {
  namespace fs = std::filesystem;
  const fs::path file = options.dir / "qalam.toml";
  std::error_code ec;
  if (fs::exists(file, ec)) {
    fmt::print(stderr, "qalam: {} already exists; not touching an existing site\n", file.string());
    return exit_bad_input;
  }
  fs::create_directories(options.dir, ec);
  if (ec) {
    fmt::print(stderr, "qalam: cannot create {}: {}\n", options.dir.string(), ec.message());
    return exit_failure;
  }
  std::map<std::string, std::string> values;
  if (!options.database_url.empty()) values["database.url"] = options.database_url;
  {
    std::ofstream out(file);
    out << default_config_text(values);
    if (!out) {
      fmt::print(stderr, "qalam: cannot write {}\n", file.string());
      return exit_failure;
    }
  }
  auto config = load_config(options.dir, [](const std::string&) { return std::nullopt; });
  if (!config.ok()) {
    fmt::print(stderr, "qalam: {}\n", config.status().message());
    return exit_failure;
  }
  if (!options.database_url.empty()) {
    // The file holds the database's password: for its owner only.
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  }
  auto store = open_site_store(*config, 1);
  if (!store) {
    fs::remove(file, ec);  // nothing was made: the command can be run again as it was
    return exit_failure;
  }
  if (auto version = store->schema_version(); !version.ok() || version->current > 0) {
    fmt::print(stderr, "qalam: {}\n",
               version.ok() ? "the database holds a Qalam site already (qalam init makes new sites; "
                              "point a node at it with [database] url instead)"
                            : version.status().message());
    fs::remove(file, ec);
    return version.ok() ? exit_bad_input : exit_failure;
  }
  Status s = store->migrate(nullptr);
  if (s.ok()) s = store->settings().put("site.title", options.title);
  if (s.ok() && options.demo) {
    auto media = SiteMedia::open(*config, *store);
    s = media.ok() ? load_demo_content(*store, **media) : media.status();
  }
  if (!s.ok()) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    return exit_failure;
  }
  fmt::print("Created {} site in {}\n", options.demo ? "a demo" : "a", options.dir.string());
  fmt::print("Serve it with: qalam serve --site {}\n", options.dir.string());
  if (auto config = load_config(options.dir, process_environment()); config.ok()) {
    fmt::print("It will answer at {}/ (server.listen in {}; set site.url there to the address readers use)\n",
               config->listen_url(), file.string());
  }
  fmt::print("Create the first newsroom account with:\n  qalam user add --site {} you@example.org --role admin --name \"Your Name\"\n",
             options.dir.string());
  return exit_ok;
}

}  // namespace qalam::app
